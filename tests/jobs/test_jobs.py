import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from lindung.audit.models import AuditEvent
from lindung.jobs import registry, services
from lindung.jobs.models import Job


@registry.handler("test-sum")
def _sum(job, progress):
    numbers = job.params["numbers"]
    for i, _ in enumerate(numbers, 1):
        progress(i, len(numbers), "menjumlah")
    return {"total": sum(numbers)}


@registry.handler("test-fail")
def _fail(job, progress):
    progress(1, 3, "hampir")
    raise ValueError("berkas rusak pada baris 7")


def test_a_job_runs_to_done_with_its_result(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.submit("test-sum", title="Jumlah", actor=users["labour"], params={"numbers": [1, 2, 3]})
    job.refresh_from_db()
    assert (job.status, job.result, job.percent) == (Job.Status.SELESAI, {"total": 6}, 100)
    assert AuditEvent.objects.filter(action="job.submit", target_id=str(job.pk)).exists()


def test_a_failure_is_kept_on_the_job_with_its_message(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.submit("test-fail", title="Gagal", actor=users["labour"])
    job.refresh_from_db()
    assert job.status == Job.Status.GAGAL
    assert job.message == "berkas rusak pada baris 7" and "ValueError" in job.error


def test_an_unknown_kind_is_refused_before_queueing(users):
    with pytest.raises(LookupError):
        services.submit("no-such-kind", title="?", actor=users["labour"])
    assert not Job.objects.exists()


def test_only_the_owner_sees_a_job(users):
    from lindung.accounts.permissions import PermissionDenied
    from lindung.jobs.selectors import get_job

    job = Job.objects.create(kind="test-sum", title="x", created_by=users["labour"])
    assert get_job(users["labour"], job.pk) == job
    with pytest.raises(PermissionDenied):
        get_job(users["dinsos"], job.pk)


@pytest.mark.django_db(transaction=True)
def test_progress_inside_a_long_transaction_is_visible_to_the_polling_page():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has one writer, progress shows at commit there")
    job = Job.objects.create(kind="test-sum", title="x")
    progress = services.JobProgress(job, interval=0)
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with transaction.atomic():
            progress(40, 100, "menyimpan")
            with reader.cursor() as cursor:
                cursor.execute("SELECT progress_done, message FROM jobs_job WHERE id = %s", [job.pk])
                assert cursor.fetchone() == (40, "menyimpan")
    finally:
        progress.close()
        reader.close()
