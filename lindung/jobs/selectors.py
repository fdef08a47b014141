from lindung.platform.errors import PermissionDenied

from .models import Job


def get_job(user, job_id) -> Job:
    """A job is visible to who started it and to superusers (its result may hold personal data)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not (user.is_superuser or job.created_by_id == user.id):
        raise PermissionDenied("Pekerjaan tidak ditemukan.")
    return job
