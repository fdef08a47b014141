"""The complaints-import row (DESIGN.md §4 "Complaints import"): reading one row, planning the
complaint it becomes (handler, service level, response deadline) and the contract's result line."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from .. import nik as nik_rules
from ..exchange import COMPLAINT_RESULT_COLUMNS, COMPLAINTS
from ..rules.fields import Unreadable, clean, occupation_code, parse_region
from ..workdays import WorkCalendar
from .policy import GrievancePolicy
from .routing import DataCollector, Route, route
from .sla import ServiceLevel, due_dates
from .vocabulary import CATEGORIES, CHANNEL_ALIASES, CHANNELS, DITERIMA, GrievanceError

LAYOUT = COMPLAINTS  # header matching: exchange.match_headers(headers, LAYOUT, mapping)
RESULT_COLUMNS = COMPLAINT_RESULT_COLUMNS
_RECEIVED_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?")
_PHONE_RE = re.compile(r"\+?\(?[0-9][0-9 ()\-.]{5,24}")
MAX_TEXT = 10_000


def phone_key(text: object) -> str | None:
    """A phone number reduced to what identifies it, for matching what a reporter types against what
    was recorded: digits only, the country code written as a leading 0 (+62 812-555 -> 0812555). None
    when it is not a readable phone number."""
    raw = str(text or "").strip()
    if not _PHONE_RE.fullmatch(raw):
        return None
    digits = re.sub(r"[^0-9]", "", raw)
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits if len(digits) >= 6 else None


@dataclass
class ComplaintRow:
    row: int
    nomor_lapor: str | None = None
    received_at: datetime | None = None  # local time; 00:00 when only the date was given
    has_time: bool = False
    channel: str | None = None
    category: str | None = None
    name: str | None = None
    nik: str | None = None  # only a valid NIK is kept
    phone: str | None = None
    kelurahan: str | None = None
    occupation: str | None = None
    text: str | None = None
    errors: list[str] = field(default_factory=list)  # the row is refused
    warnings: list[str] = field(default_factory=list)  # recorded, with the problem noted

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def fingerprint(self) -> str:
        """What identifies a row without a LAPOR! number across imports (desk records exported again):
        a digest of the moment, channel, category, the reporter's NIK and phone, and the text."""
        moment = self.received_at.isoformat() if self.received_at else ""
        parts = (moment, self.channel or "", self.category or "", self.nik or "", phone_key(self.phone) or "",
                 " ".join((self.text or "").split()))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def parse_received_at(text: str, *, now: datetime) -> tuple[datetime, bool]:
    """`YYYY-MM-DD` or `YYYY-MM-DD HH:MM` (seconds and a `T` tolerated, as spreadsheets write them) ->
    (local datetime, whether a time was given). A moment after `now` is refused."""
    m = _RECEIVED_RE.fullmatch(text)
    if not m:
        raise Unreadable("diterima_pada harus berformat YYYY-MM-DD atau YYYY-MM-DD HH:MM")
    y, mo, d, hh, mm, ss = m.groups()
    try:
        value = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        raise Unreadable("diterima_pada: tanggal atau jam tidak ada di kalender") from None
    now = now.replace(tzinfo=None)
    if (value > now) if hh is not None else (value.date() > now.date()):
        raise Unreadable("diterima_pada tidak boleh di masa depan")
    return value, hh is not None


def _code(raw: str) -> str:
    return re.sub(r"[^0-9A-Z]+", "_", raw.upper()).strip("_")


def parse_channel(raw: str) -> str:
    code = _code(raw)
    code = CHANNEL_ALIASES.get(code, code)
    if code not in CHANNELS:
        raise Unreadable(f"saluran {raw!r} tidak dikenal (pilih: {', '.join(CHANNELS)})")
    return code


def parse_category(raw: str) -> str:
    code = _code(raw)
    if code not in CATEGORIES:
        raise Unreadable(f"kategori {raw!r} tidak dikenal (pilih: {', '.join(CATEGORIES)})")
    return code


