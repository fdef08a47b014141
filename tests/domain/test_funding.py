"""Funding allocation (Pasal 5(2), 11, 14; seeds 001, 003, 004): the optimisation, its order of
objectives, determinism, stability, reasons, and the room a year leaves for new participants."""

from __future__ import annotations

import itertools
import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.domain import funding as f
from lindung.domain.billing import Contribution, Period, quota
from lindung.domain.funding import Candidate, Source, allocate
from lindung.domain.projection import Year, schedule

MONTH = Decimal(16800)
YEAR = MONTH * 12


def greedy(candidates, sources):
    """The allocation this module replaced (creation order, restricted first, current kept while it
    fits), extended to budgets: a reference that the solver must never do worse than."""
    by_id = {s.id: s for s in sources}
    used = {s.id: 0 for s in sources}
    spent = {s.id: Decimal(0) for s in sources}

    def fits(s, c):
        cost = Decimal(c.cost or 0)
        return ((s.quota is None or used[s.id] < s.quota) and (s.budget is None or spent[s.id] + cost <= s.budget)
                and s.accepts(c.occupation, c.region, c.payer))

    def take(s, c):
        used[s.id] += 1
        spent[s.id] += Decimal(c.cost or 0)
        assigned[c.key] = s.id

    assigned, waiting = {}, []
    for c in candidates:
        if c.cost == 0:  # not billed in the year: needs no place
            continue
        s = by_id.get(c.current)
        if s is not None and fits(s, c):
            take(s, c)
        else:
            waiting.append(c)
    order = [s for s in sources if s.restricted] + [s for s in sources if not s.restricted]
    for c in waiting:
        for s in order:
            if fits(s, c):
                take(s, c)
                break
    return assigned


def check_feasible(result, candidates, sources):
    by_key = {c.key: c for c in candidates}
    for s in sources:
        people = [by_key[k] for k, sid in result.assigned.items() if sid == s.id]
        assert result.used[s.id] == len(people)
        if s.quota is not None:
            assert len(people) <= s.quota
        if s.budget is not None:
            assert sum((Decimal(c.cost) for c in people), Decimal(0)) <= s.budget
        assert all(s.accepts(c.occupation, c.region, c.payer) for c in people)
    funded = set(result.assigned)
    assert funded.isdisjoint(result.unfunded) and funded.isdisjoint(result.not_billed)
    assert funded | set(result.unfunded) | set(result.not_billed) == set(by_key)


# --- The cases the greedy loop got wrong ---------------------------------------------------------------


def test_overlapping_restrictions_fund_everyone_the_greedy_loop_left_out():
    wide = Source(1, 1, frozenset({"petani", "nelayan"}), label="DBH Sawit")
    narrow = Source(2, 1, frozenset({"petani"}), label="DBHCHT")
    people = [Candidate(1, "petani", "52.03.01.2001"), Candidate(2, "nelayan", "52.03.01.2001")]
    assert greedy(people, [wide, narrow]) == {1: 1}  # the farmer took the only place the fisher could use
    result = allocate(people, [wide, narrow])
    assert result.assigned == {1: 2, 2: 1}
    assert result.unfunded == []
    assert f.reason_text(result.decisions[1], [wide, narrow]) == "DBHCHT: petani"
    assert f.reason_text(result.decisions[2], [wide, narrow]) == "DBH Sawit: nelayan"


