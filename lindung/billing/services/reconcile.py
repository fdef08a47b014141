"""Reconciling BPJS's invoice with a payer's bill, NIK by NIK (Perwali 3/2025 Pasal 11 ayat (3)). The agreed
figure of the berita acara is the lines that match (COCOK), each with the funding source that pays it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from lindung.audit import services as audit
from lindung.domain import billing as rules
from lindung.domain import nik as nik_rules
from lindung.domain import reconciliation
from lindung.domain.calendar import Month
from lindung.domain.exchange import INVOICE
from lindung.domain.progress import Progress, silent
from lindung.membership.models import MembershipPeriod, Participant
from lindung.platform.bulk import chunked_in, insert_rows
from lindung.platform.files import ROW, read_table
from lindung.programs.models import ColumnMapping, Programme
from lindung.programs.selectors import column_mapping
from lindung.programs.services import require_manager
from lindung.tenants.models import Tenant

from ..actions import Action
from ..models import BillExclusion, BillingMonth, BillLine, Invoice, InvoiceProblem, ReconciliationLine
from .bill import billing_rules_of, month_of, run_bill


def _not_billed_reasons(programme: Programme, month: Month, niks: set[str]) -> dict[str, str]:
    """For programme participants in BPJS's invoice whom we do not bill: why not, in words."""
    r = billing_rules_of(programme, month)
    found = {}
    for pk, nik, birth in chunked_in(
        Participant.objects.filter(programme=programme).values_list("id", "person__nik", "person__birth_date"),
        "person__nik", niks,
    ):
        found[pk] = (nik, birth)
    periods: dict[int, list[rules.Period]] = {}
    ended: dict[int, str] = {}
    for pid, start, end, reason in chunked_in(
        MembershipPeriod.objects.values_list("participant_id", "start", "end", "end_reason"), "participant_id", found
    ):
        periods.setdefault(pid, []).append(rules.Period(start, end))
        if end is not None and end < month.first_day:
            ended[pid] = f"{end} ({reason})"
    out = {}
    for pk, (nik, birth) in found.items():
        code = rules.not_billed_reason(birth, periods.get(pk, []), r) or rules.SUDAH_BERAKHIR
        text = rules.NOT_BILLED_TEXT[code]
        if code == rules.SUDAH_BERAKHIR and pk in ended:
            text = f"kepesertaan berakhir {ended[pk]}"
        out[nik] = text
    return out


def _summary_json(s: reconciliation.Summary) -> dict:
    money = rules.money_text
    return {
        "bill_count": s.bill_count, "bill_amount": money(s.bill_amount),
        "invoice_rows": s.invoice_rows, "invoice_count": s.invoice_count, "invoice_amount": money(s.invoice_amount),
        "agreed_count": s.agreed_count, "agreed_amount": money(s.agreed_amount), "difference_count": s.difference_count,
        "by_status": {k: {"count": v.count, "amount_pemda": money(v.amount_pemda), "amount_bpjs": money(v.amount_bpjs)}
                      for k, v in s.by_status.items()},
        "issues": s.issues,
    }


@dataclass
class ReconcileOutcome:
    billing_month: BillingMonth
    reconciliation: reconciliation.Reconciliation


def _elsewhere_reasons(bm: BillingMonth, niks: set[str]) -> dict[str, str]:
    """Invoiced NIKs this payer does not bill although they are billable: another programme pays for them
    (the bill's exclusions), or another payer of this programme does (co-funding: one bill per payer)."""
    out = {}
    for nik, reason in chunked_in(BillExclusion.objects.filter(billing_month=bm).values_list("nik", "reason"), "nik", niks):
        out[nik] = reason
    others = BillLine.objects.filter(billing_month__programme=bm.programme, billing_month__month=bm.month).exclude(
        billing_month=bm).values_list("nik", "billing_month__payer__name")
    for nik, payer in chunked_in(others, "nik", niks):
        out[nik] = f"ditagihkan kepada {payer} (tagihan pembayar lain program ini)"
    return out


