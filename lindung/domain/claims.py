"""Benefit claims (JKK, JKM, scholarship) from BPJS's claim report: checking an import row (DESIGN.md §4
"Claims import"), which claims end membership (Pasal 10 huruf a), the JKM funeral-only rule, and the
scholarship guard on the contribution period.

Pure Python. The facts the rules rest on are mostly unconfirmed (DOMAIN.md §4): they are effective-dated
data in lindung/data/claims.yaml, never constants here. See docs/GRIEVANCE.md.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from . import nik as nik_rules
from .calendar import Month, completed_months
from .exchange import CLAIM_RESULT_COLUMNS, CLAIMS
from .money import InvalidAmount, format_rupiah, parse_amount
from .params import DATA_DIR, ParameterFileError, ParameterSet, load_parameter_set, parse_parameter_set
from .rules.fields import Unreadable, clean, parse_date
from .workdays import WorkCalendar

POLICY_PATH = DATA_DIR / "claims.yaml"
LAYOUT = CLAIMS  # header matching: exchange.match_headers(headers, LAYOUT, mapping)
RESULT_COLUMNS = CLAIM_RESULT_COLUMNS

# -- vocabularies ---------------------------------------------------------------------------------------

JKK = "JKK"
JKM = "JKM"
BEASISWA = "BEASISWA"
CLAIM_TYPES: dict[str, str] = {
    JKK: "Jaminan Kecelakaan Kerja",
    JKM: "Jaminan Kematian",
    BEASISWA: "Beasiswa pendidikan anak (paling banyak 2 anak)",
}

PERAWATAN = "PERAWATAN"
STMB = "STMB"
CACAT = "CACAT"
KEMATIAN = "KEMATIAN"
PEMAKAMAN = "PEMAKAMAN"
BENEFITS: dict[str, dict[str, str]] = {
    JKK: {
        PERAWATAN: "Perawatan dan pengobatan",
        STMB: "Santunan sementara tidak mampu bekerja",
        CACAT: "Santunan cacat",
        KEMATIAN: "Santunan kematian akibat kecelakaan kerja",
    },
    JKM: {
        KEMATIAN: "Santunan kematian",
        PEMAKAMAN: "Biaya pemakaman saja (masa kepesertaan singkat)",
    },
    BEASISWA: {},
}
BENEFIT_ALIASES = {
    "MENINGGAL": KEMATIAN,
    "MENINGGAL_DUNIA": KEMATIAN,
    "SANTUNAN_KEMATIAN": KEMATIAN,
    "PENGOBATAN": PERAWATAN,
    "PERAWATAN_DAN_PENGOBATAN": PERAWATAN,
    "PERAWATAN_PENGOBATAN": PERAWATAN,
    "SEMENTARA_TIDAK_MAMPU_BEKERJA": STMB,
    "SANTUNAN_STMB": STMB,
    "CACAT_SEBAGIAN": CACAT,
    "CACAT_TOTAL": CACAT,
    "CACAT_TOTAL_TETAP": CACAT,
    "CACAT_FUNGSI": CACAT,
    "BIAYA_PEMAKAMAN": PEMAKAMAN,
}
_DEATH_WORDS = re.compile(r"\b(meninggal|kematian|wafat|tewas)\b", re.IGNORECASE)

DIAJUKAN = "DIAJUKAN"
DIBAYAR = "DIBAYAR"
DITOLAK = "DITOLAK"
STATUSES: dict[str, str] = {DIAJUKAN: "Diajukan", DIBAYAR: "Dibayar", DITOLAK: "Ditolak"}
TRANSITIONS: dict[str, frozenset[str]] = {
    DIAJUKAN: frozenset({DIBAYAR, DITOLAK}),
    DIBAYAR: frozenset(),
    DITOLAK: frozenset(),
}

# Import results (hasil).
DICATAT = "DICATAT"
SUDAH_ADA = "SUDAH_ADA"
HASIL_DITOLAK = "DITOLAK"

TERMINATION_REASON = "meninggal"  # lindung.domain.membership.END_REASONS
TERMINATION_CITE = "Pasal 10 huruf a"


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


# -- policy ------------------------------------------------------------------------------------------------


def _int(value: Any, where: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ParameterFileError(f"{where}: harus bilangan bulat {low}..{high}")


def _check_min_months(value: Any, where: str) -> None:
    if not isinstance(value, Mapping) or set(value) != {JKM, JKK}:
        raise ParameterFileError(f"{where}: harus memuat tepat JKM dan JKK")
    for k, v in value.items():
        _int(v, f"{where}.{k}", 0, 600)


def _check_caps(value: Any, where: str) -> None:
    if not isinstance(value, Mapping) or not set(value) <= set(CLAIM_TYPES):
        raise ParameterFileError(f"{where}: kunci harus jenis klaim ({', '.join(CLAIM_TYPES)})")
    for k, v in value.items():
        try:
            amount = parse_amount(v)
        except InvalidAmount:
            raise ParameterFileError(f"{where}.{k}: bukan nominal rupiah: {v!r}") from None
        if amount <= 0:
            raise ParameterFileError(f"{where}.{k}: harus lebih dari nol")


def _check_bool(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise ParameterFileError(f"{where}: harus true atau false")


_CHECKS = {
    "jkm_funeral_only_below_months": lambda v, w: _int(v, w, 0, 120),
    "scholarship_min_contribution_months": _check_min_months,
    "scholarship_contribution_continuous": _check_bool,
    "scholarship_max_children": lambda v, w: _int(v, w, 0, 20),
    "benefit_caps": _check_caps,
    "jkm_payment_working_days": lambda v, w: _int(v, w, 0, 60),
}


@dataclass(frozen=True)
class ClaimsPolicy:
    params: ParameterSet

    def __post_init__(self) -> None:
        for name, check in _CHECKS.items():
            for item in self.params.parameter(name).history:
                check(item.value, f"{self.params.origin}: {name} mulai {item.start.isoformat()}")

    def funeral_only_below_months(self, on: date) -> int:
        return self.params.value("jkm_funeral_only_below_months", on)

    def scholarship_min_months(self, basis: str, on: date) -> int:
        if basis not in (JKM, JKK):
            raise ValueError(f"dasar beasiswa harus JKM atau JKK: {basis!r}")
        return self.params.value("scholarship_min_contribution_months", on)[basis]

    def scholarship_continuous(self, on: date) -> bool:
        return self.params.value("scholarship_contribution_continuous", on)

    def scholarship_max_children(self, on: date) -> int:
        return self.params.value("scholarship_max_children", on)

    def cap(self, kind: str, on: date) -> Decimal | None:
        value = self.params.value("benefit_caps", on).get(kind)
        return None if value is None else parse_amount(value)

    def jkm_payment_working_days(self, on: date) -> int:
        return self.params.value("jkm_payment_working_days", on)

    def ref(self, name: str, on: date) -> str:
        return self.params.at(name, on).ref

    def with_overrides(
        self, overrides: Mapping[str, Sequence[Mapping]] | None, origin: str = "override"
    ) -> ClaimsPolicy:
        return ClaimsPolicy(self.params.with_overrides(overrides, origin))


def parse_policy(data: Any, origin: str = "<memory>") -> ClaimsPolicy:
    return ClaimsPolicy(parse_parameter_set(data, origin))


@cache
def _default_policy(path: Path) -> ClaimsPolicy:
    return ClaimsPolicy(load_parameter_set(path))


def load_policy(path: Path = POLICY_PATH) -> ClaimsPolicy:
    return _default_policy(path)


# -- the import row ----------------------------------------------------------------------------------------


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
    if row.kind == JKK and row.benefit is None and _DEATH_WORDS.search(row.note):
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


# -- membership consequences --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TerminationProposal:
    """Pasal 10 huruf a: membership ends on death. A proposal: an officer confirms it in the membership app."""

    nik: str
    end_date: date
    reason: str
    cite: str
    evidence: str  # Indonesian: which claim says so


def termination_for(row: ClaimRow) -> TerminationProposal | None:
    """A death claim (JKM, or JKK KEMATIAN) that is submitted or paid proposes ending the membership on
    the event date. A refused (DITOLAK) claim proposes nothing: BPJS did not accept what it says."""
    if not row.ok or not row.is_death or row.status not in (DIAJUKAN, DIBAYAR) or row.event_date is None:
        return None
    what = f"klaim {row.kind}" + (f" {row.benefit}" if row.kind == JKK else "")
    ref = f", referensi BPJS {row.bpjs_reference}" if row.bpjs_reference else ""
    return TerminationProposal(
        row.nik,
        row.event_date,
        TERMINATION_REASON,
        TERMINATION_CITE,
        f"{what} berstatus {row.status}{ref} (tanggal kejadian {row.event_date.isoformat()})",
    )


def jkm_benefit(membership_start: date, death_date: date, *, policy: ClaimsPolicy) -> str:
    """KEMATIAN (full benefit) or PEMAKAMAN (funeral costs only) by completed months of membership."""
    months = completed_months(membership_start, death_date)
    return PEMAKAMAN if months < policy.funeral_only_below_months(death_date) else KEMATIAN


Period = tuple[date, date | None]  # first and last day of a membership (None: still running)


def check_against_membership(row: ClaimRow, periods: Iterable[Period], *, policy: ClaimsPolicy) -> list[str]:
    """Warnings (Indonesian) comparing a checked claim with the participant's memberships in the programme."""
    if not row.ok or row.event_date is None:
        return []
    event = row.event_date
    covering = [p for p in periods if p[0] <= event and (p[1] is None or event <= p[1])]
    if not covering:
        return [f"tanggal_kejadian {event.isoformat()} di luar masa kepesertaan program"]
    out = []
    if row.kind == JKM:
        start = min(p[0] for p in covering)
        due = jkm_benefit(start, event, policy=policy)
        limit = policy.funeral_only_below_months(event)
        if due == PEMAKAMAN and row.benefit != PEMAKAMAN:
            out.append(
                f"kepesertaan kurang dari {limit} bulan saat meninggal: manfaat JKM hanya biaya pemakaman"
            )
        elif due == KEMATIAN and row.benefit == PEMAKAMAN:
            out.append(
                f"kepesertaan sudah {limit} bulan atau lebih saat meninggal: berhak santunan kematian penuh"
            )
    return out


