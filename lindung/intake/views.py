"""Intake pages: the public form and status page (no login), and the officers' lists, entry, upload and
cycle pages. Thin: forms validate shapes, services and selectors do the rest."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import PermissionDenied, can_manage_programmes, can_read_audit
from lindung.audit.services import client_ip
from lindung.programs.selectors import visible_programmes

from . import bulk, evaluation, forms, ratelimit, selectors, services, storage, worker
from .models import Application, BulkUpload, Document
from .permissions import can_enter_applications, is_responsible_for


def forbidden(exc: PermissionDenied):
    return HttpForbidden(str(exc))


def too_many(request, template: str, context: dict):
    response = render(request, template, {**context, "limited": True})
    response.status_code = 429
    return response


# --- Public: apply, live check, status --------------------------------------------------------------


def _public_cycles():
    return list(selectors.collecting_cycles(timezone.localdate()))


def apply(request):
    """The worker's own application (Pasal 7): mobile-friendly, no login, rate-limited, CSRF-protected."""
    cycles = _public_cycles()
    if not cycles:
        return render(request, "intake/apply_closed.html", status=200)
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, cycles=cycles)
    explanation = None
    if request.method == "POST":
        if not ratelimit.allow(request, "apply"):
            return too_many(request, "intake/apply.html", {"form": form})
        if form.is_valid():
            try:
                application = services.submit_application(None, form.cleaned_data["cycle"], form.service_data(),
                                                           documents=form.documents())
            except services.ApplicationInvalid as exc:
                form.add_service_errors(exc.errors)
            else:
                request.session["intake_receipt"] = application.pk
                return redirect("intake:applied")
        explanation = _explain_posted(request, cycles)
    return render(request, "intake/apply.html", {"form": form, "explanation": explanation, "cycles": cycles})


def _explain_posted(request, cycles) -> evaluation.Explanation | None:
    """The public evaluation of what was posted (the same as the live check), for pages without JS."""
    cycle = next((c for c in cycles if str(c.pk) == request.POST.get("cycle")), cycles[0])
    row = evaluation.applicant_row({
        "nik": request.POST.get("nik"), "name": request.POST.get("name"), "birth_date": request.POST.get("birth_date"),
        "sex": request.POST.get("sex"), "kelurahan_id": request.POST.get("kelurahan"),
        "occupation_id": request.POST.get("occupation"), "monthly_income": request.POST.get("monthly_income"),
        "domicile_since": request.POST.get("domicile_since"), "disability": bool(request.POST.get("disability")),
        "applied_on": timezone.localdate(),
    })
    return evaluation.explain_public(cycle.programme.ruleset, row, partial=True)


@require_POST
def check(request):
    """The live check the form's script calls as fields are filled (JSON)."""
    if not ratelimit.allow(request, "check"):
        return JsonResponse({"error": _("Terlalu banyak permintaan; coba lagi nanti.")}, status=429)
    cycles = _public_cycles()
    if not cycles:
        return JsonResponse({"error": _("Pendataan sedang tidak dibuka.")}, status=404)
    return JsonResponse(_explain_posted(request, cycles).as_json())


def applied(request):
    application = selectors.receipt(request.session.pop("intake_receipt", None))
    if application is None:
        return redirect("intake:status")
    explanation = evaluation.explain(application.findings, hide=evaluation.register_codes(application.cycle.programme.ruleset))
    return render(request, "intake/applied.html", {"application": application, "explanation": explanation,
                                                    "view": worker.describe(application)})


def status(request):
    """NIK + birth date -> where the worker's applications stand. The same answer whether the NIK is
    unknown or the birth date wrong, and a per-IP limit, so that the page cannot be used to probe."""
    form = forms.StatusForm(request.POST or None)
    views = None
    if request.method == "POST":
        if not ratelimit.allow(request, "status"):
            return too_many(request, "intake/status.html", {"form": forms.StatusForm()})
        if form.is_valid():
            found = selectors.for_worker(form.cleaned_data["nik"], form.cleaned_data["birth_date"])
            views = [worker.describe(a) for a in found]
    return render(request, "intake/status.html", {"form": form, "views": views})


