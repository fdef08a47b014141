from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render

from lindung.platform.errors import PermissionDenied

from .selectors import get_job


def _job(request, pk):
    try:
        return get_job(request.user, pk)
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
