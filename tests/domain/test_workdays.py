import re
import socket
from datetime import date, datetime, timedelta
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.domain import workdays
from lindung.domain.workdays import WorkCalendar, national_holidays, package_cuti_bersama

CAL = WorkCalendar()
# Years the package knows holidays for (and a few after its cuti bersama end, where tenants add their own).
dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=40)


# -- worked examples -----------------------------------------------------------------------------------


def test_third_working_day_after_a_friday_is_wednesday():
    friday = date(2026, 1, 9)
    assert CAL.add_working_days(friday, 1) == date(2026, 1, 12)
    assert CAL.add_working_days(friday, 2) == date(2026, 1, 13)
    assert CAL.add_working_days(friday, 3) == date(2026, 1, 14)


def test_receipt_on_saturday_counts_like_friday():
    assert CAL.add_working_days(date(2026, 1, 10), 3) == date(2026, 1, 14)


def test_independence_day_is_skipped():
    assert CAL.day_off_reason(date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    # Fri 14 Aug 2026 -> Mon 17 is a holiday: Tue 18 = 1, Wed 19 = 2, Thu 20 = 3.
    assert CAL.add_working_days(date(2026, 8, 14), 3) == date(2026, 8, 20)


def test_idul_fitri_2026_with_its_cuti_bersama():
    # Nyepi (Thu 19 Mar), Idul Fitri (Sat 21 - Sun 22 Mar) and the cuti bersama of the 2026 decree
    # (Wed 18, Fri 20, Mon 23, Tue 24 Mar): a complaint of Tue 17 Mar is due Fri 27 Mar.
    assert [d for d, _ in CAL.days_off(date(2026, 3, 17), date(2026, 3, 25))] == [
        date(2026, 3, 18),
        date(2026, 3, 19),
        date(2026, 3, 20),
        date(2026, 3, 21),
        date(2026, 3, 22),
        date(2026, 3, 23),
        date(2026, 3, 24),
    ]
    assert CAL.add_working_days(date(2026, 3, 17), 3) == date(2026, 3, 27)
    without_cuti = WorkCalendar(package_cuti_bersama=False)
    assert without_cuti.add_working_days(date(2026, 3, 17), 3) == date(2026, 3, 23)  # Wed 18, Fri 20, Mon 23


def test_a_tenant_cuti_bersama_date_is_a_day_off():
    cal = WorkCalendar({date(2026, 1, 12): "Cuti bersama (contoh)"})
    assert cal.day_off_reason(date(2026, 1, 12)) == "Cuti bersama (contoh)"
    assert cal.add_working_days(date(2026, 1, 9), 3) == date(2026, 1, 15)
    # A plain list of dates works too, with a generic name.
    assert not WorkCalendar([date(2026, 1, 12)]).is_working_day(date(2026, 1, 12))


def test_a_year_the_package_has_no_cuti_bersama_for_takes_the_tenants_list():
    assert package_cuti_bersama(2030) == {}
    assert CAL.is_working_day(date(2030, 1, 2))
    assert not WorkCalendar([date(2030, 1, 2)]).is_working_day(date(2030, 1, 2))


def test_a_cancelled_cuti_bersama_can_be_worked_again():
    cal = WorkCalendar(extra_working_days=[date(2026, 3, 23)])
    assert cal.is_working_day(date(2026, 3, 23))
    assert cal.add_working_days(date(2026, 3, 17), 3) == date(2026, 3, 26)  # Mon 23, Wed 25, Thu 26


def test_a_date_cannot_be_both_off_and_working():
    with pytest.raises(ValueError, match="sekaligus"):
        WorkCalendar([date(2026, 1, 12)], extra_working_days=[date(2026, 1, 12)])


def test_same_day_service():
    assert CAL.add_working_days(date(2026, 1, 13), 0) == date(2026, 1, 13)  # Tuesday: that day
    assert CAL.add_working_days(date(2026, 1, 11), 0) == date(2026, 1, 12)  # Sunday: Monday
    assert CAL.add_working_days(date(2026, 8, 15), 0) == date(2026, 8, 18)  # Sat before 17 Aug: Tuesday


def test_datetimes_are_read_as_their_date():
    assert CAL.add_working_days(datetime(2026, 1, 9, 23, 59), 3) == date(2026, 1, 14)
    assert CAL.is_working_day(datetime(2026, 1, 9, 8, 0))


def test_working_days_between():
    assert CAL.working_days_between(date(2026, 1, 9), date(2026, 1, 14)) == 3
    assert CAL.working_days_between(date(2026, 1, 14), date(2026, 1, 9)) == -3
    assert CAL.working_days_between(date(2026, 1, 10), date(2026, 1, 11)) == 0
    assert CAL.working_days_between(date(2026, 8, 14), date(2026, 8, 20)) == 3


def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 1, 9), -1)
    with pytest.raises(TypeError):
        CAL.add_working_days(date(2026, 1, 9), 1.5)
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 1, 9), workdays.MAX_WORKING_DAYS + 1)


