"""Complaints (Pasal 13): categories and channels, routing to a handler, the status machine, service
levels and their evaluation, ticket numbers, and the complaints-import row (DESIGN.md §4).

Pure Python. Routing and service levels are effective-dated data (lindung/data/grievance.yaml, with
per-tenant overrides stored by the Django side); the rules that apply to a complaint are those in force
on the day it was received. Every deadline is a date in the tenant's local time, counted in working
days by lindung.domain.workdays.WorkCalendar. See docs/GRIEVANCE.md.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from . import nik as nik_rules
from .exchange import COMPLAINT_RESULT_COLUMNS, COMPLAINTS
from .params import DATA_DIR, ParameterFileError, ParameterSet, load_parameter_set, parse_parameter_set
from .rules.fields import Unreadable, clean, occupation_code, parse_region
from .workdays import WorkCalendar, as_day

POLICY_PATH = DATA_DIR / "grievance.yaml"

# -- vocabularies (contract: DESIGN.md §4 "Complaints import") ----------------------------------------

CHANNELS: dict[str, str] = {
    "LISAN": "Lisan (datang langsung atau telepon)",
    "TERTULIS": "Tertulis (surat)",
    "DARING": "Daring (laman atau aplikasi Lindung)",
    "LAPOR": "SP4N-LAPOR!",
}
CHANNEL_ALIASES = {"SP4N_LAPOR": "LAPOR", "SP4NLAPOR": "LAPOR", "ONLINE": "DARING", "SURAT": "TERTULIS"}

KEPESERTAAN = "KEPESERTAAN"
KECELAKAAN_KERJA = "KECELAKAAN_KERJA"
KLAIM_MANFAAT = "KLAIM_MANFAAT"
PENDATAAN = "PENDATAAN"
IURAN = "IURAN"
PUNGLI = "PUNGLI"
LAINNYA = "LAINNYA"
CATEGORIES: dict[str, str] = {
    KEPESERTAAN: "Kepesertaan",
    KECELAKAAN_KERJA: "Kecelakaan kerja (darurat)",
    KLAIM_MANFAAT: "Klaim manfaat",
    PENDATAAN: "Pendataan calon peserta",
    IURAN: "Iuran",
    PUNGLI: "Pungutan liar",
    LAINNYA: "Lainnya",
}

# Statuses and the explicit machine: every service moves a complaint along one of these edges only.
DITERIMA = "DITERIMA"
DIPROSES = "DIPROSES"
DIJAWAB = "DIJAWAB"
SELESAI = "SELESAI"
DITUTUP_OTOMATIS = "DITUTUP_OTOMATIS"
DIBUKA_KEMBALI = "DIBUKA_KEMBALI"
STATUSES: dict[str, str] = {
    DITERIMA: "Diterima",
    DIPROSES: "Diproses",
    DIJAWAB: "Dijawab",
    SELESAI: "Selesai",
    DITUTUP_OTOMATIS: "Ditutup otomatis",
    DIBUKA_KEMBALI: "Dibuka kembali",
}
TRANSITIONS: dict[str, frozenset[str]] = {
    DITERIMA: frozenset({DIPROSES, DIJAWAB}),  # verified and forwarded, or answered at once (desk)
    DIPROSES: frozenset({DIJAWAB}),
    DIJAWAB: frozenset({SELESAI, DITUTUP_OTOMATIS, DIBUKA_KEMBALI}),
    DIBUKA_KEMBALI: frozenset({DIPROSES, DIJAWAB}),  # the handler takes it up again, or answers again
    SELESAI: frozenset(),
    DITUTUP_OTOMATIS: frozenset(),
}
CLOSED = frozenset({SELESAI, DITUTUP_OTOMATIS})

# Who may take each edge. The officer records what a reporter says at the desk or on the phone, so
# "pelapor" edges are open to the officer too; only the system closes automatically.
PETUGAS = "petugas"
PELAPOR = "pelapor"
SISTEM = "sistem"
ACTORS: dict[tuple[str, str], frozenset[str]] = {
    (DITERIMA, DIPROSES): frozenset({PETUGAS}),
    (DITERIMA, DIJAWAB): frozenset({PETUGAS}),
    (DIPROSES, DIJAWAB): frozenset({PETUGAS}),
    (DIJAWAB, SELESAI): frozenset({PELAPOR, PETUGAS}),
    (DIJAWAB, DITUTUP_OTOMATIS): frozenset({SISTEM}),
    (DIJAWAB, DIBUKA_KEMBALI): frozenset({PELAPOR, PETUGAS}),
    (DIBUKA_KEMBALI, DIPROSES): frozenset({PETUGAS}),
    (DIBUKA_KEMBALI, DIJAWAB): frozenset({PETUGAS}),
}

# Service-level states.
TEPAT_WAKTU = "TEPAT_WAKTU"
HAMPIR_JATUH_TEMPO = "HAMPIR_JATUH_TEMPO"
TERLAMBAT = "TERLAMBAT"
SLA_STATES = (TEPAT_WAKTU, HAMPIR_JATUH_TEMPO, TERLAMBAT)
STEP_RESPONSE = "tanggapan"
STEP_FOLLOW_UP = "tindak_lanjut"

# Handler kinds in the routing table, and what they resolve to.
H_BPJS = "bpjs"
H_AGENCY = "dinas"
H_AGENCY_HEAD = "kepala_dinas"
H_DATA_COLLECTOR = "pendataan"
HANDLER_KINDS = (H_BPJS, H_AGENCY, H_AGENCY_HEAD, H_DATA_COLLECTOR)
BPJS = "bpjs"  # ditangani_oleh for the BPJS officer
KELURAHAN_PREFIX = "kelurahan:"
TERRITORIAL = "territorial"  # a Lampiran I occupation collected per territory (lindung/data/tenants.yaml)

# Who may see the reporter of a sealed complaint (the Django side maps its roles onto these).
LABOUR_AGENCY_HEAD = "kepala_dinas"
AUDITOR = "auditor"
SEALED_VISIBLE_TO = frozenset({LABOUR_AGENCY_HEAD, AUDITOR})


class GrievanceError(ValueError):
    """A move, a history or a question the rules do not allow; the message is Indonesian."""


def can_move(current: str, target: str, actor: str | None = None) -> bool:
    if target not in TRANSITIONS.get(current, frozenset()):
        return False
    return actor is None or actor in ACTORS[(current, target)]


def check_move(current: str, target: str, actor: str | None = None) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(TRANSITIONS.get(current, ()))) or "tidak ada (sudah ditutup)"
        raise GrievanceError(f"status {current} tidak dapat diubah menjadi {target} (yang boleh: {allowed})")
    if actor is not None and actor not in ACTORS[(current, target)]:
        raise GrievanceError(f"{actor} tidak boleh mengubah status {current} menjadi {target}")


# -- policy: routing and service levels as effective-dated data --------------------------------------


@dataclass(frozen=True)
class CategoryRule:
    category: str
    handler: str  # one of HANDLER_KINDS
    sealed: bool
    emergency: bool
    cite: str
    ref: str  # the reference of the routing table in force


@dataclass(frozen=True)
class ServiceLevel:
    category: str
    response_days: int
    follow_up_days: int
    auto_close_days: int
    at_risk_days: int
    escalate_at: str  # HAMPIR_JATUH_TEMPO or TERLAMBAT
    ref: str


_LEVEL_KEYS = {
    "response": "response_days",
    "follow_up": "follow_up_days",
    "auto_close": "auto_close_days",
    "at_risk": "at_risk_days",
    "escalate_at": "escalate_at",
}
MAX_LEVEL_DAYS = 60


def _check_routing(value: Any, where: str) -> None:
    if not isinstance(value, Mapping):
        raise ParameterFileError(f"{where}: routing harus mapping kategori -> aturan")
    unknown = sorted(set(value) - set(CATEGORIES))
    missing = [c for c in CATEGORIES if c not in value]
    if unknown or missing:
        raise ParameterFileError(
            f"{where}: routing harus memuat tepat kategori {', '.join(CATEGORIES)}"
            + (f"; tidak dikenal: {', '.join(unknown)}" if unknown else "")
            + (f"; kurang: {', '.join(missing)}" if missing else "")
        )
    for category, rule in value.items():
        if not isinstance(rule, Mapping) or rule.get("handler") not in HANDLER_KINDS:
            raise ParameterFileError(
                f"{where}: {category}: handler harus salah satu dari {', '.join(HANDLER_KINDS)}"
            )
        extra = set(rule) - {"handler", "sealed", "emergency", "cite"}
        if extra:
            raise ParameterFileError(f"{where}: {category}: kunci tidak dikenal {', '.join(sorted(extra))}")
        for flag in ("sealed", "emergency"):
            if not isinstance(rule.get(flag, False), bool):
                raise ParameterFileError(f"{where}: {category}: {flag} harus true atau false")
        if rule.get("sealed") and rule["handler"] != H_AGENCY_HEAD:
            raise ParameterFileError(
                f"{where}: {category}: pengaduan yang dirahasiakan hanya ditangani {H_AGENCY_HEAD}"
            )
    # Protection of whistle-blowers is not a setting: an override cannot unseal illegal-levy reports.
    if not value[PUNGLI].get("sealed"):
        raise ParameterFileError(f"{where}: PUNGLI harus dirahasiakan (sealed: true)")


def _check_levels(value: Any, where: str) -> None:
    if not isinstance(value, Mapping) or not isinstance(value.get("default"), Mapping):
        raise ParameterFileError(f"{where}: service_levels harus memuat default")
    unknown = sorted(set(value) - {"default", *CATEGORIES})
    if unknown:
        raise ParameterFileError(f"{where}: kategori tidak dikenal: {', '.join(unknown)}")
    missing = [k for k in _LEVEL_KEYS if k not in value["default"]]
    if missing:
        raise ParameterFileError(f"{where}: default kurang {', '.join(missing)}")
    for key, level in value.items():
        if not isinstance(level, Mapping):
            raise ParameterFileError(f"{where}: {key} harus mapping")
        extra = set(level) - set(_LEVEL_KEYS)
        if extra:
            raise ParameterFileError(f"{where}: {key}: kunci tidak dikenal {', '.join(sorted(extra))}")
        for name, item in level.items():
            if name == "escalate_at":
                if item not in (HAMPIR_JATUH_TEMPO, TERLAMBAT):
                    raise ParameterFileError(
                        f"{where}: {key}.escalate_at harus HAMPIR_JATUH_TEMPO atau TERLAMBAT"
                    )
            elif isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= MAX_LEVEL_DAYS:
                raise ParameterFileError(
                    f"{where}: {key}.{name} harus bilangan bulat 0..{MAX_LEVEL_DAYS} hari kerja"
                )


@dataclass(frozen=True)
class GrievancePolicy:
    """The routing table, service levels and labour agency of one tenant (defaults + its overrides)."""

    params: ParameterSet

    def __post_init__(self) -> None:
        checks = {"labour_agency": _check_agency, "routing": _check_routing, "service_levels": _check_levels}
        for name, check in checks.items():
            for item in self.params.parameter(name).history:
                check(item.value, f"{self.params.origin}: {name} mulai {item.start.isoformat()}")

    def labour_agency(self, on: date) -> str:
        return self.params.value("labour_agency", on)

    def rule(self, category: str, on: date) -> CategoryRule:
        _known_category(category)
        item = self.params.at("routing", on)
        spec = item.value[category]
        return CategoryRule(
            category,
            spec["handler"],
            bool(spec.get("sealed", False)),
            bool(spec.get("emergency", False)),
            str(spec.get("cite", "")),
            item.ref,
        )

    def service_level(self, category: str, on: date) -> ServiceLevel:
        _known_category(category)
        item = self.params.at("service_levels", on)
        merged = {**item.value["default"], **(item.value.get(category) or {})}
        return ServiceLevel(category, ref=item.ref, **{_LEVEL_KEYS[k]: v for k, v in merged.items()})

    def with_overrides(
        self, overrides: Mapping[str, Sequence[Mapping]] | None, origin: str = "override"
    ) -> GrievancePolicy:
        """A tenant's policy: `{"service_levels": [{"from": ..., "value": ..., "ref": ...}], ...}`;
        raises ParameterFileError (Indonesian message) when an override is not usable."""
        return GrievancePolicy(self.params.with_overrides(overrides, origin))


def _check_agency(value: Any, where: str) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", value):
        raise ParameterFileError(f"{where}: labour_agency harus kode instansi (huruf kecil), mis. disnaker")


def _known_category(category: str) -> None:
    if category not in CATEGORIES:
        raise GrievanceError(f"kategori {category!r} tidak dikenal")


def parse_policy(data: Any, origin: str = "<memory>") -> GrievancePolicy:
    return GrievancePolicy(parse_parameter_set(data, origin))


@cache
def _default_policy(path: Path) -> GrievancePolicy:
    return GrievancePolicy(load_parameter_set(path))


def load_policy(path: Path = POLICY_PATH) -> GrievancePolicy:
    """The shipped defaults (cached); apply a tenant's overrides with `.with_overrides(...)`."""
    return _default_policy(path)


