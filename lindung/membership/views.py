"""The participants list, termination proposals (Pasal 10) waiting for the labour agency's decision, and
the participant's letter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_follow_programmes, can_manage_programmes
from lindung.platform.errors import PermissionDenied
from lindung.platform.listing import selected_ids
from lindung.programs.selectors import visible_programmes

from . import lists, selectors
from .services import participants, terminations


@login_required
def participant_list(request):
    if not can_follow_programmes(request.user):
        raise PermissionDenied(_("Daftar peserta dibaca Dinas Tenaga Kerja, TVEM, BPJS dan auditor."))
    listing = lists.participants(request, selectors.visible_participants(request.user),
                                 visible_programmes(request.user).order_by("-year", "code"))
    if listing.export_format:
        return listing.export(listing.export_format)
    return render(request, "membership/participants.html", {"listing": listing})


@login_required
def proposals(request):
    listing = lists.proposals(request, selectors.pending_proposals(request.user),
                              selectable=can_manage_programmes(request.user))
    if listing.export_format:
        return listing.export(listing.export_format)
    return render(request, "membership/proposals.html", {
        "listing": listing, "can_manage": can_manage_programmes(request.user),
    })


@login_required
@require_POST
def decide(request, pk: int):
    """One row's buttons: the same as ticking that row alone."""
    return _decide(request, [pk])


@login_required
@require_POST
def decide_selected(request):
    return _decide(request, selected_ids(request))


def _decide(request, ids: list[int]):
    """Confirm (ends memberships: a confirmation page first, saying whose and from when) or reject (with
    a note, which each proposal keeps) the chosen proposals still waiting."""
    try:
        chosen = list(selectors.pending_proposals(request.user).filter(pk__in=ids)) if ids else []
    except PermissionDenied:
        chosen = []
    if not chosen:
        messages.error(request, _("Pilih usulan yang masih menunggu keputusan."))
        return redirect("membership:proposals")
    confirm = request.POST.get("keputusan") == "konfirmasi"
    if confirm and request.POST.get("konfirmasi") != "ya":
        return render(request, "membership/confirm_end.html", {"proposals": chosen, "count": len(chosen)})
    note = request.POST.get("catatan", "")
    done = 0
    try:
        for proposal in chosen:
            terminations.decide_proposal(request.user, proposal=proposal, confirm=confirm, note=note)
            done += 1
    except (participants.MembershipError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    if done:
        messages.success(request, (ngettext("Kepesertaan %(n)d peserta diakhiri.", "Kepesertaan %(n)d peserta diakhiri.", done)
                                   if confirm else ngettext("%(n)d usulan ditolak.", "%(n)d usulan ditolak.", done)) % {"n": done})
    return redirect("membership:proposals")


@login_required
def letter(request, pk: int):
    """The participant's membership letter (full NIK: each printing is in the audit trail)."""
    participant = selectors.letter_participant(request.user, pk)
    if participant is None:
        raise Http404(_("Peserta tidak ditemukan dalam cakupan Anda."))
    data = terminations.print_participant_letter(request.user, participant=participant)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kepesertaan-{participant.kpj or participant.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