# --- Officers: list, entry, detail, correction, documents ----------------------------------------------


@login_required
def application_list(request):
    status_filter = request.GET.get("status", "")
    cycle_id = request.GET.get("siklus", "")
    query = request.GET.get("q", "")
    after = request.GET.get("setelah", "")
    try:
        rows, next_cursor = selectors.list_applications(
            request.user, status=status_filter if status_filter in Application.Status.values else "",
            cycle_id=int(cycle_id) if cycle_id.isdigit() else None, query=query,
            after=int(after) if after.isdigit() else None)
        cycles = selectors.visible_cycles(request.user)
    except PermissionDenied as exc:
        raise forbidden(exc) from exc
    return render(request, "intake/list.html", {
        "rows": rows, "next_cursor": next_cursor, "statuses": Application.Status.choices, "status": status_filter,
        "cycles": cycles, "cycle_id": cycle_id, "query": query, "after": after,
        "can_enter": can_enter_applications(request.user),
    })


@login_required
def application_new(request):
    if not can_enter_applications(request.user):
        raise HttpForbidden(_("Peran Anda tidak mendata usulan."))
    cycles = list(selectors.collecting_cycles(timezone.localdate(), request.user))
    if not cycles:
        messages.warning(request, _("Tidak ada siklus yang sedang membuka pendataan."))
        return redirect("intake:list")
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, cycles=cycles)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.submit_application(request.user, form.cleaned_data["cycle"], form.service_data(),
                                                      documents=form.documents())
        except services.ApplicationInvalid as exc:
            form.add_service_errors(exc.errors)
        except PermissionDenied as exc:
            raise forbidden(exc) from exc
        else:
            messages.success(request, _("Usulan %(ref)s tersimpan.") % {"ref": application.reference})
            return redirect("intake:detail", pk=application.pk)
    return render(request, "intake/new.html", {"form": form})


def application_or_404(request, pk: int) -> Application:
    try:
        return selectors.get_application(request.user, pk)
    except (Application.DoesNotExist, PermissionDenied):
        # One answer for "absent" and "not yours": scope cannot be probed.
        raise Http404(_("Usulan tidak ditemukan dalam cakupan Anda.")) from None


@login_required
def application_detail(request, pk: int):
    application = application_or_404(request, pk)
    # The decisions shown here belong to the verification app, whose views import this module.
    from lindung.verification.services import approvable
    from lindung.verification.views import action_forms

    can_act = is_responsible_for(request.user, application)
    ok, why = approvable(application)
    return render(request, "intake/detail.html", {
        "application": application, "explanation": evaluation.explain(application.findings),
        "documents": application.documents.all(), "can_act": can_act and application.status == Application.Status.DIAJUKAN,
        "can_correct": can_act and application.status == Application.Status.DIKEMBALIKAN,
        "can_add_document": can_act and not application.is_locked, "approvable": ok, "not_approvable_why": why,
        "document_form": forms.DocumentForm(), "can_read_audit": can_read_audit(request.user),
        **action_forms(application),
    })


@login_required
def application_correct(request, pk: int):
    application = application_or_404(request, pk)
    form = forms.ApplicationForm(request.POST or None, cycles=[application.cycle], documents=False,
                                 initial=forms.application_initial(application))
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_application(request.user, application, form.service_data())
        except services.ApplicationInvalid as exc:
            form.add_service_errors(exc.errors)
        except services.TransitionRefused as exc:
            messages.error(request, str(exc))
        except PermissionDenied as exc:
            raise forbidden(exc) from exc
        else:
            messages.success(request, _("Perbaikan tersimpan; usulan diajukan kembali untuk verifikasi."))
            return redirect("intake:detail", pk=pk)
    return render(request, "intake/correct.html", {"form": form, "application": application})


