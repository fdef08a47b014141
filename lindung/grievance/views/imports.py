"""The labour agency imports an SP4N-LAPOR! export (or desk records) from the web: the file is checked
(upload caps, columns), imported in the background with progress, and the contract's result file
(one line per row, DESIGN.md §4) is downloaded from the job's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_import_complaints
from lindung.jobs.models import Job
from lindung.jobs.selectors import get_job
from lindung.platform import storage
from lindung.platform.errors import PermissionDenied

from .. import forms
from ..services import common, importing


@login_required
def upload(request):
    if not can_import_complaints(request.user) or not request.user.tenant_id:
        raise PermissionDenied(_("Hanya Dinas Tenaga Kerja yang mengimpor pengaduan."))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = importing.start_import(request.user, tenant=request.user.tenant, upload=form.cleaned_data["file"])
        except common.ComplaintInvalid as exc:
            form.add_error("file", "; ".join(exc.errors.values()))
        else:
            return redirect("grievance:import_detail", pk=job.pk)
    recent = Job.objects.filter(kind=importing.JOB_KIND, created_by=request.user)[:10]
    return render(request, "grievance/import.html", {"form": form, "recent": recent})


def _import_job(request, pk) -> Job:
    try:
        job = get_job(request.user, pk)
    except PermissionDenied:
        raise Http404 from None
    if job.kind != importing.JOB_KIND:
        raise Http404
    return job


@login_required
def detail(request, pk):
    return render(request, "grievance/import_detail.html", {"job": _import_job(request, pk)})


@login_required
def result(request, pk):
    job = _import_job(request, pk)
    if job.status != Job.Status.SELESAI or not job.output_file:
        raise Http404
    name = job.params.get("name", "pengaduan").rsplit(".", 1)[0]
    response = FileResponse(storage.absolute(job.output_file).open("rb"), as_attachment=True,
                            filename=f"hasil-{name}.csv", content_type="text/csv")
    response["Cache-Control"] = "private, no-store"
    return response
