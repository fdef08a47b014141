"""A cycle's pages: opening cycles, then one page per later step (BPJS check, TVEM consolidation, decree,
enrolment), each acting through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import (
    can_answer_bpjs,
    can_consolidate,
    can_manage_programmes,
)
from lindung.platform import storage
from lindung.platform.files import TableError, file_format
from lindung.platform.http import send_file
from lindung.programs.selectors import visible_programmes

from .. import exchange, forms, lists, selectors, services
from ..models import Application, Cycle, DuplicateCase
from .common import check_or_404, cycle_or_404, decree_or_404

S = Application.Status
# Applications that a decree recorded now would leave behind, still on their way.
OPEN_BEFORE_DECREE = (S.DIAJUKAN, S.DIKEMBALIKAN, S.DIVERIFIKASI, S.CEK_BPJS, S.LOLOS_BPJS)
STEP_ERRORS = (services.status.StepRefused, services.status.TransitionRefused, TableError)


@login_required
def cycles(request):
    rows = list(selectors.visible_cycles(request.user))
    form = None
    if can_manage_programmes(request.user):
        programmes = visible_programmes(request.user)
        form = forms.CycleForm(request.POST or None, programmes=programmes,
                               initial={"year": timezone.localdate().year})
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                created = services.cycles.create_cycle(
                    request.user, programme=d["programme"], year=d["year"], collection_start=d["collection_start"],
                    collection_end=d["collection_end"], enrolment_date=d["enrolment_date"], quota=d["quota"])
            except services.status.ApplicationInvalid as exc:
                for key, message in exc.errors.items():
                    form.add_error(key if key in form.fields else None, message)
            else:
                messages.success(request, _("Siklus %(cycle)s dibuka.") % {"cycle": created})
                return redirect("applications:cycles")
    return render(request, "applications/cycles.html", {"rows": rows, "form": form, "today": timezone.localdate()})


def _stage(request, cycle: Cycle, template: str, **context):
    return render(request, template, {"cycle": cycle, "pipeline": selectors.pipeline(request.user, cycle),
                                      "is_owner": can_manage_programmes(request.user), **context})


@login_required
def cycle(request, pk: int):
    found = cycle_or_404(request, pk)
    return _stage(request, found, "applications/cycle.html")


def _keep_upload(upload) -> str:
    """An answer file as received, kept under MEDIA_ROOT as evidence of what was loaded."""
    stored = storage.store_spreadsheet(upload, file_format(upload.name))
    return str(storage.absolute(stored.path))


@login_required
def bpjs(request, pk: int):
    found = cycle_or_404(request, pk)
    return _stage(request, found, "applications/bpjs.html", checks=selectors.checks_of(found),
                  answer_form=forms.BpjsAnswerForm(), can_answer=can_answer_bpjs(request.user))


@login_required
@require_POST
def bpjs_start(request, pk: int):
    found = cycle_or_404(request, pk)
    try:
        check = services.bpjs_check.start_bpjs_check(request.user, cycle=found)
    except STEP_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)d calon dikirim ke BPJS untuk diperiksa. Unduh daftarnya di bawah.")
                         % {"n": check.candidates})
    return redirect("applications:bpjs", pk=pk)


@login_required
def bpjs_export(request, pk: int, fmt: str):
    check = check_or_404(request, pk)
    path = services.bpjs_check.export_bpjs_check(request.user, check=check, fmt=fmt)
    return send_file(path, f"calon-cek-bpjs-{check.pk}.{fmt}")


@login_required
@require_POST
def bpjs_answer(request, pk: int):
    check = check_or_404(request, pk)
    form = forms.BpjsAnswerForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            rows = exchange.read_bpjs_answer(_keep_upload(upload), mapping=form.cleaned_data["mapping"],
                                             name=upload.name)
            result = services.bpjs_check.import_bpjs_answer(
                request.user, check=check, rows=rows, file_name=upload.name,
                absent_means_not_participant=form.cleaned_data["absent_means_not_participant"])
        except (*STEP_ERRORS, storage.FileRefused) as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Jawaban BPJS diterapkan: %(active)d sudah peserta, %(clear)d belum peserta, "
                                        "%(pending)d belum dijawab.") % {
                "active": result.active, "clear": result.not_participant, "pending": result.still_pending})
    return _stage(request, check.cycle, "applications/bpjs.html", checks=selectors.checks_of(check.cycle),
                  answer_form=form, answered=check, result=result, can_answer=True)


@login_required
def consolidation(request, pk: int):
    found = cycle_or_404(request, pk)
    cases = [(case, forms.DecideCaseForm(case=case, prefix=f"c{case.pk}")) for case in selectors.open_cases(found)]
    ranked = lists.ranked(request, selectors.consolidated(found))
    if ranked.export_format:
        return ranked.export(ranked.export_format)
    return _stage(request, found, "applications/consolidation.html", cases=cases,
                  ranked=ranked, decided=selectors.decided_cases(found)[:50],
                  can_consolidate=can_consolidate(request.user))


@login_required
@require_POST
def consolidate(request, pk: int):
    found = cycle_or_404(request, pk)
    result = services.consolidate.consolidate(request.user, cycle=found)
    messages.success(request, _("Konsolidasi selesai: %(added)d calon baru, %(held)d ditahan sebagai dugaan ganda, "
                                "%(selected)d dalam kuota, %(reserve)d cadangan.") % vars(result))
    return redirect("applications:consolidation", pk=pk)


@login_required
@require_POST
def decide_case(request, pk: int):
    try:
        case = selectors.get_case(request.user, pk)
    except DuplicateCase.DoesNotExist:
        raise Http404 from None
    form = forms.DecideCaseForm(request.POST, case=case, prefix=f"c{case.pk}")
    if form.is_valid():
        keep = form.cleaned_data["keep"] or None
        try:
            services.consolidate.decide_duplicate(request.user, case=case, keep=keep if keep in (None, services.consolidate.KEEP_OTHER) else int(keep),
                                      note=form.cleaned_data["note"])
        except STEP_ERRORS as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Keputusan atas dugaan ganda tersimpan."))
    else:
        messages.error(request, _("Tuliskan dasar keputusan."))
    return redirect("applications:consolidation", pk=case.cycle_id)


@login_required
def decree(request, pk: int):
    found = cycle_or_404(request, pk)
    amending = request.method == "POST" and "niks" in request.POST
    form = forms.DecreeForm(None if amending else (request.POST or None))
    amendment = forms.AmendmentForm(request.POST if amending else None)
    if amending and amendment.is_valid():
        data = amendment.cleaned_data
        try:
            signed = services.decree.record_amendment(request.user, cycle=found, number=data["number"], signed_on=data["signed_on"],
                                               niks=data["niks"], reason=data["reason"])
        except STEP_ERRORS as exc:
            amendment.add_error(None, str(exc))
        else:
            messages.success(request, _("Keputusan perubahan %(number)s tercatat: %(n)d penerima dicabut.")
                             % {"number": signed.number, "n": signed.revoked})
            return redirect("applications:decree", pk=pk)
    elif not amending and request.method == "POST" and form.is_valid():
        if request.POST.get("konfirmasi") != "ya":
            # Recording locks the list: say first what it fixes and what is still open (issue 13 item 2).
            counts = selectors.status_counts(found)
            still_open = {S(code).label: n for code, n in counts.items() if n and code in OPEN_BEFORE_DECREE}
            return _stage(request, found, "applications/decree.html", form=form, amendment=amendment,
                          decrees=selectors.decrees_of(found), confirming=form.cleaned_data,
                          still_open=still_open, still_open_total=sum(still_open.values()),
                          candidates=services.decree.decree_candidates(found).count(),
                          open_cases=selectors.open_cases(found).count())
        try:
            signed = services.decree.record_decree(request.user, cycle=found, number=form.cleaned_data["number"],
                                                   signed_on=form.cleaned_data["signed_on"])
        except STEP_ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Keputusan %(number)s tercatat: %(n)d penerima ditetapkan; daftar ini terkunci.")
                             % {"number": signed.number, "n": signed.beneficiaries})
            return redirect("applications:decree", pk=pk)
    return _stage(request, found, "applications/decree.html", form=form, amendment=amendment,
                  decrees=selectors.decrees_of(found),
                  candidates=services.decree.decree_candidates(found).count(), open_cases=selectors.open_cases(found).count())


@login_required
def decree_draft(request, pk: int, fmt: str):
    found = cycle_or_404(request, pk)
    try:
        path = services.decree.draft_annex(request.user, cycle=found, fmt=fmt)
    except STEP_ERRORS as exc:
        messages.error(request, str(exc))
        return redirect("applications:decree", pk=pk)
    return send_file(path, f"rancangan-lampiran-keputusan-{found.year}.{fmt}")


@login_required
def decree_annex(request, pk: int, fmt: str):
    found = decree_or_404(request, pk)
    return send_file(services.decree.signed_annex(request.user, decree=found, fmt=fmt), f"lampiran-keputusan-{found.pk}.{fmt}")


@login_required
def enrolment(request, pk: int):
    found = cycle_or_404(request, pk)
    form = forms.KpjForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            rows = exchange.read_kpj_answer(_keep_upload(upload), mapping=form.cleaned_data["mapping"], name=upload.name)
            result = services.enrol.import_kpj(request.user, cycle=found, rows=rows, file_name=upload.name)
        except (*STEP_ERRORS, storage.FileRefused) as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("%(n)d peserta terdaftar; kepesertaan mulai %(start)s.") % {
                "n": result.enrolled, "start": found.enrolment_date.strftime("%d-%m-%Y")})
    return _stage(request, found, "applications/enrolment.html", form=form, result=result,
                  decrees=selectors.decrees_of(found))


@login_required
def registration(request, pk: int, fmt: str):
    found = decree_or_404(request, pk)
    return send_file(services.enrol.registration_file(request.user, decree=found, fmt=fmt), f"pendaftaran-bpjs-{found.pk}.{fmt}")
