"""Reconciling BPJS's monthly invoice with the Pemda's bill, NIK by NIK (Perwali Balikpapan 3/2025 Pasal 11
ayat (3)): every line COCOK, TIDAK_ADA_DI_TAGIHAN, TIDAK_ADA_DI_DATA_PEMDA or SELISIH_NOMINAL (DESIGN §4).
Invoice lines that cannot be used as they are (another month, a duplicate, a malformed NIK or amount, a
NIK that is no participant) are reported with a reason, never dropped.

Pure Python: the billing service feeds it the bill and the invoice rows and stores what it returns.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from . import nik as nik_rules
from .billing import BillLine, money_text
from .calendar import Month
from .money import InvalidAmount, parse_amount

COCOK = "COCOK"
TIDAK_ADA_DI_TAGIHAN = "TIDAK_ADA_DI_TAGIHAN"  # we bill, BPJS does not
TIDAK_ADA_DI_DATA_PEMDA = "TIDAK_ADA_DI_DATA_PEMDA"  # BPJS bills, we do not
SELISIH_NOMINAL = "SELISIH_NOMINAL"
STATUSES = (COCOK, TIDAK_ADA_DI_TAGIHAN, TIDAK_ADA_DI_DATA_PEMDA, SELISIH_NOMINAL)

# Problems with an invoice line as BPJS sent it.
NIK_TIDAK_VALID = "NIK_TIDAK_VALID"
BULAN_TIDAK_VALID = "BULAN_TIDAK_VALID"
BULAN_LAIN = "BULAN_LAIN"
NOMINAL_TIDAK_VALID = "NOMINAL_TIDAK_VALID"
RINCIAN_TIDAK_SESUAI = "RINCIAN_TIDAK_SESUAI"
BARIS_GANDA = "BARIS_GANDA"
NIK_TIDAK_DIKENAL = "NIK_TIDAK_DIKENAL"
KPJ_BERBEDA = "KPJ_BERBEDA"

ISSUE_TEXT = {
    NIK_TIDAK_VALID: "NIK tidak valid",
    BULAN_TIDAK_VALID: "bulan tidak valid (harus YYYY-MM)",
    BULAN_LAIN: "baris untuk bulan lain",
    NOMINAL_TIDAK_VALID: "nominal tidak valid",
    RINCIAN_TIDAK_SESUAI: "iuran JKK + JKM tidak sama dengan jumlah",
    BARIS_GANDA: "NIK ditagih lebih dari sekali",
    NIK_TIDAK_DIKENAL: "NIK bukan peserta program ini",
    KPJ_BERBEDA: "nomor KPJ berbeda dengan data pemda",
}


@dataclass(frozen=True)
class RawInvoiceLine:
    """One line of BPJS's file, every value as the text it holds (None when empty)."""

    row: int
    nik: str | None
    kpj: str | None = None
    name: str | None = None
    month: str | None = None
    jkk: str | None = None
    jkm: str | None = None
    amount: str | None = None


@dataclass(frozen=True)
class Issue:
    row: int
    nik: str
    code: str
    reason: str


@dataclass
class InvoiceLine:
    """An invoice line after checking: `amount` is None when it could not be read."""

    row: int
    nik: str
    kpj: str
    name: str
    month: Month | None
    jkk: Decimal | None
    jkm: Decimal | None
    amount: Decimal | None
    issues: list[Issue] = field(default_factory=list)

    def problem(self, code: str, detail: str = "") -> None:
        text = ISSUE_TEXT[code] + (f": {detail}" if detail else "")
        self.issues.append(Issue(self.row, self.nik, code, text))


@lru_cache(maxsize=1024)
def _amount(text: str | None) -> Decimal:
    # Cached: an invoice repeats the same few amounts a hundred thousand times.
    value = parse_amount(text)
    if value < 0:
        raise InvalidAmount(f"nominal negatif: {text}")
    return value


@lru_cache(maxsize=64)
def _month(text: str) -> Month:
    return Month.parse(text)


def _optional_amount(line: InvoiceLine, text: str | None, label: str) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        return _amount(text)
    except InvalidAmount:
        line.problem(NOMINAL_TIDAK_VALID, f"{label} {text!r}")
        return None


