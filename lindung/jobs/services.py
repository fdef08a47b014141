"""Submitting and running background jobs (django-tasks with the database backend: no broker)."""

from __future__ import annotations

import logging
import time
import traceback

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone

from lindung.audit import services as audit

from . import registry
from .actions import Action
from .models import Job

log = logging.getLogger(__name__)


class JobProgress:
    """A progress callback that writes to the Job row, at most every `interval` seconds.

    Long jobs do their work inside one transaction (a failed import must leave nothing behind), and a
    progress row written in that transaction is invisible to the page polling it until the very end.
    On PostgreSQL progress therefore goes through a connection of its own, which also keeps it off a
    connection that may be busy streaming a COPY. SQLite allows one writer at a time, so there progress
    shares the job's connection and shows at commit."""

    def __init__(self, job: Job, interval: float = 0.5):
        self.job = job
        self.interval = interval
        self._last = 0.0
        self._side = None

    def __call__(self, done: int, total: int | None, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last < self.interval and (total is None or done < total):
            return
        self._last = now
        if connection.vendor == "postgresql":
            self._write_aside(done, total, message[:200])
        else:
            Job.objects.filter(pk=self.job.pk).update(progress_done=done, progress_total=total, message=message[:200])

    def _write_aside(self, done: int, total: int | None, message: str) -> None:
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self._side.cursor() as cursor:
                # If the job's own transaction holds the row, waiting would wait on ourselves: skip instead.
                cursor.execute("SET lock_timeout = '200ms'")
        try:
            with self._side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Job._meta.db_table} SET progress_done = %s, progress_total = %s, message = %s "
                    "WHERE id = %s",
                    [done, total, message, self.job.pk],
                )
        except DatabaseError:
            log.info("progress of job %s not written (row busy)", self.job.pk)

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def submit(kind: str, *, title: str, actor, tenant=None, params: dict | None = None, input_file: str = "") -> Job:
    """Create a job and queue it; returns at once. The worker (`lindung db_worker`) runs it."""
    from .tasks import run_job

    registry.get(kind)  # fail now, not in the worker, if nobody handles this kind
    job = Job.objects.create(
        kind=kind, title=title, params=params or {}, input_file=input_file, tenant=tenant or getattr(actor, "tenant", None),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor, Action.JOB_SUBMIT, job, after={"kind": kind, "params": params or {}})
    transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


def execute(job_id: str) -> Job:
    """Run one job to completion; failures are stored on the job, never lost."""
    job = Job.objects.get(pk=job_id)
    if job.status not in (Job.Status.MENUNGGU,):
        return job
    job.status, job.started_at = Job.Status.BERJALAN, timezone.now()
    job.save(update_fields=["status", "started_at"])
    progress = JobProgress(job)
    try:
        result = registry.get(job.kind)(job, progress)
    except Exception as exc:  # noqa: BLE001 - every failure must reach the user, whatever it is
        log.exception("job %s failed", job.pk)
        job.refresh_from_db()
        job.status, job.error = Job.Status.GAGAL, f"{exc}\n\n{traceback.format_exc()}"[:10000]
        job.message = str(exc)[:200]
    else:
        job.refresh_from_db()
        job.status, job.result = Job.Status.SELESAI, result
        if job.progress_total:
            job.progress_done = job.progress_total
    finally:
        progress.close()
    job.finished_at = timezone.now()
    job.save()
    return job
