"""Nobody paid for twice: which programme pays for a person active in two in the same month."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.domain.calendar import Month
from lindung.domain.payers import (
    DIBIAYAI_PROGRAM_LAIN,
    ID_LEBIH_KECIL,
    MULAI_LEBIH_DULU,
    PROGRAM_LEBIH_DULU,
    Membership,
    exclusions,
    payers,
)

NIK = "6471015705900001"
CITY, PROVINCE = 1, 2
JAN, MAR, JUN = Month(2026, 1), Month(2026, 3), Month(2026, 6)


def test_the_membership_that_started_first_pays():
    rows = [Membership(NIK, PROVINCE, 1, date(2025, 3, 1)), Membership(NIK, CITY, 2, date(2025, 1, 1))]
    decided = payers(rows, [JAN])
    assert decided[(NIK, JAN)].programme == CITY  # the city started first although created later
    assert decided[(NIK, JAN)].excluded == (PROVINCE,) and decided[(NIK, JAN)].rule == MULAI_LEBIH_DULU
    (line,) = exclusions(PROVINCE, rows, JAN, {CITY: "bpp-2025"})
    assert (line.person, line.paying_programme, line.code) == (NIK, CITY, DIBIAYAI_PROGRAM_LAIN)
    assert line.reason == "dibiayai program bpp-2025 (kepesertaan mulai 2025-01-01, lebih dulu)"
    assert exclusions(CITY, rows, JAN) == []


def test_same_start_the_programme_created_first_pays_then_the_lower_id():
    rows = [Membership(NIK, CITY, datetime(2025, 2, 1, 9, 30), date(2026, 1, 1)),
            Membership(NIK, PROVINCE, datetime(2024, 12, 1, 8, 0), date(2026, 1, 1))]
    payer = payers(rows, [JAN])[(NIK, JAN)]
    assert (payer.programme, payer.rule) == (PROVINCE, PROGRAM_LEBIH_DULU)
    assert "dibuat lebih dulu" in exclusions(CITY, rows, JAN)[0].reason
    same = [Membership(NIK, 7, 5, date(2026, 1, 1)), Membership(NIK, 3, 5, date(2026, 1, 1))]
    payer = payers(same, [JAN])[(NIK, JAN)]
    assert (payer.programme, payer.rule) == (3, ID_LEBIH_KECIL)


def test_active_means_covering_the_first_day_and_the_covering_period_counts():
    rows = [
        Membership(NIK, CITY, 1, date(2024, 1, 1), date(2026, 2, 14)),  # ends mid-February: not in March
        Membership(NIK, CITY, 1, date(2026, 5, 1)),  # back in May
        Membership(NIK, PROVINCE, 2, date(2025, 6, 1)),
        Membership("other", CITY, 1, date(2026, 3, 2)),  # starts on the 2nd: not active in March
    ]
    decided = payers(rows, [JAN, MAR, JUN])
    assert decided[(NIK, JAN)].programme == CITY  # its 2024 period started first
    assert decided[(NIK, MAR)].programme == PROVINCE and decided[(NIK, MAR)].excluded == ()
    assert decided[(NIK, JUN)].programme == PROVINCE  # the city's new period (May 2026) started later
    assert ("other", MAR) not in decided and decided[("other", JUN)].programme == CITY
    assert [e.person for e in exclusions(CITY, rows, JUN)] == [NIK]


def test_a_membership_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Membership(NIK, CITY, 1, date(2026, 2, 1), date(2026, 1, 31))


CREATED = {1: 2, 2: 1, 3: 2, 4: 3}  # a programme's creation order (ties on purpose; not the id order)
memberships = st.lists(st.builds(
    lambda person, programme, start: Membership(person, programme, CREATED[programme], start),
    st.sampled_from(["a", "b"]), st.integers(1, 4), st.dates(date(2025, 1, 1), date(2026, 12, 1)),
), max_size=8)


@given(memberships, st.sampled_from([Month(2026, m) for m in range(1, 13)]))
def test_each_active_person_is_paid_once_and_every_other_programme_excludes_them(rows, month):
    decided = payers(rows, [month])
    for person in {m.person for m in rows}:
        active = {m.programme for m in rows if m.person == person and m.covers(month.first_day)}
        if not active:
            assert (person, month) not in decided
            continue
        payer = decided[(person, month)]
        assert {payer.programme, *payer.excluded} == active and payer.programme not in payer.excluded
        first = min((m.start, m.created, m.programme) for m in rows if m.person == person and m.covers(month.first_day))
        assert payer.programme == first[2]
        for programme in active:
            excluded = [e for e in exclusions(programme, rows, month) if e.person == person]
            assert len(excluded) == (0 if programme == payer.programme else 1)
