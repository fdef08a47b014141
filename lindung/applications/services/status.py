"""The one door for an application's status: every step moves applications only along the edges of
the status machine (lindung.applications.models.TRANSITIONS), here, with the audit trail. Permission is
each step's business (each has its own owner); the edge is checked here, for everyone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from lindung.audit import services as audit

from ..models import Application, Cycle, can_move

S = Application.Status


class ApplicationInvalid(ValueError):
    """Field -> message, every problem at once (forms show them beside the fields)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class TransitionRefused(ValueError):
    """An application cannot move that way from where it stands."""


class StepRefused(ValueError):
    """A workflow step that cannot be taken now; the message says why, in Bahasa Indonesia."""


@dataclass
class RowProblem:
    """A row of a file-driven step (BPJS answer, KPJ answer) that was not applied, and why."""

    row: int
    nik: str
    reason: str


def required_reason(text: str, what: str) -> str:
    """A decision's written reason, which the person affected will read: never empty."""
    text = (text or "").strip()
    if not text:
        raise StepRefused(f"Tuliskan alasan {what}.")
    return text[:2000]


def move(actor, *, application: Application, target: str, action: str, reason: str = "", **changes) -> Application:
    """Move one application along an edge of the status machine, with the audit trail. Permission is
    the caller's business (each step has its own owner); the edge is checked here, for everyone."""
    if not can_move(application.status, target):
        raise TransitionRefused(
            f"Usulan berstatus {application.get_status_display()} tidak dapat menjadi {S(target).label}."
        )
    before = audit.snapshot(application)
    application.status = target
    application.status_reason = reason
    for name, value in changes.items():
        setattr(application, name, value)
    application.save()
    old, new = audit.changed(before, audit.snapshot(application))
    audit.record(actor, action, application, before=old, after=new, tenant=application.cycle.tenant)
    return application


def move_many(actor, *, cycle: Cycle, ids: list[int], source: str | Iterable[str], target: str, action: str,
              **changes) -> int:
    """Move many applications of a cycle at once (BPJS check, consolidation, decree): one UPDATE and one
    audit event listing them. Only those still in `source` move; returns how many did."""
    sources = [source] if isinstance(source, str) else list(source)
    for s in sources:
        if not can_move(s, target):
            raise TransitionRefused(f"{s} tidak dapat menjadi {target}")
    moved = 0
    for start in range(0, len(ids), 900):  # SQLite's parameter limit
        chunk = ids[start:start + 900]
        moved += Application.objects.filter(cycle=cycle, id__in=chunk, status__in=sources).update(
            status=target, updated_at=timezone.now(), **changes)
    audit.record(actor, action, cycle, tenant=cycle.tenant,
                 before={"status": sources}, after={"status": target, "count": moved, "applications": ids, **changes})
    return moved
