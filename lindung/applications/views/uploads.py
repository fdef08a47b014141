"""Bulk intake pages: upload a spreadsheet, follow its job, download its per-row result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.accounts.permissions import (
    can_enter_applications,
)
from lindung.platform import storage
from lindung.platform.errors import PermissionDenied

from .. import forms, selectors, services
from .common import upload_or_404


@login_required
def upload(request):
    if not can_enter_applications(request.user):
        raise PermissionDenied(_("Peran Anda tidak mendata usulan."))
    cycles = selectors.visible_cycles(request.user).filter(decrees__isnull=True)
    form = forms.UploadForm(request.POST or None, request.FILES or None, cycles=cycles)
    if request.method == "POST" and form.is_valid():
        try:
            done, created = services.bulk_intake.start_upload(request.user, cycle=form.cleaned_data["cycle"], upload=form.cleaned_data["file"])
        except services.status.ApplicationInvalid as exc:
            form.add_error("file", "; ".join(exc.errors.values()))
        else:
            if not created:
                messages.warning(request, _("Berkas yang sama sudah pernah diunggah untuk siklus ini; tidak ada yang "
                                            "dibuat dua kali. Berikut hasil unggahan sebelumnya."))
            return redirect("applications:upload_detail", pk=done.pk)
    return render(request, "applications/upload.html", {"form": form, "recent": selectors.recent_uploads(request.user),
                                                        "open_cycles": cycles.exists()})


@login_required
def upload_detail(request, pk: int):
    found = upload_or_404(request, pk)
    return render(request, "applications/upload_detail.html", {"upload": found, "job": found.job})


@login_required
def upload_result(request, pk: int):
    found = upload_or_404(request, pk)
    if not found.result_path:
        raise Http404
    response = FileResponse(storage.absolute(found.result_path).open("rb"), as_attachment=True,
                            filename=f"hasil-{found.file_name.rsplit('.', 1)[0]}.csv", content_type="text/csv")
    response["Cache-Control"] = "private, no-store"
    return response
