"""Reading bills, reconciliations and budgets. The billable set is one SQL query (the set-based twin
of lindung.domain.billing.bill; tests/billing/test_agreement.py holds them to the same answer)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from lindung.domain import billing as rules
from lindung.domain import reconciliation
from lindung.domain.calendar import Month
from lindung.domain.rules.ruleset import RuleSetError
from lindung.membership.models import MembershipPeriod, Participant
from lindung.platform.errors import PermissionDenied
from lindung.programs.models import FundingSource, Programme
from lindung.programs.selectors import source_quota, visible_programmes

from .models import BillingMonth, BillLine, InvoiceProblem, ReconciliationLine

BILL_COLUMNS = ("nik", "kpj", "nama", "bulan", "iuran_jkk", "iuran_jkm", "jumlah", "tanda")
RECONCILIATION_COLUMNS = ("nik", "kpj", "nama", "status", "jumlah_pemda", "jumlah_bpjs", "keterangan", "tanda")
PROBLEM_COLUMNS = ("baris", "nik", "bulan", "jumlah", "kode", "alasan")


def covering(day: date) -> Q:
    """Periods that cover `day` (start and end are both days covered)."""
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))


def billable(programme: Programme, month: Month) -> QuerySet[Participant]:
    """The participants billed for `month`: a period covers its first day, the programme's window
    does too, and they are at most `billing_age_limit_months` old on that day (DOMAIN.md §5)."""
    r = programme.billing_rules(month)
    day = month.first_day
    if r.window is not None and not r.window.covers(day):
        return Participant.objects.none()
    in_period = MembershipPeriod.objects.filter(covering(day), participant=OuterRef("pk"))
    return Participant.objects.filter(
        Exists(in_period), programme=programme, person__birth_date__gt=rules.age_limit_cutoff(month, r.age_limit_months)
    )


def months_of(programme: Programme) -> QuerySet[BillingMonth]:
    return BillingMonth.objects.filter(programme=programme).select_related("programme", "invoice", "berita_acara")


def billing_month_for(user, programme_id: int, month: Month) -> tuple[Programme, BillingMonth | None]:
    programme = visible_programmes(user).filter(pk=programme_id).first()
    if programme is None:
        raise PermissionDenied("Program tidak ditemukan dalam cakupan Anda.")
    return programme, months_of(programme).filter(month=month.first_day).first()


def bill_rows(bm: BillingMonth) -> Iterator[tuple]:
    """Bill lines in the contract's columns (money as exchange text), sorted by name."""
    month = str(bm.period)
    for nik, kpj, name, jkk, jkm, amount, flags in BillLine.objects.filter(billing_month=bm).order_by("name", "nik") \
            .values_list("nik", "kpj", "name", "jkk", "jkm", "amount", "flags").iterator(chunk_size=5000):
        yield nik, kpj, name, month, rules.money_text(jkk), rules.money_text(jkm), rules.money_text(amount), flags


def reconciliation_rows(bm: BillingMonth, *, differences_only: bool = False) -> Iterator[tuple]:
    qs = ReconciliationLine.objects.filter(billing_month=bm)
    if differences_only:
        qs = qs.exclude(status=reconciliation.COCOK)
    for nik, kpj, name, status, ours, theirs, note, flags in qs.order_by("status", "name", "nik").values_list(
        "nik", "kpj", "name", "status", "amount_pemda", "amount_bpjs", "note", "flags"
    ).iterator(chunk_size=5000):
        yield nik, kpj, name, status, rules.money_text(ours), rules.money_text(theirs), note, flags


def problem_rows(bm: BillingMonth) -> Iterator[tuple]:
    """Every invoice line with a problem, one row per problem."""
    lines = InvoiceProblem.objects.filter(invoice__billing_month=bm).order_by("row")
    for row, nik, month, amount, codes, text in lines.values_list(
        "row", "nik", "month", "amount_text", "codes", "reasons"
    ).iterator(chunk_size=5000):
        for code, reason in zip(codes.split(";"), text.split(" | "), strict=False):
            yield row, nik, month, amount, code, reason


def difference_lines(bm: BillingMonth, limit: int) -> list[ReconciliationLine]:
    return list(ReconciliationLine.objects.filter(billing_month=bm).exclude(status=reconciliation.COCOK)
                .order_by("status", "name", "nik")[:limit])


def flagged_lines(bm: BillingMonth, limit: int) -> list[BillLine]:
    return list(BillLine.objects.filter(billing_month=bm).exclude(flags="").order_by("name")[:limit])


# --- Budget (Pasal 14) --------------------------------------------------------------------------


