"""Background job handlers of the engine (registered when the app loads: EngineConfig.ready)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lindung.jobs.models import Job
from lindung.jobs.registry import handler

from . import selectors, services
from .models import ReferenceDataset
from .screening import screen
from .selectors import DATASET_IMPORT_JOB, SCREENING_JOB


@handler(SCREENING_JOB)
def run_screening(job: Job, progress) -> dict:
    params = job.params
    poverty = ReferenceDataset.objects.get(pk=params["poverty"])
    bpjs = ReferenceDataset.objects.get(pk=params["bpjs"])
    folder = Path(job.input_file).parent
    out, table = folder / "hasil.csv", folder / "hasil.parquet"
    summary = screen(params["ruleset"], job.input_file, poverty.path, bpjs.path, out, progress=progress,
                     dedupe=params.get("dedupe", True), table_out=table, reviews=selectors.pair_reviews(job.tenant))
    Job.objects.filter(pk=job.pk).update(output_file=str(out))
    return {
        "ruleset": summary.ruleset, "rows": summary.rows, "by_decision": summary.by_decision,
        "by_reason": summary.by_reason, "table": str(table), "timings": summary.timings, "dedupe": summary.dedupe,
        "poverty": {"id": poverty.pk, "snapshot_date": poverty.snapshot_date.isoformat()},
        "bpjs": {"id": bpjs.pk, "snapshot_date": bpjs.snapshot_date.isoformat()},
    }


@handler(DATASET_IMPORT_JOB)
def run_dataset_import(job: Job, progress) -> dict:
    params = job.params
    dataset = services.import_reference_dataset(
        job.created_by, kind=params["kind"], path=job.input_file, original_name=params["original_name"],
        snapshot_date=date.fromisoformat(params["snapshot_date"]), mapping=params.get("mapping") or None,
        tenant=job.tenant, progress=progress,
    )
    return {"dataset": dataset.pk, "rows": dataset.row_count, "stored": dataset.stored_count}
