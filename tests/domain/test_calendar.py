from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.domain.calendar import Month, add_months, age_on, completed_months

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def test_eighteenth_birthday_on_the_day_counts():
    assert age_on(date(2008, 7, 15), date(2026, 7, 15)) == 18
    assert age_on(date(2008, 7, 15), date(2026, 7, 14)) == 17


def test_leap_day_birthday():
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


@given(dates, dates)
def test_age_is_never_negative_after_birth_and_monotonic(born, on):
    if on >= born:
        assert age_on(born, on) >= 0
        assert age_on(born, on + timedelta(days=366)) >= age_on(born, on)


@given(dates, st.integers(min_value=-600, max_value=600))
def test_completed_months_inverts_add_months(start, months):
    target = add_months(start, months)
    # Clamping (31 Jan + 1 month = 28 Feb) can only lose days, never gain a month.
    assert completed_months(start, target) in (months, months - 1 if months > 0 else months + 1, months)
    if start.day <= 28:
        assert completed_months(start, target) == months


def test_month_parsing_and_arithmetic():
    m = Month.parse("2026-02")
    assert (m.first_day, m.last_day) == (date(2026, 2, 1), date(2026, 2, 28))
    assert str(m + 11) == "2027-01"
    assert Month.parse("2025-12") < m
    with pytest.raises(ValueError):
        Month.parse("2026-13")
    with pytest.raises(ValueError):
        Month.parse("02-2026")
