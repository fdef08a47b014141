"""Computing the daily figures: the stage index reads what the workflow services really write to the
audit trail, only once; today's computation is queued by the first page of the day; a failed one leaves
the previous figures in place."""

import pytest

from lindung.applications.services import bpjs_check, submit, verify
from lindung.audit.models import AuditEvent
from lindung.jobs.models import Job
from lindung.monitoring.models import Figure, Snapshot, StageEntry, Topic
from lindung.monitoring.services import refresh as refreshing
from lindung.platform.errors import PermissionDenied
from tests.workflow import factories
from tests.workflow.conftest import poor  # noqa: F401 - the registers as a fixture


@pytest.fixture
def workflow(users, poor):  # noqa: F811
    programme = factories.programme(users["labour"], code="bpp-alur")
    cycle = factories.open_cycle(users["labour"], programme)
    approved = submit.submit_application(users["lurah"], cycle=cycle, data=factories.applicant("Siti Aminah"))
    rejected = submit.submit_application(users["lurah"], cycle=cycle, data=factories.applicant("Budi Santoso", sex="L"))
    verify.approve(users["lurah"], application=approved)
    verify.reject(users["lurah"], application=rejected, reason="Tidak tinggal di alamat KTP")
    bpjs_check.start_bpjs_check(users["labour"], cycle=cycle)
    return cycle, approved, rejected


def test_the_stage_index_reads_what_the_workflow_services_write(workflow, users):
    cycle, approved, rejected = workflow
    refreshing.refresh(users["tvem"])
    assert list(StageEntry.objects.filter(application=approved).order_by("entered_at", "event_id")
                .values_list("status", flat=True)) == ["DIVERIFIKASI", "CEK_BPJS"]
    assert list(StageEntry.objects.filter(application=rejected).values_list("status", flat=True)) == ["DITOLAK"]
    reached = dict(Figure.objects.filter(topic=Topic.USULAN_TAHAP, cycle=cycle).values_list("key", "count"))
    assert reached == {"2": 1, "1": 1}  # sent to BPJS is still "verified"; the rejected one stopped at 1
    assert AuditEvent.objects.filter(action="monitoring.refresh").count() == 1


def test_events_are_indexed_once_and_new_ones_are_added(workflow, users):
    cycle, approved, _ = workflow
    refreshing.refresh(users["tvem"])
    first = StageEntry.objects.count()
    refreshing.refresh(users["labour"])
    assert StageEntry.objects.count() == first
    assert Snapshot.objects.count() == 1  # the older figures went
    third = submit.submit_application(users["lurah"], cycle=cycle, data=factories.applicant("Ani Lestari"))
    verify.approve(users["lurah"], application=third)
    refreshing.refresh(None)
    assert StageEntry.objects.count() == first + 1


def test_only_the_tvem_and_the_labour_agency_ask_for_a_computation(workflow, users):
    for role in ("auditor", "bpjs", "lurah", "dinsos"):
        with pytest.raises(PermissionDenied):
            refreshing.refresh(users[role])
        with pytest.raises(PermissionDenied):
            refreshing.request_refresh(users[role])


def test_the_first_page_of_the_day_queues_the_computation(db, users, client, django_capture_on_commit_callbacks):
    client.force_login(users["auditor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/monitoring/")
    assert Job.objects.filter(kind="monitoring", status=Job.Status.SELESAI).count() == 1
    assert Snapshot.objects.filter(status=Snapshot.Status.SELESAI).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/monitoring/cakupan/")
    assert Job.objects.filter(kind="monitoring").count() == 1  # today's figures exist: nothing queued


def test_compute_again_now_from_the_page(db, users, client, django_capture_on_commit_callbacks):
    client.force_login(users["tvem"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/monitoring/hitung-ulang/", {"next": "/monitoring/cakupan/"})
    assert response.status_code == 302 and response["Location"] == "/monitoring/cakupan/"
    assert Job.objects.filter(kind="monitoring", created_by=users["tvem"]).exists()
    client.force_login(users["auditor"])
    assert client.post("/monitoring/hitung-ulang/").status_code == 403


def test_a_failed_computation_keeps_the_previous_figures(workflow, users, monkeypatch):
    before = refreshing.refresh(users["tvem"])
    figures = Figure.objects.count()

    def broken(snapshot_id, on):
        raise RuntimeError("disk full")

    monkeypatch.setattr(refreshing.participants, "profile_figures", broken)
    with pytest.raises(RuntimeError):
        refreshing.refresh(users["tvem"])
    assert Figure.objects.count() == figures and Figure.objects.filter(snapshot=before).count() == figures
    assert Snapshot.objects.get(pk=before.pk).status == Snapshot.Status.SELESAI
    assert Snapshot.objects.filter(status=Snapshot.Status.GAGAL).count() == 1