def test_weekends_are_named():
    assert CAL.day_off_reason(date(2026, 1, 10)) == "Sabtu"
    assert CAL.day_off_reason(date(2026, 1, 11)) == "Minggu"
    assert CAL.day_off_reason(date(2026, 1, 12)) is None


# -- the package: offline, pinned, what it covers -------------------------------------------------------


def test_package_works_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    workdays._package_days.cache_clear()
    try:
        assert date(2026, 8, 17) in national_holidays(2026)
        assert date(2026, 3, 20) in package_cuti_bersama(2026)
    finally:
        workdays._package_days.cache_clear()


def test_pinned_version_is_the_one_installed():
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    pinned = re.search(r'"holidays==([^"]+)"', pyproject).group(1)
    assert holidays.__version__ == pinned == workdays.HOLIDAYS_VERSION


def test_package_marks_unconfirmed_islamic_dates_as_estimates():
    assert not any(workdays.ESTIMATED_MARK in name for name in national_holidays(2026).values())
    assert any(workdays.ESTIMATED_MARK in name for name in national_holidays(2028).values())


# -- properties ----------------------------------------------------------------------------------------


@given(dates, counts)
def test_never_lands_on_a_day_off(start, n):
    assert CAL.is_working_day(CAL.add_working_days(start, n))


@given(dates, counts)
def test_strictly_after_the_start_for_one_or_more(start, n):
    result = CAL.add_working_days(start, n)
    assert result >= start
    if n >= 1:
        assert result > start
        assert (result - start).days >= n


@given(dates, counts)
def test_monotone_in_the_count(start, n):
    # Strictly from one working day on; same-day service on a day off equals the first working day.
    assert CAL.add_working_days(start, n) <= CAL.add_working_days(start, n + 1)
    if n >= 1 or CAL.is_working_day(start):
        assert CAL.add_working_days(start, n) < CAL.add_working_days(start, n + 1)


@given(dates, dates, counts)
def test_monotone_in_the_start(a, b, n):
    a, b = min(a, b), max(a, b)
    assert CAL.add_working_days(a, n) <= CAL.add_working_days(b, n)


@given(dates, counts)
def test_add_then_count_round_trips(start, n):
    end = CAL.add_working_days(start, n)
    if n >= 1 or CAL.is_working_day(start):
        assert CAL.working_days_between(start, end) == n
    else:  # same-day service on a day off moves to the next working day, which counts as one
        assert CAL.working_days_between(start, end) == 1


@given(dates, dates, dates)
def test_counting_is_additive_and_antisymmetric(a, b, c):
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)
    assert CAL.working_days_between(a, b) + CAL.working_days_between(b, c) == CAL.working_days_between(a, c)


@settings(max_examples=50)
@given(
    dates, counts, st.sets(st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 12, 31)), max_size=30)
)
def test_tenant_days_off_are_never_a_deadline(start, n, days_off):
    cal = WorkCalendar(days_off)
    result = cal.add_working_days(start, n)
    assert result not in days_off
    assert cal.is_working_day(result)
    # Every day strictly between is either off or one of the n-1 counted days.
    between = [start + timedelta(days=i) for i in range(1, (result - start).days)]
    assert sum(cal.is_working_day(d) for d in between) == max(n - 1, 0)