def test_a_province_source_added_later_takes_its_share_when_it_is_used_first():
    # The city's budget could pay for all five; the province then co-funds two places (Pergub Kaltim
    # 40/2025). Used first (preference 0), it takes two people off the city's budget.
    city = Source(1, None, budget=YEAR * 5, label="APBD Kota")
    province = Source(2, 2, payer="kaltim", preference=0, label="APBD Provinsi")
    before = [Candidate(k, "pemulung", "64.71.01.1001", 1, YEAR) for k in range(1, 6)]
    result = allocate(before, [city, province])
    assert result.used == {1: 3, 2: 2}
    assert result.spent == {1: YEAR * 3, 2: YEAR * 2}
    assert result.changed(before) == {4: 2, 5: 2}  # keeping goes in priority order: the last two move
    assert f.reason_text(result.decisions[4], [city, province]) == "APBD Provinsi: tanpa batasan (sebelumnya APBD Kota)"
    assert f.reason_text(result.decisions[1], [city, province]) == "APBD Kota: tanpa batasan"
    # Without an order of use between the two, nobody moves: the city can still pay for everyone.
    same_rank = Source(2, 2, payer="kaltim", label="APBD Provinsi")
    assert allocate(before, [city, same_rank]).changed(before) == {}


def test_a_province_source_added_later_funds_those_the_city_cannot():
    city = Source(1, 3, label="APBD Kota")
    province = Source(2, 2, payer="kaltim", label="APBD Provinsi")
    people = [Candidate(k, "pemulung", "64.71.01.1001", 1 if k <= 3 else None) for k in range(1, 7)]
    result = allocate(people, [city, province])
    assert result.used == {1: 3, 2: 2}
    assert result.changed(people) == {4: 2, 5: 2}  # the city's three stay; 6 is last in order
    assert result.unfunded == [6]
    assert f.reason_text(result.decisions[6], [city, province]) == (
        "Tidak terdanai: kuota semua sumber yang dapat membiayai sudah penuh "
        "(APBD Kota: kuota penuh, APBD Provinsi: kuota penuh)")


def test_restricted_money_is_used_before_the_general_budget_by_default():
    general = Source(1, 10, label="APBD Kota")
    tobacco = Source(2, 1, frozenset({"petani"}), label="DBHCHT")
    people = [Candidate(1, "petani", "52.03.01.2001"), Candidate(2, "pemulung", "52.03.01.2001")]
    assert allocate(people, [general, tobacco]).assigned == {1: 2, 2: 1}


# --- Budgets at each participant's own cost ------------------------------------------------------------


def test_a_budget_pays_by_billable_months_so_a_participant_leaving_mid_year_costs_less():
    year = Year(2027, schedule({date(2025, 1, 1): Contribution(Decimal(10000), Decimal(6800))}))
    periods = (Period(date(2025, 2, 1)),)
    young = date(1990, 5, 17)
    ageing = date(1962, 7, 15)  # 64 years 11 months on 1 July 2027, 65 on 1 August: billed January-July
    joining = (Period(date(2027, 7, 1)),)  # joins in July: billed July-December
    months = {1: year.billable(young, periods), 2: year.billable(ageing, periods), 3: year.billable(young, joining)}
    assert [len(m) for m in months.values()] == [12, 7, 6]
    people = [Candidate(k, "pemulung", "64.71.01.1001", cost=year.cost(m)) for k, m in months.items()]
    # Rp16.800 × 25 months: budget ÷ (contribution × 12) says 2 places; at their own cost all three fit.
    source = Source(1, None, budget=MONTH * 25)
    assert quota(source.budget, MONTH, 12) == 2
    result = allocate(people, [source])
    assert sorted(result.assigned) == [1, 2, 3]
    assert result.spent == {1: MONTH * 25}
    # One rupiah less and someone must go: the count is kept (two), priority picks who (the last, 3)...
    short = allocate(people, [Source(1, None, budget=MONTH * 25 - 1)])
    assert sorted(short.assigned) == [1, 2] and short.unfunded == [3]
    assert f.reason_text(short.decisions[3], [Source(1, None, budget=MONTH * 25 - 1, label="APBD Kota")]) == (
        "Tidak terdanai: sisa pagu semua sumber yang dapat membiayai tidak cukup (APBD Kota: pagu tidak cukup)")


