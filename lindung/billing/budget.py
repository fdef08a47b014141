"""Reading a programme's budget year (Perwali 3/2025 Pasal 14): per funding source its budget, quota,
participants and realisation — the payments recorded for the year's months, split by the source of each
agreed line — then the participants without a source (TANPA_SUMBER, never a silent zero) and the total;
the year's need and the shortfall if the revised budget (APBD-P) is not passed; next year's projection.

The budget page and `lindung program budget --out` read this one function, so they agree to the rupiah.
`realised` of TOTAL is the sum of the SP2Ds of the year's months; TANPA_SUMBER is what of it no source's
lines account for, so the lines always add up to the payments.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from lindung.domain import billing as rules
from lindung.domain import funding, projection
from lindung.domain.calendar import Month
from lindung.membership.allocation import Pool, year_pool
from lindung.membership.models import FundingAssignment, MembershipPeriod, Participant
from lindung.programs.models import FundingSource, Programme
from lindung.programs.selectors import domain_source, funding_sources, source_quota

from .models import BeritaAcara, BillingMonth, Payment, ReconciliationLine
from .selectors import TANPA_SUMBER

BUDGET_COLUMNS = ("sumber", "label", "pembayar", "pagu", "kuota", "peserta", "realisasi", "sisa")  # DESIGN.md §4
TOTAL = "TOTAL"
SHOWN_LOSSES = 20  # participants losing cover listed per source on the page (lowest priority first)


@dataclass
class BudgetLine:
    code: str  # the funding kind code, TANPA_SUMBER or TOTAL
    label: str
    payer: str  # tenant code
    budget: Decimal
    quota: int | None
    participants: int
    realised: Decimal  # paid (SP2D recorded)
    committed: Decimal  # agreed in a berita acara, not yet paid
    source: FundingSource | None = None
    need: Decimal | None = None  # what the year's billable months of its participants cost

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.realised


@dataclass
class Budget:
    programme: Programme
    year: int
    sources: list[BudgetLine]
    unassigned: BudgetLine
    total: BudgetLine

    @property
    def lines(self) -> list[BudgetLine]:
        return [*self.sources, self.unassigned, self.total]


def _covered(programme: Programme, year: int):
    start, end = date(year, 1, 1), date(year, 12, 31)
    touching = MembershipPeriod.objects.filter(participant=OuterRef("pk"), start__lte=end).filter(
        Q(end__isnull=True) | Q(end__gte=start))
    return Participant.objects.filter(Exists(touching), programme=programme)


def _by_source(lines, field_name: str) -> dict[int | None, Decimal]:
    return {k: v or Decimal(0) for k, v in lines.values_list("funding_source_id").annotate(s=Sum(field_name))
            .values_list("funding_source_id", "s")}


def budget(programme: Programme, year: int, *, with_need: bool = False, pool: Pool | None = None) -> Budget:
    """The budget year, line by line (module docstring). `with_need` adds each source's need for the year
    (the projection of its participants' billable months: one pass over the participants, `pool`)."""
    sources = funding_sources(programme, year)
    months = BillingMonth.objects.filter(programme=programme, month__year=year)
    agreed = ReconciliationLine.objects.filter(billing_month__in=months, status="COCOK")
    paid = _by_source(agreed.filter(billing_month__status=BillingMonth.Status.DIBAYAR), "amount_pemda")
    committed = _by_source(agreed.filter(billing_month__status=BillingMonth.Status.DISEPAKATI), "amount_pemda")
    paid_total = Payment.objects.filter(billing_month__in=months).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    committed_total = (BeritaAcara.objects.filter(billing_month__in=months.filter(status=BillingMonth.Status.DISEPAKATI))
                       .aggregate(s=Sum("agreed_amount"))["s"] or Decimal(0))
    assignments = FundingAssignment.objects.filter(participant__programme=programme, year=year)
    counts = dict(assignments.filter(funding_source__isnull=False).values_list("funding_source_id")
                  .annotate(n=Count("id")).values_list("funding_source_id", "n"))
    not_billed = assignments.filter(code=FundingAssignment.Code.TIDAK_DITAGIH).count()
    needs = year_need(programme, year, sources, pool) if with_need else {}
    lines = [
        BudgetLine(s.kind, s.label or s.get_kind_display(), s.paying_tenant.code, s.budget, source_quota(s),
                   counts.get(s.id, 0), paid.get(s.id, Decimal(0)), committed.get(s.id, Decimal(0)), s,
                   needs[s.id].total if s.id in needs else (Decimal(0) if with_need else None))
        for s in sources
    ]
    unassigned = BudgetLine(
        TANPA_SUMBER, "Peserta tanpa sumber dana", programme.tenant.code, Decimal(0), None,
        max(_covered(programme, year).count() - sum(counts.values()) - not_billed, 0),
        paid_total - sum((line.realised for line in lines), Decimal(0)),
        committed_total - sum((line.committed for line in lines), Decimal(0)),
        need=needs[None].total if None in needs else (Decimal(0) if with_need else None),
    )
    everything = [*lines, unassigned]
    total = BudgetLine(
        TOTAL, "Jumlah", "", sum((line.budget for line in lines), Decimal(0)),
        sum(line.quota for line in lines), sum(line.participants for line in everything), paid_total, committed_total,
        need=sum((line.need for line in everything), Decimal(0)) if with_need else None,
    )
    return Budget(programme, year, lines, unassigned, total)


def budget_rows(b: Budget) -> Iterator[tuple]:
    """The contract's rows (`lindung program budget --out`): money as integer rupiah or decimal with '.'."""
    money = rules.money_text
    for line in b.lines:
        yield (line.code, line.label, line.payer, money(line.budget), "" if line.quota is None else str(line.quota),
               str(line.participants), money(line.realised), money(line.remaining))


# --- Need, shortfall, next year ------------------------------------------------------------------------


def year_need(programme: Programme, year: int, sources: list[FundingSource],
              pool: Pool | None = None) -> dict[int | None, projection.SourceNeed]:
    """Per source (None: participants without one), the year's need with the stored assignment."""
    pool = pool or year_pool(programme, year, sources)
    source_of = dict(FundingAssignment.objects.filter(participant__programme=programme, year=year,
                                                      funding_source__isnull=False)
                     .values_list("participant_id", "funding_source_id"))
    return projection.project_year(pool.insured(source_of), pool.year)


@dataclass
class Shortfall:
    source: FundingSource
    result: projection.Shortfall
    losing: list[tuple[projection.Loss, Participant]]  # lowest priority first, the first SHOWN_LOSSES


def shortfalls(programme: Programme, year: int, pool: Pool | None = None) -> list[Shortfall]:
    """For each source whose year's need exceeds its budget without the revised budget (APBD murni alone):
    who loses cover first, by Pasal 5(2) order, and from which month."""
    sources = funding_sources(programme, year)
    if not sources:
        return []
    pool = pool or year_pool(programme, year, sources)
    source_of = dict(FundingAssignment.objects.filter(participant__programme=programme, year=year,
                                                      funding_source__isnull=False)
                     .values_list("participant_id", "funding_source_id"))
    found = projection.shortfall(pool.insured(source_of), pool.year, {s.id: s.amount for s in sources})
    out = []
    for s in sources:
        r = found[s.id]
        if r.cut_month is None:
            continue
        shown = list(r.losing[:SHOWN_LOSSES])
        people = Participant.objects.in_bulk([loss.key for loss in shown])
        out.append(Shortfall(s, r, [(loss, people[loss.key]) for loss in shown]))
    return out


@dataclass
class NextYear:
    year: int
    sources: list[FundingSource]
    need: dict[int | None, projection.SourceNeed]  # per source of the year (None: without one)
    months: list[rules.MonthProjection]  # every source together
    room: funding.Room | None = None  # the room left for newcomers (the decree quota), when the year has sources
    continuing: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((m.amount for m in self.months), Decimal(0))


def next_year(programme: Programme, year: int) -> NextYear:
    """Year + 1 for those continuing: by month, with the age limit, known ends and the contribution in force;
    per source of that year as the allocation would fund them, and the places left for newcomers."""
    target = year + 1
    sources = funding_sources(programme, target)
    pool = year_pool(programme, target, sources)
    continuing = [c for c in pool.candidates if c.cost]
    room = None
    source_of: dict[int, int | None] = {}
    newcomer = pool.year.cost(range(1, 13))  # enrolled on 1 January (Pasal 8 ayat (6)): the whole year
    if sources and newcomer > 0:
        room = funding.room_left([domain_source(s) for s in sources], continuing, newcomer)
        source_of = dict(room.plan.assigned)
    need = projection.project_year(pool.insured(source_of), pool.year)
    months = [rules.MonthProjection(m, sum(n.months[i].count for n in need.values()),
                                    sum((n.months[i].amount for n in need.values()), Decimal(0)))
              for i, m in enumerate(pool.year.months)]
    return NextYear(target, sources, need, months, room, len(continuing))


def month_realisation(programme: Programme, year: int) -> list[tuple[Month, Decimal, Decimal]]:
    """Per month of the year: what was paid (SP2D) and what is agreed but not paid."""
    paid = {Month.of(d): a for d, a in Payment.objects.filter(billing_month__programme=programme,
                                                              billing_month__month__year=year)
            .values_list("billing_month__month").annotate(s=Sum("amount")).values_list("billing_month__month", "s")}
    agreed = {Month.of(d): a for d, a in BeritaAcara.objects.filter(
        billing_month__programme=programme, billing_month__month__year=year,
        billing_month__status=BillingMonth.Status.DISEPAKATI).values_list("billing_month__month")
        .annotate(s=Sum("agreed_amount")).values_list("billing_month__month", "s")}
    return [(Month(year, m), paid.get(Month(year, m), Decimal(0)), agreed.get(Month(year, m), Decimal(0)))
            for m in range(1, 13)]
