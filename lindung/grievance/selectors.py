"""Reading complaints, always through the user's scope (DESIGN.md §3, Pasal 13).

- BPJS officers see complaints routed to BPJS; an agency officer those routed to their agency; a
  Camat/Lurah officer those routed to a kelurahan in their area;
- the labour agency sees every complaint of its tenant (complaints go through it) except the sealed
  ones its head handles; the head of the labour agency and auditors see them all;
- TVEM members read statistics only (lindung.grievance.statistics), not complaints.
"Not in your scope" and "does not exist" are the same DoesNotExist (the views answer 404).

The reporter's identity of a sealed complaint is given only to the head of the labour agency and
auditors (`reporter_of`), and what the complaint is linked to only within the reader's own scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lindung.accounts.models import Role, User
from lindung.accounts.permissions import (
    can_read_complaints,
    can_see_sealed_reporter,
    is_labour_agency_head,
    is_staff_user,
)
from lindung.applications.selectors import visible_applications
from lindung.domain import grievance as g
from lindung.people.selectors import visible_persons
from lindung.platform.errors import PermissionDenied
from lindung.programs.models import Programme
from lindung.tenants.models import Tenant

from . import sla as levels
from .models import OPEN_STATUSES, Attachment, Comment, Complaint, Event, HandlerKind, Reporter, Status
from .permissions import may_be_assigned
from .tenant_rules import rules_for


def visible_complaints(user) -> QuerySet[Complaint]:
    if not is_staff_user(user):
        raise PermissionDenied("Silakan masuk terlebih dahulu.")
    if not can_read_complaints(user):
        return Complaint.objects.none()
    qs = Complaint.objects.all()
    if not (user.is_superuser and not user.tenant_id):
        qs = qs.filter(tenant_id=user.tenant_id)
    if is_labour_agency_head(user) or (user.role == Role.AUDITOR and not user.is_superuser):
        return qs
    qs = qs.filter(head_only=False)
    if user.is_superuser or user.role == Role.DISNAKER:
        return qs
    if user.role == Role.BPJS:
        return qs.filter(handler_kind=HandlerKind.BPJS)
    if user.role == Role.PERANGKAT_DAERAH:
        return qs.filter(handler_kind=HandlerKind.PERANGKAT_DAERAH, handler_agency_id=user.agency_id)
    if user.role == Role.KEWILAYAHAN:
        inside = (Q(handler_region_id=user.region_id) if user.region.level == 4
                  else Q(handler_region__code__startswith=user.region_id + "."))
        return qs.filter(inside, handler_kind=HandlerKind.KELURAHAN)
    return qs.none()  # a role that reads complaints but has no rule here sees none (fail closed)


def get_complaint(user, pk: int) -> Complaint:
    found = (visible_complaints(user).select_related("tenant", "handler_agency", "handler_region", "assigned_to",
                                                     "received_by").filter(pk=pk).first())
    if found is None:
        raise Complaint.DoesNotExist
    return found


def get_attachment(user, complaint_pk: int, pk: int) -> Attachment:
    complaint = get_complaint(user, complaint_pk)
    found = complaint.attachments.filter(pk=pk).first()
    if found is None:
        raise Attachment.DoesNotExist
    return found


# --- One complaint ---------------------------------------------------------------------------------


def identity_sealed_for(user, complaint: Complaint) -> bool:
    return complaint.sealed and not can_see_sealed_reporter(user)


def reporter_of(user, complaint: Complaint) -> Reporter | None:
    """Who complained, for a reader who may know; None for a sealed complaint otherwise (and for a
    sealed one even then: the head and auditors open it through handle.reveal_reporter, audited)."""
    if complaint.sealed:
        return None
    return Reporter.objects.select_related("kelurahan", "occupation").filter(complaint=complaint).first()


@dataclass
class Concerns:
    """What the complaint concerns, as far as the reader's own scope shows it."""

    person: object = None
    application: object = None
    participant: object = None
    hidden: bool = False  # linked to something the reader may not see (or sealed)


def concerns(user, complaint: Complaint) -> Concerns:
    if identity_sealed_for(user, complaint):
        return Concerns(hidden=bool(complaint.person_id or complaint.application_id))
    out = Concerns()
    if complaint.person_id:
        out.person = visible_persons(user).filter(pk=complaint.person_id).first()
        out.hidden |= out.person is None
    if complaint.application_id:
        out.application = (visible_applications(user).select_related("cycle__programme", "agency", "kelurahan")
                           .filter(pk=complaint.application_id).first())
        out.hidden |= out.application is None
    if complaint.participant_id and out.person is not None:
        out.participant = complaint.participant
    return out


def history_of(complaint: Complaint) -> QuerySet[Event]:
    return complaint.events.select_related("actor").order_by("at", "id")


def comments_of(complaint: Complaint) -> QuerySet[Comment]:
    return complaint.comments.select_related("author").order_by("created_at", "id")


def resolution_of(complaint: Complaint) -> Comment | None:
    return complaint.comments.filter(is_resolution=True).first()


def sla_report(complaint: Complaint):
    """Every due date of the complaint and where it stands today (the domain's evaluation)."""
    return levels.evaluate(complaint, rules_for(complaint.tenant))


def officers_for(complaint: Complaint) -> QuerySet[User]:
    """Who the complaint can be given to: the active officers of its handling office."""
    candidates = User.objects.filter(is_active=True, tenant_id=complaint.tenant_id).select_related("region")
    return User.objects.filter(pk__in=[u.pk for u in candidates if may_be_assigned(u, complaint)]).order_by(
        "first_name", "username")


# --- Worklists -------------------------------------------------------------------------------------

