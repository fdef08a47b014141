"""Service levels in working days and their evaluation for one complaint on a day: every due date,
the deadline now running, on time / at risk / breached, escalation, auto-close and reopening. Every
deadline is a date in the tenant's local time, counted by lindung.domain.workdays.WorkCalendar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..workdays import WorkCalendar, as_day
from .policy import GrievancePolicy, ServiceLevel
from .vocabulary import (
    CLOSED,
    DIBUKA_KEMBALI,
    DIJAWAB,
    DIPROSES,
    DITERIMA,
    HAMPIR_JATUH_TEMPO,
    STEP_FOLLOW_UP,
    STEP_RESPONSE,
    TEPAT_WAKTU,
    TERLAMBAT,
    GrievanceError,
    check_move,
)

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class StatusChange:
    status: str  # the status moved to
    at: date | datetime
    actor: str | None = None


@dataclass(frozen=True)
class SlaReport:
    status: str
    service_level: ServiceLevel
    received_on: date
    response_due: date  # batas_tanggapan
    responded_on: date | None
    follow_up_due: date | None  # set once the complaint has been taken up (or reopened)
    answered_on: date | None  # the latest answer
    auto_close_due: date | None  # last day the reporter may reply to the latest answer
    closed_on: date | None
    open_step: str | None  # the deadline now running: STEP_RESPONSE, STEP_FOLLOW_UP, or None
    due: date | None  # its date
    state: str  # TEPAT_WAKTU | HAMPIR_JATUH_TEMPO | TERLAMBAT
    late_steps: tuple[str, ...]  # deadlines met late (or still open and passed)
    escalate: bool  # to the head of the labour agency
    should_auto_close: bool  # DIJAWAB and the reporter's window has passed
    may_reopen: bool  # DIJAWAB and the reporter is still within the window
    at_risk_on: date | None = None  # the first day the running deadline is HAMPIR_JATUH_TEMPO


def at_risk_from(due: date, at_risk_days: int, calendar: WorkCalendar) -> date:
    """The first day on which a deadline `due` is at risk: the earliest day d with at most
    `at_risk_days` working days in (d, due]. Stored beside the deadline, it lets a database filter
    "at risk" exactly as `evaluate` decides it (weekends and holidays before the deadline included)."""
    day = due
    while calendar.working_days_between(day - _ONE_DAY, due) <= at_risk_days:
        day -= _ONE_DAY
    return day


def due_dates(
    received_at: date | datetime, category: str, *, policy: GrievancePolicy, calendar: WorkCalendar
) -> tuple[ServiceLevel, date]:
    """The service level in force on the day of receipt and the response deadline (batas_tanggapan)."""
    received = as_day(received_at)
    level = policy.service_level(category, received)
    return level, calendar.add_working_days(received, level.response_days)


def evaluate(
    received_at: date | datetime,
    category: str,
    now: date | datetime,
    history: Sequence[StatusChange],
    *,
    policy: GrievancePolicy,
    calendar: WorkCalendar,
) -> SlaReport:
    """Deadlines and their state for one complaint on `now` (local time).

    `history` lists the status changes after receipt in order (a leading DITERIMA entry is allowed);
    it must follow TRANSITIONS, or GrievanceError says where it does not. The first move out of
    DITERIMA is the first response; DIJAWAB is the follow-up (answer); DIBUKA_KEMBALI starts a new
    follow-up deadline counted from the day it was reopened."""
    level, response_due = due_dates(received_at, category, policy=policy, calendar=calendar)
    received = as_day(received_at)
    today = as_day(now)
    if today < received:
        raise GrievanceError("tanggal evaluasi sebelum tanggal pengaduan diterima")
    status = DITERIMA
    last = received
    responded_on = follow_up_due = answered_on = auto_close_due = closed_on = None
    late: list[str] = []
    changes = list(history)
    if changes and changes[0].status == DITERIMA:
        if as_day(changes[0].at) != received:
            raise GrievanceError("tanggal DITERIMA pada riwayat berbeda dengan tanggal diterima")
        changes = changes[1:]
    for change in changes:
        day = as_day(change.at)
        try:
            check_move(status, change.status, change.actor)
        except GrievanceError as exc:
            raise GrievanceError(f"riwayat tidak sah pada {day.isoformat()}: {exc}") from None
        if day < last:
            raise GrievanceError(
                f"riwayat tidak urut: {change.status} pada {day.isoformat()} sebelum {last.isoformat()}"
            )
        if day > today:
            raise GrievanceError(f"riwayat memuat tanggal setelah tanggal evaluasi: {day.isoformat()}")
        if status == DITERIMA:
            responded_on = day
            if day > response_due:
                late.append(STEP_RESPONSE)
            follow_up_due = calendar.add_working_days(day, level.follow_up_days)
        if change.status == DIJAWAB:
            answered_on = day
            if follow_up_due is not None and day > follow_up_due:
                late.append(STEP_FOLLOW_UP)
            auto_close_due = calendar.add_working_days(day, level.auto_close_days)
        elif change.status == DIBUKA_KEMBALI:
            follow_up_due = calendar.add_working_days(day, level.follow_up_days)
            auto_close_due = None
        elif change.status in CLOSED:
            closed_on = day
        status = change.status
        last = day

    open_step, due = None, None
    if status == DITERIMA:
        open_step, due = STEP_RESPONSE, response_due
    elif status in (DIPROSES, DIBUKA_KEMBALI):
        open_step, due = STEP_FOLLOW_UP, follow_up_due
    if due is not None:
        if today > due:
            state = TERLAMBAT
            late.append(open_step)
        elif calendar.working_days_between(today, due) <= level.at_risk_days:
            state = HAMPIR_JATUH_TEMPO
        else:
            state = TEPAT_WAKTU
        escalate = state == TERLAMBAT or (
            level.escalate_at == HAMPIR_JATUH_TEMPO and state == HAMPIR_JATUH_TEMPO
        )
    else:
        state = TERLAMBAT if late else TEPAT_WAKTU
        escalate = False
    waiting = status == DIJAWAB and auto_close_due is not None
    return SlaReport(
        status=status,
        service_level=level,
        received_on=received,
        response_due=response_due,
        responded_on=responded_on,
        follow_up_due=follow_up_due,
        answered_on=answered_on,
        auto_close_due=auto_close_due if status == DIJAWAB else None,
        closed_on=closed_on,
        open_step=open_step,
        due=due,
        state=state,
        late_steps=tuple(dict.fromkeys(late)),
        escalate=escalate,
        should_auto_close=waiting and today > auto_close_due,
        may_reopen=waiting and today <= auto_close_due,
        at_risk_on=at_risk_from(due, level.at_risk_days, calendar) if due is not None else None,
    )
