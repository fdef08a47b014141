"""The monthly bill, per payer (Perwali 3/2025 Pasal 11; Pergub Kaltim 40/2025 co-funding; DESIGN.md §4
"Bill exclusions").

Who is billed is billing's month rule (`selectors.billable`, one SQL query). Each billed participant
belongs to one payer's bill: the government of the funding source the year's assignment gives them, or
the programme's own government when they have none (they are TANPA_SUMBER in the budget, never dropped).
A person another programme pays for this month (its membership started first; ties: created first) is
left out of the bill and listed beside it with the reason and the paying programme. A payer's agreed or
paid month is never touched; a participant on it stays there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import BigIntegerField, DecimalField, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from lindung.audit import services as audit
from lindung.domain import billing as rules
from lindung.domain.calendar import Month
from lindung.domain.progress import Progress, silent
from lindung.domain.rules.ruleset import RuleSetError
from lindung.membership.models import FundingAssignment
from lindung.membership.overlaps import paid_elsewhere
from lindung.membership.services.terminations import close_at_age_limit
from lindung.platform.bulk import insert_from_select, insert_rows
from lindung.programs.models import FundingSource, Programme
from lindung.programs.services import require_manager
from lindung.tenants.models import Tenant

from ..actions import Action
from ..errors import BillingError
from ..models import BillExclusion, BillingMonth, BillLine, ReconciliationLine
from ..selectors import billable


def _money(value: Decimal) -> Value:
    return Value(value, output_field=DecimalField(max_digits=16, decimal_places=2))


def billing_rules_of(programme: Programme, month: Month) -> rules.BillingRules:
    try:
        return programme.billing_rules(month)
    except RuleSetError as exc:
        raise BillingError(f"aturan {programme.ruleset_id} tidak memuat iuran/batas usia untuk {month}: {exc}") from exc


def require_draft(bm: BillingMonth) -> None:
    who = "" if bm.payer_id == bm.programme.tenant_id else f" (pembayar {bm.payer.name})"
    if bm.status == BillingMonth.Status.DIBAYAR:
        raise BillingError(f"bulan {bm.period}{who} sudah dibayar: data tagihan terkunci")
    if bm.status == BillingMonth.Status.DISEPAKATI:
        raise BillingError(f"bulan {bm.period}{who} sudah disepakati dalam berita acara: buka kembali dulu untuk mengubahnya")


def funding_of(year: int):
    """Per participant: their funding source of `year` (None: none) and the paying government (the source's
    payer, else the programme's own government), as expressions over Participant."""
    assignment = FundingAssignment.objects.filter(participant=OuterRef("pk"), year=year, funding_source__isnull=False)
    source = Subquery(assignment.values("funding_source_id")[:1], output_field=BigIntegerField())
    payer = Coalesce(Subquery(assignment.values("funding_source__payer_id")[:1], output_field=BigIntegerField()),
                     F("programme__tenant_id"), output_field=BigIntegerField())
    return source, payer


@dataclass
class BillRun:
    """The month's bills, one per payer (the programme's own government first)."""

    programme: Programme
    month: Month
    months: list[BillingMonth] = field(default_factory=list)
    stranded: int = 0  # participants whose payer's month is already locked without them (not billed)

    @property
    def count(self) -> int:
        return sum(bm.bill_count for bm in self.months)

    @property
    def amount(self) -> Decimal:
        return sum((bm.bill_amount for bm in self.months), Decimal(0))

    @property
    def excluded(self) -> int:
        return sum(bm.excluded_count for bm in self.months)


def payer_order(programme: Programme):
    return lambda tenant: (tenant.pk != programme.tenant_id, tenant.name)


@transaction.atomic
def run_bill(actor, *, programme: Programme, month: Month, payer: Tenant | None = None,
             progress: Progress = silent) -> BillRun:
    """(Re)compute the draft bills of `month` (of one payer, or of every payer) from the memberships and
    funding as they are now. A payer's agreed or paid month is left as it is."""
    require_manager(actor, tenant=programme.tenant)
    r = billing_rules_of(programme, month)
    day = month.first_day
    existing = {bm.payer_id: bm for bm in BillingMonth.objects.select_for_update().filter(programme=programme, month=day)
                .select_related("payer", "programme")}
    if payer is not None and payer.pk not in existing and payer.pk != programme.tenant_id and not \
            FundingSource.objects.filter(programme=programme, year=month.year, payer=payer).exists():
        raise BillingError(f"{payer.name} ({payer.code}) tidak membiayai program {programme.code} pada tahun {month.year}")
    if payer is not None and payer.pk in existing:
        require_draft(existing[payer.pk])
    elif payer is None and existing and all(bm.is_locked for bm in existing.values()):
        require_draft(min(existing.values(), key=lambda bm: bm.status != BillingMonth.Status.DIBAYAR))
    progress(0, 4, "batas usia")
    close_at_age_limit(actor, programme=programme, month=month)
    progress(1, 4, "program lain")
    source, paying = funding_of(month.year)
    base = billable(programme, month).annotate(bill_source=source, bill_payer=paying)
    locked = [bm for bm in existing.values() if bm.is_locked]
    on_locked = BillLine.objects.filter(billing_month__in=locked).values("participant_id")
    elsewhere = {pid: paid for (pid, _), paid in paid_elsewhere(programme, [month]).items()}
    if payer is not None:
        payers = {payer.pk}
    else:
        payers = set(base.exclude(pk__in=on_locked).values_list("bill_payer", flat=True).distinct())
        payers |= {pk for pk, bm in existing.items() if not bm.is_locked} | {programme.tenant_id}
    tenants = Tenant.objects.in_bulk(payers)
    c = r.contribution
    run = BillRun(programme, month)
    progress(2, 4, "menyusun tagihan")
    for tenant in sorted(tenants.values(), key=payer_order(programme)):
        bm = existing.get(tenant.pk)
        if bm is not None and bm.is_locked:
            run.months.append(bm)
            continue
        if bm is None:
            bm = BillingMonth.objects.create(programme=programme, payer=tenant, month=day,
                                             contribution_jkk=c.jkk, contribution_jkm=c.jkm)
        mine = base.filter(bill_payer=tenant.pk).exclude(pk__in=on_locked)
        count, excluded = _fill(bm, mine, elsewhere, c)
        if count == excluded == 0 and payer is None and tenant.pk != programme.tenant_id and not hasattr(bm, "invoice"):
            bm.delete()  # a co-funder with nobody to pay for this month has no bill (unless asked for by name)
            continue
        bm.contribution_jkk, bm.contribution_jkm = c.jkk, c.jkm
        bm.bill_count, bm.bill_amount, bm.excluded_count = count, c.total * count, excluded
        bm.billed_at = timezone.now()
        bm.save()
        audit.record(actor, Action.BILLING_RUN, bm, tenant=programme.tenant, after={
            "month": str(month), "payer": tenant.code, "count": count, "amount": bm.bill_amount, "excluded": excluded})
        run.months.append(bm)
    locked_payers = [bm.payer_id for bm in locked]
    if locked_payers and payer is None:
        run.stranded = (base.filter(bill_payer__in=locked_payers).exclude(pk__in=on_locked)
                        .exclude(pk__in=list(elsewhere)).count())
    if payer is not None:
        run.months = [bm for bm in run.months if bm.payer_id == payer.pk]
    progress(4, 4, "selesai")
    return run


def _fill(bm: BillingMonth, mine, elsewhere: dict, c: rules.Contribution) -> tuple[int, int]:
    """Replace a draft month's lines and exclusions; its earlier reconciliation no longer fits the bill.
    Those another programme pays for are copied in with everyone (one INSERT ... SELECT), then moved out
    to the exclusions: there are few of them, and the SQL stays one query."""
    BillLine.objects.filter(billing_month=bm).delete()
    BillExclusion.objects.filter(billing_month=bm).delete()
    ReconciliationLine.objects.filter(billing_month=bm).delete()
    bm.reconciled_at, bm.summary = None, {}
    count = insert_from_select(BillLine, {
        "billing_month": Value(bm.pk), "participant": F("pk"), "funding_source": F("bill_source"),
        "nik": F("person__nik"), "kpj": F("kpj"), "name": F("person__name"),
        "jkk": _money(c.jkk), "jkm": _money(c.jkm), "amount": _money(c.total),
    }, mine)
    excluded = []
    ids = list(elsewhere)
    for start in range(0, len(ids), 900):
        lines = BillLine.objects.filter(billing_month=bm, participant_id__in=ids[start:start + 900])
        excluded.extend(lines.values_list("participant_id", "nik", "kpj", "name"))
        lines.delete()
    insert_rows(BillExclusion, ["billing_month", "participant", "nik", "kpj", "name", "paying_programme", "reason"], (
        (bm.pk, pid, nik, kpj, name, elsewhere[pid].paying_programme.pk, elsewhere[pid].reason[:300])
        for pid, nik, kpj, name in excluded
    ))
    return count - len(excluded), len(excluded)


def payer_named(programme: Programme, code: str | None) -> Tenant | None:
    """The paying government of `--payer CODE` / `?pembayar=CODE` (None: not given)."""
    if not code:
        return None
    tenant = Tenant.objects.filter(code=code).first()
    if tenant is None:
        raise BillingError(f"pemerintah pembayar {code!r} tidak dikenal")
    return tenant


def month_of(programme: Programme, month: Month, payer: Tenant | None = None) -> BillingMonth:
    """A payer's billed month; the one month there is when no payer is named. BillingError, naming the
    month (and payer), when it has not been billed: there is nothing to agree or pay."""
    months = list(BillingMonth.objects.filter(programme=programme, month=month.first_day).select_related("payer", "programme"))
    if payer is not None:
        months = [bm for bm in months if bm.payer_id == payer.pk]
    who = f" untuk pembayar {payer.code}" if payer is not None else ""
    if not months:
        raise BillingError(f"bulan {month} program {programme.code} belum ditagih{who}: belum ada tagihan yang dapat "
                           f"direkonsiliasi, disepakati atau dibayar (susun tagihan dulu)")
    if len(months) > 1:
        codes = ", ".join(bm.payer.code for bm in sorted(months, key=lambda bm: payer_order(programme)(bm.payer)))
        raise BillingError(f"bulan {month} program {programme.code} ditagih per pembayar ({codes}): sebutkan pembayarnya")
    return months[0]
