"""The periodic duties no one clicks: close a complaint whose reporter stayed silent past the window
after the answer (DITUTUP_OTOMATIS), and escalate a complaint whose running deadline is breached (or
at risk, where the tenant's data says so) to the head of the labour agency.

Run by `lindung complaints sweep` (cron or a systemd timer: see docs/GRIEVANCE.md). It is idempotent:
a complaint is escalated once per deadline, closed once; running it twice a day changes nothing more.
Each complaint is handled in its own transaction, so one broken record never stops the others."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from lindung.domain import grievance as g
from lindung.tenants.models import Tenant

from ..actions import Action
from ..models import OPEN_STATUSES, Complaint, Event, Status
from ..tenant_rules import rules_for
from .common import add_event, evaluate, move, record, snapshot


@dataclass
class SweepResult:
    auto_closed: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)


def sweep(*, now: datetime | None = None, tenant: Tenant | None = None) -> SweepResult:
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = SweepResult()
    tenants = [tenant] if tenant else list(Tenant.objects.filter(complaints__isnull=False).distinct())
    for each in tenants:
        rules = rules_for(each)
        waiting = Complaint.objects.filter(tenant=each, status=Status.DIJAWAB, auto_close_due__lt=today)
        for complaint in waiting.order_by("id"):
            with transaction.atomic():
                if evaluate(complaint, rules, now).should_auto_close:
                    move(None, complaint, Status.DITUTUP_OTOMATIS, actor_kind=g.SISTEM,
                         action=Action.COMPLAINT_AUTO_CLOSE, rules=rules, now=now,
                         reason="pelapor tidak menanggapi jawaban dalam batas waktu")
                    result.auto_closed.append(complaint.number)
        candidates = (Complaint.objects.filter(tenant=each, status__in=OPEN_STATUSES, at_risk_on__lte=today)
                      .filter(Q(escalated_due__isnull=True) | ~Q(escalated_due=F("due_on"))))
        for complaint in candidates.order_by("due_on", "id"):
            with transaction.atomic():
                if _escalate(complaint, rules, now):
                    result.escalated.append(complaint.number)
    return result


def _escalate(complaint: Complaint, rules, now: datetime) -> bool:
    report = evaluate(complaint, rules, now)
    if not report.escalate:
        return False
    before = snapshot(complaint)
    complaint.escalated_at = now
    complaint.escalated_due = report.due
    complaint.late = bool(report.late_steps)
    complaint.save(update_fields=["escalated_at", "escalated_due", "late", "updated_at"])
    state = g.TERLAMBAT if report.state == g.TERLAMBAT else g.HAMPIR_JATUH_TEMPO
    add_event(complaint, Event.Kind.ESKALASI, actor=None, actor_kind=g.SISTEM, at=now,
              reason=f"batas {report.open_step} {report.due:%d-%m-%Y}: {state}", batas=report.due.isoformat(),
              keadaan=state)
    record(None, Action.COMPLAINT_ESCALATE, complaint, before, batas=report.due, keadaan=state)
    return True