# -- routing ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    handler: str  # ditangani_oleh: "bpjs", an agency code ("dp3", "disnaker"), or "kelurahan:<code>"
    head_only: bool  # only the head of that agency handles it (sealed categories)
    sealed: bool  # reporter identity visible only to SEALED_VISIBLE_TO
    emergency: bool
    cite: str
    note: str = ""  # Indonesian: why a fallback was used


DataCollector = Mapping[str, str] | Callable[[str], str | None]


def route(
    category: str,
    *,
    on: date | datetime,
    policy: GrievancePolicy,
    occupation: str | None = None,
    kelurahan: str | None = None,
    data_collector: DataCollector | None = None,
) -> Route:
    """Who handles a complaint received on `on`.

    `data_collector` answers, for an occupation code, the agency that collects its data on that date
    (Lampiran I), or TERRITORIAL for occupations collected by the kelurahan. When PENDATAAN cannot be
    routed (no occupation, an occupation outside Lampiran I, a territorial one without kelurahan) it goes
    to the labour agency, which forwards it, and `note` says why."""
    day = as_day(on)
    rule = policy.rule(category, day)
    agency = policy.labour_agency(day)
    flags = {"sealed": rule.sealed, "emergency": rule.emergency, "cite": rule.cite}
    if rule.handler == H_BPJS:
        return Route(BPJS, head_only=False, **flags)
    if rule.handler == H_AGENCY_HEAD:
        return Route(agency, head_only=True, **flags)
    if rule.handler == H_AGENCY:
        return Route(agency, head_only=False, **flags)
    # H_DATA_COLLECTOR
    if not occupation:
        return Route(
            agency,
            head_only=False,
            note="pekerjaan tidak diisi: diteruskan oleh dinas ketenagakerjaan",
            **flags,
        )
    collector = None
    if data_collector is not None:
        collector = data_collector(occupation) if callable(data_collector) else data_collector.get(occupation)
    if not collector:
        return Route(
            agency,
            head_only=False,
            note=f"pekerjaan {occupation!r} tidak ada di Lampiran I: diteruskan oleh dinas ketenagakerjaan",
            **flags,
        )
    if collector == TERRITORIAL:
        if not kelurahan:
            return Route(
                agency,
                head_only=False,
                note="pendataan oleh kelurahan tetapi kode_wilayah kosong: diteruskan oleh dinas ketenagakerjaan",
                **flags,
            )
        return Route(KELURAHAN_PREFIX + kelurahan, head_only=False, **flags)
    return Route(collector, head_only=False, **flags)


