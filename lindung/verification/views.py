"""Verification pages: the officer's worklist and decisions, and one page per later step of a cycle
(BPJS check, TVEM consolidation, decree, enrolment), each acting through the services."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import PermissionDenied, can_manage_programmes
from lindung.engine.tables import TableError, file_format
from lindung.intake import selectors as intake_selectors
from lindung.intake import storage
from lindung.intake.models import Application, Cycle
from lindung.intake.permissions import can_answer_bpjs, can_consolidate, can_see_pipeline
from lindung.intake.responses import send_file
from lindung.intake.services import TransitionRefused
from lindung.intake.views import application_or_404

from . import forms, selectors, services
from .models import BpjsCheck, Decree, DuplicateCase

STEP_ERRORS = (services.StepRefused, TransitionRefused, TableError)


def action_forms(application: Application) -> dict:
    """The decision forms shown on an application's page to its responsible officer."""
    return {"approve_form": forms.ApproveForm(), "reject_form": forms.RejectForm(), "send_back_form": forms.SendBackForm(),
            "field_visit_form": forms.FieldVisitForm(), "occupation_form": forms.OccupationForm(
                initial={"occupation": application.occupation_id})}


def guarded(view):
    """Service refusals become a message (a step not possible now) or a 403 (not the user's step)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            raise HttpForbidden(str(exc)) from exc

    return wrapper


# --- Worklist and decisions -----------------------------------------------------------------------------


@login_required
@guarded
def inbox(request):
    user = request.user
    context = {"worklist": None, "cycles": None}
    if user.is_superuser or user.role in ("agency", "territorial", "labour"):
        waiting = selectors.worklist(user)
        context["worklist"] = list(waiting[:200])
        context["eligible"] = waiting.filter(keputusan="LAYAK").count()
        context["ineligible"] = waiting.filter(keputusan="TIDAK_LAYAK").count()
    if can_see_pipeline(user):
        context["cycles"] = [(c, selectors.pipeline(user, c)) for c in intake_selectors.visible_cycles(user)[:10]]
    return render(request, "verification/inbox.html", context)


@login_required
@require_POST
@guarded
def decide_all(request, which: str):
    """One click for a whole worklist: approve every LAYAK, or reject every TIDAK_LAYAK with its reasons."""
    if which not in ("setujui", "tolak"):
        raise Http404
    waiting = selectors.worklist(request.user)
    if which == "setujui":
        n = services.approve_eligible(request.user, waiting)
        messages.success(request, _("%(n)d usulan yang memenuhi syarat terverifikasi.") % {"n": n})
    else:
        n = services.reject_ineligible(request.user, waiting)
        messages.success(request, _("%(n)d usulan yang tidak memenuhi syarat ditolak dengan alasan dan pasalnya.") % {"n": n})
    return redirect("verification:inbox")


def _decide(request, pk: int, form_class, action, success: str):
    application = application_or_404(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Lengkapi isian: %(errors)s") % {"errors": "; ".join(
            str(e) for errors in form.errors.values() for e in errors)})
        return redirect("intake:detail", pk=pk)
    try:
        action(request.user, application, form.cleaned_data)
    except STEP_ERRORS as exc:
        messages.error(request, str(exc))
        return redirect("intake:detail", pk=pk)
    messages.success(request, success % {"ref": application.reference})
    return redirect("verification:inbox") if application.status != Application.Status.DIAJUKAN \
        else redirect("intake:detail", pk=pk)


@login_required
@require_POST
@guarded
def approve(request, pk: int):
    return _decide(request, pk, forms.ApproveForm, lambda u, a, d: services.approve(u, a, d["note"]),
                   _("Usulan %(ref)s terverifikasi."))


@login_required
@require_POST
@guarded
def reject(request, pk: int):
    return _decide(request, pk, forms.RejectForm, lambda u, a, d: services.reject(u, a, d["reason"]),
                   _("Usulan %(ref)s ditolak."))


@login_required
@require_POST
@guarded
def send_back(request, pk: int):
    return _decide(request, pk, forms.SendBackForm, lambda u, a, d: services.send_back(u, a, d["reason"]),
                   _("Usulan %(ref)s dikembalikan untuk perbaikan."))


@login_required
@require_POST
@guarded
def field_visit(request, pk: int):
    return _decide(request, pk, forms.FieldVisitForm, lambda u, a, d: services.record_field_visit(
        u, a, on=d["on"], confirms=d["confirms"], note=d["note"]), _("Hasil verifikasi lapangan %(ref)s tersimpan."))


@login_required
@require_POST
@guarded
def occupation(request, pk: int):
    return _decide(request, pk, forms.OccupationForm, lambda u, a, d: services.set_collected_occupation(
        u, a, d["occupation"].code, d["note"]), _("Pekerjaan hasil pendataan %(ref)s tersimpan."))


# --- A cycle's later steps ------------------------------------------------------------------------------


def _cycle(request, pk: int) -> Cycle:
    try:
        return intake_selectors.pipeline_cycle(request.user, pk)
    except Cycle.DoesNotExist:
        raise Http404 from None


def _stage(request, cycle: Cycle, template: str, **context):
    return render(request, template, {"cycle": cycle, "pipeline": selectors.pipeline(request.user, cycle),
                                      "is_owner": can_manage_programmes(request.user), **context})


@login_required
@guarded
def cycle(request, pk: int):
    found = _cycle(request, pk)
    return _stage(request, found, "verification/cycle.html")


def _keep_upload(upload) -> str:
    """An answer file as received, kept under MEDIA_ROOT as evidence of what was loaded."""
    stored = storage.store_spreadsheet(upload, file_format(upload.name))
    return str(storage.absolute(stored.path))


@login_required
@guarded
def bpjs(request, pk: int):
    found = _cycle(request, pk)
    return _stage(request, found, "verification/bpjs.html", checks=selectors.checks_of(found),
                  answer_form=forms.BpjsAnswerForm(), can_answer=can_answer_bpjs(request.user))


@login_required
@require_POST
@guarded
def bpjs_start(request, pk: int):
    found = _cycle(request, pk)
    try:
        check = services.start_bpjs_check(request.user, found)
    except STEP_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)d calon dikirim ke BPJS untuk diperiksa. Unduh daftarnya di bawah.")
                         % {"n": check.candidates})
    return redirect("verification:bpjs", pk=pk)


def _check(request, pk: int) -> BpjsCheck:
    try:
        return selectors.get_check(request.user, pk)
    except BpjsCheck.DoesNotExist:
        raise Http404 from None


@login_required
@guarded
def bpjs_export(request, pk: int, fmt: str):
    check = _check(request, pk)
    path = services.export_bpjs_check(request.user, check, fmt)
    return send_file(path, f"calon-cek-bpjs-{check.pk}.{fmt}")


@login_required
@require_POST
@guarded
def bpjs_answer(request, pk: int):
    check = _check(request, pk)
    form = forms.BpjsAnswerForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        try:
            path = _keep_upload(form.cleaned_data["file"])
            result = services.import_bpjs_answer(
                request.user, check, path, mapping=form.cleaned_data["mapping"],
                absent_means_not_participant=form.cleaned_data["absent_means_not_participant"])
        except (*STEP_ERRORS, storage.FileRefused) as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Jawaban BPJS diterapkan: %(active)d sudah peserta, %(clear)d belum peserta, "
                                        "%(pending)d belum dijawab.") % {
                "active": result.active, "clear": result.not_participant, "pending": result.still_pending})
    return _stage(request, check.cycle, "verification/bpjs.html", checks=selectors.checks_of(check.cycle),
                  answer_form=form, answered=check, result=result, can_answer=True)


@login_required
@guarded
def consolidation(request, pk: int):
    found = _cycle(request, pk)
    cases = [(case, forms.DecideCaseForm(case=case, prefix=f"c{case.pk}")) for case in selectors.open_cases(found)]
    return _stage(request, found, "verification/consolidation.html", cases=cases,
                  ranked=selectors.consolidated(found), decided=selectors.decided_cases(found)[:50],
                  can_consolidate=can_consolidate(request.user))


@login_required
@require_POST
@guarded
def consolidate(request, pk: int):
    found = _cycle(request, pk)
    result = services.consolidate(request.user, found)
    messages.success(request, _("Konsolidasi selesai: %(added)d calon baru, %(held)d ditahan sebagai dugaan ganda, "
                                "%(selected)d dalam kuota, %(reserve)d cadangan.") % vars(result))
    return redirect("verification:consolidation", pk=pk)


@login_required
@require_POST
@guarded
def decide_case(request, pk: int):
    try:
        case = selectors.get_case(request.user, pk)
    except DuplicateCase.DoesNotExist:
        raise Http404 from None
    form = forms.DecideCaseForm(request.POST, case=case, prefix=f"c{case.pk}")
    if form.is_valid():
        keep = form.cleaned_data["keep"] or None
        try:
            services.decide_duplicate(request.user, case, keep=keep if keep in (None, services.KEEP_OTHER) else int(keep),
                                      note=form.cleaned_data["note"])
        except STEP_ERRORS as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Keputusan atas dugaan ganda tersimpan."))
    else:
        messages.error(request, _("Tuliskan dasar keputusan."))
    return redirect("verification:consolidation", pk=case.cycle_id)


@login_required
@guarded
def decree(request, pk: int):
    found = _cycle(request, pk)
    amending = request.method == "POST" and "niks" in request.POST
    form = forms.DecreeForm(None if amending else (request.POST or None))
    amendment = forms.AmendmentForm(request.POST if amending else None)
    if amending and amendment.is_valid():
        data = amendment.cleaned_data
        try:
            signed = services.record_amendment(request.user, found, number=data["number"], signed_on=data["signed_on"],
                                               niks=data["niks"], reason=data["reason"])
        except STEP_ERRORS as exc:
            amendment.add_error(None, str(exc))
        else:
            messages.success(request, _("Keputusan perubahan %(number)s tercatat: %(n)d penerima dicabut.")
                             % {"number": signed.number, "n": signed.revoked})
            return redirect("verification:decree", pk=pk)
    elif not amending and request.method == "POST" and form.is_valid():
        try:
            signed = services.record_decree(request.user, found, number=form.cleaned_data["number"],
                                            signed_on=form.cleaned_data["signed_on"])
        except STEP_ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Keputusan %(number)s tercatat: %(n)d penerima ditetapkan; daftar ini terkunci.")
                             % {"number": signed.number, "n": signed.beneficiaries})
            return redirect("verification:decree", pk=pk)
    return _stage(request, found, "verification/decree.html", form=form, amendment=amendment,
                  decrees=selectors.decrees_of(found),
                  candidates=services.decree_candidates(found).count(), open_cases=selectors.open_cases(found).count())


@login_required
@guarded
def decree_draft(request, pk: int, fmt: str):
    found = _cycle(request, pk)
    try:
        path = services.draft_annex(request.user, found, fmt)
    except STEP_ERRORS as exc:
        messages.error(request, str(exc))
        return redirect("verification:decree", pk=pk)
    return send_file(path, f"rancangan-lampiran-keputusan-{found.year}.{fmt}")


def _decree(request, pk: int) -> Decree:
    try:
        return selectors.get_decree(request.user, pk)
    except Decree.DoesNotExist:
        raise Http404 from None


@login_required
@guarded
def decree_annex(request, pk: int, fmt: str):
    found = _decree(request, pk)
    return send_file(services.signed_annex(request.user, found, fmt), f"lampiran-keputusan-{found.pk}.{fmt}")


@login_required
@guarded
def enrolment(request, pk: int):
    found = _cycle(request, pk)
    form = forms.KpjForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            path = _keep_upload(form.cleaned_data["file"])
            result = services.import_kpj(request.user, found, path, mapping=form.cleaned_data["mapping"])
        except (*STEP_ERRORS, storage.FileRefused) as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("%(n)d peserta terdaftar; kepesertaan mulai %(start)s.") % {
                "n": result.enrolled, "start": found.enrolment_date.strftime("%d-%m-%Y")})
    return _stage(request, found, "verification/enrolment.html", form=form, result=result,
                  decrees=selectors.decrees_of(found))


@login_required
@guarded
def registration(request, pk: int, fmt: str):
    found = _decree(request, pk)
    return send_file(services.registration_file(request.user, found, fmt), f"pendaftaran-bpjs-{found.pk}.{fmt}")
