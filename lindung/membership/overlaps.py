"""Nobody paid for twice (seed 001; DESIGN.md §4 "Bill exclusions"): for the participants of one programme,
the months another programme pays for them instead.

The rule is `lindung.domain.payers`: among the programmes that bill a person for a month, the one whose
membership started first pays; same start, the programme created first; then the lower id. "Bill" is each
programme's own rule (a period covering the first day, its coverage window, the age limit of its rule
set, a month its rule set can bill), applied per record here with `lindung.domain.billing` — the same rule
the monthly bill runs in SQL. Only persons with a membership in another programme are looked at, so the
cost is the overlap's, not the programme's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from lindung.domain import billing as billing_rules
from lindung.domain import payers
from lindung.domain.calendar import Month
from lindung.domain.rules.ruleset import RuleSetError
from lindung.programs.models import Programme

from .models import MembershipPeriod, Participant


@dataclass(frozen=True)
class PaidElsewhere:
    """A participant of the programme whom another programme pays for in `month`."""

    participant_id: int
    month: Month
    paying_programme: Programme
    rule: str  # lindung.domain.payers: MULAI_LEBIH_DULU, PROGRAM_LEBIH_DULU, ID_LEBIH_KECIL
    reason: str  # "dibiayai program kaltim-2025 (kepesertaan mulai 2024-01-01, lebih dulu)"


def _rules(programme: Programme, month: Month, cache: dict) -> billing_rules.BillingRules | None:
    key = (programme.pk, month)
    if key not in cache:
        try:
            cache[key] = programme.billing_rules(month)
        except (RuleSetError, ValueError):  # the programme's rule set cannot bill that month at all
            cache[key] = None
    return cache[key]


def paid_elsewhere(programme: Programme, months: Iterable[Month],
                   participant_ids: Iterable[int] | None = None) -> dict[tuple[int, Month], PaidElsewhere]:
    """Per (participant of `programme`, month) that another programme pays for: who pays and why.
    `participant_ids` narrows the look to some participants (None: all of the programme)."""
    months = sorted(set(months))
    if not months:
        return {}
    lo, hi = months[0].first_day, months[-1].first_day
    ours = Participant.objects.filter(programme=programme)
    if participant_ids is not None:
        ours = ours.filter(pk__in=list(participant_ids))
    in_range = Q(start__lte=hi) & (Q(end__isnull=True) | Q(end__gte=lo))
    # Other programmes' periods of our persons: the only rows that can change anything.
    theirs = list(MembershipPeriod.objects.filter(in_range, participant__person_id__in=ours.values("person_id"))
                  .exclude(participant__programme=programme)
                  .values_list("participant__person_id", "participant__programme_id", "start", "end",
                               "participant__person__birth_date"))
    if not theirs:
        return {}
    persons = {row[0] for row in theirs}
    mine = list(MembershipPeriod.objects.filter(in_range, participant__in=ours, participant__person_id__in=persons)
                .values_list("participant__person_id", "participant_id", "start", "end",
                             "participant__person__birth_date"))
    participant_of = {person: pid for person, pid, *_ in mine}
    programmes = {p.pk: p for p in Programme.objects.filter(pk__in={row[1] for row in theirs} | {programme.pk})}
    names = {pk: p.code for pk, p in programmes.items()}
    periods: list[tuple[int, int, date, date | None, date]] = [
        (person, programme.pk, start, end, birth) for person, _pid, start, end, birth in mine
    ] + theirs
    cache: dict = {}
    out: dict[tuple[int, Month], PaidElsewhere] = {}
    for month in months:
        day = month.first_day
        billing: list[payers.Membership] = []
        for person, pk, start, end, birth in periods:
            if person not in participant_of:
                continue
            rules = _rules(programmes[pk], month, cache)
            period = billing_rules.Period(start, end)
            if rules is None or not period.covers(day) or billing_rules.not_billed_reason(birth, [period], rules):
                continue
            billing.append(payers.Membership(person, pk, programmes[pk].created_at, start, end))
        decided = payers.payers(billing, [month])
        for (person, _), payer in decided.items():
            if payer.programme != programme.pk and programme.pk in payer.excluded:
                out[(participant_of[person], month)] = PaidElsewhere(
                    participant_of[person], month, programmes[payer.programme], payer.rule or "",
                    payers.reason_text(payer, names))
    return out
