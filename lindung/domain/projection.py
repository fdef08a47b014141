"""What a budget year costs, per funding source, and who loses cover first when the money is short
(Perwali Balikpapan 3/2025 Pasal 5 ayat (2), Pasal 11, Pasal 14).

The month rule is billing's (`billing.not_billed_reason`): a participant is billed for month M when a
membership period covers the first day of M, the month lies in the programme's coverage window, and
their age on that day is at most the rule set's `billing_age_limit_months` (779 = 64 years 11 months).
The contribution is the one in force on the first day of each month — effective-dated data handed in
through `rules_of` (`billing.rules_for(ruleset, month)` in the Django layer), never a constant here.
Known terminations are the periods' end dates. Exact `Decimal` money throughout.

The shortfall rule (written down here; each step is exact and explained per participant):
everyone is paid month by month while the money lasts; the cut takes effect in the first month whose
full bill the money left can no longer pay (or earlier, from `cut_from`, the first month a decision can
still change); from that month on, the source keeps paying for participants in Pasal 5(2) order —
highest priority first — as long as what is left pays for each one's remaining months to the end of the
year, and stops at the first one it cannot pay: that one keeps the months the money left still pays and
loses cover from the next, everyone after loses cover from the cut month (or from their own first billed
month after it). Nobody of lower priority keeps cover that a higher one loses, and no whole month's
contribution is left unspent. Those who lose cover are listed lowest priority first, the order Pasal 5(2)
gives when reversed.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .billing import BillingRules, Contribution, CoverageWindow, MonthProjection, Period, age_limit_cutoff
from .calendar import Month

RulesOf = Callable[[Month], BillingRules]


def schedule(
    contributions: Mapping[date, Contribution | Decimal],
    age_limit_months: int = 779,
    window: CoverageWindow | None = None,
) -> RulesOf:
    """Effective-dated contributions as `rules_of`: each month takes the value whose start is the latest
    on or before its first day (a bare Decimal is a total, booked as JKK with JKM 0)."""
    starts = sorted(contributions)
    if not starts:
        raise ValueError("tidak ada iuran yang berlaku")

    def rules_of(month: Month) -> BillingRules:
        day = month.first_day
        valid = [s for s in starts if s <= day]
        if not valid:
            raise ValueError(f"tidak ada iuran yang berlaku pada {day}")
        value = contributions[valid[-1]]
        if not isinstance(value, Contribution):
            value = Contribution(Decimal(value), Decimal(0))
        return BillingRules(month, value, age_limit_months, window)

    return rules_of


class Year:
    """The twelve months of a budget year with the billing rules of each, read once."""

    def __init__(self, year: int, rules_of: RulesOf):
        self.year = year
        self.months = tuple(Month(year, m) for m in range(1, 13))
        self.rules = tuple(rules_of(m) for m in self.months)
        self.amounts = tuple(r.contribution.total for r in self.rules)
        # billing's rule in its set-based form (the one its SQL uses, held to `not_billed_reason` by
        # billing's own tests and by ours): billed for M when a period covers the first day of M, the
        # window does, and the participant was born after `age_limit_cutoff(M)`.
        self._days = tuple(m.first_day for m in self.months)
        self._open = tuple(r.window is None or r.window.covers(m.first_day)
                           for m, r in zip(self.months, self.rules, strict=True))
        self._cutoffs = tuple(age_limit_cutoff(m, r.age_limit_months) for m, r in zip(self.months, self.rules, strict=True))
        # With one age limit all year (the usual case) the cutoffs rise month by month, so the months a
        # birth date allows are a prefix, and each period covers a run of first days: two bisections per
        # period instead of twelve comparisons (10^5 participants are read for every allocation).
        self._sorted = all(a <= b for a, b in zip(self._cutoffs, self._cutoffs[1:], strict=False))
        self._all_open = all(self._open)
        self._costs: dict[tuple[int, ...], Decimal] = {}

    def billable(self, birth_date: date, periods: Iterable[Period]) -> tuple[int, ...]:
        """The months (1-12) of the year a participant is billed for (`billing.not_billed_reason` is None)."""
        if not self._sorted:
            return self._billable_month_by_month(birth_date, tuple(periods))
        allowed = bisect.bisect_left(self._cutoffs, birth_date)  # months whose cutoff is before the birth date
        runs = []
        for p in periods:
            first = bisect.bisect_left(self._days, p.start)
            last = len(self._days) if p.end is None else bisect.bisect_right(self._days, p.end)
            if first < min(last, allowed):
                runs.append((first, min(last, allowed)))
        if len(runs) == 1:
            months = range(runs[0][0] + 1, runs[0][1] + 1)
        else:
            months = sorted({m for a, b in runs for m in range(a + 1, b + 1)})
        if self._all_open:
            return tuple(months)
        return tuple(m for m in months if self._open[m - 1])

    def _billable_month_by_month(self, birth_date: date, periods: tuple[Period, ...]) -> tuple[int, ...]:
        out = []
        for i, day in enumerate(self._days):
            if self._open[i] and birth_date > self._cutoffs[i] and any(
                p.start <= day and (p.end is None or day <= p.end) for p in periods
            ):
                out.append(i + 1)
        return tuple(out)

    def cost(self, months: Iterable[int]) -> Decimal:
        """What the months (1-12) cost at the contribution in force in each: a participant's yearly cost
        (`funding.Candidate.cost`)."""
        months = tuple(months)
        found = self._costs.get(months)
        if found is None:  # few distinct month sets among 10^5 participants: add each up once
            found = self._costs[months] = sum((self.amounts[m - 1] for m in months), Decimal(0))
        return found


def billable_months(birth_date: date, periods: Iterable[Period], year: int, rules_of: RulesOf) -> tuple[Month, ...]:
    y = Year(year, rules_of)
    return tuple(Month(year, m) for m in y.billable(birth_date, periods))


def year_cost(birth_date: date, periods: Iterable[Period], year: int, rules_of: RulesOf) -> Decimal:
    y = Year(year, rules_of)
    return y.cost(y.billable(birth_date, periods))


@dataclass(frozen=True)
class Insured:
    """A participant of the year with the source paying for them (None: no source)."""

    key: Hashable
    birth_date: date
    periods: tuple[Period, ...]
    source: int | None = None
    priority: Any = ()  # funding.pasal_5_2_key


@dataclass(frozen=True)
class SourceNeed:
    source: int | None
    participants: int  # billed for at least one month of the year
    participant_months: int
    months: tuple[MonthProjection, ...]  # per month: participants billed and amount
    total: Decimal


def project_year(insured: Iterable[Insured], year: Year) -> dict[int | None, SourceNeed]:
    """The money each source needs for the year: Σ participants × billable months × contribution in force,
    with the age limit and the end dates already known (nobody joining or leaving early beyond those)."""
    counts: dict[int | None, list[int]] = {}
    people: dict[int | None, int] = {}
    for person in insured:
        months = year.billable(person.birth_date, person.periods)
        row = counts.setdefault(person.source, [0] * 12)
        people.setdefault(person.source, 0)
        if months:
            people[person.source] += 1
        for m in months:
            row[m - 1] += 1
    out = {}
    for source in sorted(counts, key=lambda s: (s is None, s)):
        row = counts[source]
        months = tuple(MonthProjection(m, row[i], year.amounts[i] * row[i]) for i, m in enumerate(year.months))
        out[source] = SourceNeed(source, people[source], sum(row), months, sum((p.amount for p in months), Decimal(0)))
    return out


@dataclass(frozen=True)
class Loss:
    key: Hashable
    from_month: Month  # the first month no longer paid
    months: int  # months of cover lost in the year
    amount: Decimal  # what those months would have cost


@dataclass(frozen=True)
class Shortfall:
    source: int
    need: Decimal
    available: Decimal
    cut_month: Month | None  # None: the money suffices
    losing: tuple[Loss, ...]  # lowest priority first
    kept: int  # participants still paid for to the end of the year after the cut month
    spent: Decimal  # what the source pays in the year under this plan
    left: Decimal  # available - spent (less than the next month of the first one losing cover)

    @property
    def gap(self) -> Decimal:
        return max(self.need - self.available, Decimal(0))


def shortfall(
    insured: Iterable[Insured],
    year: Year,
    available: Mapping[int, Decimal],
    *,
    cut_from: Month | None = None,
) -> dict[int, Shortfall]:
    """For each source in `available` (e.g. the APBD murni without the revised budget), who loses cover
    first and from which month (module docstring). Participants of other sources are not touched."""
    by_source: dict[int, list[tuple[Insured, tuple[int, ...]]]] = {s: [] for s in available}
    for person in insured:
        if person.source in by_source:
            by_source[person.source].append((person, year.billable(person.birth_date, person.periods)))
    out = {}
    for source in sorted(by_source):
        money = Decimal(available[source])
        members = sorted(by_source[source], key=lambda pm: (pm[0].priority, pm[0].key))
        bill = [Decimal(0)] * 12
        for _, months in members:
            for m in months:
                bill[m - 1] += year.amounts[m - 1]
        need = sum(bill, Decimal(0))
        if need <= money:
            out[source] = Shortfall(source, need, money, None, (), sum(1 for _, m in members if m), need, money - need)
            continue
        paid, first_short = Decimal(0), 12
        for i in range(12):
            if paid + bill[i] > money:
                first_short = i
                break
            paid += bill[i]
        cut = first_short
        if cut_from is not None and cut_from.year == year.year and cut_from.month - 1 < first_short:
            cut = cut_from.month - 1
        elif cut_from is not None and cut_from.year < year.year:
            cut = 0
        before = sum(bill[:cut], Decimal(0))
        remaining = money - before
        kept, spent_after, losing = 0, Decimal(0), []
        stopped = False
        for person, months in members:
            after = [m for m in months if m - 1 >= cut]
            if not after:
                continue
            cost = year.cost(after)
            if not stopped and spent_after + cost <= remaining:
                spent_after += cost
                kept += 1
                continue
            paid = 0
            if not stopped:  # the first who cannot be paid to the end keeps the months the money left pays
                stopped = True
                while paid < len(after) and spent_after + year.amounts[after[paid] - 1] <= remaining:
                    spent_after += year.amounts[after[paid] - 1]
                    paid += 1
            lost = after[paid:]
            losing.append(Loss(person.key, Month(year.year, lost[0]), len(lost), year.cost(lost)))
        losing.reverse()
        spent = before + spent_after
        out[source] = Shortfall(source, need, money, year.months[cut], tuple(losing), kept, spent, money - spent)
    return out
