"""What every complaint service shares: the refusals, who acted, the one door for status changes (the
domain's machine, lindung.domain.grievance.TRANSITIONS and ACTORS), and the service-level dates
recomputed by the domain's `evaluate` after every step."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from lindung.audit import services as audit
from lindung.domain import grievance as g

from ..models import Complaint, Event, Status
from ..sla import evaluate
from ..tenant_rules import TenantRules, rules_for

# Only the workflow's fields enter the audit trail: never the reporter's identity (kept apart in
# Reporter), never the text (an illegal-levy report may name its author between the lines).
AUDIT_FIELDS = ["status", "handler_kind", "handler_agency", "handler_region", "head_only", "assigned_to",
                "response_due", "due_on", "late", "escalated_at", "auto_close_due", "person", "application",
                "participant"]


class ComplaintInvalid(ValueError):
    """Field -> message, every problem at once (forms show them beside the fields)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


class ComplaintRefused(ValueError):
    """A step that cannot be taken now; the message says why, in Bahasa Indonesia."""


class Pelapor:
    """The reporter acting from the public tracking page (no account): named so in the audit trail."""

    is_authenticated = False
    tenant = None

    def __str__(self) -> str:
        return "pelapor"


REPORTER = Pelapor()


def user_of(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def name_of(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        return actor.get_full_name() or actor.get_username()
    return str(actor or g.SISTEM)


def snapshot(complaint: Complaint) -> dict:
    return audit.snapshot(complaint, AUDIT_FIELDS)


def record(actor, action: str, complaint: Complaint, before: dict | None = None, **after) -> None:
    """One audit event: the workflow fields that changed since `before`, plus `after`'s extras."""
    old, new = audit.changed(before, snapshot(complaint)) if before is not None else ({}, {})
    audit.record(actor, action, complaint,
                 before=old or None, after={**new, **after} or None, tenant=complaint.tenant)


def add_event(complaint: Complaint, kind: str, *, actor, actor_kind: str, at: datetime | None = None,
              status: str = "", reason: str = "", **details) -> Event:
    return Event.objects.create(
        complaint=complaint, at=at or timezone.now(), kind=kind, status=status, actor=user_of(actor),
        actor_kind=actor_kind, actor_name=name_of(actor)[:150], reason=reason, details=details,
    )


def refresh_sla(complaint: Complaint, rules: TenantRules, now: datetime | None = None,
                changes: list[g.StatusChange] | None = None) -> g.SlaReport:
    """Store what the domain says of the complaint now: the running deadline, its first at-risk day,
    the reporter's window after an answer, and whether any step was late."""
    report = evaluate(complaint, rules, now, changes)
    complaint.response_due = report.response_due
    complaint.open_step = report.open_step or ""
    complaint.due_on = report.due
    complaint.at_risk_on = report.at_risk_on
    complaint.auto_close_due = report.auto_close_due
    complaint.late = bool(report.late_steps)
    return report


def move(actor, complaint: Complaint, target: str, *, actor_kind: str, action: str, reason: str = "",
         rules: TenantRules | None = None, now: datetime | None = None, **details) -> Complaint:
    """Move a complaint along an edge of the domain's machine, taken by `actor_kind` (petugas, pelapor,
    sistem), with its history event, fresh service-level dates and the audit trail. Permission is the
    caller's business; the edge and who may take it are checked here, for everyone."""
    if not g.can_move(complaint.status, target, actor_kind):
        raise ComplaintRefused(
            f"Pengaduan berstatus {Status(complaint.status).label} tidak dapat menjadi {Status(target).label}."
        )
    now = now or timezone.now()
    before = snapshot(complaint)
    complaint.status = target
    if target == Status.DIJAWAB:
        complaint.answered_at = now
    if target in (Status.SELESAI, Status.DITUTUP_OTOMATIS):
        complaint.closed_at = now
    add_event(complaint, Event.Kind.STATUS, actor=actor, actor_kind=actor_kind, at=now, status=target,
              reason=reason, **details)
    refresh_sla(complaint, rules or rules_for(complaint.tenant), now)
    complaint.save()
    record(actor, action, complaint, before, **({"alasan": reason} if reason else {}))
    return complaint
