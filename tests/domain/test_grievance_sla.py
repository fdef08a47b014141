"""Service levels in working days: deadlines, at risk / breached, escalation, auto-close, reopening."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.domain import grievance as g

from .grievance_helpers import CAL, FRIDAY, POLICY, change
from .grievance_helpers import override as _override

# -- service levels ------------------------------------------------------------------------------------


def evaluate(category, now, history=(), received=FRIDAY, policy=POLICY):
    return g.evaluate(received, category, now, list(history), policy=policy, calendar=CAL)


@pytest.mark.parametrize(
    "today, state, escalate",
    [
        (date(2026, 1, 9), g.TEPAT_WAKTU, False),
        (date(2026, 1, 12), g.TEPAT_WAKTU, False),
        (date(2026, 1, 13), g.HAMPIR_JATUH_TEMPO, False),
        (date(2026, 1, 14), g.HAMPIR_JATUH_TEMPO, False),
        (date(2026, 1, 15), g.TERLAMBAT, True),
    ],
)
def test_response_deadline_states(today, state, escalate):
    report = evaluate(g.IURAN, today)
    assert report.response_due == date(2026, 1, 14)
    assert report.open_step == g.STEP_RESPONSE
    assert (report.state, report.escalate) == (state, escalate)


def test_work_accident_on_sunday_is_due_monday():
    sunday = date(2026, 1, 11)
    report = evaluate(g.KECELAKAAN_KERJA, sunday, received=sunday)
    assert report.response_due == date(2026, 1, 12)
    assert report.state == g.HAMPIR_JATUH_TEMPO
    late = evaluate(g.KECELAKAAN_KERJA, date(2026, 1, 13), received=sunday)
    assert (late.state, late.escalate, late.late_steps) == (g.TERLAMBAT, True, (g.STEP_RESPONSE,))


def test_escalation_when_at_risk_is_data():
    levels = POLICY.params.value("service_levels", date(2026, 1, 1))
    strict = POLICY.with_overrides(
        _override(
            "service_levels",
            {**levels, "KECELAKAAN_KERJA": {"response": 0, "escalate_at": "HAMPIR_JATUH_TEMPO"}},
        )
    )
    report = evaluate(g.KECELAKAAN_KERJA, date(2026, 1, 12), received=date(2026, 1, 12), policy=strict)
    assert (report.state, report.escalate) == (g.HAMPIR_JATUH_TEMPO, True)


def test_follow_up_is_counted_from_the_first_response():
    history = [change(g.DITERIMA, FRIDAY), change(g.DIPROSES, date(2026, 1, 12), g.PETUGAS)]
    report = evaluate(g.IURAN, date(2026, 1, 15), history)
    assert report.responded_on == date(2026, 1, 12)
    assert report.follow_up_due == date(
        2026, 1, 20
    )  # Mon 12 + 5: Tue 13, Wed 14, Thu 15, (Fri 16 Isra Mikraj), Mon 19, Tue 20
    assert report.open_step == g.STEP_FOLLOW_UP
    assert report.state == g.TEPAT_WAKTU


def test_late_answer_is_remembered_but_not_escalated_once_answered():
    history = [change(g.DIPROSES, date(2026, 1, 12)), change(g.DIJAWAB, date(2026, 1, 22))]
    report = evaluate(g.IURAN, date(2026, 1, 22), history)
    assert report.late_steps == (g.STEP_FOLLOW_UP,)
    assert report.state == g.TERLAMBAT
    assert not report.escalate
    assert report.open_step is None


def test_answered_at_the_desk_the_same_day():
    report = evaluate(g.LAINNYA, FRIDAY, [change(g.DIJAWAB, FRIDAY)])
    assert report.responded_on == report.answered_on == FRIDAY
    assert report.state == g.TEPAT_WAKTU
    assert report.late_steps == ()


def test_auto_close_ten_working_days_after_the_answer():
    history = [change(g.DIPROSES, date(2026, 1, 12)), change(g.DIJAWAB, date(2026, 1, 13))]
    due = CAL.add_working_days(date(2026, 1, 13), 10)
    assert due == date(2026, 1, 28)  # 16 Jan (Isra Mikraj) is not counted
    on_the_day = evaluate(g.IURAN, due, history)
    assert on_the_day.auto_close_due == due
    assert on_the_day.may_reopen and not on_the_day.should_auto_close
    after = evaluate(g.IURAN, date(2026, 1, 29), history)
    assert after.should_auto_close and not after.may_reopen
    closed = evaluate(
        g.IURAN, date(2026, 1, 29), [*history, change(g.DITUTUP_OTOMATIS, date(2026, 1, 29), g.SISTEM)]
    )
    assert closed.status == g.DITUTUP_OTOMATIS
    assert closed.closed_on == date(2026, 1, 29)
    assert not closed.should_auto_close and not closed.may_reopen


def test_reopened_complaint_gets_a_new_follow_up_deadline():
    history = [
        change(g.DIPROSES, date(2026, 1, 12)),
        change(g.DIJAWAB, date(2026, 1, 13)),
        change(g.DIBUKA_KEMBALI, date(2026, 1, 20), g.PELAPOR),
    ]
    report = evaluate(g.IURAN, date(2026, 1, 21), history)
    assert report.status == g.DIBUKA_KEMBALI
    assert report.follow_up_due == CAL.add_working_days(date(2026, 1, 20), 5)
    assert report.open_step == g.STEP_FOLLOW_UP
    assert report.auto_close_due is None
    answered = evaluate(g.IURAN, date(2026, 1, 22), [*history, change(g.DIJAWAB, date(2026, 1, 22))])
    assert answered.auto_close_due == CAL.add_working_days(date(2026, 1, 22), 10)


@pytest.mark.parametrize(
    "history, message",
    [
        ([change(g.SELESAI, date(2026, 1, 12))], "tidak dapat diubah"),
        ([change(g.DIPROSES, date(2026, 1, 13)), change(g.DIJAWAB, date(2026, 1, 12))], "tidak urut"),
        ([change(g.DIPROSES, date(2026, 2, 1))], "setelah tanggal evaluasi"),
        ([change(g.DIPROSES, date(2026, 1, 12), g.PELAPOR)], "tidak boleh"),
        ([change(g.DITERIMA, date(2026, 1, 8))], "berbeda"),
    ],
)
def test_invalid_histories_are_refused(history, message):
    with pytest.raises(g.GrievanceError, match=message):
        evaluate(g.IURAN, date(2026, 1, 20), history)


def test_rules_of_the_day_of_receipt_apply():
    levels = POLICY.params.value("service_levels", date(2026, 1, 1))
    tenant = POLICY.with_overrides(
        _override("service_levels", {**levels, "IURAN": {"response": 1}}, "2026-01-12")
    )
    assert evaluate(g.IURAN, date(2026, 1, 12), policy=tenant).response_due == date(2026, 1, 14)
    assert evaluate(
        g.IURAN, date(2026, 1, 12), received=date(2026, 1, 12), policy=tenant
    ).response_due == date(2026, 1, 13)


@settings(deadline=None)  # the first example of a year loads its holidays: slow once, on a busy machine
@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=0, max_value=30),
    st.sampled_from(sorted(g.CATEGORIES)),
)
def test_state_follows_the_deadline(received, days_later, category):
    today = date.fromordinal(received.toordinal() + days_later)
    report = evaluate(category, today, received=received)
    assert CAL.is_working_day(report.response_due)
    assert (report.state == g.TERLAMBAT) == (today > report.response_due) == report.escalate


@settings(deadline=None)
@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=0, max_value=20),
    st.sampled_from(sorted(g.CATEGORIES)),
)
def test_at_risk_day_is_where_evaluate_says_at_risk(received, days_later, category):
    """The stored first at-risk day filters exactly as evaluate() decides (a database can sort and
    filter worklists without evaluating every row)."""
    today = date.fromordinal(received.toordinal() + days_later)
    report = evaluate(category, today, received=received)
    assert report.at_risk_on <= report.due
    if today <= report.due:
        assert (report.state == g.HAMPIR_JATUH_TEMPO) == (today >= report.at_risk_on)


def test_at_risk_over_a_weekend_and_a_holiday():
    # Received Tue 13 Jan 2026: Wed 14, Thu 15, (Fri 16 Isra Mikraj, weekend), Mon 19 = due. One working
    # day left from Thursday on: at risk through the holiday and the weekend.
    report = evaluate(g.IURAN, date(2026, 1, 13), received=date(2026, 1, 13))
    assert report.due == date(2026, 1, 19)
    assert report.at_risk_on == date(2026, 1, 15)
    assert evaluate(g.IURAN, date(2026, 1, 14), received=date(2026, 1, 13)).state == g.TEPAT_WAKTU
    assert evaluate(g.IURAN, date(2026, 1, 17), received=date(2026, 1, 13)).state == g.HAMPIR_JATUH_TEMPO
