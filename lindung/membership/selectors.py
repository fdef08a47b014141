"""Reading memberships through the user's programmes (tenant scope, DESIGN.md §3)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery, Sum

from lindung.accounts.permissions import can_follow_programmes, can_read_participant_letters
from lindung.people.models import normalize_name
from lindung.programs.models import Programme
from lindung.programs.selectors import visible_programmes

from .models import FundingAssignment, MembershipPeriod, Participant, TerminationProposal


def visible_participants(user) -> QuerySet[Participant]:
    """The participants of the user's programmes (labour agency, TVEM, BPJS, auditor), each annotated with
    its latest membership period: `period_start`, `period_end` (None: still covered) and `end_reason`."""
    if not can_follow_programmes(user):
        return Participant.objects.none()
    latest = MembershipPeriod.objects.filter(participant=OuterRef("pk")).order_by("-start")
    return (Participant.objects.filter(programme__in=visible_programmes(user))
            .annotate(period_start=Subquery(latest.values("start")[:1]), period_end=Subquery(latest.values("end")[:1]),
                      end_reason=Subquery(latest.values("end_reason")[:1])))


def pending_proposals(user) -> QuerySet[TerminationProposal]:
    return (TerminationProposal.objects.filter(participant__programme__in=visible_programmes(user),
                                               status=TerminationProposal.Status.DIUSULKAN)
            .select_related("participant__person", "participant__programme").order_by("effective_date", "id"))


# --- Funding assignment (read by the budget pages) -------------------------------------------------------

ASSIGNMENT_PAGE = 100


@dataclass(frozen=True)
class AssignmentSummary:
    assigned_at: datetime | None  # when the year was last assigned (None: never)
    by_code: dict[str, int]
    by_source: dict[int | None, tuple[int, Decimal]]  # source id -> (participants, their yearly cost)


def assignment_summary(programme: Programme, year: int) -> AssignmentSummary:
    rows = FundingAssignment.objects.filter(participant__programme=programme, year=year)
    found = rows.aggregate(at=Max("assigned_at"))["at"]
    by_code = dict(rows.values_list("code").annotate(n=Count("id")).values_list("code", "n"))
    by_source = {pk: (n, s or Decimal(0)) for pk, n, s in rows.filter(code=FundingAssignment.Code.DIBIAYAI)
                 .values_list("funding_source_id").annotate(n=Count("id"), s=Sum("cost"))
                 .values_list("funding_source_id", "n", "s")}
    return AssignmentSummary(found, by_code, by_source)


def assignments(programme: Programme, year: int, *, code: str = "", source: int | None = None, query: str = "",
                after: int | None = None, limit: int = ASSIGNMENT_PAGE) -> tuple[list[FundingAssignment], int | None]:
    """A page of the year's decisions with their reasons, by participant (keyset: no COUNT of the table)."""
    qs = (FundingAssignment.objects.filter(participant__programme=programme, year=year)
          .select_related("participant__person", "funding_source"))
    if code:
        qs = qs.filter(code=code)
    if source:
        qs = qs.filter(funding_source_id=source)
    text = query.strip()
    if text.isdigit() and len(text) == 16:
        qs = qs.filter(participant__person__nik=text)
    elif text:
        qs = qs.filter(participant__person__name_search__contains=normalize_name(text))
    if after:
        qs = qs.filter(participant_id__gt=after)
    rows = list(qs.order_by("participant_id")[: limit + 1])
    if len(rows) > limit:
        return rows[:limit], rows[limit - 1].participant_id
    return rows, None


def letter_participant(user, pk: int):
    """A participant of the user's government whose letter the user may print; None otherwise (404)."""
    if not can_read_participant_letters(user):
        return None
    found = Participant.objects.select_related("programme__tenant", "person").filter(pk=pk)
    if not user.is_superuser:
        found = found.filter(programme__tenant_id=user.tenant_id)
    return found.first()