def parse_complaint_row(
    values: Mapping[str, object],
    row_number: int,
    *,
    now: datetime,
    occupations: Collection[str] | None = None,
    region_prefix: str | None = None,
) -> ComplaintRow:
    """One complaints-import row. Errors (the row is refused, issue 10 "bad input"): diterima_pada,
    saluran, kategori, isi missing or unreadable, a future date, a LAPOR row without nomor_lapor, a NIK
    that is not a valid NIK (the importer also refuses one nobody in the register has). Other problems in
    the reporter's details (telepon, kode_wilayah, pekerjaan) never lose a complaint: the value is dropped
    with a warning. Anonymous complaints (no nama/nik/telepon) are accepted."""
    row = ComplaintRow(row_number)
    row.nomor_lapor = clean(values.get("nomor_lapor"))

    text = clean(values.get("diterima_pada"))
    if text is None:
        row.errors.append("diterima_pada wajib diisi")
    else:
        try:
            row.received_at, row.has_time = parse_received_at(text, now=now)
        except Unreadable as exc:
            row.errors.append(str(exc))

    for key, parser, attr in (
        ("saluran", parse_channel, "channel"),
        ("kategori", parse_category, "category"),
    ):
        text = clean(values.get(key))
        if text is None:
            row.errors.append(f"{key} wajib diisi")
            continue
        try:
            setattr(row, attr, parser(text))
        except Unreadable as exc:
            row.errors.append(str(exc))
    if row.channel == "LAPOR" and row.nomor_lapor is None:
        row.errors.append("nomor_lapor wajib diisi untuk saluran LAPOR")

    row.text = clean(values.get("isi"))
    if row.text is None:
        row.errors.append("isi pengaduan wajib diisi")
    elif len(row.text) > MAX_TEXT:
        row.errors.append(f"isi pengaduan lebih dari {MAX_TEXT} karakter")

    row.name = clean(values.get("nama"))
    raw_nik = clean(values.get("nik"))
    if raw_nik is not None:
        check = nik_rules.check(nik_rules.normalize(raw_nik))
        if check.is_valid:
            row.nik = check.parsed.nik if check.parsed else nik_rules.normalize(raw_nik)
        else:
            row.errors.append("NIK tidak valid: " + "; ".join(e.message for e in check.errors))
    phone = clean(values.get("telepon"))
    if phone is not None:
        if _PHONE_RE.fullmatch(phone):
            row.phone = phone
        else:
            row.warnings.append(f"telepon {phone!r} tidak terbaca, tidak disimpan")
    region = clean(values.get("kode_wilayah"))
    if region is not None:
        try:
            code = parse_region(region)
        except Unreadable as exc:
            row.warnings.append(f"kode_wilayah: {exc}, tidak disimpan")
        else:
            if region_prefix and not code.startswith(region_prefix.rstrip(".") + "."):
                row.warnings.append(f"kode_wilayah {code} di luar wilayah program, tidak disimpan")
            else:
                row.kelurahan = code
    occupation = clean(values.get("pekerjaan"))
    if occupation is not None:
        code = occupation_code(occupation)
        if occupations is not None and code not in occupations:
            row.warnings.append(f"pekerjaan {occupation!r} tidak dikenal, tidak disimpan")
        else:
            row.occupation = code
    return row


@dataclass(frozen=True)
class ComplaintPlan:
    """What a new complaint becomes: its handler, service level, response deadline and first status."""

    route: Route
    service_level: ServiceLevel
    response_due: date
    status: str = DITERIMA


def plan(
    row: ComplaintRow,
    *,
    policy: GrievancePolicy,
    calendar: WorkCalendar,
    data_collector: DataCollector | None = None,
) -> ComplaintPlan:
    """Routing and deadline of a row that parsed without errors."""
    if not row.ok or row.received_at is None or row.category is None:
        raise GrievanceError("baris pengaduan ditolak: " + "; ".join(row.errors))
    r = route(
        row.category,
        on=row.received_at,
        policy=policy,
        occupation=row.occupation,
        kelurahan=row.kelurahan,
        data_collector=data_collector,
    )
    level, response_due = due_dates(row.received_at, row.category, policy=policy, calendar=calendar)
    return ComplaintPlan(r, level, response_due)


def result_row(
    row: ComplaintRow,
    *,
    nomor: str = "",
    complaint_plan: ComplaintPlan | None = None,
    status: str | None = None,
    notes: Sequence[str] = (),
) -> dict[str, str]:
    """The contract's result line. A refused row has an empty `nomor` and its errors in `alasan`; an
    accepted one carries its warnings (and the routing note) in `alasan`."""
    reasons = list(row.errors) if row.errors else [*row.warnings, *notes]
    if complaint_plan is not None and complaint_plan.route.note and not row.errors:
        reasons.append(complaint_plan.route.note)
    return {
        "baris": str(row.row),
        "nomor": "" if row.errors else nomor,
        "kategori": row.category or "",
        "ditangani_oleh": complaint_plan.route.handler if complaint_plan and not row.errors else "",
        "batas_tanggapan": complaint_plan.response_due.isoformat()
        if complaint_plan and not row.errors
        else "",
        "status": (status or (complaint_plan.status if complaint_plan else "")) if not row.errors else "",
        "alasan": "; ".join(reasons),
    }
