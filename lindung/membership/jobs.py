"""Background job of membership: assigning a budget year's participants to funding sources (a programme of
10^5 participants takes seconds; the page follows the job's progress)."""

from __future__ import annotations

from lindung.jobs.models import Job
from lindung.jobs.registry import handler
from lindung.programs.models import Programme

from .services.funding import assign_funding

FUNDING_JOB = "funding_assignment"


@handler(FUNDING_JOB)
def run_assignment(job: Job, progress) -> dict:
    programme = Programme.objects.get(pk=job.params["programme"])
    r = assign_funding(job.created_by, programme=programme, year=int(job.params["year"]), progress=progress)
    return {"programme": programme.code, "year": r.year, "candidates": r.candidates, "assigned": r.assigned,
            "changed": r.changed, "unfunded": r.unfunded, "not_billed": r.not_billed,
            "used": {str(k): v for k, v in r.used.items()}, "seconds": round(r.seconds, 1)}