def jkm_payment_due(complete_file_on: date, *, calendar: WorkCalendar, policy: ClaimsPolicy) -> date:
    """The last day BPJS should pay a JKM claim whose file was complete on that date."""
    return calendar.add_working_days(complete_file_on, policy.jkm_payment_working_days(complete_file_on))


# -- scholarship guard ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContributionPeriod:
    basis: str  # JKM or JKK: the death claim the scholarship follows
    as_of: Month  # month of the event (or the current month, for a living participant)
    required_months: int
    continuous: bool
    counted_months: int  # paid months counted: the run ending at as_of (continuous) or all (cumulative)
    holds: bool  # the period the scholarship needs is there now
    breaking_months: tuple[Month, ...]  # unpaid months that break it (continuous counting only)
    payable_months: tuple[Month, ...]  # months billed and not yet paid whose payment would count
    holds_if_paid: bool  # the period holds once payable_months are paid
    message: str  # Indonesian
    ref: str


def scholarship_contribution_period(
    basis: str,
    paid_months: Iterable[Month],
    *,
    on: date,
    policy: ClaimsPolicy,
    billed_months: Collection[Month] = (),
) -> ContributionPeriod:
    """Does the contribution period the scholarship needs hold on `on`?

    `paid_months`: months whose contribution was paid for the participant; `billed_months`: months billed
    (paid or not). Continuous counting (default, data): the `required` months ending with the month of `on`
    must all be paid; an unpaid month after the first contribution breaks the period and is listed, and
    marked payable when it is billed (paying the arrears restores it). A participant whose contributions
    began too recently does not hold the period, with no breaking month. Cumulative counting: the paid
    months up to `on` are added up; gaps break nothing."""
    as_of = Month.of(on)
    required = policy.scholarship_min_months(basis, on)
    continuous = policy.scholarship_continuous(on)
    ref = policy.ref("scholarship_min_contribution_months", on)
    paid = {m for m in paid_months if m <= as_of}
    billed = {m for m in billed_months if m <= as_of}
    unpaid_billed = billed - paid

    if continuous:
        run, m = 0, as_of
        while m in paid:
            run += 1
            m = m + -1
        counted = run
    else:
        counted = len(paid)
    if required == 0:
        return ContributionPeriod(
            basis,
            as_of,
            0,
            continuous,
            counted,
            True,
            (),
            (),
            True,
            f"beasiswa {basis} tidak mensyaratkan masa iur minimum",
            ref,
        )

    if continuous:
        window = [as_of + (i - required + 1) for i in range(required)]
        started = min(paid | billed) if paid or billed else None
        breaking = tuple(m for m in window if m not in paid and started is not None and m >= started)
        payable = tuple(m for m in breaking if m in unpaid_billed)
        too_recent = started is None or started > window[0]
        holds = not breaking and not too_recent
        holds_if_paid = not too_recent and len(payable) == len(breaking)
    else:
        breaking = ()
        payable = tuple(sorted(unpaid_billed))
        holds = counted >= required
        holds_if_paid = counted + len(payable) >= required

    if holds:
        message = f"masa iur {counted} bulan memenuhi syarat beasiswa {basis} ({required} bulan)"
    elif breaking:
        listed = ", ".join(str(m) for m in breaking)
        message = f"masa iur {required} bulan untuk beasiswa {basis} terputus oleh bulan yang belum dibayar: {listed}"
        if payable:
            message += f"; masih dapat dibayar: {', '.join(str(m) for m in payable)}"
    else:
        message = f"masa iur baru {counted} bulan; beasiswa {basis} mensyaratkan {required} bulan"
    return ContributionPeriod(
        basis, as_of, required, continuous, counted, holds, breaking, payable, holds_if_paid, message, ref
    )
