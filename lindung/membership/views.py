"""The participants list, termination proposals (Pasal 10) waiting for the labour agency's decision, and
the participant's letter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_follow_programmes, can_manage_programmes
from lindung.platform.errors import PermissionDenied
from lindung.programs.selectors import visible_programmes

from . import lists, selectors
from .services import participants, terminations

SHOWN = 200


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
    pending = selectors.pending_proposals(request.user)
    return render(request, "membership/proposals.html", {
        "proposals": pending[:SHOWN], "can_manage": can_manage_programmes(request.user),
    })


@login_required
@require_POST
def decide(request, pk: int):
    try:
        proposal = selectors.pending_proposals(request.user).filter(pk=pk).first()
    except PermissionDenied:
        proposal = None
    if proposal is None:
        raise Http404(_("Usulan tidak ditemukan atau sudah diputuskan."))
    confirm = request.POST.get("keputusan") == "konfirmasi"
    try:
        terminations.decide_proposal(request.user, proposal=proposal, confirm=confirm, note=request.POST.get("catatan", ""))
    except (participants.MembershipError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Kepesertaan diakhiri.") if confirm else _("Usulan ditolak."))
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
