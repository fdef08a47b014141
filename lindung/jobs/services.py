"""Submitting and running background jobs (django-tasks with the database backend: no broker)."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from datetime import timedelta

from django.conf import settings
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
        self._lock = threading.Lock()

    def __call__(self, done: int, total: int | None, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last < self.interval and (total is None or done < total):
            return
        self._last = now
        if connection.vendor == "postgresql":
            self._write_aside(done, total, message[:200])
        else:
            Job.objects.filter(pk=self.job.pk).update(progress_done=done, progress_total=total, message=message[:200],
                                                      heartbeat_at=timezone.now())

    def _aside(self):
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self._side.cursor() as cursor:
                # If the job's own transaction holds the row, waiting would wait on ourselves: skip instead.
                cursor.execute("SET lock_timeout = '200ms'")
        return self._side

    def _write_aside(self, done: int, total: int | None, message: str) -> None:
        with self._lock:
            try:
                with self._aside().cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {Job._meta.db_table} SET progress_done = %s, progress_total = %s, message = %s, "
                        "heartbeat_at = %s WHERE id = %s",
                        [done, total, message, timezone.now(), self.job.pk],
                    )
            except DatabaseError:
                log.info("progress of job %s not written (row busy)", self.job.pk)

    def beat(self) -> None:
        """Show life on a connection of its own (PostgreSQL), whatever the job itself is doing."""
        with self._lock:
            try:
                with self._aside().cursor() as cursor:
                    cursor.execute(f"UPDATE {Job._meta.db_table} SET heartbeat_at = %s WHERE id = %s",
                                   [timezone.now(), self.job.pk])
            except DatabaseError:
                log.info("heartbeat of job %s not written (row busy)", self.job.pk)

    def close(self) -> None:
        with self._lock:
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


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def execute(job_id: str) -> Job:
    """Run one job to completion; failures are stored on the job, never lost. A job is claimed by one
    worker only (the status moves from "menunggu" in one UPDATE)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.MENUNGGU).update(
        status=Job.Status.BERJALAN, started_at=now, heartbeat_at=now, worker=worker_id()[:100])
    job = Job.objects.get(pk=job_id)
    if not claimed:
        return job
    progress = JobProgress(job)
    stop = _heartbeat(progress)
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
        stop.set()
        progress.close()
    job.finished_at = timezone.now()
    job.save()
    return job


def _heartbeat(progress: JobProgress) -> threading.Event:
    """On PostgreSQL a thread beats every HEARTBEAT seconds while the job runs (its own connection: the
    job's transaction cannot hide it). SQLite holds one host only: there the worker's process id tells
    a dead worker (is_stale)."""
    stop = threading.Event()
    if connection.vendor != "postgresql":
        return stop

    def beat() -> None:
        while not stop.wait(heartbeat_seconds()):
            progress.beat()

    threading.Thread(target=beat, daemon=True, name=f"heartbeat-{progress.job.pk}").start()
    return stop


def heartbeat_seconds() -> int:
    return getattr(settings, "LINDUNG_JOB_HEARTBEAT_SECONDS", 30)


def stale_after() -> timedelta:
    """A running job silent for this long has lost its worker (10 heartbeats by default)."""
    return timedelta(seconds=getattr(settings, "LINDUNG_JOB_STALE_SECONDS", 10 * heartbeat_seconds()))


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another account
        return True
    try:  # a killed child its parent has not reaped yet is a zombie: dead all the same
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def is_stale(job: Job) -> bool:
    """A job still marked "berjalan" whose worker is gone: its process no longer exists (same host), or,
    where heartbeats are written (PostgreSQL), none came for `stale_after()`."""
    if job.status != Job.Status.BERJALAN:
        return False
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and not _process_alive(int(pid)):
        return True
    if connection.vendor == "postgresql" or (host and host != socket.gethostname()):
        last = job.heartbeat_at or job.started_at
        return last is None or timezone.now() - last > stale_after()
    return False


STALE_MESSAGE = "Pekerjaan terhenti sebelum selesai (proses pekerja berhenti); tidak ada perubahan yang tersimpan. Jalankan ulang."


def fail_if_stale(job: Job) -> Job:
    """Mark a job whose worker died as failed, so that it shows as such and may be run again."""
    if is_stale(job):
        Job.objects.filter(pk=job.pk, status=Job.Status.BERJALAN).update(
            status=Job.Status.GAGAL, message=STALE_MESSAGE[:200], error=STALE_MESSAGE, finished_at=timezone.now())
        job.refresh_from_db()
    return job


def fail_stale_jobs() -> list[Job]:
    """Every running job whose worker died, marked failed (`lindung jobs stale`)."""
    return [job for job in Job.objects.filter(status=Job.Status.BERJALAN) if fail_if_stale(job).status == Job.Status.GAGAL]


def needs_rerun(job: Job) -> bool:
    return fail_if_stale(job).status == Job.Status.GAGAL


@transaction.atomic
def rerun(actor, job: Job) -> Job:
    """Queue a failed job again, with the same input. Its handler's work is one transaction, so a failed
    or killed run left nothing behind to undo."""
    from .tasks import run_job

    job = fail_if_stale(job)
    if job.status != Job.Status.GAGAL:
        raise ValueError("Hanya pekerjaan yang gagal atau terhenti yang dapat dijalankan ulang.")
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.MENUNGGU, progress_done=0, progress_total=None, message="", error="", result=None,
        started_at=None, finished_at=None, worker="", heartbeat_at=None, attempts=job.attempts + 1)
    job.refresh_from_db()
    audit.record(actor, Action.JOB_RERUN, job, tenant=job.tenant, after={"kind": job.kind, "attempt": job.attempts})
    transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job
