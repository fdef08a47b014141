"""Writing the monthly cycle of Pasal 11: the bill, BPJS's invoice and its reconciliation, the
berita acara, the payment. Draft -> agreed -> paid; nothing changes a paid month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.models import DecimalField, F, Value
from django.utils import timezone

from lindung.audit import services as audit
from lindung.domain import billing as rules
from lindung.domain import nik as nik_rules
from lindung.domain import reconciliation
from lindung.domain.calendar import Month
from lindung.domain.exchange import INVOICE
from lindung.domain.progress import Progress, silent
from lindung.domain.rules.ruleset import RuleSetError
from lindung.membership.models import MembershipPeriod, Participant
from lindung.membership.services.terminations import close_at_age_limit
from lindung.platform.bulk import chunked_in, insert_from_select, insert_rows
from lindung.platform.files import ROW, read_table
from lindung.programs.models import ColumnMapping, Programme
from lindung.programs.selectors import column_mapping
from lindung.programs.services import require_manager

from .actions import Action
from .models import BeritaAcara, BillingMonth, BillLine, Invoice, InvoiceProblem, Payment, ReconciliationLine
from .selectors import billable

DOUBLE_FUNDED = "DIBIAYAI_PROGRAM_LAIN"


class BillingError(ValueError):
    """A billing action that cannot be carried out; the message says why."""


def _money(value: Decimal) -> Value:
    return Value(value, output_field=DecimalField(max_digits=16, decimal_places=2))


def _rules(programme: Programme, month: Month) -> rules.BillingRules:
    try:
        return programme.billing_rules(month)
    except RuleSetError as exc:
        raise BillingError(f"aturan {programme.ruleset_id} tidak memuat iuran/batas usia untuk {month}: {exc}") from exc


def _require_draft(bm: BillingMonth) -> None:
    if bm.status == BillingMonth.Status.DIBAYAR:
        raise BillingError(f"bulan {bm.period} sudah dibayar: data tagihan terkunci")
    if bm.status == BillingMonth.Status.DISEPAKATI:
        raise BillingError(f"bulan {bm.period} sudah disepakati dalam berita acara: buka kembali dulu untuk mengubahnya")


def _month_row(programme: Programme, month: Month, r: rules.BillingRules) -> BillingMonth:
    bm, _ = BillingMonth.objects.select_for_update().get_or_create(
        programme=programme, month=month.first_day,
        defaults={"contribution_jkk": r.contribution.jkk, "contribution_jkm": r.contribution.jkm},
    )
    return bm


@transaction.atomic
def run_bill(actor, *, programme: Programme, month: Month, progress: Progress = silent) -> BillingMonth:
    """(Re)compute a draft month's bill from the memberships as they are now, in one INSERT ... SELECT."""
    require_manager(actor, tenant=programme.tenant)
    r = _rules(programme, month)
    bm = _month_row(programme, month, r)
    _require_draft(bm)
    progress(0, 3, "batas usia")
    close_at_age_limit(actor, programme=programme, month=month)
    progress(1, 3, "menyusun tagihan")
    BillLine.objects.filter(billing_month=bm).delete()
    c = r.contribution
    count = insert_from_select(BillLine, {
        "billing_month": Value(bm.pk), "participant": F("pk"), "funding_source": F("funding_source_id"),
        "nik": F("person__nik"), "kpj": F("kpj"), "name": F("person__name"),
        "jkk": _money(c.jkk), "jkm": _money(c.jkm), "amount": _money(c.total), "flags": Value(""),
    }, billable(programme, month))
    progress(2, 3, "memeriksa pembiayaan ganda")
    flagged = _flag_double_funding(programme, month, bm)
    bm.contribution_jkk, bm.contribution_jkm = c.jkk, c.jkm
    bm.bill_count, bm.bill_amount, bm.flagged_count = count, c.total * count, flagged
    bm.billed_at = timezone.now()
    bm.save()
    audit.record(actor, Action.BILLING_RUN, bm, tenant=programme.tenant,
                 after={"month": str(month), "count": count, "amount": bm.bill_amount, "flagged": flagged})
    progress(3, 3, "selesai")
    return bm


def _flag_double_funding(programme: Programme, month: Month, bm: BillingMonth) -> int:
    """Mark bill lines whose person another programme also bills for this month (any government:
    a province and a city programme overlap, DOMAIN.md §3), so nobody is paid for twice unnoticed."""
    ours = Participant.objects.filter(programme=programme).values("person_id")
    flags: dict[int, list[str]] = {}
    for other in Programme.objects.exclude(pk=programme.pk).filter(participants__person_id__in=ours).distinct():
        try:
            shared = billable(other, month).filter(person_id__in=billable(programme, month).values("person_id"))
        except RuleSetError:
            continue  # the other rule set cannot bill that month at all
        for person_id in shared.values_list("person_id", flat=True):
            flags.setdefault(person_id, []).append(f"{DOUBLE_FUNDED}:{other.code}")
    by_text: dict[str, list[int]] = {}
    for person_id, items in flags.items():
        by_text.setdefault(";".join(sorted(items)), []).append(person_id)
    for text, person_ids in by_text.items():
        for start in range(0, len(person_ids), 900):
            BillLine.objects.filter(billing_month=bm, participant__person_id__in=person_ids[start:start + 900]) \
                .update(flags=text)
    return len(flags)


