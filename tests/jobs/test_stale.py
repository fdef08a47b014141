"""Finding 7 of issue 12: a worker killed with `kill -9` leaves its job "berjalan". Such a job is detected
(its process is gone; on PostgreSQL its heartbeat stops), shown as failed, and can be run again; the
duplicate-file guard of bulk intake lets the same file in again when its earlier run died."""

from __future__ import annotations

import signal
import socket
import subprocess
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lindung.applications.models import Application, BulkUpload
from lindung.applications.services import bulk_intake
from lindung.audit.models import AuditEvent
from lindung.jobs import registry, services
from lindung.jobs.models import Job


@registry.handler("test-count")
def _count(job, progress):
    progress(1, 1, "dihitung")
    return {"ok": True}


def killed_worker() -> str:
    """The id of a worker process that was killed with SIGKILL (and reaped), as the job records it."""
    process = subprocess.Popen(["sleep", "60"])
    process.send_signal(signal.SIGKILL)
    process.wait()
    return f"{socket.gethostname()}:{process.pid}"


def orphan(job: Job, worker: str) -> Job:
    """What `kill -9` of the worker leaves: the job marked running by a process that no longer exists."""
    Job.objects.filter(pk=job.pk).update(status=Job.Status.BERJALAN, worker=worker, started_at=timezone.now(),
                                         heartbeat_at=timezone.now())
    job.refresh_from_db()
    return job


def test_a_job_whose_worker_was_killed_is_stale_and_runs_again(users, client, django_capture_on_commit_callbacks):
    job = services.submit("test-count", title="Hitung", actor=users["labour"])  # queued, not run
    job = orphan(job, killed_worker())
    assert services.is_stale(job)
    client.force_login(users["labour"])
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status["status"] == Job.Status.GAGAL and status["finished"] and "terhenti" in status["message"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:rerun", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts) == (Job.Status.SELESAI, {"ok": True}, 1)
    assert AuditEvent.objects.filter(action="job.rerun", target_id=str(job.pk)).exists()


def test_a_live_worker_is_not_stale(users):
    job = orphan(services.submit("test-count", title="Hitung", actor=users["labour"]), services.worker_id())
    assert not services.is_stale(job)
    with pytest.raises(ValueError):
        services.rerun(users["labour"], job)  # a running job is not run twice


def test_silence_past_the_heartbeat_window_is_stale_for_a_worker_on_another_host(users, settings):
    settings.LINDUNG_JOB_STALE_SECONDS = 60
    job = orphan(services.submit("test-count", title="Hitung", actor=users["labour"]), "mesin-lain:4242")
    assert not services.is_stale(job)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=61))
    job.refresh_from_db()
    assert services.is_stale(job)


def test_the_command_line_marks_and_reruns(users, capsys):
    from django.core.management import call_command

    job = orphan(services.submit("test-count", title="Hitung", actor=users["labour"]), killed_worker())
    call_command("jobs", "stale")
    assert "ditandai gagal" in capsys.readouterr().out
    call_command("jobs", "rerun", str(job.pk), "--now")
    job.refresh_from_db()
    assert job.status == Job.Status.SELESAI


def test_the_same_file_after_a_killed_intake_is_taken_again(users, tmp_path, django_capture_on_commit_callbacks):
    from tests.registers.conftest import applicant, write_csv
    from tests.workflow import factories

    cycle = factories.open_cycle(users["labour"], factories.programme(users["labour"]))
    today = timezone.localdate().isoformat()
    path = write_csv(tmp_path / "usulan.csv", [applicant(tanggal_daftar=today) for _ in range(3)])
    upload = lambda: bulk_intake.start_upload(users["labour"], cycle=cycle,  # noqa: E731
                                              upload=SimpleUploadedFile("usulan.csv", path.read_bytes()))
    first, created = upload()  # queued; the worker then dies in the middle of it
    assert created
    orphan(first.job, killed_worker())
    with django_capture_on_commit_callbacks(execute=True):
        again, created = upload()
    assert created and again.pk == first.pk and BulkUpload.objects.count() == 1
    again.refresh_from_db()
    assert again.job.status == Job.Status.SELESAI and again.counts["created"] == 3 == Application.objects.count()
    # Finished: the same file is now refused as a duplicate, as before.
    assert upload() == (again, False)
