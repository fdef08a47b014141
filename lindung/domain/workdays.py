"""Working days ("hari kerja") for the deadlines of complaint handling and claims.

A day is a working day unless it is a Saturday or Sunday, a national public holiday ("hari libur
nasional"), or a day off given by the yearly joint ministerial decree ("cuti bersama", SKB 3 Menteri /
Keppres on ASN cuti bersama) or by the tenant. National holidays and the cuti bersama known when the
`holidays` package was released come from that package (country "ID", computed in-process: no network);
the tenant adds what the package lacks (the next year's cuti bersama, a revised decree, a regional day
off) as data, and can mark a date the package gives as off as a working day again (a cancelled cuti
bersama). See docs/GRIEVANCE.md for the years the package covers.

Counting ("3 working days" = the third working day *after* the day of receipt):

- `add_working_days(start, n)`, n >= 1: the n-th working day strictly after `start`, whether or not
  `start` itself is a working day. Receipt on Friday -> Mon = 1, Tue = 2, Wed = 3.
- `add_working_days(start, 0)` (same-day service): `start` itself when it is a working day, otherwise the
  next working day. A work-accident complaint received on Sunday is due on Monday.
- `working_days_between(a, b)`: the working days d with a < d <= b (negative when b < a), so that
  `working_days_between(a, add_working_days(a, n)) == n` for every n >= 1.

Dates are calendar dates in the tenant's local time; a `datetime` is reduced to its date (pass local
time, e.g. Django's `timezone.localtime(...)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays as _holidays

COUNTRY = "ID"
HOLIDAYS_VERSION = _holidays.__version__
PUBLIC = "public"  # hari libur nasional
GOVERNMENT = "government"  # cuti bersama ASN (the package's name for the category)
ESTIMATED_MARK = "(perkiraan)"  # the package marks Islamic dates not yet fixed by the decree

WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())
WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DEFAULT_DAY_OFF_NAME = "Cuti bersama / libur yang ditetapkan"
MAX_WORKING_DAYS = 3660  # no deadline is ten years of working days: a larger n is a data error

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=512)
def _package_days(year: int, category: str) -> Mapping[date, str]:
    """The package's days off of one category in one year, with their Indonesian names."""
    found = _holidays.country_holidays(COUNTRY, years=year, categories=(category,), language="id")
    return dict(found)


def national_holidays(year: int) -> dict[date, str]:
    """The national public holidays the `holidays` package knows for a year (Islamic dates of years
    after the last decree it includes carry "(perkiraan)")."""
    return dict(sorted(_package_days(year, PUBLIC).items()))


def package_cuti_bersama(year: int) -> dict[date, str]:
    """The cuti bersama the package knows for a year (empty for years after its release): what the
    tenant's admin starts from when entering the year's decree."""
    return dict(sorted(_package_days(year, GOVERNMENT).items()))


def as_day(value: date | datetime) -> date:
    """A datetime reduced to its (local) calendar date; a date as it is."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date or datetime, got {type(value).__name__}")


class WorkCalendar:
    """Working days of one tenant.

    `extra_days_off`: the tenant's cuti bersama and other days off (dates, or a mapping date -> name).
    `extra_working_days`: dates that are working days although the package or the weekend says not.
    `package_cuti_bersama`: whether the package's cuti bersama count (default yes; the tenant's own list
    is added to them, and `extra_working_days` takes one back).
    """

    __slots__ = ("_extra_off", "_extra_work", "_package_cuti_bersama")

    def __init__(
        self,
        extra_days_off: Iterable[date] | Mapping[date, str] = (),
        *,
        extra_working_days: Iterable[date] = (),
        package_cuti_bersama: bool = True,
    ) -> None:
        if isinstance(extra_days_off, Mapping):
            off = {as_day(d): (str(name) or DEFAULT_DAY_OFF_NAME) for d, name in extra_days_off.items()}
        else:
            off = {as_day(d): DEFAULT_DAY_OFF_NAME for d in extra_days_off}
        work = frozenset(as_day(d) for d in extra_working_days)
        both = sorted(set(off) & work)
        if both:
            raise ValueError(
                "tanggal tidak boleh sekaligus hari libur dan hari kerja: "
                + ", ".join(d.isoformat() for d in both)
            )
        self._extra_off: dict[date, str] = off
        self._extra_work: frozenset[date] = work
        self._package_cuti_bersama = bool(package_cuti_bersama)

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(extra_days_off={len(self._extra_off)} days, "
            f"extra_working_days={len(self._extra_work)} days, package_cuti_bersama={self._package_cuti_bersama})"
        )

    # -- single days ---------------------------------------------------------------------------------

    def day_off_reason(self, d: date | datetime) -> str | None:
        """Why a date is not a working day (Indonesian, for display), or None when it is one."""
        d = as_day(d)
        if d in self._extra_work:
            return None
        if d in self._extra_off:
            return self._extra_off[d]
        name = _package_days(d.year, PUBLIC).get(d)
        if name:
            return name
        if self._package_cuti_bersama:
            name = _package_days(d.year, GOVERNMENT).get(d)
            if name:
                return name
        if d.weekday() in WEEKEND:
            return WEEKDAY_NAMES[d.weekday()]
        return None

    def is_working_day(self, d: date | datetime) -> bool:
        return self.day_off_reason(d) is None

    def next_working_day(self, d: date | datetime) -> date:
        """`d` itself when it is a working day, otherwise the first working day after it."""
        d = as_day(d)
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    # -- counting ------------------------------------------------------------------------------------

    def add_working_days(self, start: date | datetime, n: int) -> date:
        """The n-th working day after `start` (n >= 1); for n == 0 see `next_working_day`."""
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError("n must be an int")
        if n < 0 or n > MAX_WORKING_DAYS:
            raise ValueError(f"jumlah hari kerja harus 0..{MAX_WORKING_DAYS}: {n}")
        d = as_day(start)
        if n == 0:
            return self.next_working_day(d)
        counted = 0
        while counted < n:
            d += _ONE_DAY
            if self.is_working_day(d):
                counted += 1
        return d

    def working_days_between(self, a: date | datetime, b: date | datetime) -> int:
        """Working days d with a < d <= b; the negative count of those with b < d <= a when b < a."""
        a, b = as_day(a), as_day(b)
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a + _ONE_DAY
        while d <= b:
            if self.is_working_day(d):
                count += 1
            d += _ONE_DAY
        return count

    def days_off(self, start: date, end: date) -> list[tuple[date, str]]:
        """Every non-working day from `start` to `end` inclusive with its reason (for the admin page)."""
        out = []
        d = as_day(start)
        end = as_day(end)
        while d <= end:
            reason = self.day_off_reason(d)
            if reason is not None:
                out.append((d, reason))
            d += _ONE_DAY
        return out