def reporter_visible(route_or_rule: Route | CategoryRule, role: str) -> bool:
    """Whether a role may see who reported (name, NIK, phone) — always, unless the complaint is sealed."""
    return not route_or_rule.sealed or role in SEALED_VISIBLE_TO


# -- service levels ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusChange:
    status: str  # the status moved to
    at: date | datetime
    actor: str | None = None


@dataclass(frozen=True)
class SlaReport:
    status: str
    service_level: ServiceLevel
    received_on: date
    response_due: date  # batas_tanggapan
    responded_on: date | None
    follow_up_due: date | None  # set once the complaint has been taken up (or reopened)
    answered_on: date | None  # the latest answer
    auto_close_due: date | None  # last day the reporter may reply to the latest answer
    closed_on: date | None
    open_step: str | None  # the deadline now running: STEP_RESPONSE, STEP_FOLLOW_UP, or None
    due: date | None  # its date
    state: str  # TEPAT_WAKTU | HAMPIR_JATUH_TEMPO | TERLAMBAT
    late_steps: tuple[str, ...]  # deadlines met late (or still open and passed)
    escalate: bool  # to the head of the labour agency
    should_auto_close: bool  # DIJAWAB and the reporter's window has passed
    may_reopen: bool  # DIJAWAB and the reporter is still within the window