def check_invoice_line(raw: RawInvoiceLine, month: Month, known_valid: Container[str] = frozenset()) -> InvoiceLine:
    """Parse one line and note every problem found; never raises. NIKs in `known_valid` (our own
    participants', checked when they were imported) skip the NIK check."""
    nik = nik_rules.normalize(raw.nik)
    line = InvoiceLine(raw.row, nik, (raw.kpj or "").strip(), (raw.name or "").strip(), None, None, None, None)
    if nik not in known_valid and not nik_rules.check(nik).is_valid:
        line.problem(NIK_TIDAK_VALID, repr(raw.nik or ""))
    try:
        line.month = _month(raw.month or "")
    except ValueError:
        line.problem(BULAN_TIDAK_VALID, repr(raw.month or ""))
    else:
        if line.month != month:
            line.problem(BULAN_LAIN, f"{line.month}, bukan {month}")
    line.jkk = _optional_amount(line, raw.jkk, "iuran_jkk")
    line.jkm = _optional_amount(line, raw.jkm, "iuran_jkm")
    if raw.amount in (None, "") and line.jkk is not None and line.jkm is not None:
        line.amount = line.jkk + line.jkm  # a file with the parts but no total: the total is their sum
    else:
        try:
            line.amount = _amount(raw.amount)
        except InvalidAmount:
            line.problem(NOMINAL_TIDAK_VALID, f"jumlah {raw.amount or ''!r}")
    if line.amount is not None and line.jkk is not None and line.jkm is not None and line.jkk + line.jkm != line.amount:
        line.problem(RINCIAN_TIDAK_SESUAI, f"{line.jkk} + {line.jkm} = {line.jkk + line.jkm}, jumlah {line.amount}")
    return line


@dataclass(frozen=True)
class ReconciliationLine:
    nik: str
    kpj: str
    name: str
    status: str
    amount_pemda: Decimal | None
    amount_bpjs: Decimal | None
    note: str = ""
    flags: tuple[str, ...] = ()
    rows: tuple[int, ...] = ()  # the invoice rows behind this line


@dataclass
class StatusTotal:
    count: int = 0
    amount_pemda: Decimal = Decimal(0)
    amount_bpjs: Decimal = Decimal(0)


@dataclass
class Summary:
    month: Month
    bill_count: int
    bill_amount: Decimal
    invoice_rows: int  # every data row of the file
    invoice_count: int  # distinct NIKs BPJS bills for this month
    invoice_amount: Decimal  # what BPJS claims for this month: every readable amount of the month, duplicates too
    by_status: dict[str, StatusTotal]
    issues: dict[str, int]

    @property
    def agreed_count(self) -> int:
        return self.by_status[COCOK].count

    @property
    def agreed_amount(self) -> Decimal:
        return self.by_status[COCOK].amount_pemda

    @property
    def difference_count(self) -> int:
        return sum(t.count for s, t in self.by_status.items() if s != COCOK)


@dataclass
class Reconciliation:
    lines: list[ReconciliationLine]
    issues: list[Issue]
    summary: Summary
    checked: list[InvoiceLine] = field(default_factory=list, compare=False)  # in file order, with their issues

    @property
    def differences(self) -> list[ReconciliationLine]:
        return [line for line in self.lines if line.status != COCOK]


_USABLE_DESPITE = {RINCIAN_TIDAK_SESUAI, NOMINAL_TIDAK_VALID}  # the line still names a NIK of this month