VIEWS = {"terbuka": OPEN_STATUSES, "dijawab": (Status.DIJAWAB,), "ditutup": (Status.SELESAI, Status.DITUTUP_OTOMATIS),
         "semua": None}
SLA_FILTERS = {
    "terlambat": lambda today: Q(due_on__lt=today),
    "hampir": lambda today: Q(at_risk_on__lte=today, due_on__gte=today),
    "tepat": lambda today: Q(at_risk_on__gt=today),
}


def in_view(qs: QuerySet[Complaint], view: str) -> QuerySet[Complaint]:
    statuses = VIEWS.get(view, OPEN_STATUSES)
    return qs if statuses is None else qs.filter(status__in=statuses)


def by_sla(qs: QuerySet[Complaint], sla: str, today: date) -> QuerySet[Complaint]:
    return qs.filter(SLA_FILTERS[sla](today)) if sla in SLA_FILTERS else qs


def by_officer(qs: QuerySet[Complaint], user, mine: str) -> QuerySet[Complaint]:
    if mine == "saya":
        return qs.filter(assigned_to=user)
    if mine == "belum":
        return qs.filter(assigned_to__isnull=True)
    return qs


def by_number(qs: QuerySet[Complaint], text: str) -> QuerySet[Complaint]:
    """A ticket number (any spelling of it) or an SP4N-LAPOR! tracking number."""
    text = text.strip()
    if not text:
        return qs
    number = g.normalize_ticket_number(text)
    return qs.filter(number=number) if number else qs.filter(lapor_number=text)


def open_counts(user, today: date | None = None) -> dict[str, int]:
    """How many open complaints the user's scope holds: by status, by service-level state, unassigned,
    the user's own, escalated. Open complaints are few; the counts use the (tenant, status) index."""
    today = today or timezone.localdate()
    qs = visible_complaints(user).filter(status__in=OPEN_STATUSES)
    counts = dict.fromkeys(OPEN_STATUSES, 0)
    counts.update(dict(qs.values_list("status").annotate(n=Count("id")).order_by()))
    answered = visible_complaints(user).filter(status=Status.DIJAWAB).count()
    summary = qs.aggregate(
        terlambat=Count("id", filter=SLA_FILTERS["terlambat"](today)),
        hampir=Count("id", filter=SLA_FILTERS["hampir"](today)),
        belum=Count("id", filter=Q(assigned_to__isnull=True)),
        saya=Count("id", filter=Q(assigned_to=user) if getattr(user, "pk", None) else Q(pk__in=[])),
        eskalasi=Count("id", filter=Q(escalated_at__isnull=False)),
    )
    return {**{str(k): v for k, v in counts.items()}, "terbuka": sum(counts.values()), "dijawab": answered, **summary}


# --- Public tracking -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tracked:
    """What the reporter learns (minimal disclosure): status, the deadline now running, the handling
    office, and the answer. Never the text, the reporter's identity, or who handles it by name."""

    pk: int
    number: str
    category: str
    status: str
    status_code: str
    received_on: date
    due_on: date | None
    office: str
    answer: str
    may_reply: bool
    reply_until: date | None


def public_tenants() -> list[Tenant]:
    """The governments a worker can complain to: those running a programme (all, before any runs)."""
    running = list(Tenant.objects.filter(Exists(Programme.objects.filter(tenant=OuterRef("pk")))).order_by("name"))
    return running or list(Tenant.objects.order_by("name"))


def tenant_for_region(code: str) -> Tenant | None:
    """Where a complaint from a region code goes (the API has no tenant field): the government whose
    region holds it, the deepest when a province and its city both run programmes; with no code, the
    only government taking complaints. None when that is ambiguous or unknown: the caller asks."""
    code = (code or "").strip()
    candidates = public_tenants()
    if not code:
        return candidates[0] if len(candidates) == 1 else None
    holding = [t for t in candidates if code == t.region_id or code.startswith(t.region_id + ".")]
    return max(holding, key=lambda t: len(t.region_id), default=None)


def public_complaint(number: str) -> Complaint | None:
    """A complaint by its ticket number alone (the API's GET /pengaduan/{nomor}): only its number, status
    and response deadline are ever shown from it (lindung.api.public), never text or reporter."""
    canonical = g.normalize_ticket_number(number)
    return Complaint.objects.filter(number=canonical).first() if canonical else None


def track(number: str, phone: str) -> Complaint | None:
    """The complaint with this ticket number whose reporter gave this phone number; None for both
    "no such number" and "another phone" (the page says the same either way, and is rate-limited)."""
    canonical, key = g.normalize_ticket_number(number), g.phone_key(phone)
    if not canonical or not key:
        return None
    return (Complaint.objects.select_related("handler_agency", "handler_region")
            .filter(number=canonical, reporter__phone_key=key).first())


def tracked_view(complaint: Complaint, today: date | None = None) -> Tracked:
    today = today or timezone.localdate()
    answer = resolution_of(complaint)
    window = complaint.status == Status.DIJAWAB and complaint.auto_close_due is not None
    return Tracked(
        pk=complaint.pk, number=complaint.number, category=complaint.get_category_display(),
        status=complaint.get_status_display(), status_code=complaint.status,
        received_on=timezone.localtime(complaint.received_at).date(), due_on=complaint.due_on,
        office=complaint.office_name, answer=answer.text if answer else "",
        may_reply=window and today <= complaint.auto_close_due,
        reply_until=complaint.auto_close_due if window else None,
    )


def receipt(pks: list[int]) -> list[Complaint]:
    """Complaints received in this browser session (their ids were kept in the session): the public
    receipt and the desk's printable slip."""
    return list(Complaint.objects.select_related("handler_agency", "handler_region", "tenant").filter(pk__in=pks))