def due_dates(
    received_at: date | datetime, category: str, *, policy: GrievancePolicy, calendar: WorkCalendar
) -> tuple[ServiceLevel, date]:
    """The service level in force on the day of receipt and the response deadline (batas_tanggapan)."""
    received = as_day(received_at)
    level = policy.service_level(category, received)
    return level, calendar.add_working_days(received, level.response_days)


def evaluate(
    received_at: date | datetime,
    category: str,
    now: date | datetime,
    history: Sequence[StatusChange],
    *,
    policy: GrievancePolicy,
    calendar: WorkCalendar,
) -> SlaReport:
    """Deadlines and their state for one complaint on `now` (local time).

    `history` lists the status changes after receipt in order (a leading DITERIMA entry is allowed);
    it must follow TRANSITIONS, or GrievanceError says where it does not. The first move out of
    DITERIMA is the first response; DIJAWAB is the follow-up (answer); DIBUKA_KEMBALI starts a new
    follow-up deadline counted from the day it was reopened."""
    level, response_due = due_dates(received_at, category, policy=policy, calendar=calendar)
    received = as_day(received_at)
    today = as_day(now)
    if today < received:
        raise GrievanceError("tanggal evaluasi sebelum tanggal pengaduan diterima")
    status = DITERIMA
    last = received
    responded_on = follow_up_due = answered_on = auto_close_due = closed_on = None
    late: list[str] = []
    changes = list(history)
    if changes and changes[0].status == DITERIMA:
        if as_day(changes[0].at) != received:
            raise GrievanceError("tanggal DITERIMA pada riwayat berbeda dengan tanggal diterima")
        changes = changes[1:]
    for change in changes:
        day = as_day(change.at)
        try:
            check_move(status, change.status, change.actor)
        except GrievanceError as exc:
            raise GrievanceError(f"riwayat tidak sah pada {day.isoformat()}: {exc}") from None
        if day < last:
            raise GrievanceError(
                f"riwayat tidak urut: {change.status} pada {day.isoformat()} sebelum {last.isoformat()}"
            )
        if day > today:
            raise GrievanceError(f"riwayat memuat tanggal setelah tanggal evaluasi: {day.isoformat()}")
        if status == DITERIMA:
            responded_on = day
            if day > response_due:
                late.append(STEP_RESPONSE)
            follow_up_due = calendar.add_working_days(day, level.follow_up_days)
        if change.status == DIJAWAB:
            answered_on = day
            if follow_up_due is not None and day > follow_up_due:
                late.append(STEP_FOLLOW_UP)
            auto_close_due = calendar.add_working_days(day, level.auto_close_days)
        elif change.status == DIBUKA_KEMBALI:
            follow_up_due = calendar.add_working_days(day, level.follow_up_days)
            auto_close_due = None
        elif change.status in CLOSED:
            closed_on = day
        status = change.status
        last = day

    open_step, due = None, None
    if status == DITERIMA:
        open_step, due = STEP_RESPONSE, response_due
    elif status in (DIPROSES, DIBUKA_KEMBALI):
        open_step, due = STEP_FOLLOW_UP, follow_up_due
    if due is not None:
        if today > due:
            state = TERLAMBAT
            late.append(open_step)
        elif calendar.working_days_between(today, due) <= level.at_risk_days:
            state = HAMPIR_JATUH_TEMPO
        else:
            state = TEPAT_WAKTU
        escalate = state == TERLAMBAT or (
            level.escalate_at == HAMPIR_JATUH_TEMPO and state == HAMPIR_JATUH_TEMPO
        )
    else:
        state = TERLAMBAT if late else TEPAT_WAKTU
        escalate = False
    waiting = status == DIJAWAB and auto_close_due is not None
    return SlaReport(
        status=status,
        service_level=level,
        received_on=received,
        response_due=response_due,
        responded_on=responded_on,
        follow_up_due=follow_up_due,
        answered_on=answered_on,
        auto_close_due=auto_close_due if status == DIJAWAB else None,
        closed_on=closed_on,
        open_step=open_step,
        due=due,
        state=state,
        late_steps=tuple(dict.fromkeys(late)),
        escalate=escalate,
        should_auto_close=waiting and today > auto_close_due,
        may_reopen=waiting and today <= auto_close_due,
    )


