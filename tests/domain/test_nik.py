from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lindung.domain import nik

TODAY = date(2026, 11, 21)
districts = st.sampled_from(["64.71.01", "64.71.06", "64.72.10", "33.74.05", "73.71.02", "11.01.01"])
births = st.dates(min_value=TODAY - timedelta(days=99 * 365), max_value=TODAY)
sexes = st.sampled_from(["L", "P"])
serials = st.integers(min_value=1, max_value=9999)


@given(districts, births, sexes, serials)
def test_a_made_nik_parses_back_to_what_made_it(district, born, sex, serial):
    value = nik.make(district, born, sex, serial)
    parsed = nik.parse(value, today=TODAY)
    assert parsed.district == district
    assert parsed.sex == sex
    assert parsed.birth_date == born
    assert int(parsed.serial) == serial
    assert nik.check(value, birth_date=born, sex=sex, today=TODAY).warnings == ()


@given(districts, births, sexes, serials)
def test_women_have_forty_added_to_the_day(district, born, sex, serial):
    day = int(nik.make(district, born, sex, serial)[6:8])
    assert (41 <= day <= 71) if sex == "P" else (1 <= day <= 31)


@given(districts, births, births, sexes, serials)
def test_a_different_stated_birth_date_is_a_warning_not_an_error(district, born, stated, sex, serial):
    assume((stated.day, stated.month, stated.year % 100) != (born.day, born.month, born.year % 100))
    result = nik.check(nik.make(district, born, sex, serial), birth_date=stated, sex=sex, today=TODAY)
    assert result.is_valid
    assert [w.code for w in result.warnings] == [nik.WARN_BIRTH_DATE]


def test_a_different_stated_sex_is_a_warning():
    value = nik.make("64.71.01", date(1990, 1, 2), "P", 7)
    result = nik.check(value, sex="L", today=TODAY)
    assert result.is_valid and [w.code for w in result.warnings] == [nik.WARN_SEX]


@given(st.text(alphabet="0123456789", min_size=0, max_size=30).filter(lambda s: len(s) != 16))
def test_wrong_length_is_an_error(value):
    assert nik.ERR_LENGTH in [e.code for e in nik.check(value, today=TODAY).errors]


@given(st.text(min_size=16, max_size=16).filter(lambda s: not s.isdigit()))
def test_non_digits_are_an_error(value):
    assume(not nik.normalize(value).isdigit())
    assert not nik.check(value, today=TODAY).is_valid


@pytest.mark.parametrize(
    "value, code",
    [
        ("6471013002900001", nik.ERR_DATE),  # 30 February
        ("6471017002900001", nik.ERR_DATE),  # woman, 30 February
        ("6471013213900001", nik.ERR_DATE),  # month 13
        ("6471010001900001", nik.ERR_DATE),  # day 00
        ("6471011505900000", nik.ERR_SERIAL),
        ("9971011505900001", nik.ERR_PROVINCE),  # 99 names no province
        ("0071011505900001", nik.ERR_PROVINCE),
    ],
)
def test_impossible_nik_errors(value, code):
    result = nik.check(value, today=TODAY)
    assert not result.is_valid
    assert code in [e.code for e in result.errors]


def test_leap_day_of_1900s_and_2000s():
    # 29 Feb 2000 exists; 29 Feb 1900 does not, but "00" resolves to 2000 for anyone born by today.
    assert nik.parse("6471012902000001", today=TODAY).birth_date == date(2000, 2, 29)
    # 29 Feb 2004 -> "04": 2004 is a leap year.
    assert nik.parse("6471016902040001", today=TODAY).birth_date == date(2004, 2, 29)
    # 29 Feb "01" exists in neither 1901 nor 2001.
    assert not nik.check("6471012902010001", today=TODAY).is_valid


def test_century_is_the_latest_not_after_today():
    assert nik.parse("6471011505300001", today=TODAY).birth_date == date(1930, 5, 15)
    assert nik.parse("6471011505200001", today=TODAY).birth_date == date(2020, 5, 15)


def test_region_of_issue_is_parsed_but_is_not_residence():
    parsed = nik.parse("3374051505900001", today=TODAY)  # issued in Semarang
    assert (parsed.province, parsed.regency, parsed.district) == ("33", "33.74", "33.74.05")


def test_spreadsheet_noise_is_normalised():
    assert nik.normalize("'6471011505900001") == "6471011505900001"
    assert nik.normalize("6471011505900001.0") == "6471011505900001"
    assert nik.normalize(" 6471 0115 0590 0001 ") == "6471011505900001"


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_mask_shows_only_the_ends(value):
    masked = nik.mask(value)
    assert masked == value[:4] + "********" + value[-4:]
