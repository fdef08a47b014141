"""The status flow with its history and audit trail, the reporter's window, auto-close after silence and
escalation of breached deadlines to the head of the labour agency (`lindung complaints sweep`)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from lindung.audit.models import AuditEvent
from lindung.grievance import selectors
from lindung.grievance.dashboard import complaint_inbox
from lindung.grievance.models import Status
from lindung.grievance.services import handle, reporter
from lindung.grievance.services.common import ComplaintRefused
from lindung.grievance.services.sweep import sweep
from lindung.grievance.tenant_rules import rules_for

from .conftest import at


def test_every_step_is_in_the_history_and_the_audit_trail(complain, users):
    complaint = complain("KEPESERTAAN")
    bpjs = users["bpjs"]
    handle.take_up(bpjs, complaint=complaint, note="cek data kepesertaan")
    handle.answer(bpjs, complaint=complaint, text="Data sudah diperbaiki.")
    reporter.reopen(complaint=complaint, reason="Kartu belum saya terima")
    handle.answer(bpjs, complaint=complaint, text="Kartu dikirim ke kelurahan.")
    reporter.accept_answer(complaint=complaint)
    statuses = list(complaint.events.filter(kind="status").values_list("status", flat=True))
    assert statuses == ["DITERIMA", "DIPROSES", "DIJAWAB", "DIBUKA_KEMBALI", "DIJAWAB", "SELESAI"]
    actions = list(AuditEvent.objects.filter(target_id=str(complaint.pk), target_type="grievance.complaint")
                   .order_by("id").values_list("action", "actor_name"))
    assert actions[0] == ("complaint.receive", "disnaker")
    assert ("complaint.reopen", "pelapor") in actions and actions[-1] == ("complaint.close", "pelapor")
    # Exactly one resolution: the latest answer, which the tracking page shows.
    assert complaint.comments.filter(is_resolution=True).get().text == "Kartu dikirim ke kelurahan."
    assert selectors.tracked_view(complaint).answer == "Kartu dikirim ke kelurahan."
    with pytest.raises(ComplaintRefused):
        handle.take_up(bpjs, complaint=complaint)  # SELESAI is final


def test_reassignment_needs_a_reason(complain, users, make_user):
    from lindung.accounts.models import Role
    from lindung.grievance.services.common import ComplaintInvalid

    second = make_user("bpjs2", Role.BPJS)
    complaint = complain("KLAIM_MANFAAT")
    handle.assign(users["bpjs"], complaint=complaint, officer=users["bpjs"])
    with pytest.raises(ComplaintInvalid, match="alasan"):
        handle.assign(users["bpjs"], complaint=complaint, officer=second)
    handle.assign(users["bpjs"], complaint=complaint, officer=second, reason="cuti")
    event = complaint.events.filter(kind="tugaskan").last()
    assert event.reason == "cuti" and event.details["ke"] == "bpjs2"


def test_silence_closes_the_complaint_after_the_window(complain, users):
    complaint = complain("IURAN")
    handle.answer(users["labour"], complaint=complaint, text="Iuran sudah dibayar bulan ini.")
    calendar = rules_for(complaint.tenant).calendar
    answered = timezone.localtime(complaint.answered_at).date()
    assert complaint.auto_close_due == calendar.add_working_days(answered, 10)
    on_last_day = timezone.make_aware(timezone.datetime.combine(complaint.auto_close_due, timezone.datetime.min.time()))
    assert sweep(now=on_last_day + timedelta(hours=12)).auto_closed == []
    result = sweep(now=on_last_day + timedelta(days=1, hours=12))
    complaint.refresh_from_db()
    assert result.auto_closed == [complaint.number] and complaint.status == Status.DITUTUP_OTOMATIS
    assert complaint.events.filter(status="DITUTUP_OTOMATIS", actor_kind="sistem").exists()
    with pytest.raises(ComplaintRefused):
        reporter.reopen(complaint=complaint, reason="terlambat membalas")


def test_the_reporter_cannot_reopen_after_the_window(complain, users):
    complaint = complain("IURAN")
    handle.answer(users["labour"], complaint=complaint, text="Sudah.")
    complaint.auto_close_due = timezone.localdate() - timedelta(days=1)  # as if the window had passed
    complaint.save()
    # The domain decides from the history, not from the stored date: still inside the window today.
    reporter.reopen(complaint=complaint, reason="belum")
    assert complaint.status == Status.DIBUKA_KEMBALI


def test_breached_deadlines_are_escalated_once_to_the_head(complain, users, head):
    late = complain("IURAN", when=at(2026, 1, 13, 10, 0))  # due Mon 19 Jan 2026: long passed
    on_time = complain("IURAN")
    assert complaint_inbox(head) and not any("dieskalasi" in i.text for i in complaint_inbox(head))
    first = sweep()
    assert first.escalated == [late.number]
    late.refresh_from_db()
    assert late.escalated_at and late.late and late.escalated_due == late.response_due
    assert late.events.filter(kind="eskalasi").count() == 1
    assert AuditEvent.objects.filter(action="complaint.escalate", target_id=str(late.pk)).count() == 1
    assert sweep().escalated == []  # once per deadline
    assert any("1 pengaduan dieskalasi kepada Anda" in i.text for i in complaint_inbox(head))
    assert not any("dieskalasi" in i.text for i in complaint_inbox(users["labour"]))
    escalated = selectors.in_view(selectors.visible_complaints(head), "terbuka").filter(escalated_at__isnull=False)
    assert [c.number for c in escalated] == [late.number]
    # Taken up late: the response step stays late; the follow-up deadline escalates in its turn.
    handle.take_up(users["labour"], complaint=late)
    assert late.late and late.open_step == "tindak_lanjut"
    beyond = timezone.now() + timedelta(days=30)
    assert set(sweep(now=beyond).escalated) == {late.number, on_time.number}
    late.refresh_from_db()
    assert late.events.filter(kind="eskalasi").count() == 2 and late.escalated_due == late.due_on


def test_sweep_command(complain, capsys):
    complain("IURAN", when=at(2026, 1, 13, 10, 0))
    call_command("complaints", "sweep")
    assert "dieskalasi: 1" in capsys.readouterr().out