def test_the_number_funded_comes_before_priority():
    # Two half-year participants fit where one full-year one does: two funded beat one of higher priority.
    source = Source(1, None, budget=MONTH * 12)
    people = [Candidate(1, "pemulung", None, cost=YEAR, priority=f.pasal_5_2_key(extreme_poverty=True, disability=False)),
              Candidate(2, "pemulung", None, cost=MONTH * 6, priority=f.pasal_5_2_key(extreme_poverty=False, disability=False)),
              Candidate(3, "pemulung", None, cost=MONTH * 6, priority=f.pasal_5_2_key(extreme_poverty=False, disability=False))]
    assert sorted(allocate(people, [source]).assigned) == [2, 3]


def test_a_participant_not_billed_in_the_year_needs_no_money_and_takes_no_place():
    source = Source(1, 1, budget=YEAR)
    people = [Candidate(1, "pemulung", None, cost=Decimal(0)), Candidate(2, "pemulung", None, cost=YEAR)]
    result = allocate(people, [source])
    assert result.assigned == {2: 1} and result.not_billed == [1] and result.unfunded == []
    assert result.decisions[1].code == f.TIDAK_DITAGIH


def test_budgets_need_costs_and_money_stays_exact():
    with pytest.raises(ValueError, match="biaya"):
        allocate([Candidate(1, "petani", None)], [Source(1, None, budget=YEAR)])
    cents = Decimal("16800.50")
    people = [Candidate(k, "petani", None, cost=cents * 12) for k in range(3)]
    result = allocate(people, [Source(1, None, budget=cents * 24 + Decimal("0.99"))])
    assert result.spent == {1: Decimal("403212.00")} and len(result.assigned) == 2


# --- Pasal 5 ayat (2) ----------------------------------------------------------------------------------


def test_priority_decides_who_is_left_out():
    source = Source(1, 2)
    key = f.pasal_5_2_key
    people = [Candidate(1, "pemulung", None, priority=key(extreme_poverty=False, disability=False, order=1)),
              Candidate(2, "pemulung", None, priority=key(extreme_poverty=False, disability=True, order=3)),
              Candidate(3, "pemulung", None, priority=key(extreme_poverty=True, disability=False, order=2))]
    result = allocate(people, [source])
    assert sorted(result.assigned) == [2, 3] and result.unfunded == [1]
    # Same flags: the rule set's order decides; same order too: the stable key.
    plain = [Candidate(k, "pemulung", None, priority=key(extreme_poverty=False, disability=False, order=o))
             for k, o in ((1, 2), (2, 1), (3, 1))]
    assert allocate(plain, [source]).unfunded == [1]


def test_priority_reaches_across_sources_not_only_within_one():
    # Three people, two places in two sources; the lowest in priority must be the one left out even
    # though the greedy order would have filled the shared source with them first.
    general = Source(1, 1)
    tobacco = Source(2, 1, frozenset({"petani"}))
    people = [Candidate("a", "pemulung", None, priority=(2,)), Candidate("b", "petani", None, priority=(1,)),
              Candidate("c", "pemulung", None, priority=(0,))]
    result = allocate(people, [general, tobacco])
    assert result.assigned == {"c": 1, "b": 2} and result.unfunded == ["a"]


def test_someone_only_fractions_of_two_budgets_could_pay_is_not_funded_ahead_of_others():
    # Nine months in each budget; the first in priority costs twelve. Half of them from each source would
    # fit in the linear relaxation — not in whole people: the exact path must notice and skip them.
    sources = [Source(1, None, budget=MONTH * 9, label="APBD Kota"), Source(2, None, budget=MONTH * 9, label="CSR")]
    people = [Candidate("x", "pemulung", None, cost=YEAR, priority=(0,)),
              Candidate("y", "pemulung", None, cost=MONTH * 8, priority=(1,)),
              Candidate("z", "pemulung", None, cost=MONTH * 3, priority=(2,))]
    result = allocate(people, sources)
    assert sorted(result.assigned) == ["y", "z"] and result.unfunded == ["x"]
    assert result.stats.checked_each_step
    assert result.decisions["x"].blocked == ((1, f.PAGU), (2, f.PAGU))


# --- Determinism and stability -------------------------------------------------------------------------


