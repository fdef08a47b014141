"""Indicator arithmetic for monitoring and evaluation (Perwali 3/2025 Pasal 12): coverage rates with
their reasons when they cannot be computed, small-count suppression for figures that leave the tenant,
age bands, and the counts read from BPS and BPJS aggregate files.

Pure Python (no Django). Rates are exact: `Decimal`, × 100, rounded half-up to 2 decimals, as the
coverage report contract says (DESIGN.md §4). A rate that cannot be computed is never 0% and never a
division error: it is empty, with the reason in words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")

# Why a rate is empty (codes stored nowhere: shown in words beside the empty cell).
NO_DENOMINATOR = "TANPA_PENYEBUT"
ZERO_DENOMINATOR = "PENYEBUT_NOL"
NO_NUMERATOR = "TANPA_PEMBILANG"
INCOMPLETE = "TIDAK_LENGKAP"
REASONS = {
    NO_DENOMINATOR: "tidak ada angka penyebut untuk wilayah dan tahun ini",
    ZERO_DENOMINATOR: "angka penyebut nol: persentase tidak dapat dihitung",
    NO_NUMERATOR: "tidak ada angka peserta BPJS (PU/BPU) untuk wilayah dan tahun ini",
    INCOMPLETE: "angka sebagian wilayah tidak ada: jumlah tidak dihitung agar persentase tidak menyesatkan",
}


@dataclass(frozen=True)
class Rate:
    """A percentage, or why there is none."""

    value: Decimal | None
    reason: str = ""  # one of REASONS when value is None

    @property
    def text(self) -> str:
        """The contract's cell: `12.34`, or empty."""
        return "" if self.value is None else f"{self.value:.2f}"

    @property
    def why(self) -> str:
        return REASONS.get(self.reason, "")


def percent(numerator: int | Decimal | None, denominator: int | Decimal | None, *,
            missing_numerator: str = NO_NUMERATOR) -> Rate:
    """numerator ÷ denominator × 100, rounded half-up to 2 decimals; empty with a reason otherwise."""
    if denominator is None:
        return Rate(None, NO_DENOMINATOR)
    if numerator is None:
        return Rate(None, missing_numerator)
    if denominator == 0:
        return Rate(None, ZERO_DENOMINATOR)
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    return Rate(value)


def growth(before: int | None, after: int | None) -> Rate:
    """Change from `before` to `after` in percent (Ketapang's "+120.51%"): empty without a base."""
    if before is None or after is None:
        return Rate(None, NO_DENOMINATOR)
    if before == 0:
        return Rate(None, ZERO_DENOMINATOR)
    return percent(after - before, before)


# --- Counts read from aggregate files ---------------------------------------------------------------

_PLAIN = re.compile(r"\d+")
_EXCEL_FLOAT = re.compile(r"(\d+)\.0+")
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")


class InvalidCount(ValueError):
    """A cell that is not a whole, non-negative number; the message says what was read."""


def parse_count(raw: object) -> int:
    """'2159942', '2159942.0' (a spreadsheet's float), '2.159.942' or '2,159,942' -> 2159942.

    Thousands groups are taken only when every group has three digits (2.159 is two thousand one
    hundred fifty-nine, never two point something: a count of workers is whole)."""
    text = "" if raw is None else str(raw).strip().replace(" ", "")
    if not text:
        raise InvalidCount("kosong")
    if _PLAIN.fullmatch(text):
        return int(text)
    if m := _EXCEL_FLOAT.fullmatch(text):
        return int(m.group(1))
    if _GROUPED.fullmatch(text):
        return int(re.sub(r"[.,]", "", text))
    if text.startswith("-"):
        raise InvalidCount(f"bilangan negatif: {text!r}")
    raise InvalidCount(f"bukan bilangan bulat: {text!r}")


def parse_year(raw: object) -> int:
    text = "" if raw is None else str(raw).strip()
    if m := _EXCEL_FLOAT.fullmatch(text):
        text = m.group(1)
    if not re.fullmatch(r"(19|20)\d\d", text):
        raise InvalidCount(f"tahun harus empat angka, mis. 2025: {text!r}")
    return int(text)


# --- Coverage -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workforce:
    """BPS Sakernas figures for one region and year: employed workers and informal workers."""

    workers: int
    informal: int


@dataclass(frozen=True)
class Aggregate:
    """BPJS's participants of one region and year: wage earners (PU) and non-wage earners (BPU)."""

    pu: int
    bpu: int


