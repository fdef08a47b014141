"""Background jobs of intake (registered when the app is ready)."""

from lindung.jobs import registry

from . import bulk
from .models import BulkUpload


@registry.handler(bulk.JOB_KIND)
def run_bulk_intake(job, progress) -> dict:
    upload = BulkUpload.objects.select_related("cycle__programme__tenant").get(pk=job.params["upload"])
    return bulk.import_upload(job.created_by, upload, progress)
