"""Monthly billing (Perwali Balikpapan 3/2025 Pasal 11; DOMAIN.md §5); reconciliation of BPJS's invoice is
in `reconciliation`.

Pure Python: the Django services feed it rows and store what it returns; the same rules also run as
set-based SQL there (`age_limit_cutoff` is the bridge), and a test holds the two to the same answer.

Interpretations, each from DOMAIN.md §5 or written down here:
- A participant is billed for month M when a membership period covers the first day of M and their
  age on that day is at most `billing_age_limit_months` completed months (779 = 64 years 11 months,
  Pasal 11 ayat (6)). A membership starting on the 15th is therefore first billed the next month.
- A period's `end` is the last day covered (a death on 10 June ends on 10 June: June is billed, July
  is not).
- A time-boxed programme (event workers) bills only months whose first day lies in its window; the
  window must therefore be whole months, and `CoverageWindow` refuses anything else.
- The contribution is the rule set's `contribution_jkk` + `contribution_jkm` in force on the first
  day of M, as exact Decimals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol

from .calendar import Month, add_months, completed_months
from .money import CENT, parse_amount

# --- Who is billed -------------------------------------------------------------------------------

# Why a participant of the programme is not billed for a month (shown next to BPJS's line for them).
BELUM_MULAI = "BELUM_MULAI"
SUDAH_BERAKHIR = "SUDAH_BERAKHIR"
MELEWATI_BATAS_USIA = "MELEWATI_BATAS_USIA"
DI_LUAR_JENDELA = "DI_LUAR_JENDELA"

NOT_BILLED_TEXT = {
    BELUM_MULAI: "kepesertaan belum mulai pada tanggal 1 bulan ini",
    SUDAH_BERAKHIR: "kepesertaan sudah berakhir sebelum tanggal 1 bulan ini",
    MELEWATI_BATAS_USIA: "usia melewati 64 tahun 11 bulan (Pasal 11 ayat (6))",
    DI_LUAR_JENDELA: "bulan di luar jendela pertanggungan program",
}


@dataclass(frozen=True)
class Contribution:
    jkk: Decimal
    jkm: Decimal

    @property
    def total(self) -> Decimal:
        return self.jkk + self.jkm


class RuleSource(Protocol):
    """What billing needs from a rule set (lindung.domain.rules.ruleset.RuleSet satisfies it)."""

    def value(self, name: str, on: date) -> Any: ...


def contribution_on(ruleset: RuleSource, on: date) -> Contribution:
    return Contribution(
        parse_amount(ruleset.value("contribution_jkk", on)), parse_amount(ruleset.value("contribution_jkm", on))
    )


@dataclass(frozen=True)
class Period:
    """A membership period: `start` is the first day covered, `end` the last (None: still running)."""

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"akhir kepesertaan {self.end} sebelum mulai {self.start}")

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class CoverageWindow:
    """The coverage window of a time-boxed programme: whole months, first day to last day."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start.day != 1:
            raise ValueError("jendela pertanggungan ditagih per bulan penuh: tanggal mulai harus tanggal 1")
        if self.end != Month.of(self.end).last_day:
            raise ValueError("jendela pertanggungan ditagih per bulan penuh: tanggal akhir harus akhir bulan")
        if self.end < self.start:
            raise ValueError("akhir jendela pertanggungan sebelum mulainya")

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[Month]:
        out, month = [], Month.of(self.start)
        while month.first_day <= self.end:
            out.append(month)
            month = month + 1
        return out


@dataclass(frozen=True)
class BillingRules:
    """Everything that decides a month's bill, read once from the rule set."""

    month: Month
    contribution: Contribution
    age_limit_months: int
    window: CoverageWindow | None = None


def rules_for(ruleset: RuleSource, month: Month, window: CoverageWindow | None = None) -> BillingRules:
    day = month.first_day
    return BillingRules(month, contribution_on(ruleset, day), int(ruleset.value("billing_age_limit_months", day)), window)


def within_age_limit(birth_date: date, month: Month, limit_months: int) -> bool:
    return completed_months(birth_date, month.first_day) <= limit_months


def age_limit_cutoff(month: Month, limit_months: int) -> date:
    """Within the limit for `month` exactly when born *after* this date (the SQL form of the rule).

    Someone born on the cutoff reaches limit + 1 completed months on the first day of `month`;
    anyone born a day later is still a day short of it."""
    return add_months(month.first_day, -(limit_months + 1))


def age_limit_end(birth_date: date, limit_months: int) -> date:
    """The last day of membership at the age limit: the day before `limit + 1` completed months."""
    return add_months(birth_date, limit_months + 1) - timedelta(days=1)


def not_billed_reason(birth_date: date, periods: Iterable[Period], rules: BillingRules) -> str | None:
    """None when billed for `rules.month`; otherwise the reason code (NOT_BILLED_TEXT)."""
    day = rules.month.first_day
    periods = list(periods)
    if not any(p.covers(day) for p in periods):
        return BELUM_MULAI if periods and all(p.start > day for p in periods) else SUDAH_BERAKHIR
    if rules.window is not None and not rules.window.covers(day):
        return DI_LUAR_JENDELA
    if not within_age_limit(birth_date, rules.month, rules.age_limit_months):
        return MELEWATI_BATAS_USIA
    return None


@dataclass(frozen=True)
class Member:
    nik: str
    kpj: str
    name: str
    birth_date: date
    periods: tuple[Period, ...]


@dataclass(frozen=True)
class BillLine:
    nik: str
    kpj: str
    name: str
    month: Month
    jkk: Decimal
    jkm: Decimal
    flags: tuple[str, ...] = ()

    @property
    def amount(self) -> Decimal:
        return self.jkk + self.jkm


def bill(members: Iterable[Member], rules: BillingRules) -> list[BillLine]:
    c = rules.contribution
    return [
        BillLine(m.nik, m.kpj, m.name, rules.month, c.jkk, c.jkm)
        for m in members
        if not_billed_reason(m.birth_date, m.periods, rules) is None
    ]


def money_text(value: Decimal | None) -> str:
    """Money as the exchange files write it: '16800', '3701508.68', '' for no amount."""
    if value is None:
        return ""
    text = f"{Decimal(value).quantize(CENT):f}"
    return text[:-3] if text.endswith(".00") else text


# --- Budget (Pasal 14) --------------------------------------------------------------------------


def quota(budget: Decimal, monthly_contribution: Decimal, months: int) -> int:
    """How many workers a budget pays for: budget ÷ (contribution × months), rounded down."""
    if monthly_contribution <= 0 or months <= 0:
        raise ValueError("iuran dan jumlah bulan harus lebih dari nol")
    return int(Decimal(budget) // (Decimal(monthly_contribution) * months))


@dataclass(frozen=True)
class MonthProjection:
    month: Month
    count: int
    amount: Decimal


def project(
    members: Iterable[Member], months: Iterable[Month], rules_of: Callable[[Month], BillingRules]
) -> list[MonthProjection]:
    """What the current members will cost month by month if nobody joins or leaves early: the age
    limit and the end dates already known are applied (the per-record twin of the SQL projection)."""
    members = list(members)
    out = []
    for month in months:
        rules = rules_of(month)
        count = len(bill(members, rules))
        out.append(MonthProjection(month, count, rules.contribution.total * count))
    return out
