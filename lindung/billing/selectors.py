"""Reading bills, reconciliations and budgets. The billable set is one SQL query (the set-based twin
of lindung.domain.billing.bill; tests/billing/test_agreement.py holds them to the same answer)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from lindung.domain import billing as rules
from lindung.domain import reconciliation
from lindung.domain.calendar import Month
from lindung.membership.models import MembershipPeriod, Participant
from lindung.programs.models import FundingSource, Programme

from .models import BillExclusion, BillingMonth, BillLine, InvoiceProblem, ReconciliationLine

# The invoice layout, then the funding source that pays the line (its kind code, or TANPA_SUMBER).
BILL_COLUMNS = ("nik", "kpj", "nama", "bulan", "iuran_jkk", "iuran_jkm", "jumlah", "sumber")
RECONCILIATION_COLUMNS = ("nik", "kpj", "nama", "status", "jumlah_pemda", "jumlah_bpjs", "keterangan")
EXCLUSION_COLUMNS = ("nik", "kpj", "nama", "bulan", "alasan", "program_pembayar")  # DESIGN.md §4 "Bill exclusions"
TANPA_SUMBER = "TANPA_SUMBER"
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


def payer_months(programme: Programme, month: Month) -> list[BillingMonth]:
    """The month's bills, one per payer: the programme's own government first."""
    found = list(months_of(programme).filter(month=month.first_day).select_related("payer"))
    return sorted(found, key=lambda bm: (bm.payer_id != programme.tenant_id, bm.payer.name))


def bill_rows(months: BillingMonth | Iterable[BillingMonth]) -> Iterator[tuple]:
    """Bill lines in the contract's columns (money as exchange text), sorted by name, payer by payer."""
    for bm in [months] if isinstance(months, BillingMonth) else months:
        month = str(bm.period)
        lines = (BillLine.objects.filter(billing_month=bm).order_by("name", "nik")
                 .values_list("nik", "kpj", "name", "jkk", "jkm", "amount", "funding_source__kind"))
        for nik, kpj, name, jkk, jkm, amount, kind in lines.iterator(chunk_size=5000):
            yield (nik, kpj, name, month, rules.money_text(jkk), rules.money_text(jkm), rules.money_text(amount),
                   kind or TANPA_SUMBER)


def exclusion_rows(months: BillingMonth | Iterable[BillingMonth]) -> Iterator[tuple]:
    """The `-dikecualikan` lines: persons another programme pays for, with the reason and that programme."""
    for bm in [months] if isinstance(months, BillingMonth) else months:
        month = str(bm.period)
        for nik, kpj, name, reason, code in (BillExclusion.objects.filter(billing_month=bm).order_by("name", "nik")
                                             .values_list("nik", "kpj", "name", "reason", "paying_programme__code")):
            yield nik, kpj, name, month, reason, code


def exclusions(bm: BillingMonth, limit: int) -> list[BillExclusion]:
    return list(BillExclusion.objects.filter(billing_month=bm).select_related("paying_programme").order_by("name")[:limit])


def reconciliation_rows(bm: BillingMonth, *, differences_only: bool = False) -> Iterator[tuple]:
    qs = ReconciliationLine.objects.filter(billing_month=bm)
    if differences_only:
        qs = qs.exclude(status=reconciliation.COCOK)
    for nik, kpj, name, status, ours, theirs, note in qs.order_by("status", "name", "nik").values_list(
        "nik", "kpj", "name", "status", "amount_pemda", "amount_bpjs", "note"
    ).iterator(chunk_size=5000):
        yield nik, kpj, name, status, rules.money_text(ours), rules.money_text(theirs), note


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



@dataclass(frozen=True)
class SourceShare:
    source: FundingSource | None  # None: TANPA_SUMBER
    count: int
    amount: Decimal

    @property
    def label(self) -> str:
        return str(self.source) if self.source is not None else "Tanpa sumber dana (TANPA_SUMBER)"


def lines_by_source(bm: BillingMonth) -> list[SourceShare]:
    """The payer's bill split by the funding source of each line."""
    return _shares(BillLine.objects.filter(billing_month=bm), "amount")


def agreed_by_source(bm: BillingMonth) -> list[SourceShare]:
    """What the berita acara agrees (the COCOK lines), split by funding source: what the SP2D is charged to."""
    return _shares(ReconciliationLine.objects.filter(billing_month=bm, status=reconciliation.COCOK), "amount_pemda")


def _shares(lines, amount: str) -> list[SourceShare]:
    rows = list(lines.values_list("funding_source_id").annotate(n=Count("id"), s=Sum(amount))
                .values_list("funding_source_id", "n", "s"))
    sources = FundingSource.objects.in_bulk([pk for pk, _, _ in rows if pk is not None])
    return sorted((SourceShare(sources.get(pk), n, s or Decimal(0)) for pk, n, s in rows),
                  key=lambda share: (share.source is None, share.source.pk if share.source else 0))


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