@dataclass
class SourceBudget:
    source: FundingSource
    quota: int
    assigned: int
    realised: Decimal  # paid months: the agreed (COCOK) amounts of this source's participants
    committed: Decimal  # agreed but not yet paid

    @property
    def remaining(self) -> Decimal:
        return self.source.amount - self.realised - self.committed


@dataclass
class Budget:
    programme: Programme
    year: int
    sources: list[SourceBudget]
    unfunded: int  # participants covered this year without a source of this year
    projection: list[rules.MonthProjection]  # next year, month by month

    @property
    def allocated(self) -> Decimal:
        return sum((s.source.amount for s in self.sources), Decimal(0))

    @property
    def realised(self) -> Decimal:
        return sum((s.realised for s in self.sources), Decimal(0))

    @property
    def committed(self) -> Decimal:
        return sum((s.committed for s in self.sources), Decimal(0))

    @property
    def projected_next_year(self) -> Decimal:
        return sum((p.amount for p in self.projection), Decimal(0))

    @property
    def projected_peak(self) -> int:
        return max((p.count for p in self.projection), default=0)


def project(programme: Programme, months: list[Month]) -> list[rules.MonthProjection]:
    """Month by month, how many of today's participants will be billable and what they will cost
    (known ends and the age limit applied; nobody new). One COUNT per month."""
    out = []
    for month in months:
        try:
            r = programme.billing_rules(month)
        except RuleSetError:  # the rule set has no contribution for that month yet: nothing to project
            continue
        count = billable(programme, month).count()
        out.append(rules.MonthProjection(month, count, r.contribution.total * count))
    return out


def budget(programme: Programme, year: int) -> Budget:
    sources = list(FundingSource.objects.filter(programme=programme, year=year).select_related("payer"))
    ids = [s.id for s in sources]
    lines = ReconciliationLine.objects.filter(
        billing_month__programme=programme, billing_month__month__year=year, status=reconciliation.COCOK, funding_source_id__in=ids,
    )
    paid = dict(lines.filter(billing_month__status=BillingMonth.Status.DIBAYAR).values_list("funding_source_id")
                .annotate(s=Sum("amount_pemda")).values_list("funding_source_id", "s"))
    agreed = dict(lines.filter(billing_month__status=BillingMonth.Status.DISEPAKATI).values_list("funding_source_id")
                  .annotate(s=Sum("amount_pemda")).values_list("funding_source_id", "s"))
    assigned = dict(Participant.objects.filter(funding_source_id__in=ids).values_list("funding_source_id")
                    .annotate(n=Count("id")).values_list("funding_source_id", "n"))
    start, end = date(year, 1, 1), date(year, 12, 31)
    in_year = MembershipPeriod.objects.filter(participant=OuterRef("pk"), start__lte=end).filter(
        Q(end__isnull=True) | Q(end__gte=start))
    unfunded = Participant.objects.filter(Exists(in_year), programme=programme).exclude(funding_source_id__in=ids).count()
    return Budget(
        programme, year,
        [SourceBudget(s, source_quota(s), assigned.get(s.id, 0), paid.get(s.id) or Decimal(0), agreed.get(s.id) or Decimal(0))
         for s in sources],
        unfunded,
        project(programme, [Month(year + 1, m) for m in range(1, 13)]),
    )


# --- Contribution months of one person (read by the claims app's scholarship guard) ---------------


@dataclass(frozen=True)
class ContributionMonths:
    billed: frozenset[Month]  # a bill line for the person, in any programme
    paid: frozenset[Month]  # the month is paid (SP2D recorded) and the person's line was agreed (COCOK)
    first_billed: Month | None  # Lindung knows nothing of contributions before this month
    last_billed: Month | None  # ... nor after this one (not billed yet)


def contribution_months(person_id: int) -> ContributionMonths:
    """The months Lindung billed and paid for one person, across every programme that pays for them
    (BPJS counts a participant's contributions whoever paid them). A paid month counts only for a line
    the berita acara agreed: the payment follows the agreed figures (Pasal 11 ayat (4))."""
    lines = BillLine.objects.filter(participant__person_id=person_id)
    billed = {Month.of(d) for d in lines.values_list("billing_month__month", flat=True)}
    paid_months = lines.filter(billing_month__status=BillingMonth.Status.DIBAYAR).values_list(
        "billing_month_id", "nik").distinct()
    agreed = Q()
    for month_id, nik in paid_months:
        agreed |= Q(billing_month_id=month_id, nik=nik)
    paid = set()
    if agreed:
        paid = {Month.of(d) for d in ReconciliationLine.objects.filter(agreed, status=reconciliation.COCOK)
                .values_list("billing_month__month", flat=True)}
    return ContributionMonths(frozenset(billed), frozenset(paid), min(billed, default=None), max(billed, default=None))