def test_shuffled_input_gives_the_same_assignment():
    rng = random.Random(5)
    sources = [Source(1, 30, budget=YEAR * 25), Source(2, 8, frozenset({"petani"})),
               Source(3, None, region_prefixes=("64.71.02",), budget=YEAR * 6), Source(4, 5, payer="kaltim")]
    people = [Candidate(k, rng.choice(["petani", "nelayan", "pemulung"]), rng.choice(["64.71.01.1001", "64.71.02.1003"]),
                        None, MONTH * rng.randint(1, 12), (rng.randint(0, 3),)) for k in range(60)]
    first = allocate(people, sources)
    for _ in range(3):
        rng.shuffle(people)
        rng.shuffle(sources)
        again = allocate(people, sources)
        assert again.assigned == first.assigned and again.unfunded == first.unfunded


def test_re_running_moves_nobody_and_a_smaller_quota_moves_only_whom_it_must():
    sources = [Source(1, 4), Source(2, 4), Source(3, 2, frozenset({"petani"}))]
    people = [Candidate(k, "petani" if k % 3 == 0 else "pemulung", None) for k in range(1, 10)]
    first = allocate(people, sources)
    current = [Candidate(c.key, c.occupation, c.region, first.assigned.get(c.key)) for c in people]
    assert allocate(current, sources).changed(current) == {}
    # Source 1 pays for four, source 2 for three, DBHCHT for two farmers; then source 1 drops to three.
    now = {1: 1, 2: 1, 4: 1, 5: 1, 7: 2, 8: 2, 9: 2, 3: 3, 6: 3}
    current = [Candidate(c.key, c.occupation, c.region, now[c.key]) for c in people]
    assert allocate(current, sources).changed(current) == {}
    moved = allocate(current, [Source(1, 3), Source(2, 4), Source(3, 2, frozenset({"petani"}))]).changed(current)
    assert moved == {5: 2}  # one of source 1's pemulung moves to source 2 (the last in priority order)


# --- Reasons ---------------------------------------------------------------------------------------------


def test_reasons_name_the_source_and_what_it_is_restricted_to():
    sources = [Source(1, 0, label="APBD Kota"), Source(2, 5, region_prefixes=("64.71.01.1002",), label="Dana Desa"),
               Source(3, 5, frozenset({"nelayan"}), ("64.71.01",), label="CSR")]
    people = [Candidate(1, "pemulung", "64.71.01.1002"), Candidate(2, "nelayan", "64.71.01.1004"),
              Candidate(3, "pemulung", "64.71.03.1001"), Candidate(4, "pemulung", "64.71.05.1002", payer="kaltim")]
    result = allocate(people, sources)
    texts = {k: f.reason_text(d, sources) for k, d in result.decisions.items()}
    assert texts[1] == "Dana Desa: 64.71.01.1002"
    assert texts[2] == "CSR: nelayan, 64.71.01"
    assert texts[3] == "Tidak terdanai: kuota semua sumber yang dapat membiayai sudah penuh (APBD Kota: kuota penuh)"
    assert texts[4].startswith("Tidak terdanai: tidak ada sumber dana")  # designated for the province: none here
    assert result.decisions[3].blocked == ((1, f.KUOTA),)


def test_region_prefixes_match_whole_code_segments():
    source = Source(1, 5, region_prefixes=("64.71.01",))
    assert source.accepts(None, "64.71.01.1001") and source.accepts(None, "64.71.01")
    assert not source.accepts(None, "64.71.010.1001") and not source.accepts(None, "64.71.02.1001")
    assert not source.accepts(None, None)


# --- Properties: exact optimum, never worse than greedy, never over a limit ----------------------------

OCCUPATIONS = ["petani", "nelayan", "pemulung"]
REGIONS = ["64.71.01.1001", "64.71.02.1002", "64.72.01.1001"]