# -- ticket numbers -------------------------------------------------------------------------------------
# PGD-YY-XXXXXXC: "PGD" (pengaduan), the two-digit year of receipt, six random symbols from an alphabet
# without look-alikes (no 0/O, 1/I/L, U), then one Luhn mod 30 check symbol over the year and the random
# part: any single misheard symbol or swapped neighbours on the phone makes the number invalid instead of
# finding another person's complaint. 30^6 = 729 million random numbers a year, so a guessed number hits
# one of 10,000 complaints with probability 1.4e-5; the database keeps them unique (retry on collision).

TICKET_PREFIX = "PGD"
TICKET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
TICKET_RANDOM_LENGTH = 6
_TICKET_RE = re.compile(rf"PGD([0-9]{{2}})([{TICKET_ALPHABET}]{{{TICKET_RANDOM_LENGTH + 1}}})")
_TICKET_INDEX = {c: i for i, c in enumerate(TICKET_ALPHABET)}


def _check_symbol(year: str, body: str) -> str:
    """Luhn mod N (N = 30) over the year's digits (values 0-9) and the body's symbols (alphabet index)."""
    n = len(TICKET_ALPHABET)
    values = [int(c) for c in year] + [_TICKET_INDEX[c] for c in body]
    total, factor = 0, 2
    for code in reversed(values):
        addend = factor * code
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return TICKET_ALPHABET[(n - total % n) % n]