@login_required
@require_POST
def document_add(request, pk: int):
    application = application_or_404(request, pk)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(request.user, application, form.cleaned_data["kind"], form.cleaned_data["file"])
        except services.ApplicationInvalid as exc:
            messages.error(request, "; ".join(exc.errors.values()))
        except services.TransitionRefused as exc:
            messages.error(request, str(exc))
        except PermissionDenied as exc:
            raise forbidden(exc) from exc
        else:
            messages.success(request, _("Dokumen tersimpan."))
    else:
        messages.error(request, _("Pilih jenis dokumen dan berkasnya."))
    return redirect("intake:detail", pk=pk)


@login_required
def document(request, pk: int, doc: int):
    try:
        found = selectors.get_document(request.user, pk, doc)
    except (Application.DoesNotExist, Document.DoesNotExist, PermissionDenied):
        raise Http404(_("Dokumen tidak ditemukan dalam cakupan Anda.")) from None
    handle = services.open_document(request.user, found, ip=client_ip(request))
    response = FileResponse(handle, content_type=found.content_type)
    response["Content-Disposition"] = f'inline; filename="{found.kind}-{found.application.reference}.{found.path.rsplit(".", 1)[-1]}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Bulk upload -----------------------------------------------------------------------------------------


@login_required
def upload(request):
    if not can_enter_applications(request.user):
        raise HttpForbidden(_("Peran Anda tidak mendata usulan."))
    cycles = selectors.visible_cycles(request.user).filter(decrees__isnull=True)
    form = forms.UploadForm(request.POST or None, request.FILES or None, cycles=cycles)
    if request.method == "POST" and form.is_valid():
        try:
            done, created = bulk.start_upload(request.user, form.cleaned_data["cycle"], form.cleaned_data["file"])
        except services.ApplicationInvalid as exc:
            form.add_error("file", "; ".join(exc.errors.values()))
        except PermissionDenied as exc:
            raise forbidden(exc) from exc
        else:
            if not created:
                messages.warning(request, _("Berkas yang sama sudah pernah diunggah untuk siklus ini; tidak ada yang "
                                            "dibuat dua kali. Berikut hasil unggahan sebelumnya."))
            return redirect("intake:upload_detail", pk=done.pk)
    return render(request, "intake/upload.html", {"form": form, "recent": selectors.recent_uploads(request.user)})


def _upload_or_404(request, pk: int) -> BulkUpload:
    try:
        return selectors.get_upload(request.user, pk)
    except BulkUpload.DoesNotExist:
        raise Http404 from None


@login_required
def upload_detail(request, pk: int):
    found = _upload_or_404(request, pk)
    return render(request, "intake/upload_detail.html", {"upload": found, "job": found.job})


@login_required
def upload_result(request, pk: int):
    found = _upload_or_404(request, pk)
    if not found.result_path:
        raise Http404
    response = FileResponse(storage.absolute(found.result_path).open("rb"), as_attachment=True,
                            filename=f"hasil-{found.file_name.rsplit('.', 1)[0]}.csv", content_type="text/csv")
    response["Cache-Control"] = "private, no-store"
    return response


# --- Cycles -----------------------------------------------------------------------------------------------


@login_required
def cycles(request):
    try:
        rows = list(selectors.visible_cycles(request.user))
    except PermissionDenied as exc:
        raise forbidden(exc) from exc
    form = None
    if can_manage_programmes(request.user):
        programmes = visible_programmes(request.user)
        form = forms.CycleForm(request.POST or None, programmes=programmes,
                               initial={"year": timezone.localdate().year})
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                created = services.create_cycle(
                    request.user, d["programme"], d["year"], collection_start=d["collection_start"],
                    collection_end=d["collection_end"], enrolment_date=d["enrolment_date"], quota=d["quota"])
            except services.ApplicationInvalid as exc:
                for key, message in exc.errors.items():
                    form.add_error(key if key in form.fields else None, message)
            except PermissionDenied as exc:
                raise forbidden(exc) from exc
            else:
                messages.success(request, _("Siklus %(cycle)s dibuka.") % {"cycle": created})
                return redirect("intake:cycles")
    return render(request, "intake/cycles.html", {"rows": rows, "form": form, "today": timezone.localdate()})