@st.composite
def instances(draw, max_people=6, max_sources=3):
    n_sources = draw(st.integers(1, max_sources))
    sources = []
    for i in range(n_sources):
        sources.append(Source(
            id=draw(st.sampled_from([10, 20, 30, 40]).filter(lambda v, used=[s.id for s in sources]: v not in used)),
            quota=draw(st.none() | st.integers(0, 3)),
            occupations=frozenset(draw(st.sets(st.sampled_from(OCCUPATIONS[:2]), max_size=2))),
            region_prefixes=tuple(draw(st.sets(st.sampled_from(["64.71.01", "64.71.02"]), max_size=1))),
            budget=draw(st.none() | st.integers(0, 30).map(lambda v: MONTH * v)),
            payer=draw(st.sampled_from([None, "kaltim"])),
            preference=draw(st.sampled_from([None, None, 0, 1])),
        ))
    ids = [s.id for s in sources] + [99]
    people = []
    for k in range(draw(st.integers(1, max_people))):
        people.append(Candidate(
            key=k,
            occupation=draw(st.sampled_from(OCCUPATIONS)),
            region=draw(st.sampled_from(REGIONS)),
            current=draw(st.none() | st.sampled_from(ids)),
            cost=MONTH * draw(st.integers(0, 12)),
            priority=(draw(st.integers(0, 2)),),
            payer=draw(st.sampled_from([None, None, "kaltim"])),
        ))
    return people, sources


def objective(assignment, people, sources):
    """The allocation's objectives, in their order, as a tuple Python compares lexicographically."""
    by_id = {s.id: s for s in sources}
    order = sorted(people, key=lambda c: (c.priority, c.key))
    billable = [c for c in order if c.cost != 0]
    levels = sorted({s.use_order for s in sources})[:-1]
    money = tuple(sum((c.cost for c in people if assignment.get(c.key) is not None
                       and by_id[assignment[c.key]].use_order == level), Decimal(0)) for level in levels)
    return (
        sum(1 for c in billable if c.key in assignment),
        tuple(int(c.key in assignment) for c in billable),
        money,
        sum(1 for c in people if c.key in assignment and assignment[c.key] == c.current),
    )


def brute_force(people, sources):
    options = [[None] + [s.id for s in sources if s.accepts(c.occupation, c.region, c.payer)] if c.cost else [None]
               for c in people]
    best = None
    for choice in itertools.product(*options):
        assignment = {c.key: s for c, s in zip(people, choice, strict=True) if s is not None}
        ok = all((s.quota is None or sum(1 for v in assignment.values() if v == s.id) <= s.quota) and
                 (s.budget is None or sum((c.cost for c in people if assignment.get(c.key) == s.id), Decimal(0))
                  <= s.budget) for s in sources)
        if ok:
            value = objective(assignment, people, sources)
            best = value if best is None or value > best else best
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_allocation_is_the_exact_lexicographic_optimum(instance):
    people, sources = instance
    result = allocate(people, sources)
    check_feasible(result, people, sources)
    assert objective(result.assigned, people, sources) == brute_force(people, sources)
    slow = allocate(people, sources, verify_each_step=True)
    assert slow.assigned == result.assigned


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_people=40, max_sources=4), st.randoms(use_true_random=False))
def test_never_worse_than_greedy_never_over_a_limit_deterministic_and_stable(instance, rng):
    people, sources = instance
    result = allocate(people, sources)
    check_feasible(result, people, sources)
    assert len(result.assigned) >= len(greedy(people, sources))
    shuffled = list(people)
    rng.shuffle(shuffled)
    assert allocate(shuffled, list(reversed(sources))).assigned == result.assigned
    current = [Candidate(c.key, c.occupation, c.region, result.assigned.get(c.key), c.cost, c.priority, c.payer)
               for c in people]
    assert allocate(current, sources).changed(current) == {}
    by_key = {c.key: c for c in people}
    for key, decision in result.decisions.items():
        if decision.code == f.SUMBER_PENUH:  # every source that may pay is full, for a stated reason
            c = by_key[key]
            may_pay = {s.id for s in sources if s.accepts(c.occupation, c.region, c.payer)}
            assert may_pay and {s for s, _ in decision.blocked} == may_pay
