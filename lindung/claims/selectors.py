"""Reading claims, always through the user's tenant (DESIGN.md §3): the BPJS officer and the labour agency
see the claims of their tenant's programmes, the auditor reads them; no other role sees a claim. "Not in
your scope" and "does not exist" are the same answer (`Claim.DoesNotExist`), which views turn into 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from lindung.accounts.permissions import can_monitor, can_read_claims
from lindung.billing.selectors import ContributionMonths, contribution_months
from lindung.domain import claims as rules
from lindung.domain.calendar import Month
from lindung.membership.models import EndReason, MembershipPeriod, Participant, TerminationProposal
from lindung.platform.errors import require
from lindung.programs.models import Programme
from lindung.programs.selectors import visible_programmes

from .models import Claim, ClaimImport

DEATH_CLAIM = Q(kind=rules.JKM) | Q(kind=rules.JKK, benefit=rules.KEMATIAN)


def claim_programmes(user) -> QuerySet[Programme]:
    require(can_read_claims(user), "Peran Anda tidak menangani klaim manfaat.")
    return visible_programmes(user)


def visible_claims(user) -> QuerySet[Claim]:
    return Claim.objects.filter(programme__in=claim_programmes(user)).select_related(
        "participant__person", "programme", "termination_proposal")


def get_claim(user, pk: int) -> Claim:
    claim = visible_claims(user).filter(pk=pk).first()
    if claim is None:
        raise Claim.DoesNotExist
    return claim


def visible_participants(user) -> QuerySet[Participant]:
    return Participant.objects.filter(programme__in=claim_programmes(user)).select_related("person", "programme")


def get_participant(user, pk: int) -> Participant:
    participant = visible_participants(user).filter(pk=pk).first()
    if participant is None:
        raise Participant.DoesNotExist
    return participant


def participant_by_nik(user, programme: Programme, nik: str) -> Participant | None:
    return visible_participants(user).filter(programme=programme, person__nik=nik).first()


def claims_of_person(user, person_id: int) -> QuerySet[Claim]:
    return visible_claims(user).filter(participant__person_id=person_id).order_by("-submitted_on", "-id")


def recent_imports(user, limit: int = 10) -> QuerySet[ClaimImport]:
    return ClaimImport.objects.filter(programme__in=claim_programmes(user)).select_related("programme", "job")[:limit]


def get_import(user, pk: int) -> ClaimImport:
    found = ClaimImport.objects.filter(programme__in=claim_programmes(user), pk=pk).select_related(
        "programme", "job").first()
    if found is None:
        raise ClaimImport.DoesNotExist
    return found


# --- The loop with the civil registry ------------------------------------------------------------


def deaths_without_claim(user) -> QuerySet[TerminationProposal]:
    """Participants whose death the civil registry reported (a Disdukcapil deaths proposal the agency has
    not rejected), who were covered on the day they died, and for whom no death claim (JKM, or JKK death)
    is recorded in any programme: their heirs may not know they can claim. Oldest death first."""
    day = OuterRef("effective_date")
    covered = MembershipPeriod.objects.filter(Q(end__isnull=True) | Q(end__gte=day), participant=OuterRef("participant"),
                                              start__lte=day)
    claimed = Claim.objects.filter(DEATH_CLAIM, participant__person=OuterRef("participant__person"))
    return (TerminationProposal.objects
            .filter(participant__programme__in=claim_programmes(user),
                    source=TerminationProposal.Source.DUKCAPIL_MENINGGAL, reason="meninggal")
            .exclude(status=TerminationProposal.Status.DITOLAK)
            .filter(Exists(covered)).exclude(Exists(claimed))
            .select_related("participant__person", "participant__programme")
            .order_by("effective_date", "id"))


# --- Scholarship guard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScholarshipGuard:
    period: rules.ContributionPeriod
    known_from: Month | None  # Lindung's first bill for the person: nothing is known before it

    @property
    def warning(self) -> str:
        """The guard's words when the period does not hold, '' when it does."""
        if self.period.holds:
            return ""
        since = f" (tagihan tercatat sejak {self.known_from})" if self.known_from else " (belum ada tagihan tercatat)"
        return f"Menurut tagihan di Lindung{since}: {self.period.message}"


