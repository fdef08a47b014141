"""Calendar arithmetic the regulation needs: completed years, calendar months, billing months.

Interpretations (DOMAIN.md §5): age is counted in completed years on a date (the 18th birthday on
the application date passes); "6 months of domicile" means domicile_since + 6 calendar months <=
application date; a month that ends earlier (31 Aug + 6 months) clamps to its last day.
"""

from __future__ import annotations

import calendar as _cal
import re
from dataclasses import dataclass
from datetime import date

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def add_months(d: date, months: int) -> date:
    """`d` moved by whole calendar months, clamped to the last day of a shorter month."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    last = _cal.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last))


def completed_months(start: date, on: date) -> int:
    """Whole calendar months from `start` to `on` (negative when `on` is earlier)."""
    months = (on.year - start.year) * 12 + (on.month - start.month)
    if months > 0 and add_months(start, months) > on:
        months -= 1
    elif months < 0 and add_months(start, months) < on:
        months += 1
    return months


def age_on(birth_date: date, on: date) -> int:
    """Completed years of age on `on` (a person born 29 Feb turns a year older on 1 Mar)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


@dataclass(frozen=True, order=True)
class Month:
    """A billing month, `YYYY-MM` in every exchange file."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        m = _MONTH_RE.match(str(text).strip())
        if not m:
            raise ValueError(f"bulan harus berformat YYYY-MM: {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, d: date) -> Month:
        return cls(d.year, d.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, _cal.monthrange(self.year, self.month)[1])

    def __add__(self, months: int) -> Month:
        return Month.of(add_months(self.first_day, months))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