# --- Reconciliation --------------------------------------------------------------------------------


def _not_billed_reasons(programme: Programme, month: Month, niks: set[str]) -> dict[str, str]:
    """For programme participants in BPJS's invoice whom we do not bill: why not, in words."""
    r = _rules(programme, month)
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


@transaction.atomic
def reconcile(actor, *, programme: Programme, month: Month, invoice_path: str | Path, mapping: dict | None = None,
              file_name: str = "", progress: Progress = silent) -> ReconcileOutcome:
    """Import BPJS's invoice for `month` and compare it with our bill, NIK by NIK (Pasal 11 ayat (3)).

    Re-running replaces the previous invoice and result, so reconciling again with the same file
    gives the same lines. Raises TableError (before any write) when the file cannot be used."""
    require_manager(actor, tenant=programme.tenant)
    mapping = mapping if mapping is not None else column_mapping(programme, ColumnMapping.Layout.TAGIHAN)
    df = read_table(invoice_path, INVOICE, mapping)
    bm = run_bill(actor, programme=programme, month=month)  # a draft month is always reconciled against today's memberships
    progress(0, df.height, "mencocokkan tagihan")
    raw = [reconciliation.RawInvoiceLine(v[ROW], v["nik"], v["kpj"], v["nama"], v["bulan"], v["iuran_jkk"], v["iuran_jkm"],
                                v["jumlah"]) for v in df.iter_rows(named=True)]
    funding_of: dict[str, int | None] = {}
    ours = []
    jkk, jkm = bm.contribution_jkk, bm.contribution_jkm  # one contribution for the whole month
    for nik, kpj, name, flags, source in BillLine.objects.filter(billing_month=bm).values_list(
        "nik", "kpj", "name", "flags", "funding_source_id"
    ).iterator(chunk_size=5000):
        ours.append(rules.BillLine(nik, kpj, name, month, jkk, jkm, tuple(flags.split(";")) if flags else ()))
        funding_of[nik] = source
    billed = set(funding_of)
    invoiced = {n for line in raw if (n := nik_rules.normalize(line.nik)) and n not in billed}
    result = reconciliation.reconcile(ours, raw, month, _not_billed_reasons(programme, month, invoiced))
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
                                     "amount_bpjs", "note", "flags"], (
        (bm.pk, funding_of.get(line.nik), line.nik[:16], line.kpj[:40], line.name[:150], line.status,
         line.amount_pemda, line.amount_bpjs, line.note[:1000], ";".join(line.flags)[:300])
        for line in result.lines
    ))
    bm.summary = _summary_json(result.summary)
    bm.reconciled_at = timezone.now()
    bm.save(update_fields=["summary", "reconciled_at"])
    audit.record(actor, Action.BILLING_RECONCILE, bm, tenant=programme.tenant,
                 after={"file": invoice.file_name, "agreed_count": result.summary.agreed_count,
                        "agreed_amount": result.summary.agreed_amount, "differences": result.summary.difference_count,
                        "issues": result.summary.issues})
    progress(df.height, df.height, "selesai")
    return ReconcileOutcome(bm, result)


def _cut(text: str | None, size: int) -> str:
    return (text or "")[:size]


def _storable(amount: Decimal | None) -> Decimal | None:
    # An absurd amount stays in the line as text (amount_text) rather than overflowing the column.
    return amount if amount is not None and amount < Decimal(10) ** 14 else None


# --- Berita acara, agreement, payment -------------------------------------------------------------

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
PARTY_FIELDS = ("labour_head_name", "labour_head_title", "labour_head_nip", "bpjs_branch", "bpjs_officer_name",
                "bpjs_officer_title")


def default_number(bm: BillingMonth) -> str:
    """'006/BA-REKON/BPP-2025/VI/2025': the month's sequence in the programme, then month and year."""
    month = bm.period
    sequence = BeritaAcara.objects.filter(billing_month__programme=bm.programme).count() + 1
    return f"{sequence:03d}/BA-REKON/{bm.programme.code.upper()}/{ROMAN[month.month - 1]}/{month.year}"