def scholarship_basis(person_id: int) -> str:
    """The death claim a scholarship follows: JKK when a work accident killed or disabled the parent
    (a JKK death or disability claim is recorded), JKM otherwise."""
    work_accident = Claim.objects.filter(participant__person_id=person_id, kind=rules.JKK,
                                         benefit__in=(rules.KEMATIAN, rules.CACAT)).exclude(status=rules.DITOLAK)
    return rules.JKK if work_accident.exists() else rules.JKM


def scholarship_guard(person_id: int, *, on: date, basis: str | None = None, policy: rules.ClaimsPolicy | None = None,
                      months: ContributionMonths | None = None) -> ScholarshipGuard:
    """Does the contribution period a scholarship needs hold on `on` (the parent's death, or for a
    living participant the last month billed: which unpaid month would break it)? Months come from
    billing's records."""
    months = months or contribution_months(person_id)
    period = rules.scholarship_contribution_period(
        basis or scholarship_basis(person_id), months.paid, on=on, policy=policy or rules.load_policy(),
        billed_months=months.billed)
    return ScholarshipGuard(period, months.first_billed)


def participant_guard(participant: Participant, *, today: date) -> tuple[ScholarshipGuard, date]:
    """The guard for a participant's page, and the day it is taken on: the death when known (the
    scholarship follows it); otherwise the last billed month, not today — a month not billed yet is no
    gap in contributions."""
    person = participant.person
    death = person.death_date or participant.periods.filter(end_reason=EndReason.MENINGGAL) \
        .values_list("end", flat=True).first()
    months = contribution_months(person.pk)
    if death is not None:
        on = death
    elif months.last_billed is not None and months.last_billed.last_day < today:
        on = months.last_billed.last_day
    else:
        on = today
    return scholarship_guard(person.pk, on=on, months=months), on


# --- Statistics (for monitoring) -----------------------------------------------------------------


@dataclass(frozen=True)
class ClaimStatistic:
    month: Month | None  # of submission (tanggal_pengajuan); None in a total over months
    kind: str
    submitted: int
    pending: int
    paid: int
    refused: int
    amount_paid: Decimal
    benefit: str = ""  # with `by_benefit` only (PERAWATAN, STMB, ...; empty for a claim without one)


def claim_statistics(user, *, programme: Programme | None = None, start: date | None = None,
                     end: date | None = None, by_benefit: bool = False) -> list[ClaimStatistic]:
    """Counts and paid amounts by month of submission and type (and benefit, for monitoring), in the
    user's scope (one GROUP BY); TVEM, which monitors but does not handle claims, reads the figures of
    its tenant's programmes. A claim counts in the month it was submitted, whatever happened to it later; `amount_paid` is the
    sum paid on the claims submitted that month. Monitoring calls this; the claims page shows it."""
    qs = (visible_claims(user) if can_read_claims(user) else _monitored_claims(user)).select_related(None)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if start is not None:
        qs = qs.filter(submitted_on__gte=start)
    if end is not None:
        qs = qs.filter(submitted_on__lte=end)
    keys = ("m", "kind", "benefit") if by_benefit else ("m", "kind")
    rows = (qs.annotate(m=TruncMonth("submitted_on")).values(*keys).order_by(*keys)
            .annotate(n=Count("id"), pending=Count("id", filter=Q(status=rules.DIAJUKAN)),
                      paid=Count("id", filter=Q(status=rules.DIBAYAR)),
                      refused=Count("id", filter=Q(status=rules.DITOLAK)),
                      amount=Sum("amount", filter=Q(status=rules.DIBAYAR))))
    return [ClaimStatistic(Month.of(r["m"]), r["kind"], r["n"], r["pending"], r["paid"], r["refused"],
                           r["amount"] or Decimal(0), r.get("benefit", "")) for r in rows]


def _monitored_claims(user) -> QuerySet[Claim]:
    """TVEM monitors the programme (Pasal 12): it reads claim counts and amounts, never the claims."""
    require(can_monitor(user), "Peran Anda tidak menangani klaim manfaat.")
    return Claim.objects.filter(programme__in=visible_programmes(user))


def statistics_totals(stats: list[ClaimStatistic]) -> dict[str, ClaimStatistic]:
    """One line per type over every month (for the page's summary)."""
    out: dict[str, list] = {}
    for s in stats:
        t = out.setdefault(s.kind, [0, 0, 0, 0, Decimal(0)])
        for i, v in enumerate((s.submitted, s.pending, s.paid, s.refused, s.amount_paid)):
            t[i] += v
    return {k: ClaimStatistic(None, k, *v) for k, v in out.items()}
