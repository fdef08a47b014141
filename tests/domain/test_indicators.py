"""Coverage rates, small-count suppression, counts read from BPS/BPJS files and age bands, by hand."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.domain import indicators as ind
from lindung.domain.calendar import age_on


def test_rates_are_rounded_half_up_to_two_decimals():
    assert ind.percent(1, 32).value == Decimal("3.13")  # 3.125: half-even would say 3.12
    assert ind.percent(2, 3).value == Decimal("66.67")
    assert ind.percent(1, 3).value == Decimal("33.33")
    assert ind.percent(0, 10).value == Decimal("0.00")
    assert ind.percent(1, 32).text == "3.13"


def test_seed_figures_are_reproduced():
    # Ketapang 2024: (PU 80,101 + BPU 42,217) over the workforce is 68.02% (seed 004).
    row = ind.coverage_row("61.04", "Ketapang", 0, ind.Workforce(179826, 100000), ind.Aggregate(80101, 42217))
    assert row.total.value == Decimal("68.02")
    # NTB: 9.3% of 2,159,942 informal workers covered (seed 003) is about 200,875 workers.
    assert ind.percent(200875, 2159942).value == Decimal("9.30")


def test_a_rate_without_a_denominator_is_empty_with_its_reason_never_zero():
    assert ind.percent(5, None) == ind.Rate(None, ind.NO_DENOMINATOR)
    assert ind.percent(5, 0) == ind.Rate(None, ind.ZERO_DENOMINATOR)
    assert ind.percent(None, 10) == ind.Rate(None, ind.NO_NUMERATOR)
    for rate in (ind.percent(5, None), ind.percent(5, 0), ind.percent(None, 10)):
        assert rate.text == "" and rate.why


def test_growth_of_participants():
    assert ind.growth(100, 250).value == Decimal("150.00")
    assert ind.growth(0, 10).reason == ind.ZERO_DENOMINATOR
    assert ind.growth(None, 10).value is None


def test_total_row_leaves_a_partial_denominator_empty():
    rows = [ind.coverage_row("a", "A", 2, ind.Workforce(1000, 400), ind.Aggregate(150, 50)),
            ind.coverage_row("b", "B", 1, None, None)]
    total = ind.total_row(rows)
    assert total.active == 3 and total.workers is None
    assert total.pbi.reason == ind.INCOMPLETE and total.total.reason == ind.INCOMPLETE
    complete = ind.total_row([rows[0], ind.coverage_row("c", "C", 1, ind.Workforce(500, 100), ind.Aggregate(10, 0))])
    assert (complete.workers, complete.informal, complete.pbi.value) == (1500, 500, Decimal("0.60"))
    assert complete.total.value == Decimal("14.00")  # (150 + 50 + 10) / 1500


def test_informal_above_employed_is_flagged():
    assert ind.coverage_row("a", "A", 1, ind.Workforce(10, 20), None).notes


def test_small_counts_are_hidden_with_a_complementary_cell_when_a_total_is_shown():
    cells = ind.suppress([3, 10, 0, 7])
    assert [c.text for c in cells] == ["<5", "10", "0", "x"]  # 7 hidden too: 20 - 10 - 0 would give 3 back
    assert [c.text for c in ind.suppress([3, 4, 10])] == ["<5", "<5", "10"]
    assert [c.text for c in ind.suppress([3, 10], with_total=False)] == ["<5", "10"]
    assert ind.suppress_total(4).suppressed and not ind.suppress_total(5).suppressed and not ind.suppress_total(0).suppressed


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12))
def test_no_hidden_count_can_be_recovered_from_the_total(values):
    cells = ind.suppress(values)
    hidden = [c for c in cells if c.suppressed]
    assert all(not (0 < c.value < ind.THRESHOLD) or c.suppressed for c in cells)
    assert len(hidden) != 1 or not any(v and not c.suppressed for v, c in zip(values, cells, strict=True))


@pytest.mark.parametrize("text, value", [("2159942", 2159942), ("2159942.0", 2159942), ("2.159.942", 2159942),
                                         ("2,159,942", 2159942), (" 733040 ", 733040), ("0", 0),
                                         ("2.159", 2159)])  # Indonesian thousands: a count is whole
def test_counts_as_staff_type_them(text, value):
    assert ind.parse_count(text) == value


@pytest.mark.parametrize("text", ["", "-5", "2.15", "12,5", "1.234,5", "abc", "1e6", "2.159,942"])
def test_unreadable_counts_are_refused_with_what_was_read(text):
    with pytest.raises(ind.InvalidCount):
        ind.parse_count(text)


def test_years():
    assert ind.parse_year("2025") == 2025 and ind.parse_year("2025.0") == 2025
    with pytest.raises(ind.InvalidCount):
        ind.parse_year("25")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)))
def test_age_bands_agree_with_completed_years(born, on):
    age = age_on(born, on)
    band = next(code for code, after, by in ind.age_band_limits(on)
                if (after is None or born > after) and (by is None or born <= by))
    low, high = next((lo, hi) for code, lo, hi in ind.AGE_BANDS if code == band)
    assert (low is None or age >= low) and (high is None or age <= high)


def test_born_on_29_february_turns_a_year_older_on_1_march():
    assert ind.born_by(date(2026, 2, 28), 18) == date(2008, 2, 28)
    assert ind.born_by(date(2024, 2, 29), 18) == date(2006, 2, 28)
