"""The claims pages: the list with its filters, recording a claim, a claim and its decision, a
participant's claims and scholarship guard, the deaths with no claim yet, and the statistics.
Every read goes through lindung.claims.selectors (scoped), every write through lindung.claims.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_record_claims
from lindung.domain import claims as rules
from lindung.membership.models import Participant
from lindung.platform.charts import grouped_bars
from lindung.platform.errors import PermissionDenied
from lindung.platform.http import query_int
from lindung.regions.selectors import village_choices

from .. import forms, lists, selectors
from ..models import Claim
from ..services import ClaimInvalid, record

# Contract column names in the rules' messages, as the page's labels say them.
WORDS = {"tanggal_kejadian": "tanggal kejadian", "tanggal_pengajuan": "tanggal pengajuan",
         "tanggal_bayar": "tanggal bayar", "referensi_bpjs": "referensi BPJS"}


def _words(message: str) -> str:
    for column, words in WORDS.items():
        message = message.replace(column, words)
    return message


def claim_or_404(request, pk: int) -> Claim:
    try:
        return selectors.get_claim(request.user, pk)
    except (Claim.DoesNotExist, PermissionDenied):
        # The same answer for "does not exist" and "not yours" (and "not your role").
        raise Http404(_("Klaim tidak ditemukan dalam cakupan Anda.")) from None


def participant_or_404(request, pk: int) -> Participant:
    try:
        return selectors.get_participant(request.user, pk)
    except (Participant.DoesNotExist, PermissionDenied):
        raise Http404(_("Peserta tidak ditemukan dalam cakupan Anda.")) from None


@login_required
def claim_list(request):
    listing = lists.claims(request, selectors.visible_claims(request.user), selectors.claim_programmes(request.user),
                           village_choices(request.user))
    if listing.export_format:
        return listing.export(listing.export_format)
    return render(request, "claims/list.html", {"listing": listing, "can_record": can_record_claims(request.user)})


@login_required
def new_claim(request):
    if not can_record_claims(request.user):
        raise PermissionDenied(_("Peran Anda tidak mencatat klaim manfaat."))
    programmes = list(selectors.claim_programmes(request.user))
    initial = {"status": Claim.Status.DIAJUKAN, "submitted_on": timezone.localdate()}
    if (chosen := query_int(request, "peserta")) is not None:
        participant = participant_or_404(request, chosen)
        initial.update(programme=participant.programme_id, nik=participant.person.nik)
    for field, param in (("kind", "jenis"), ("event_date", "tanggal")):
        if request.GET.get(param):
            initial[field] = request.GET[param]
    form = forms.ClaimForm(request.POST or None, programmes=programmes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = next(p for p in programmes if p.pk == data["programme"])
        participant = selectors.participant_by_nik(request.user, programme, data["nik"])
        if participant is None:
            form.add_error("nik", _("NIK ini bukan peserta program %(code)s.") % {"code": programme.code})
        else:
            try:
                claim = record.record_claim(
                    request.user, participant=participant, kind=data["kind"], benefit=data["benefit"],
                    event_date=data["event_date"], submitted_on=data["submitted_on"], status=data["status"],
                    decided_on=data["decided_on"], paid_on=data["paid_on"], amount=data["amount"],
                    bpjs_reference=data["bpjs_reference"], note=data["note"])
            except ClaimInvalid as exc:
                for error in exc.errors:
                    form.add_error(None, _words(error))
            else:
                messages.success(request, _("Klaim dicatat."))
                if claim.termination_proposal_id:
                    messages.info(request, _("Klaim kematian: penghentian kepesertaan (Pasal 10 huruf a) diusulkan "
                                             "ke Dinas Tenaga Kerja untuk dikonfirmasi."))
                return redirect("claims:detail", pk=claim.pk)
    return render(request, "claims/new.html", {"form": form})


@login_required
def detail(request, pk: int):
    claim = claim_or_404(request, pk)
    return render(request, "claims/detail.html", {
        "claim": claim, "can_record": can_record_claims(request.user),
        "status_form": forms.StatusForm(initial={"paid_on": timezone.localdate()}) if claim.is_open else None,
    })


@login_required
@require_POST
def update_status(request, pk: int):
    claim = claim_or_404(request, pk)
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("claims:detail", pk=pk)
    data = form.cleaned_data
    try:
        record.update_status(request.user, claim=claim, status=data["status"], decided_on=data["decided_on"],
                             paid_on=data["paid_on"] if data["status"] == Claim.Status.DIBAYAR else None,
                             amount=data["amount"], note=data["note"] or None)
    except ClaimInvalid as exc:
        messages.error(request, _words(str(exc)))
    else:
        messages.success(request, _("Status klaim diperbarui."))
    return redirect("claims:detail", pk=pk)


@login_required
def participant_page(request, pk: int):
    found = participant_or_404(request, pk)
    guard, on = selectors.participant_guard(found, today=timezone.localdate())
    return render(request, "claims/participant.html", {
        "participant": found, "person": found.person, "periods": found.periods.all(),
        "claims": selectors.visible_claims(request.user).filter(participant=found).order_by("-submitted_on", "-id"),
        "guard": guard, "guard_on": on,
        "can_record": can_record_claims(request.user),
    })


@login_required
def deaths(request):
    rows = selectors.deaths_without_claim(request.user)[:200]
    return render(request, "claims/deaths.html", {"rows": rows, "can_record": can_record_claims(request.user),
                                                  "jkm": rules.JKM})


@login_required
def statistics(request):
    programmes = list(selectors.claim_programmes(request.user))
    selected = request.GET.get("program", "")
    programme = next((p for p in programmes if str(p.pk) == selected), None)
    stats = selectors.claim_statistics(request.user, programme=programme)
    totals = selectors.statistics_totals(stats)
    labels = dict(Claim.Kind.choices)
    chart = grouped_bars([(str(labels.get(k, k)), [t.amount_paid]) for k, t in totals.items()],
                         [("bar", _("Jumlah dibayar"))])
    return render(request, "claims/statistics.html", {
        "stats": stats, "totals": totals.values(), "chart": chart, "programmes": programmes, "selected": selected,
    })
