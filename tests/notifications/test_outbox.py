"""The notification outbox: workers are told when their application moves; sending retries and logs."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from lindung.applications.services import submit, verify
from lindung.notifications import services
from lindung.notifications.models import Message
from lindung.notifications.phones import normalize_phone
from lindung.notifications.senders import FileSender, SendFailed
from tests.workflow import factories


@pytest.mark.parametrize(("raw", "number"), [("0812-3456-7890", "+6281234567890"), ("+62 812 3456 7890", "+6281234567890"),
                                             ("6281234567890", "+6281234567890"), ("0542 123456", ""), ("", "")])
def test_phone_numbers_as_gateways_want_them(raw, number):
    assert normalize_phone(raw) == number


def test_a_worker_is_told_when_the_application_is_sent_back(users, settings, tmp_path,
                                                             django_capture_on_commit_callbacks):
    settings.DATA_DIR = tmp_path
    programme = factories.programme(users["labour"])
    cycle = factories.open_cycle(users["labour"], programme)
    a = submit.submit_application(users["lurah"], cycle=cycle, data=factories.applicant(serial=9801, phone="0812 3456 7890"))
    with django_capture_on_commit_callbacks(execute=True):  # after the commit, the sending job runs
        verify.send_back(users["lurah"], application=a, reason="Surat domisili belum ada")
    message = Message.objects.get()
    assert message.phone == "+6281234567890" and a.reference in message.text and "Surat domisili" in message.text
    assert message.purpose == "application.send_back" and len(message.text) <= 200
    sent = [json.loads(line) for line in (tmp_path / "outbox" / "messages.jsonl").read_text().splitlines()]
    assert sent == [{"to": "+6281234567890", "text": message.text}]
    assert message.status == Message.Status.TERKIRIM and services.deliver_due()["terkirim"] == 0


def test_failures_retry_with_backoff_then_give_up_and_can_be_sent_again(users, balikpapan, settings, tmp_path,
                                                                       django_capture_on_commit_callbacks):
    settings.DATA_DIR = tmp_path
    class Down:
        def send(self, phone, text):
            raise SendFailed("gerbang tidak dapat dihubungi")

    message = Message.objects.create(tenant=balikpapan, phone="+6281234567890", text="x", purpose="application.reject",
                                     next_attempt_at=timezone.now())
    now = timezone.now()
    for attempt in range(1, 6):
        assert services.deliver_due(sender=Down(), now=now)["dicoba_lagi" if attempt < 5 else "gagal"] == 1
        message.refresh_from_db()
        now = (message.next_attempt_at or now) + timedelta(seconds=1)
    assert message.status == Message.Status.GAGAL and message.attempts == 5 and "tidak dapat" in message.last_error
    with django_capture_on_commit_callbacks(execute=True):
        services.retry(users["labour"], message=message)
    message.refresh_from_db()
    assert message.status == Message.Status.TERKIRIM  # sent by the job the retry queued (inline in tests)


def test_the_log_page_is_for_the_labour_agency_and_the_auditor(client, users, balikpapan):
    Message.objects.create(tenant=balikpapan, phone="+6281234567890", text="Halo", purpose="application.reject",
                           status=Message.Status.GAGAL, last_error="gerbang menjawab 500")
    client.force_login(users["labour"])
    page = client.get("/pesan/").content.decode()
    assert "gerbang menjawab 500" in page and "Usulan ditolak" in page and "+62812****890" in page
    client.force_login(users["lurah"])
    assert client.get("/pesan/").status_code == 403


def test_the_file_sender_keeps_the_outbox_private(tmp_path):
    FileSender(tmp_path / "outbox" / "m.jsonl").send("+6281234567890", "x")
    assert oct((tmp_path / "outbox" / "m.jsonl").stat().st_mode & 0o777) == "0o600"


def test_the_reporter_is_told_when_the_complaint_is_answered(users):
    """Issue 13: "when a complaint is answered, a message to the worker's phone is queued"."""
    from lindung.grievance.models import Complaint
    from lindung.grievance.services import handle

    complaint = Complaint.objects.get(number=_file_complaint(users))
    handle.answer(users["bpjs"], complaint=complaint, text="Kartu KPJ Anda sudah terbit; ambil di kantor cabang.")
    message = Message.objects.get(purpose="complaint.answer")
    assert message.phone == "+6281299998888" and complaint.number in message.text
    assert "KPJ" not in message.text  # the answer is read on the tracking page, not in an SMS


def _file_complaint(users) -> str:
    from django.utils import timezone

    from lindung.grievance.services.receive import Received, receive

    received = Received("DARING", "KEPESERTAAN", "Kartu peserta belum saya terima sejak Januari.", timezone.now(),
                        name="Sumiati", phone="0812-9999-8888")
    return receive(None, tenant=users["labour"].tenant, received=received).number