@transaction.atomic
def reconcile(actor, *, programme: Programme, month: Month, invoice_path: str | Path, payer: Tenant | None = None,
              mapping: dict | None = None, file_name: str = "", progress: Progress = silent) -> ReconcileOutcome:
    """Import BPJS's invoice for `month` (of one payer: a co-funded programme is invoiced per payer) and
    compare it with that payer's bill, NIK by NIK (Pasal 11 ayat (3)).

    Re-running replaces the previous invoice and result, so reconciling again with the same file
    gives the same lines. Raises TableError (before any write) when the file cannot be used."""
    require_manager(actor, tenant=programme.tenant)
    mapping = mapping if mapping is not None else column_mapping(programme, ColumnMapping.Layout.TAGIHAN)
    df = read_table(invoice_path, INVOICE, mapping)
    if payer is None:  # the month's one bill (or the programme's own, before any)
        existing = BillingMonth.objects.filter(programme=programme, month=month.first_day)
        payer = month_of(programme, month).payer if existing.exists() else programme.tenant
    # A draft month is always reconciled against today's memberships and funding.
    bm = run_bill(actor, programme=programme, month=month, payer=payer).months[0]
    progress(0, df.height, "mencocokkan tagihan")
    raw = [reconciliation.RawInvoiceLine(v[ROW], v["nik"], v["kpj"], v["nama"], v["bulan"], v["iuran_jkk"], v["iuran_jkm"],
                                v["jumlah"]) for v in df.iter_rows(named=True)]
    funding_of: dict[str, int | None] = {}
    ours = []
    jkk, jkm = bm.contribution_jkk, bm.contribution_jkm  # one contribution for the whole month
    for nik, kpj, name, source in BillLine.objects.filter(billing_month=bm).values_list(
        "nik", "kpj", "name", "funding_source_id"
    ).iterator(chunk_size=5000):
        ours.append(rules.BillLine(nik, kpj, name, month, jkk, jkm))
        funding_of[nik] = source
    billed = set(funding_of)
    invoiced = {n for line in raw if (n := nik_rules.normalize(line.nik)) and n not in billed}
    reasons = _not_billed_reasons(programme, month, invoiced) | _elsewhere_reasons(bm, invoiced)
    result = reconciliation.reconcile(ours, raw, month, reasons)
    progress(df.height // 2, df.height, "menyimpan hasil")

    invoice, _ = Invoice.objects.update_or_create(billing_month=bm, defaults={
        "file_name": (file_name or Path(invoice_path).name)[:255], "mapping": mapping, "rows": df.height,
        "amount": result.summary.invoice_amount,
        "imported_by": actor if getattr(actor, "is_authenticated", False) else None,
    })
    if invoice.file:
        invoice.file.delete(save=False)
    with Path(invoice_path).open("rb") as fh:
        invoice.file.save(Path(invoice.file_name).name, File(fh), save=True)
    InvoiceProblem.objects.filter(invoice=invoice).delete()
    insert_rows(InvoiceProblem, ["invoice", "row", "nik", "kpj", "name", "month", "jkk", "jkm", "amount_text", "amount",
                                 "codes", "reasons"], (
        (invoice.pk, line.row, _cut(line.nik, 40), _cut(line.kpj, 40), _cut(line.name, 150), _cut(line.month, 20),
         _cut(line.jkk, 30), _cut(line.jkm, 30), _cut(line.amount, 30), _storable(checked.amount),
         ";".join(i.code for i in checked.issues)[:200], " | ".join(i.reason for i in checked.issues)[:500])
        for line, checked in zip(raw, result.checked, strict=True) if checked.issues
    ))
    ReconciliationLine.objects.filter(billing_month=bm).delete()
    insert_rows(ReconciliationLine, ["billing_month", "funding_source", "nik", "kpj", "name", "status", "amount_pemda",
                                     "amount_bpjs", "note"], (
        (bm.pk, funding_of.get(line.nik), line.nik[:16], line.kpj[:40], line.name[:150], line.status,
         line.amount_pemda, line.amount_bpjs, line.note[:1000])
        for line in result.lines
    ))
    bm.summary = _summary_json(result.summary)
    bm.reconciled_at = timezone.now()
    bm.save(update_fields=["summary", "reconciled_at"])
    audit.record(actor, Action.BILLING_RECONCILE, bm, tenant=programme.tenant,
                 after={"file": invoice.file_name, "payer": bm.payer.code, "agreed_count": result.summary.agreed_count,
                        "agreed_amount": result.summary.agreed_amount, "differences": result.summary.difference_count,
                        "issues": result.summary.issues})
    progress(df.height, df.height, "selesai")
    return ReconcileOutcome(bm, result)


def _cut(text: str | None, size: int) -> str:
    return (text or "")[:size]


def _storable(amount: Decimal | None) -> Decimal | None:
    # An absurd amount stays in the line as text (amount_text) rather than overflowing the column.
    return amount if amount is not None and amount < Decimal(10) ** 14 else None