def reconcile(
    bill_lines: Iterable[BillLine],
    raw_lines: Iterable[RawInvoiceLine],
    month: Month,
    not_billed: Mapping[str, str] | None = None,
) -> Reconciliation:
    """Compare our bill with BPJS's invoice for `month`, NIK by NIK.

    `not_billed` maps the NIKs of programme participants we do not bill this month to the reason
    (shown beside BPJS's line for them); a NIK in neither the bill nor `not_billed` is no participant
    of the programme at all and is reported as NIK_TIDAK_DIKENAL."""
    not_billed = not_billed or {}
    bills = {b.nik: b for b in bill_lines}
    participants = bills.keys() | not_billed.keys()
    checked = [check_invoice_line(raw, month, participants) for raw in raw_lines]

    first: dict[str, InvoiceLine] = {}
    extra_amount: dict[str, Decimal] = {}
    invoice_amount = Decimal(0)
    for line in checked:
        codes = {i.code for i in line.issues}
        if codes - _USABLE_DESPITE:  # another month, unreadable month or NIK: not a line of this month's bill
            continue
        if line.amount is not None:
            invoice_amount += line.amount
        if line.nik in first:
            line.problem(BARIS_GANDA, f"sama dengan baris {first[line.nik].row}")
            extra_amount[line.nik] = extra_amount.get(line.nik, Decimal(0)) + (line.amount or 0)
            continue
        first[line.nik] = line
        if line.nik not in bills and line.nik not in not_billed:
            line.problem(NIK_TIDAK_DIKENAL)
        ours = bills.get(line.nik)
        if ours is not None and line.kpj and ours.kpj and line.kpj != ours.kpj:
            line.problem(KPJ_BERBEDA, f"BPJS {line.kpj}, pemda {ours.kpj}")

    issues_by_nik: dict[str, list[Issue]] = {}
    for line in checked:
        for issue in line.issues:
            issues_by_nik.setdefault(line.nik, []).append(issue)

    def note_for(nik: str, *extra: str) -> str:
        parts = [*extra, *(f"baris {i.row}: {i.reason}" for i in issues_by_nik.get(nik, ()))]
        return "; ".join(p for p in parts if p)

    lines: list[ReconciliationLine] = []
    for nik, ours in bills.items():
        theirs = first.get(nik)
        if theirs is None:
            lines.append(ReconciliationLine(nik, ours.kpj, ours.name, TIDAK_ADA_DI_TAGIHAN, ours.amount, None,
                                            note_for(nik, "tidak ada di tagihan BPJS bulan ini"), ours.flags))
            continue
        rows = (theirs.row, *(i.row for i in issues_by_nik.get(nik, ()) if i.code == BARIS_GANDA))
        if theirs.amount == ours.amount:
            status, extra = COCOK, ""
        else:
            status = SELISIH_NOMINAL
            extra = ("nominal BPJS tidak terbaca" if theirs.amount is None
                     else f"selisih {money_text(theirs.amount - ours.amount)}")
        lines.append(ReconciliationLine(nik, ours.kpj or theirs.kpj, ours.name or theirs.name, status, ours.amount,
                                        theirs.amount, note_for(nik, extra), ours.flags, rows))
    for nik, theirs in first.items():
        if nik in bills:
            continue
        reason = not_billed.get(nik)
        extra = f"tidak ditagih pemda: {reason}" if reason else ""
        rows = (theirs.row, *(i.row for i in issues_by_nik.get(nik, ()) if i.code == BARIS_GANDA))
        lines.append(ReconciliationLine(nik, theirs.kpj, theirs.name, TIDAK_ADA_DI_DATA_PEMDA, None, theirs.amount,
                                        note_for(nik, extra), (), rows))

    by_status = {s: StatusTotal() for s in STATUSES}
    for line in lines:
        total = by_status[line.status]
        total.count += 1
        total.amount_pemda += line.amount_pemda or 0
        total.amount_bpjs += line.amount_bpjs or 0
    status_of = {line.nik: line.status for line in lines}
    for nik, amount in extra_amount.items():  # duplicates are claimed too: they belong in BPJS's column
        by_status[status_of[nik]].amount_bpjs += amount

    issues = [i for line in checked for i in line.issues]
    issue_counts: dict[str, int] = {}
    for issue in issues:
        issue_counts[issue.code] = issue_counts.get(issue.code, 0) + 1
    summary = Summary(
        month=month,
        bill_count=len(bills),
        bill_amount=sum((b.amount for b in bills.values()), Decimal(0)),
        invoice_rows=len(checked),
        invoice_count=len(first),
        invoice_amount=invoice_amount,
        by_status=by_status,
        issues=issue_counts,
    )
    return Reconciliation(lines, issues, summary, checked)


