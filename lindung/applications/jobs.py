"""Background jobs of the application workflow (registered when the app is ready)."""

from lindung.jobs import registry

from .models import BulkUpload
from .services import bulk_intake


@registry.handler(bulk_intake.JOB_KIND)
def run_bulk_intake(job, progress) -> dict:
    upload = BulkUpload.objects.select_related("cycle__programme__tenant").get(pk=job.params["upload"])
    return bulk_intake.import_upload(job.created_by, bulk=upload, progress=progress)
