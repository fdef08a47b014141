"""Uploading BPJS's claim report: the upload, its background job with progress, the per-row result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_record_claims, can_reveal_nik
from lindung.audit import services as audit
from lindung.platform import storage
from lindung.platform.errors import PermissionDenied
from lindung.programs.models import ColumnMapping
from lindung.programs.selectors import column_mapping

from .. import forms, selectors
from ..actions import Action
from ..models import ClaimImport
from ..services import ClaimInvalid, imports


def _import_or_404(request, pk: int) -> ClaimImport:
    try:
        return selectors.get_import(request.user, pk)
    except (ClaimImport.DoesNotExist, PermissionDenied):
        raise Http404(_("Impor tidak ditemukan dalam cakupan Anda.")) from None


@login_required
def upload(request):
    if not can_record_claims(request.user):
        raise PermissionDenied(_("Peran Anda tidak mencatat klaim manfaat."))
    programmes = list(selectors.claim_programmes(request.user))
    form = forms.ImportForm(request.POST or None, request.FILES or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        programme = next(p for p in programmes if p.pk == form.cleaned_data["programme"])
        try:
            found = imports.start_import(request.user, programme=programme, upload=form.cleaned_data["file"])
        except ClaimInvalid as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("claims:import_detail", pk=found.pk)
    mappings = {p: column_mapping(p, ColumnMapping.Layout.KLAIM) for p in programmes}
    return render(request, "claims/upload.html", {
        "form": form, "recent": selectors.recent_imports(request.user),
        "mappings": {p: m for p, m in mappings.items() if m},
    })


@login_required
def import_detail(request, pk: int):
    found = _import_or_404(request, pk)
    return render(request, "claims/import_detail.html", {"upload": found, "job": found.job,
                                                         "can_export": can_reveal_nik(request.user)})


@login_required
def import_result(request, pk: int):
    found = _import_or_404(request, pk)
    if not found.result_path:
        raise Http404
    if not can_reveal_nik(request.user):
        raise PermissionDenied(_("Berkas ini memuat NIK lengkap; peran Anda hanya dapat melihat NIK tersamar."))
    audit.record(request.user, Action.CLAIM_EXPORT, found, tenant=found.programme.tenant)
    response = FileResponse(storage.absolute(found.result_path).open("rb"), as_attachment=True,
                            filename=f"hasil-{found.file_name.rsplit('.', 1)[0]}.csv", content_type="text/csv")
    response["Cache-Control"] = "private, no-store"
    return response