def berita_acara_for(bm: BillingMonth) -> BeritaAcara:
    """The month's berita acara, or (before one is saved) the one it would be: figures of the latest
    reconciliation, parties from the programme. Never writes: a preview can be downloaded freely."""
    ba = BeritaAcara.objects.filter(billing_month=bm).first()
    if ba is None:
        ba = BeritaAcara(billing_month=bm, number=default_number(bm), date=timezone.localdate(),
                         **{name: getattr(bm.programme, name) for name in PARTY_FIELDS})
    if not bm.is_locked:
        ba.agreed_count = bm.summary.get("agreed_count", 0)
        ba.agreed_amount = Decimal(bm.summary.get("agreed_amount", "0"))
    return ba


@transaction.atomic
def prepare_berita_acara(actor, *, bm: BillingMonth, number: str = "", on: date | None = None,
                         **parties: str) -> BeritaAcara:
    """Create or refresh the draft berita acara from the latest reconciliation (number kept once given)."""
    require_manager(actor, tenant=bm.programme.tenant)
    _require_draft(bm)
    if bm.reconciled_at is None:
        raise BillingError(f"bulan {bm.period} belum direkonsiliasi dengan tagihan BPJS")
    unknown = set(parties) - set(PARTY_FIELDS)
    if unknown:
        raise BillingError(f"isian tidak dikenal: {', '.join(sorted(unknown))}")
    existing = BeritaAcara.objects.filter(billing_month=bm).first()
    before = audit.snapshot(existing) if existing else {}
    ba = berita_acara_for(bm)
    if number:
        ba.number = number
    if on:
        ba.date = on
    for name, value in parties.items():
        if value:
            setattr(ba, name, value)
    ba.save()
    old, new = audit.changed(before, audit.snapshot(ba))
    if new:
        audit.record(actor, Action.BERITA_ACARA_SAVE, ba, before=old, after=new, tenant=bm.programme.tenant)
    return ba


@transaction.atomic
def agree(actor, *, bm: BillingMonth, **fields) -> BillingMonth:
    """Both parties signed the berita acara: its figures are frozen and the month is locked."""
    ba = prepare_berita_acara(actor, bm=bm, **fields)
    if ba.agreed_count == 0:
        raise BillingError("tidak ada peserta yang cocok: berita acara tanpa nilai tidak dapat disepakati")
    bm.status = BillingMonth.Status.DISEPAKATI
    bm.save(update_fields=["status"])
    audit.record(actor, Action.BILLING_AGREE, bm, before={"status": "draf"}, after={
        "status": bm.status, "berita_acara": ba.number, "agreed_count": ba.agreed_count, "agreed_amount": ba.agreed_amount,
    }, tenant=bm.programme.tenant)
    return bm


@transaction.atomic
def reopen(actor, *, bm: BillingMonth, reason: str) -> BillingMonth:
    """Undo an agreement that has not been paid (a berita acara signed on wrong figures)."""
    require_manager(actor, tenant=bm.programme.tenant)
    if bm.status != BillingMonth.Status.DISEPAKATI:
        raise BillingError("hanya bulan yang sudah disepakati dan belum dibayar yang dapat dibuka kembali")
    if not reason.strip():
        raise BillingError("membuka kembali berita acara memerlukan alasan")
    bm.status = BillingMonth.Status.DRAF
    bm.save(update_fields=["status"])
    audit.record(actor, Action.BILLING_REOPEN, bm, before={"status": "disepakati"}, after={"status": "draf", "reason": reason},
                 tenant=bm.programme.tenant)
    return bm


@transaction.atomic
def record_payment(actor, *, bm: BillingMonth, sp2d_number: str, sp2d_date: date, amount: Decimal) -> Payment:
    """The SP2D that pays an agreed month (Pasal 11 ayat (4): payment follows the berita acara)."""
    require_manager(actor, tenant=bm.programme.tenant)
    bm = BillingMonth.objects.select_for_update().get(pk=bm.pk)
    if bm.status == BillingMonth.Status.DIBAYAR:
        raise BillingError(f"bulan {bm.period} sudah dibayar")
    if bm.status != BillingMonth.Status.DISEPAKATI:
        raise BillingError(f"bulan {bm.period} belum disepakati dalam berita acara: pembayaran mengikuti berita acara")
    if not sp2d_number.strip():
        raise BillingError("nomor SP2D wajib diisi")
    agreed = bm.berita_acara.agreed_amount
    if amount != agreed:
        raise BillingError(f"nominal SP2D {amount} berbeda dengan nilai berita acara {agreed} (Pasal 11 ayat (4))")
    payment = Payment.objects.create(billing_month=bm, sp2d_number=sp2d_number.strip(), sp2d_date=sp2d_date,
                                     amount=amount, recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    bm.status = BillingMonth.Status.DIBAYAR
    bm.save(update_fields=["status"])
    audit.record(actor, Action.BILLING_PAY, bm, before={"status": "disepakati"},
                 after={"status": "dibayar", "sp2d": payment.sp2d_number, "date": sp2d_date, "amount": amount},
                 tenant=bm.programme.tenant)
    return payment
