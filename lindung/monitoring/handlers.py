"""The background job that computes the monitoring figures (registered with lindung.jobs)."""

from lindung.jobs.registry import handler

from .services.refresh import JOB_KIND, refresh


@handler(JOB_KIND)
def compute_figures(job, progress) -> dict:
    snapshot = refresh(job.created_by, progress=progress)
    return {"snapshot": snapshot.pk, "as_of": snapshot.as_of.isoformat(), "figures": snapshot.figures,
            "seconds": str(snapshot.seconds)}
