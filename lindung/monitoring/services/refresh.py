"""Computing the monitoring figures (a snapshot): once a day, on demand, or from `lindung monitoring
refresh`. Pages read the latest finished snapshot only, so a page never aggregates a million rows and
a half-computed snapshot is never shown."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from lindung.accounts.permissions import can_refresh_monitoring, require
from lindung.audit import services as audit
from lindung.domain.progress import Progress, silent
from lindung.jobs import services as jobs
from lindung.jobs.models import Job

from ..actions import Action
from ..compute import applications, participants
from ..models import Figure, Snapshot

JOB_KIND = "monitoring"
STALE_RUN = timedelta(hours=2)  # a run still "berjalan" after this is taken as dead; a failed one is retried


def refresh(actor, *, on: date | None = None, moment: datetime | None = None,
            progress: Progress = silent) -> Snapshot:
    """Compute every figure for `on` (today by default) in one transaction; older snapshots go. Waiting
    times run to `moment` (now by default). `actor` None is the system's daily run."""
    require(actor is None or can_refresh_monitoring(actor), "Hanya TVEM dan Dinas Tenaga Kerja yang dapat menghitung ulang.")
    on = on or timezone.localdate()
    previous = Snapshot.objects.filter(status=Snapshot.Status.SELESAI).order_by("-started_at").first()
    snapshot = Snapshot.objects.create(as_of=on)
    started, now = time.monotonic(), moment or timezone.now()
    steps = (
        ("Usulan per status", lambda: applications.status_figures(snapshot.id)),
        ("Tahap terjauh", lambda: applications.reached_figures(snapshot.id)),
        ("Lama di setiap tahap", lambda: applications.stay_figures(snapshot.id, now)),
        ("Hasil penilaian", lambda: applications.decision_figures(snapshot.id)),
        ("Alasan per pasal", lambda: applications.reason_figures(snapshot.id)),
        ("Ciri pengusul", lambda: applications.profile_figures(snapshot.id, on)),
        ("Ciri peserta aktif", lambda: participants.profile_figures(snapshot.id, on)),
        ("Peserta per bulan", lambda: participants.monthly_figures(snapshot.id, on)),
        ("Realisasi iuran", lambda: participants.money_figures(snapshot.id)),
    )
    try:
        with transaction.atomic():
            progress(0, len(steps), "Membaca jejak audit tahapan")
            entries = applications.index_stage_entries(previous.started_at - timedelta(days=1) if previous else None)
            figures = 0
            for done, (label, step) in enumerate(steps):
                progress(done, len(steps), label)
                figures += step()
            snapshot.status, snapshot.finished_at, snapshot.figures = Snapshot.Status.SELESAI, timezone.now(), figures
            snapshot.seconds = round(time.monotonic() - started, 2)
            snapshot.save()
            old = Snapshot.objects.exclude(pk=snapshot.pk).exclude(status=Snapshot.Status.BERJALAN)
            Figure.objects.filter(snapshot__in=old).delete()
            old.delete()
    except Exception:
        Snapshot.objects.filter(pk=snapshot.pk).update(status=Snapshot.Status.GAGAL, finished_at=timezone.now())
        raise
    analyse()
    progress(len(steps), len(steps), "Selesai")
    audit.record(actor, Action.MONITORING_REFRESH, snapshot, after={
        "as_of": on, "figures": snapshot.figures, "seconds": snapshot.seconds, "stage_entries_read": entries})
    return snapshot


def analyse() -> None:
    """Fresh planner statistics for the figures just replaced (PostgreSQL picks hash aggregates for the
    pages' grouped reads only when it knows how many rows a snapshot holds)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Figure._meta.db_table)}")


def ensure_fresh() -> Job | None:
    """Queue today's computation when the latest figures are older than today and none is under way
    (the first monitoring page of the day asks for it). Returns the job queued, if any."""
    today = timezone.localdate()
    if Snapshot.objects.filter(status=Snapshot.Status.SELESAI, as_of__gte=today).exists():
        return None
    # One under way, or one that failed lately (it is not retried on every page view: the job says why).
    recent = timezone.now() - STALE_RUN
    if Snapshot.objects.exclude(status=Snapshot.Status.SELESAI).filter(started_at__gte=recent).exists():
        return None
    if Job.objects.filter(kind=JOB_KIND, status__in=(Job.Status.MENUNGGU, Job.Status.BERJALAN),
                          created_at__gte=timezone.now() - STALE_RUN).exists():
        return None
    return request_refresh(None)


def request_refresh(actor) -> Job:
    """Queue a computation in the background worker (a million rows take seconds, not a page view)."""
    require(actor is None or can_refresh_monitoring(actor), "Hanya TVEM dan Dinas Tenaga Kerja yang dapat menghitung ulang.")
    return jobs.submit(JOB_KIND, title="Menghitung angka monitoring", actor=actor)
