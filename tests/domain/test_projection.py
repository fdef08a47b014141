"""Next year's need per funding source and the shortfall when the revised budget (APBD-P) is not passed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.domain import billing as b
from lindung.domain.calendar import Month
from lindung.domain.funding import pasal_5_2_key
from lindung.domain.projection import (
    Insured,
    Loss,
    Year,
    billable_months,
    project_year,
    schedule,
    shortfall,
    year_cost,
)

JKK, JKM = Decimal(10000), Decimal(6800)
# A hypothetical rise from July 2027, to show the contribution is data in force month by month.
RULES = schedule({date(2025, 1, 1): b.Contribution(JKK, JKM), date(2027, 7, 1): b.Contribution(Decimal(11000), JKM)})
Y2027 = Year(2027, RULES)
OLD, NEW = Decimal(16800), Decimal(17800)
ALWAYS = (b.Period(date(2025, 2, 1)),)


def test_billable_months_apply_the_age_limit_the_start_and_known_ends():
    # 64 years 11 months on 1 July 2027 (779 completed months): July billed, August not (Pasal 11(6)).
    assert billable_months(date(1962, 7, 15), ALWAYS, 2027, RULES) == tuple(Month(2027, m) for m in range(1, 8))
    assert Y2027.billable(date(1990, 1, 1), (b.Period(date(2027, 3, 15)),)) == tuple(range(4, 13))  # from April
    assert Y2027.billable(date(1990, 1, 1), (b.Period(date(2025, 2, 1), date(2027, 3, 10)),)) == (1, 2, 3)
    assert Y2027.billable(date(1990, 1, 1), (b.Period(date(2025, 2, 1), date(2026, 12, 31)),)) == ()
    # two periods with a gap (left in March, came back in October)
    assert Y2027.billable(date(1990, 1, 1), (b.Period(date(2025, 2, 1), date(2027, 3, 10)),
                                             b.Period(date(2027, 10, 1)))) == (1, 2, 3, 10, 11, 12)


def test_year_cost_takes_the_contribution_in_force_each_month():
    assert year_cost(date(1990, 1, 1), ALWAYS, 2027, RULES) == OLD * 6 + NEW * 6
    assert year_cost(date(1962, 7, 15), ALWAYS, 2027, RULES) == OLD * 6 + NEW * 1
    assert Year(2026, RULES).cost(range(1, 13)) == OLD * 12


def test_a_coverage_window_limits_the_months():
    window = b.CoverageWindow(date(2027, 10, 1), date(2027, 11, 30))
    rules = schedule({date(2025, 1, 1): b.Contribution(JKK, JKM)}, window=window)
    assert Year(2027, rules).billable(date(1990, 1, 1), ALWAYS) == (10, 11)


@settings(max_examples=300, deadline=None)
@given(st.dates(date(1955, 1, 1), date(2009, 12, 31)), st.dates(date(2024, 1, 1), date(2028, 12, 31)),
       st.none() | st.integers(0, 900))
def test_year_billable_agrees_with_billings_own_rule(birth, start, length):
    periods = (b.Period(start, None if length is None else start + timedelta(days=length)),)
    expected = tuple(m for m in range(1, 13)
                     if b.not_billed_reason(birth, periods, RULES(Month(2027, m))) is None)
    assert Y2027.billable(birth, periods) == expected


def test_projection_per_source_counts_months_and_money():
    insured = [
        Insured(1, date(1990, 1, 1), ALWAYS, source=10),  # 12 months
        Insured(2, date(1962, 7, 15), ALWAYS, source=10),  # January-July
        Insured(3, date(1990, 1, 1), (b.Period(date(2025, 2, 1), date(2027, 3, 10)),), source=20),  # ends in March
        Insured(4, date(1950, 1, 1), ALWAYS, source=20),  # past the limit all year
        Insured(5, date(1990, 1, 1), ALWAYS, source=None),  # nobody pays yet
    ]
    need = project_year(insured, Y2027)
    assert list(need) == [10, 20, None]
    assert (need[10].participants, need[10].participant_months) == (2, 19)
    assert need[10].total == OLD * 12 + NEW * 7
    assert [p.count for p in need[10].months] == [2] * 7 + [1] * 5
    assert need[10].months[6] == b.MonthProjection(Month(2027, 7), 2, NEW * 2)
    assert (need[20].participants, need[20].participant_months, need[20].total) == (1, 3, OLD * 3)
    assert need[None].total == OLD * 6 + NEW * 6


def people(n, source=1):
    """n full-year participants; key k has priority k (0 highest)."""
    return [Insured(k, date(1990, 1, 1), ALWAYS, source, (k,)) for k in range(n)]


FLAT = Year(2027, schedule({date(2025, 1, 1): b.Contribution(JKK, JKM)}))


def test_no_shortfall_when_the_money_suffices():
    result = shortfall(people(3), FLAT, {1: OLD * 36})[1]
    assert result.cut_month is None and result.losing == () and result.left == 0 and result.gap == 0


def test_the_lowest_priority_lose_cover_first_from_the_month_the_money_runs_out():
    # Money for everyone to September plus two people for three more months (33 person-months): by default
    # everyone is paid while a whole month's bill can be (to November); December cannot be paid for anyone.
    available = OLD * 3 * 9 + OLD * 2 * 3
    result = shortfall(people(3), FLAT, {1: available})[1]
    assert result.gap == OLD * 3
    assert result.cut_month == Month(2027, 12)
    assert [loss.key for loss in result.losing] == [2, 1, 0]  # nothing left for December: all, lowest first
    assert result.spent == OLD * 3 * 11 == available and result.left == 0 and result.kept == 0
    assert {loss.from_month for loss in result.losing} == {Month(2027, 12)}
    # Cut from October (the month the revised budget is known to fail): the two highest keep their cover.
    early = shortfall(people(3), FLAT, {1: available}, cut_from=Month(2027, 10))[1]
    assert early.cut_month == Month(2027, 10)
    assert early.losing == (Loss(2, Month(2027, 10), 3, OLD * 3),)
    assert early.kept == 2 and early.spent == available and early.left == 0


def test_shortfall_follows_pasal_5_2_order_and_spares_those_leaving_anyway():
    key = pasal_5_2_key
    insured = [
        Insured("ekstrem", date(1990, 1, 1), ALWAYS, 1, key(extreme_poverty=True, disability=False, order=3)),
        Insured("disabilitas", date(1990, 1, 1), ALWAYS, 1, key(extreme_poverty=False, disability=True, order=2)),
        Insured("biasa", date(1990, 1, 1), ALWAYS, 1, key(extreme_poverty=False, disability=False, order=1)),
        Insured("pensiun", date(1962, 5, 10), ALWAYS, 1, key(extreme_poverty=False, disability=False, order=9)),
    ]
    # "pensiun" reaches 64 years 11 months in April, 65 in May: billed to May; a cut from July spares them.
    assert FLAT.billable(date(1962, 5, 10), ALWAYS) == (1, 2, 3, 4, 5)
    money = OLD * (12 * 3 + 5) - OLD * 6  # six months short
    result = shortfall(insured, FLAT, {1: money}, cut_from=Month(2027, 7))[1]
    assert [loss.key for loss in result.losing] == ["biasa"]
    assert result.losing[0].from_month == Month(2027, 7) and result.losing[0].amount == OLD * 6


def test_the_first_who_cannot_be_paid_to_the_end_keeps_what_the_money_pays_and_nobody_after_keeps_more():
    # From July, four months of money are left. "a" (higher) needs six, "b" (lower) only three (ends in
    # September): "b" does not keep cover in "a"'s place; "a" is paid July-October and loses November.
    insured = [Insured("a", date(1990, 1, 1), ALWAYS, 1, (0,)),
               Insured("b", date(1990, 1, 1), (b.Period(date(2025, 2, 1), date(2027, 9, 30)),), 1, (1,))]
    money = OLD * (6 + 6) + OLD * 4  # January-June for both, then four months
    result = shortfall(insured, FLAT, {1: money}, cut_from=Month(2027, 7))[1]
    assert result.losing == (Loss("b", Month(2027, 7), 3, OLD * 3), Loss("a", Month(2027, 11), 2, OLD * 2))
    assert result.kept == 0 and result.spent == money and result.left == 0


def test_a_cut_month_later_than_the_money_lasts_is_brought_forward():
    result = shortfall(people(2), FLAT, {1: OLD * 2 * 5}, cut_from=Month(2027, 9))[1]
    assert result.cut_month == Month(2027, 6)
    assert [loss.key for loss in result.losing] == [1, 0]


def test_the_schedule_refuses_months_before_any_contribution():
    with pytest.raises(ValueError):
        schedule({date(2027, 1, 1): Decimal(16800)})(Month(2026, 12))


@settings(max_examples=300, deadline=None)
@given(st.dates(date(1955, 1, 1), date(2009, 12, 31)),
       st.lists(st.tuples(st.dates(date(2025, 6, 1), date(2028, 6, 30)), st.none() | st.integers(0, 400)),
                min_size=0, max_size=3),
       st.booleans())
def test_the_bisected_months_are_the_month_by_month_months(birth, spans, windowed):
    periods = tuple(b.Period(start, None if length is None else start + timedelta(days=length)) for start, length in spans)
    year = Year(2027, schedule({date(2025, 1, 1): OLD}, window=b.CoverageWindow(date(2027, 3, 1), date(2027, 9, 30))
                               if windowed else None))
    assert year.billable(birth, periods) == year._billable_month_by_month(birth, periods)
