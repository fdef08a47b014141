"""Service levels of one stored complaint, read through the domain (lindung.domain.grievance.evaluate):
its status history as the domain reads it, the full evaluation on a day, and the state of the running
deadline from the dates stored at the last step. Read-only: services and selectors both use it."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from lindung.domain import grievance as g

from .models import Complaint, Event, SlaState
from .tenant_rules import TenantRules, local


def history(complaint: Complaint) -> list[g.StatusChange]:
    """The status changes in order, as the domain reads them (local time)."""
    return [g.StatusChange(e.status, local(e.at), e.actor_kind)
            for e in complaint.events.filter(kind=Event.Kind.STATUS).order_by("at", "id")]


def evaluate(complaint: Complaint, rules: TenantRules, now: datetime | None = None,
             changes: list[g.StatusChange] | None = None) -> g.SlaReport:
    """`changes`: the history when the caller knows it (a complaint just received has none yet)."""
    return g.evaluate(local(complaint.received_at), complaint.category, local(now or timezone.now()),
                      history(complaint) if changes is None else changes, policy=rules.policy,
                      calendar=rules.calendar)


def state(complaint: Complaint, today: date | None = None) -> str | None:
    """On time / at risk / breached for the running deadline (None when none runs), from the dates
    the domain stored at the last step (the same answer as `evaluate`, without reading the history)."""
    if complaint.due_on is None:
        return None
    today = today or timezone.localdate()
    if today > complaint.due_on:
        return SlaState.TERLAMBAT
    if complaint.at_risk_on is not None and today >= complaint.at_risk_on:
        return SlaState.HAMPIR_JATUH_TEMPO
    return SlaState.TEPAT_WAKTU