@dataclass
class CoverageRow:
    code: str
    name: str
    active: int
    workforce: Workforce | None
    aggregate: Aggregate | None
    pbi: Rate
    total: Rate
    notes: list[str] = field(default_factory=list)

    @property
    def workers(self) -> int | None:
        return self.workforce.workers if self.workforce else None

    @property
    def informal(self) -> int | None:
        return self.workforce.informal if self.workforce else None

    @property
    def pu(self) -> int | None:
        return self.aggregate.pu if self.aggregate else None

    @property
    def bpu(self) -> int | None:
        return self.aggregate.bpu if self.aggregate else None


def coverage_row(code: str, name: str, active: int, workforce: Workforce | None,
                 aggregate: Aggregate | None) -> CoverageRow:
    """PBI coverage = active participants ÷ informal workers; total coverage = (PU + BPU) ÷ workers."""
    pbi = percent(active, workforce.informal if workforce else None)
    covered = aggregate.pu + aggregate.bpu if aggregate else None
    total = percent(covered, workforce.workers if workforce else None)
    row = CoverageRow(code, name, active, workforce, aggregate, pbi, total)
    if workforce and workforce.informal > workforce.workers:
        row.notes.append("pekerja informal lebih banyak dari pekerja: periksa angka BPS")
    return row


def total_row(rows: Sequence[CoverageRow], code: str = "TOTAL", name: str = "Jumlah") -> CoverageRow:
    """The sum of the rows. A denominator (or the BPJS aggregate) missing for any row leaves the
    total's figure empty: a partial denominator would overstate the rate."""
    all_workforce = bool(rows) and all(r.workforce for r in rows)
    all_aggregate = bool(rows) and all(r.aggregate for r in rows)
    workforce = Workforce(sum(r.workers for r in rows), sum(r.informal for r in rows)) if all_workforce else None
    aggregate = Aggregate(sum(r.pu for r in rows), sum(r.bpu for r in rows)) if all_aggregate else None
    total = coverage_row(code, name, sum(r.active for r in rows), workforce, aggregate)
    if not all_workforce and any(r.workforce for r in rows):
        total.pbi = total.total = Rate(None, INCOMPLETE)
        total.notes.insert(0, REASONS[INCOMPLETE])
    elif not all_aggregate and any(r.aggregate for r in rows):
        total.total = Rate(None, INCOMPLETE)
        total.notes.insert(0, REASONS[INCOMPLETE])
    return total


# --- Small-count suppression ------------------------------------------------------------------------

THRESHOLD = 5  # counts 1..4 are not published outside the tenant
SUPPRESSED = "<5"  # a count of 1 to 4
COMPLEMENT = "x"  # a larger count hidden so that a "<5" cannot be worked out from the total


@dataclass(frozen=True)
class Cell:
    value: int | None
    suppressed: bool = False

    @property
    def text(self) -> str:
        if self.suppressed:
            return SUPPRESSED if self.value is not None and self.value < THRESHOLD else COMPLEMENT
        return "" if self.value is None else str(self.value)


def suppress(values: Sequence[int | None], *, with_total: bool = True, threshold: int = THRESHOLD) -> list[Cell]:
    """A column of counts as published: 1..threshold-1 hidden. When the column's total is shown and a
    single cell is hidden, the reader could subtract it back out of the total: the next smallest
    non-zero cell is hidden too (complementary suppression)."""
    hidden = [v is not None and 0 < v < threshold for v in values]
    if with_total and sum(hidden) == 1:
        candidates = [(v, i) for i, v in enumerate(values) if v and not hidden[i]]
        if candidates:
            hidden[min(candidates)[1]] = True
    return [Cell(v, h) for v, h in zip(values, hidden, strict=True)]


def suppress_total(total: int | None, *, threshold: int = THRESHOLD) -> Cell:
    return Cell(total, total is not None and 0 < total < threshold)


# --- Age bands --------------------------------------------------------------------------------------

# (code, lowest age, highest age) in completed years; None = open-ended.
AGE_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("<18", None, 17),
    ("18-24", 18, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65+", 65, None),
)


def born_by(on: date, years: int) -> date:
    """The latest birth date of a person at least `years` old on `on` (completed years, DOMAIN.md §5:
    born 29 February, one turns a year older on 1 March)."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February in a year that has none
        return date(on.year - years, 2, 28)


def age_band_limits(on: date) -> list[tuple[str, date | None, date | None]]:
    """(band, born after, born on or before) for each band on `on`: a band is a birth-date range, so a
    database can place a million people in one pass."""
    out = []
    for code, low, high in AGE_BANDS:
        born_on_or_before = born_by(on, low) if low is not None else None
        born_after = born_by(on, high + 1) if high is not None else None
        out.append((code, born_after, born_on_or_before))
    return out
