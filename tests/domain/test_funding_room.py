"""Room left for new participants and the decree's selection (the decree quota): continuing participants
are counted first, fund restrictions respected (issue 9)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lindung.domain import funding as f
from lindung.domain.funding import Candidate, Source, allocate

MONTH = Decimal(16800)
YEAR = MONTH * 12


def test_continuing_participants_are_counted_before_the_decree_quota():
    # The demo bug: a 2027 budget for 7,100 places, of which 710 continue from 2026.
    city = Source(1, None, budget=YEAR * 7100, label="APBD Kota")
    continuing = [Candidate(k, "pemulung", "64.71.01.1001", 1, YEAR) for k in range(710)]
    room = f.room_left([city], continuing, YEAR)
    assert room.continuing == 710 and room.continuing_unfunded == []
    assert room.general == 6390 and room.at_most == 6390
    assert room.by_source[1].places == 6390 and room.by_source[1].budget_left == YEAR * 6390


def test_room_under_a_restricted_source_is_not_general_room():
    city = Source(1, None, budget=YEAR * 100, label="APBD Kota")
    tobacco = Source(2, None, frozenset({"petani"}), budget=YEAR * 20, label="DBHCHT")
    # 90 continuing: 15 tobacco farmers (DBHCHT pays them first) and 75 others on the city's budget.
    continuing = ([Candidate(k, "petani", "52.03.01.2001", None, YEAR) for k in range(15)] +
                  [Candidate(100 + k, "pemulung", "52.03.01.2001", None, YEAR) for k in range(75)])
    farmer, other = f.Profile("petani", "52.03.01.2001"), f.Profile("pemulung", "52.03.01.2001")
    room = f.room_left([city, tobacco], continuing, YEAR, [farmer, other])
    assert room.general == 25  # only the city's budget takes a pemulung
    assert room.by_profile == {farmer: 30, other: 25}
    # In the plan, DBHCHT pays for the 15 farmers: 5 places left there, 25 on the city's budget.
    assert (room.by_source[2].places, room.by_source[1].places) == (5, 25)
    assert room.at_most == 30
    # A newcomer joining in July costs half: twice the places.
    assert f.room_left([city, tobacco], continuing, MONTH * 6).general == 50


def test_room_when_the_budget_does_not_even_cover_those_continuing():
    city = Source(1, None, budget=YEAR * 3)
    continuing = [Candidate(k, "pemulung", None, None, YEAR, (k,)) for k in range(5)]
    room = f.room_left([city], continuing, YEAR)
    assert room.general == 0 and room.continuing == 3 and room.continuing_unfunded == [3, 4]


def test_room_is_described_in_indonesian_lines():
    city = Source(1, None, budget=YEAR * 10, label="APBD Kota")
    csr = Source(2, 3, frozenset({"nelayan"}), label="CSR")
    room = f.room_left([city, csr], [Candidate(1, "nelayan", None, None, YEAR)], YEAR)
    assert f.describe_room(room, [city, csr]) == [
        "Peserta lanjutan terdanai: 1",
        "Tempat baru umum: 10",
        "APBD Kota: 10 tempat baru, sisa pagu Rp2.016.000",
        "CSR: 2 tempat baru",
    ]


def test_required_candidates_are_funded_first_even_when_dropping_them_would_fund_more():
    city = Source(1, None, budget=YEAR * 2)
    dear = Candidate("dear", "pemulung", None, None, YEAR, (9,))  # a whole year: two half-years' worth
    cheap = [Candidate(k, "pemulung", None, None, MONTH * 6, (0,)) for k in range(4)]  # half a year each
    assert set(allocate([dear, *cheap], [city]).assigned) == {0, 1, 2, 3}
    kept = allocate([dear, *cheap], [city], required={"dear"})
    assert set(kept.assigned) == {"dear", 0, 1}
    with pytest.raises(ValueError, match="wajib"):
        allocate([dear, *cheap], [Source(1, None, budget=MONTH * 11)], required={"dear"})


def test_the_selection_counts_continuing_participants_first():
    city = Source(1, None, budget=YEAR * 7100, label="APBD Kota")
    continuing = [Candidate(("p", k), "pemulung", "64.71.01.1001", 1, YEAR) for k in range(710)]
    newcomers = [Candidate(("a", k), "pemulung", "64.71.01.1001", None, YEAR, (k,)) for k in range(7100)]
    chosen = f.select_newcomers([city], continuing, newcomers)
    assert chosen.continuing == 710 and len(chosen.selected) == 6390
    assert chosen.selected == [("a", k) for k in range(6390)]  # the ranking's first 6,390
    assert chosen.left_out[0] == ("a", 6390)


def test_the_selection_respects_restrictions_rather_than_cutting_the_ranking():
    city = Source(1, None, budget=YEAR * 2, label="APBD Kota")
    tobacco = Source(2, 2, frozenset({"petani"}), budget=YEAR * 10, label="DBHCHT")
    continuing = [Candidate(("p", 1), "pemulung", None, None, YEAR)]
    newcomers = [Candidate(("a", 1), "pemulung", None, None, YEAR, (1,)),
                 Candidate(("a", 2), "pemulung", None, None, YEAR, (2,)),  # no general place left for them
                 Candidate(("a", 3), "petani", None, None, YEAR, (3,)),
                 Candidate(("a", 4), "petani", None, None, YEAR, (4,))]
    chosen = f.select_newcomers([city, tobacco], continuing, newcomers)
    assert chosen.selected == [("a", 1), ("a", 3), ("a", 4)]
    assert chosen.left_out == [("a", 2)]
    assert chosen.plan.assigned[("a", 3)] == 2 and chosen.plan.assigned[("p", 1)] == 1
