"""One row of BPJS's claim report (DESIGN.md §4 "Claims import"): every problem that refuses it, the
warnings recorded beside it, the key that recognises the same claim in a later report, and its result."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .. import nik as nik_rules
from ..money import InvalidAmount, format_rupiah, parse_amount
from ..rules.fields import Unreadable, clean, parse_date
from .policy import ClaimsPolicy, load_policy
from .vocabulary import (
    BENEFIT_ALIASES,
    BENEFITS,
    CLAIM_TYPES,
    DEATH_WORDS,
    DIAJUKAN,
    DIBAYAR,
    DICATAT,
    DITOLAK,
    HASIL_DITOLAK,
    JKK,
    JKM,
    KEMATIAN,
    STATUSES,
    SUDAH_ADA,
    can_move,
)


@dataclass
class ClaimRow:
    row: int
    nik: str = ""
    kpj: str = ""
    kind: str | None = None  # JKK | JKM | BEASISWA
    benefit: str | None = None  # sub-kind (BENEFITS[kind]) when known
    benefit_inferred: bool = False  # read from keterangan, not from a column
    event_date: date | None = None  # tanggal_kejadian
    submitted_on: date | None = None  # tanggal_pengajuan
    paid_on: date | None = None  # tanggal_bayar
    status: str | None = None
    amount: Decimal | None = None
    bpjs_reference: str = ""
    note: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def is_death(self) -> bool:
        """A claim that says the participant died: JKM, or JKK with the death benefit."""
        return self.kind == JKM or (self.kind == JKK and self.benefit == KEMATIAN)

    @property
    def key(self) -> tuple:
        """What identifies the claim across imports: BPJS's reference when given, otherwise the person,
        type, benefit and the two dates the claim cannot change. Status and amount are not part of it:
        the same claim imported again with a later status is an update (see `import_outcome`)."""
        if self.bpjs_reference:
            return ("ref", self.bpjs_reference)
        return ("row", self.nik, self.kind, self.benefit or "", self.event_date, self.submitted_on)


def _code(raw: str) -> str:
    return re.sub(r"[^0-9A-Z]+", "_", raw.upper()).strip("_")


def _parse_kind(raw: str) -> tuple[str, str | None]:
    """'JKK' -> (JKK, None); 'JKK Meninggal' / 'JKK-KEMATIAN' -> (JKK, KEMATIAN)."""
    code = _code(raw)
    for kind in CLAIM_TYPES:
        if code == kind:
            return kind, None
        if code.startswith(kind + "_"):
            return kind, _parse_benefit(kind, code[len(kind) + 1 :], raw)
    raise Unreadable(f"jenis {raw!r} tidak dikenal (pilih: {', '.join(CLAIM_TYPES)})")


def _parse_benefit(kind: str, raw: str, shown: str | None = None) -> str:
    code = _code(raw)
    code = BENEFIT_ALIASES.get(code, code)
    if code not in BENEFITS[kind]:
        allowed = ", ".join(BENEFITS[kind]) or "tidak ada"
        raise Unreadable(f"manfaat {shown or raw!r} tidak dikenal untuk {kind} (pilih: {allowed})")
    return code


def _date(
    row: ClaimRow, values: Mapping[str, object], key: str, *, today: date, required: bool
) -> date | None:
    text = clean(values.get(key))
    if text is None:
        if required:
            row.errors.append(f"{key} wajib diisi")
        return None
    try:
        value = parse_date(text)
    except Unreadable as exc:
        row.errors.append(f"{key}: {exc}")
        return None
    if value > today:
        row.errors.append(f"{key} tidak boleh di masa depan")
        return None
    return value


def check_claim_row(
    values: Mapping[str, object], row_number: int, *, today: date, policy: ClaimsPolicy | None = None
) -> ClaimRow:
    """One claims-import row with every problem: `errors` refuse it (hasil DITOLAK), `warnings` are
    recorded beside it. `today` is the tenant's local date; `policy` (default: the shipped one) gives the
    amount caps behind the warnings."""
    policy = policy or load_policy()
    row = ClaimRow(row_number)
    raw_nik = clean(values.get("nik"))
    row.nik = nik_rules.normalize(raw_nik) if raw_nik else ""
    if raw_nik is None:
        row.errors.append("nik wajib diisi")
    else:
        check = nik_rules.check(row.nik, today=today)
        if not check.is_valid:
            row.errors.append("NIK tidak valid: " + "; ".join(e.message for e in check.errors))
    row.kpj = clean(values.get("kpj")) or ""
    row.bpjs_reference = clean(values.get("referensi_bpjs")) or ""
    row.note = clean(values.get("keterangan")) or ""

    kind_text = clean(values.get("jenis"))
    if kind_text is None:
        row.errors.append("jenis wajib diisi")
    else:
        try:
            row.kind, row.benefit = _parse_kind(kind_text)
        except Unreadable as exc:
            row.errors.append(str(exc))
    benefit_text = clean(values.get("manfaat"))
    if row.kind is not None and benefit_text is not None:
        try:
            benefit = _parse_benefit(row.kind, benefit_text)
        except Unreadable as exc:
            row.errors.append(str(exc))
        else:
            if row.benefit is not None and row.benefit != benefit:
                row.errors.append(f"manfaat {benefit_text!r} bertentangan dengan jenis {kind_text!r}")
            row.benefit = benefit
    if row.kind == JKK and row.benefit is None and DEATH_WORDS.search(row.note):
        row.benefit, row.benefit_inferred = KEMATIAN, True
        row.warnings.append("manfaat JKK KEMATIAN disimpulkan dari keterangan; periksa laporan BPJS")

    status_text = clean(values.get("status"))
    if status_text is None:
        row.errors.append("status wajib diisi")
    elif _code(status_text) in STATUSES:
        row.status = _code(status_text)
    else:
        row.errors.append(f"status {status_text!r} tidak dikenal (pilih: {', '.join(STATUSES)})")

    row.event_date = _date(row, values, "tanggal_kejadian", today=today, required=True)
    row.submitted_on = _date(row, values, "tanggal_pengajuan", today=today, required=True)
    row.paid_on = _date(row, values, "tanggal_bayar", today=today, required=row.status == DIBAYAR)
    if row.paid_on is not None and row.status in (DIAJUKAN, DITOLAK):
        row.errors.append(f"tanggal_bayar hanya diisi untuk status DIBAYAR (status {row.status})")
    if row.event_date and row.submitted_on and row.submitted_on < row.event_date:
        row.errors.append("tanggal_pengajuan sebelum tanggal_kejadian")
    if row.submitted_on and row.paid_on and row.paid_on < row.submitted_on:
        row.errors.append("tanggal_bayar sebelum tanggal_pengajuan")

    amount_text = clean(values.get("jumlah"))
    if amount_text is None:
        if row.status == DIBAYAR:
            row.errors.append("jumlah wajib diisi untuk status DIBAYAR")
    else:
        try:
            amount = parse_amount(amount_text)
        except InvalidAmount:
            row.errors.append(
                f"jumlah {amount_text!r} bukan nominal rupiah (angka tanpa pemisah ribuan, desimal dengan titik)"
            )
        else:
            if amount < 0:
                row.errors.append("jumlah tidak boleh negatif")
            elif amount.as_tuple().exponent < -2:
                row.errors.append("jumlah paling banyak dua angka desimal")
            elif row.status == DIBAYAR and amount == 0:
                row.errors.append("jumlah klaim yang DIBAYAR harus lebih dari nol")
            else:
                row.amount = amount
    if row.amount is not None and row.kind is not None:
        on = row.paid_on or row.submitted_on or today
        cap = policy.cap(row.kind, on)
        if cap is not None and row.amount > cap:
            row.warnings.append(
                f"jumlah melebihi manfaat {row.kind} yang berlaku ({format_rupiah(cap)}); "
                "periksa laporan BPJS"
            )
    return row


def import_outcome(row: ClaimRow, existing_status: str | None) -> tuple[str, str]:
    """(hasil, alasan) for a checked row given the status of the claim already stored under `row.key`
    (None: new). A later status of a known claim (DIAJUKAN -> DIBAYAR) updates it and counts as DICATAT."""
    if row.errors:
        return HASIL_DITOLAK, "; ".join(row.errors)
    notes = list(row.warnings)
    if existing_status is None:
        return DICATAT, "; ".join(notes)
    if existing_status == row.status:
        return SUDAH_ADA, "; ".join(notes)
    if can_move(existing_status, row.status or ""):
        return DICATAT, "; ".join([f"status diperbarui dari {existing_status}", *notes])
    return (
        HASIL_DITOLAK,
        f"klaim sudah tercatat berstatus {existing_status}; tidak dapat menjadi {row.status}",
    )


def result_row(row: ClaimRow, hasil: str, alasan: str) -> dict[str, str]:
    return {"baris": str(row.row), "nik": row.nik, "jenis": row.kind or "", "hasil": hasil, "alasan": alasan}
