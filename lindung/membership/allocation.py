"""What the funding allocation, the projection and the decree quota read of a programme's participants in a
budget year (Perwali 3/2025 Pasal 5 ayat (2), 11, 14).

Each participant's months are the months this programme bills them: a membership period covering the
first day (billing's rule), the coverage window, the age limit of 64 years 11 months, a month the rule set
can bill — less the months another programme pays for them (`overlaps.paid_elsewhere`: nobody paid
twice). Those months are cut out of the periods (billing looks only at a month's first day, so removing
that day is exact), so the cost, the projection and the shortfall all see the same months.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from lindung.domain import funding, projection
from lindung.domain.billing import Period
from lindung.programs.models import FundingSource, Programme
from lindung.programs.selectors import domain_source, funding_sources
from lindung.registers.models import PovertyRecord, ReferenceDataset
from lindung.registers.selectors import latest_snapshot

from .models import FundingAssignment, MembershipPeriod, Participant
from .overlaps import paid_elsewhere


@dataclass
class Pool:
    """A programme's participants covered in a budget year, as the allocation sees them."""

    year: projection.Year
    candidates: list[funding.Candidate] = field(default_factory=list)
    births: dict[int, date] = field(default_factory=dict)
    periods: dict[int, tuple[Period, ...]] = field(default_factory=dict)  # months paid elsewhere cut out
    notes: dict[int, str] = field(default_factory=dict)  # "2 bulan dibiayai program kaltim-2025"

    def insured(self, source_of: Mapping[int, int | None]) -> list[projection.Insured]:
        """The participants with the source paying for them (None: none), for `projection`."""
        return [projection.Insured(c.key, self.births[c.key], self.periods[c.key], source_of.get(c.key), c.priority)
                for c in self.candidates]


def _without_days(periods: list[Period], days: list[date]) -> tuple[Period, ...]:
    """The periods with single days removed (the first day of a month another programme pays for)."""
    out = list(periods)
    for day in days:
        cut = []
        for p in out:
            if not p.covers(day):
                cut.append(p)
                continue
            if p.start < day:
                cut.append(Period(p.start, day - timedelta(days=1)))
            if p.end is None or p.end > day:
                cut.append(Period(day + timedelta(days=1), p.end))
        out = cut
    return tuple(out)


def extreme_poverty(programme: Programme) -> set[str]:
    """NIKs of the programme's participants flagged extremely poor (P3KE) in the tenant's latest poverty data."""
    snapshot = latest_snapshot(ReferenceDataset.Kind.KEMISKINAN, programme.tenant)
    if snapshot is None:
        return set()
    niks = Participant.objects.filter(programme=programme).values("person__nik")
    return set(PovertyRecord.objects.filter(dataset=snapshot, miskin_ekstrem=True, nik__in=niks)
               .values_list("nik", flat=True))


def year_pool(programme: Programme, year: int, sources: list[FundingSource]) -> Pool:
    """Every participant with a membership period touching `year`: occupation, kelurahan, yearly cost at this
    programme, Pasal 5(2) priority (extreme poverty in the tenant's latest poverty data, disability, then
    enrolment order), and the source of `sources` they have for the year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    periods: dict[int, list[Period]] = {}
    for pid, first, last in (MembershipPeriod.objects.filter(participant__programme=programme, start__lte=end)
                             .filter(Q(end__isnull=True) | Q(end__gte=start))
                             .values_list("participant_id", "start", "end").iterator(chunk_size=10000)):
        periods.setdefault(pid, []).append(Period(first, last))
    current = dict(FundingAssignment.objects.filter(participant__programme=programme, year=year,
                                                    funding_source_id__in=[s.id for s in sources])
                   .values_list("participant_id", "funding_source_id"))
    extreme = extreme_poverty(programme)
    pool = Pool(programme.budget_year(year))
    skipped: dict[int, list[date]] = {}
    elsewhere: dict[int, dict[str, int]] = {}
    for (pid, month), paid in paid_elsewhere(programme, pool.year.months).items():
        skipped.setdefault(pid, []).append(month.first_day)
        counts = elsewhere.setdefault(pid, {})
        counts[paid.paying_programme.code] = counts.get(paid.paying_programme.code, 0) + 1
    rows = Participant.objects.filter(programme=programme).values_list(
        "id", "person__nik", "person__occupation_id", "person__kelurahan_id", "person__birth_date", "person__disability")
    for pid, nik, occupation, kelurahan, birth, disability in rows.iterator(chunk_size=10000):
        if pid not in periods:
            continue
        mine = _without_days(periods[pid], skipped.get(pid, []))
        pool.births[pid], pool.periods[pid] = birth, mine
        pool.candidates.append(funding.Candidate(
            key=pid, occupation=occupation, region=kelurahan, current=current.get(pid),
            cost=pool.year.cost(pool.year.billable(birth, mine)),
            priority=funding.pasal_5_2_key(extreme_poverty=nik in extreme, disability=disability, order=pid),
        ))
        if pid in elsewhere:
            pool.notes[pid] = "; ".join(f"{n} bulan dibiayai program {code}"
                                        for code, n in sorted(elsewhere[pid].items()))
    return pool


@dataclass
class YearPlan:
    """What a budget year's sources must pay for before anyone new: the decree quota's starting point."""

    sources: list[funding.Source]
    continuing: list[funding.Candidate]  # participants billed in the year, keys ("p", participant id)
    year: projection.Year

    def newcomer(self, key, occupation: str | None, region: str | None, birth_date: date, start: date,
                 priority=()) -> funding.Candidate:
        """Someone enrolled on `start`: their cost is the months of the year they would be billed (the age
        limit included), at the contribution in force."""
        months = self.year.billable(birth_date, [Period(start, None)])
        return funding.Candidate(key, occupation, region, None, self.year.cost(months), priority)

    def newcomer_cost(self, start: date) -> Decimal:
        """What one newcomer enrolled on `start` costs in the year (someone of working age, far from the
        age limit: a decree quota counts places, not persons)."""
        return self.year.cost(self.year.billable(date(start.year - 30, 1, 1), [Period(start, None)]))


def year_plan(programme: Programme, year: int) -> YearPlan | None:
    """The year's sources and the participants continuing into it (None: the year has no sources)."""
    sources = funding_sources(programme, year)
    if not sources:
        return None
    pool = year_pool(programme, year, sources)
    continuing = [replace(c, key=("p", c.key)) for c in pool.candidates if c.cost]
    return YearPlan([domain_source(s) for s in sources], continuing, pool.year)