def new_ticket_number(received_at: date | datetime, *, rng: Any = None) -> str:
    """A random ticket number, e.g. PGD-26-7KQ2M4H; `rng` (a random.Random) only for reproducible tests."""
    pick = (rng or secrets.SystemRandom()).choice
    year = f"{as_day(received_at).year % 100:02d}"
    body = "".join(pick(TICKET_ALPHABET) for _ in range(TICKET_RANDOM_LENGTH))
    return f"{TICKET_PREFIX}-{year}-{body}{_check_symbol(year, body)}"


def normalize_ticket_number(text: object) -> str | None:
    """The canonical number for what a person typed or said ('pgd 26 7kq2m4h', 'PGD267KQ2M4H'), or None
    when it is not a valid number (wrong shape or check symbol). 0, O, 1, I, L and U are not in the
    alphabet, so a number containing one is invalid rather than guessed."""
    compact = re.sub(r"[\s\-_./]+", "", str(text or "")).upper()
    m = _TICKET_RE.fullmatch(compact)
    if not m:
        return None
    year, body = m.group(1), m.group(2)
    if _check_symbol(year, body[:-1]) != body[-1]:
        return None
    return f"{TICKET_PREFIX}-{year}-{body}"


# -- complaints import row (DESIGN.md §4) ---------------------------------------------------------------

LAYOUT = COMPLAINTS  # header matching: exchange.match_headers(headers, LAYOUT, mapping)
RESULT_COLUMNS = COMPLAINT_RESULT_COLUMNS
_RECEIVED_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?")
_PHONE_RE = re.compile(r"\+?[0-9][0-9 ()\-.]{5,24}")
MAX_TEXT = 10_000


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
    """One complaints-import row. Errors (the row is refused): diterima_pada, saluran, kategori, isi
    missing or unreadable, a future date, a LAPOR row without nomor_lapor. Problems in the reporter's
    identity (NIK, telepon, kode_wilayah, pekerjaan) never lose a complaint: the value is dropped with a
    warning. Anonymous complaints (no nama/nik/telepon) are accepted."""
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
            row.warnings.append(
                "NIK tidak valid, tidak disimpan: " + "; ".join(e.message for e in check.errors)
            )
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
