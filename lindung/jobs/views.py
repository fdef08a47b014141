from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.platform.errors import PermissionDenied

from . import services
from .selectors import get_job


def _job(request, pk):
    try:
        # A job whose worker died shows as failed (and may be run again), not "running" forever.
        return services.fail_if_stale(get_job(request.user, pk))
    except PermissionDenied:
        raise Http404 from None


@login_required
def detail(request, pk):
    return render(request, "jobs/detail.html", {"job": _job(request, pk)})


@login_required
def status(request, pk):
    """Polled by static/jobs/progress.js every second while the job runs."""
    job = _job(request, pk)
    return JsonResponse({
        "status": job.status, "status_label": job.get_status_display(), "done": job.progress_done,
        "total": job.progress_total, "percent": job.percent, "message": job.message,
        "finished": job.status in (job.Status.SELESAI, job.Status.GAGAL),
    })


@login_required
@require_POST
def rerun(request, pk):
    job = _job(request, pk)
    try:
        services.rerun(request.user, job)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Pekerjaan dijalankan ulang."))
    back = request.POST.get("kembali", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("jobs:detail", pk=pk)
