"""The background job of the claims page: import an uploaded claim report (registered when the app is ready)."""

from lindung.jobs import registry
from lindung.platform import storage
from lindung.platform.files import check_limits

from . import exchange
from .models import ClaimImport
from .services import imports


@registry.handler(imports.JOB_KIND)
def run_claim_import(job, progress) -> dict:
    found = ClaimImport.objects.select_related("programme__tenant").get(pk=job.params["import"])
    path = storage.absolute(found.path)
    check_limits(path, found.file_name)  # an upload: its size, rows and unzipped size, before any parser runs
    rows = exchange.read_claims(found.programme, path, name=found.file_name)
    outcome = imports.import_claims(job.created_by, programme=found.programme, rows=rows, file_name=found.file_name,
                                    progress=progress)
    relative, path = storage.new_output("hasil-klaim", "csv")
    exchange.write_result(outcome.lines, path)
    found.result_path, found.counts = relative, outcome.summary()
    found.save(update_fields=["result_path", "counts"])
    return found.counts
