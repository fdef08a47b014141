"""Officers' application pages: the list, entry, detail with the verifier's decisions, correction and
documents."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import (
    can_enter_applications,
    can_read_audit,
)
from lindung.platform.errors import PermissionDenied
from lindung.platform.http import client_ip

from .. import evaluation, forms, letters, lists, selectors, services
from ..models import Application, Document
from ..permissions import is_responsible_for
from .common import application_or_404

LETTER_LABELS = {"tanda-terima": _("Tanda terima usulan (Lampiran II)"), "pengembalian": _("Surat pengembalian usulan"),
                 "penolakan": _("Surat penolakan usulan")}


@login_required
def application_list(request):
    listing = lists.applications(request, selectors.visible_applications(request.user),
                                 selectors.visible_cycles(request.user))
    if listing.export_format:
        return listing.export(listing.export_format)
    return render(request, "applications/list.html", {"listing": listing,
                                                       "can_enter": can_enter_applications(request.user)})


@login_required
def application_new(request):
    if not can_enter_applications(request.user):
        raise PermissionDenied(_("Peran Anda tidak mendata usulan."))
    cycles = list(selectors.collecting_cycles(timezone.localdate(), request.user))
    if not cycles:
        messages.warning(request, _("Tidak ada siklus yang sedang membuka pendataan."))
        return redirect("applications:list")
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, cycles=cycles)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.submit.submit_application(request.user, cycle=form.cleaned_data["cycle"], data=form.service_data(),
                                                      documents=form.documents())
        except services.status.ApplicationInvalid as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, _("Usulan %(ref)s tersimpan.") % {"ref": application.reference})
            return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/new.html", {"form": form})


@login_required
def application_detail(request, pk: int):
    application = application_or_404(request, pk)
    can_act = is_responsible_for(request.user, application)
    ok, why = services.verify.approvable(application)
    return render(request, "applications/detail.html", {
        "application": application, "explanation": evaluation.explain(application.findings),
        "documents": application.documents.all(), "can_act": can_act and application.status == Application.Status.DIAJUKAN,
        "can_correct": can_act and application.status == Application.Status.DIKEMBALIKAN,
        "can_add_document": can_act and not application.is_locked, "approvable": ok, "not_approvable_why": why,
        "document_form": forms.DocumentForm(), "can_read_audit": can_read_audit(request.user),
        "letters": [(kind, LETTER_LABELS[kind]) for kind in letters.available(application)],
        **forms.action_forms(application),
    })


@login_required
def application_correct(request, pk: int):
    application = application_or_404(request, pk)
    form = forms.ApplicationForm(request.POST or None, cycles=[application.cycle], documents=False,
                                 initial=forms.application_initial(application))
    if request.method == "POST" and form.is_valid():
        try:
            services.submit.correct_application(request.user, application=application, data=form.service_data())
        except services.status.ApplicationInvalid as exc:
            form.add_service_errors(exc.errors)
        except services.status.TransitionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Perbaikan tersimpan; usulan diajukan kembali untuk verifikasi."))
            return redirect("applications:detail", pk=pk)
    return render(request, "applications/correct.html", {"form": form, "application": application})


@login_required
@require_POST
def document_add(request, pk: int):
    application = application_or_404(request, pk)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.submit.add_document(request.user, application=application, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"])
        except services.status.ApplicationInvalid as exc:
            messages.error(request, "; ".join(exc.errors.values()))
        except services.status.TransitionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Dokumen tersimpan."))
    else:
        messages.error(request, _("Pilih jenis dokumen dan berkasnya."))
    return redirect("applications:detail", pk=pk)


@login_required
# The browser's own viewer of an inline image or PDF styles it inline; the file itself is checked by its
# magic bytes (PDF, JPEG, PNG only), so only this response relaxes style-src (issue 13 item 10).
@csp_update({"style-src": ["'unsafe-inline'"]})
def document(request, pk: int, doc: int):
    try:
        found = selectors.get_document(request.user, pk, doc)
    except (Application.DoesNotExist, Document.DoesNotExist, PermissionDenied):
        raise Http404(_("Dokumen tidak ditemukan dalam cakupan Anda.")) from None
    handle = services.submit.open_document(request.user, document=found, ip=client_ip(request))
    response = FileResponse(handle, content_type=found.content_type)
    response["Content-Disposition"] = f'inline; filename="{found.kind}-{found.application.reference}.{found.path.rsplit(".", 1)[-1]}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def letter(request, pk: int, kind: str):
    """The receipt with the Lampiran II statement, or the send-back / refusal letter, to print."""
    application = application_or_404(request, pk)
    try:
        data = services.submit.print_letter(request.user, application=application, kind=kind)
    except services.status.TransitionRefused as exc:
        raise Http404(str(exc)) from None
    return _pdf(data, f"{kind}-{application.reference}.pdf")
