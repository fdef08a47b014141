"""The billing rules of Pasal 11 and DOMAIN.md §5, on the pure domain core."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.domain import billing as b
from lindung.domain import nik as nik_rules
from lindung.domain import reconciliation
from lindung.domain.calendar import Month
from lindung.domain.funding import Candidate, Source, allocate
from lindung.domain.rules.ruleset import load

RULESET = load("balikpapan-perwali-3-2025")
JUNE = Month(2025, 6)
LIMIT = 779
C = b.Contribution(Decimal(10000), Decimal(6800))


def rules(month: Month = JUNE, window: b.CoverageWindow | None = None) -> b.BillingRules:
    return b.BillingRules(month, C, LIMIT, window)


def nik(serial: int, birth: date = date(1990, 5, 17), sex: str = "P") -> str:
    return nik_rules.make("64.71.01", birth, sex, serial)


def member(serial: int, *, birth: date = date(1990, 5, 17), start: date = date(2025, 4, 1), end: date | None = None,
           kpj: str = "") -> b.Member:
    return b.Member(nik(serial, birth), kpj or f"KPJ{serial:05d}", f"Peserta {serial}", birth, (b.Period(start, end),))


# --- contribution and who is billed ---------------------------------------------------------------


def test_contribution_is_read_from_the_rule_set_in_force_on_the_first_day():
    r = b.rules_for(RULESET, JUNE)
    assert r.contribution == b.Contribution(Decimal("10000"), Decimal("6800"))
    assert r.contribution.total == Decimal("16800")
    assert r.age_limit_months == 779


@pytest.mark.parametrize(("birth", "month", "billed"), [
    (date(1960, 7, 1), Month(2025, 6), True),  # 64 years 11 months exactly on 1 June
    (date(1960, 7, 1), Month(2025, 7), False),  # 65 on 1 July
    (date(1960, 7, 2), Month(2025, 7), True),  # one day short of 65 on 1 July: still 64y11m
    (date(1960, 6, 15), Month(2025, 6), True),
    (date(1960, 6, 15), Month(2025, 7), False),
    (date(1960, 2, 29), Month(2025, 2), True),  # 779 months on 1 Feb 2025
    (date(1960, 2, 29), Month(2025, 3), False),  # 780 months on 28 Feb 2025 (no 29th)
])
def test_age_limit_boundary(birth, month, billed):
    assert b.within_age_limit(birth, month, LIMIT) is billed
    reason = b.not_billed_reason(birth, [b.Period(date(2020, 1, 1))], rules(month))
    assert (reason is None) is billed
    if not billed:
        assert reason == b.MELEWATI_BATAS_USIA


dates = st.dates(min_value=date(1930, 1, 1), max_value=date(2030, 12, 31))
months = st.builds(Month, st.integers(1990, 2040), st.integers(1, 12))


@settings(suppress_health_check=[HealthCheck.too_slow])  # the machine is shared: slow draws are not a finding
@given(dates, months, st.integers(0, 900))
def test_sql_cutoff_agrees_with_completed_months(birth, month, limit):
    assert b.within_age_limit(birth, month, limit) == (birth > b.age_limit_cutoff(month, limit))


@given(dates, months)
def test_automatic_end_at_the_age_limit_bills_exactly_the_months_within_the_limit(birth, month):
    ends = b.Period(birth, b.age_limit_end(birth, LIMIT))
    assert ends.covers(month.first_day) == (birth <= month.first_day and b.within_age_limit(birth, month, LIMIT))


def test_mid_month_start_is_billed_from_the_next_month():
    m = member(1, start=date(2025, 6, 15))
    assert b.bill([m], rules(JUNE)) == []
    assert b.not_billed_reason(m.birth_date, m.periods, rules(JUNE)) == b.BELUM_MULAI
    assert len(b.bill([m], rules(Month(2025, 7)))) == 1


@given(st.integers(1, 28), months)
def test_a_membership_is_billed_in_its_start_month_only_when_it_starts_on_the_first(day, month):
    start = date(month.year, month.month, day)
    billed = b.bill([member(1, start=start)], rules(month))
    assert bool(billed) == (day == 1)


def test_termination_bills_the_month_of_the_end_and_not_after():
    dead = member(1, end=date(2025, 6, 10))
    assert len(b.bill([dead], rules(JUNE))) == 1
    assert b.not_billed_reason(dead.birth_date, dead.periods, rules(Month(2025, 7))) == b.SUDAH_BERAKHIR


def test_a_membership_ending_on_the_first_covers_that_month():
    # The end is the last day covered: ending on 1 July still covers the first day of July.
    m = member(1, end=date(2025, 7, 1))
    assert len(b.bill([m], rules(Month(2025, 7)))) == 1
    assert b.bill([m], rules(Month(2025, 8))) == []


def test_a_reenrolled_member_is_billed_in_each_period_only():
    m = b.Member(nik(1), "K1", "A", date(1990, 1, 1),
                 (b.Period(date(2025, 1, 1), date(2025, 3, 31)), b.Period(date(2025, 6, 1))))
    billed = [mo for mo in (Month(2025, i) for i in range(1, 8)) if b.bill([m], rules(mo))]
    assert billed == [Month(2025, i) for i in (1, 2, 3, 6, 7)]


def test_time_boxed_programme_bills_only_inside_its_window():
    window = b.CoverageWindow(date(2025, 10, 1), date(2025, 11, 30))
    m = member(1, start=date(2025, 10, 1))
    billed = [mo for mo in (Month(2025, i) for i in range(9, 13)) if b.bill([m], rules(mo, window))]
    assert billed == [Month(2025, 10), Month(2025, 11)]
    assert window.months() == [Month(2025, 10), Month(2025, 11)]
    assert b.not_billed_reason(m.birth_date, m.periods, rules(Month(2025, 12), window)) == b.DI_LUAR_JENDELA


@pytest.mark.parametrize(("start", "end"), [(date(2025, 10, 14), date(2025, 11, 30)), (date(2025, 10, 1), date(2025, 11, 20)),
                                            (date(2025, 11, 1), date(2025, 10, 31))])
def test_a_window_must_be_whole_months(start, end):
    with pytest.raises(ValueError):
        b.CoverageWindow(start, end)


@given(st.lists(st.integers(1, 9999), unique=True, max_size=60))
def test_bill_money_is_exact(serials):
    lines = b.bill([member(s) for s in serials], rules())
    assert sum((line.amount for line in lines), Decimal(0)) == Decimal(16800) * len(serials)
    assert all(isinstance(line.jkk, Decimal) for line in lines)


# --- reconciliation ---------------------------------------------------------------------------------


def raw(row: int, nik_: str, amount: str | None = "16800", month: str = "2025-06", kpj: str | None = None,
        jkk: str | None = None, jkm: str | None = None) -> reconciliation.RawInvoiceLine:
    return reconciliation.RawInvoiceLine(row, nik_, kpj, f"Nama {row}", month, jkk, jkm, amount)


def test_every_reconciliation_status():
    members = [member(i) for i in range(1, 5)]
    ours = b.bill(members, rules())
    gone = member(9)
    result = reconciliation.reconcile(ours, [
        raw(1, members[0].nik, kpj=members[0].kpj, jkk="10000", jkm="6800"),  # COCOK
        raw(2, members[1].nik, "33600"),  # SELISIH_NOMINAL
        # members[2] missing from the invoice: TIDAK_ADA_DI_TAGIHAN
        raw(3, members[3].nik),  # COCOK, no KPJ in the file
        raw(4, gone.nik),  # a participant we no longer bill: TIDAK_ADA_DI_DATA_PEMDA with our reason
    ], JUNE, not_billed={gone.nik: "kepesertaan berakhir 2025-05-10 (meninggal)"})
    status = {line.nik: line for line in result.lines}
    assert status[members[0].nik].status == reconciliation.COCOK
    assert status[members[1].nik].status == reconciliation.SELISIH_NOMINAL
    assert status[members[1].nik].amount_bpjs == Decimal(33600)
    assert "selisih 16800" in status[members[1].nik].note
    assert status[members[2].nik].status == reconciliation.TIDAK_ADA_DI_TAGIHAN
    assert status[members[2].nik].amount_bpjs is None
    assert status[members[3].nik].status == reconciliation.COCOK
    assert status[gone.nik].status == reconciliation.TIDAK_ADA_DI_DATA_PEMDA
    assert "meninggal" in status[gone.nik].note
    assert result.issues == []
    s = result.summary
    assert (s.agreed_count, s.agreed_amount) == (2, Decimal(33600))
    assert s.bill_amount == Decimal(16800 * 4)
    assert s.invoice_amount == Decimal(16800 * 4 + 16800)
    assert s.difference_count == 3


def test_bad_invoice_lines_are_each_reported_with_a_reason():
    a, c = member(1), member(2)
    stranger = nik(77)
    result = reconciliation.reconcile(b.bill([a, c], rules()), [
        raw(1, a.nik),
        raw(2, a.nik),  # duplicate
        raw(3, c.nik, "Rp16.800"),  # malformed
        raw(4, c.nik, month="2025-05"),  # another month
        raw(5, stranger),  # unknown NIK
        raw(6, "12345"),  # malformed NIK
        raw(7, a.nik, month="Juni 2025"),  # unreadable month
        raw(8, nik(78), "16800", jkk="10000", jkm="6000"),  # parts do not add up
        raw(9, nik(79), "-16800"),  # negative
    ], JUNE)
    codes = {(i.row, i.code) for i in result.issues}
    assert codes >= {
        (2, reconciliation.BARIS_GANDA), (3, reconciliation.NOMINAL_TIDAK_VALID), (4, reconciliation.BULAN_LAIN), (5, reconciliation.NIK_TIDAK_DIKENAL),
        (6, reconciliation.NIK_TIDAK_VALID), (7, reconciliation.BULAN_TIDAK_VALID), (8, reconciliation.RINCIAN_TIDAK_SESUAI), (9, reconciliation.NOMINAL_TIDAK_VALID),
    }
    assert all(i.reason for i in result.issues)
    status = {line.nik: line for line in result.lines}
    assert status[a.nik].status == reconciliation.COCOK and status[a.nik].rows == (1, 2)
    assert "baris 2" in status[a.nik].note
    assert status[c.nik].status == reconciliation.SELISIH_NOMINAL and status[c.nik].amount_bpjs is None
    assert status[stranger].status == reconciliation.TIDAK_ADA_DI_DATA_PEMDA
    # The duplicate is claimed by BPJS, so it shows in BPJS's column for that NIK's status.
    assert result.summary.by_status[reconciliation.COCOK].amount_bpjs == Decimal(33600)
    assert "12345" not in status  # not a NIK: listed as a problem, not matched


def test_kpj_mismatch_is_noted_but_matching_is_by_nik():
    a = member(1, kpj="KPJ-A")
    result = reconciliation.reconcile(b.bill([a], rules()), [raw(1, a.nik, kpj="KPJ-B")], JUNE)
    assert result.lines[0].status == reconciliation.COCOK
    assert [i.code for i in result.issues] == [reconciliation.KPJ_BERBEDA]


def test_reconciling_again_gives_the_same_answer():
    members = [member(i) for i in range(1, 6)]
    ours = b.bill(members, rules())
    lines = [raw(i, m.nik, "16800" if i % 2 else "20000") for i, m in enumerate(members[:4], 1)]
    assert reconciliation.reconcile(ours, lines, JUNE) == reconciliation.reconcile(ours, lines, JUNE)


@given(
    st.lists(st.integers(1, 500), unique=True, max_size=40),
    st.lists(st.tuples(st.integers(1, 500), st.integers(0, 50_000)), max_size=60),
)
def test_reconciliation_money_adds_up_exactly(billed, invoiced):
    ours = b.bill([member(s) for s in billed], rules())
    lines = [raw(i, nik(s), str(amount)) for i, (s, amount) in enumerate(invoiced, 1)]
    result = reconciliation.reconcile(ours, lines, JUNE, not_billed={nik(s): "x" for s, _ in invoiced})
    s = result.summary
    assert sum((t.amount_pemda for t in s.by_status.values()), Decimal(0)) == s.bill_amount
    assert sum((t.amount_bpjs for t in s.by_status.values()), Decimal(0)) == s.invoice_amount == sum(
        (Decimal(a) for _, a in invoiced), Decimal(0))
    assert sum(t.count for t in s.by_status.values()) == len(set(billed) | {x for x, _ in invoiced})
    assert s.issues.get(reconciliation.BARIS_GANDA, 0) == len(invoiced) - len({x for x, _ in invoiced})


# --- budget --------------------------------------------------------------------------------------------


def test_quota_is_budget_over_contribution_times_months():
    # Balikpapan 2025: 7,100 workers at Rp16,800 for 12 months.
    assert b.quota(Decimal("1431360000"), Decimal(16800), 12) == 7100
    assert b.quota(Decimal("1431359999"), Decimal(16800), 12) == 7099
    with pytest.raises(ValueError):
        b.quota(Decimal(1), Decimal(0), 12)


def test_projection_applies_the_age_limit_and_known_ends():
    old = member(1, birth=date(1961, 4, 1))  # reaches 64y11m in March 2026: billed Jan-Mar
    ends = member(2, end=date(2026, 6, 30))
    stays = member(3)
    months = [Month(2026, i) for i in range(1, 13)]
    out = b.project([old, ends, stays], months, lambda m: rules(m))
    assert [p.count for p in out] == [3, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1]
    assert sum(p.amount for p in out) == Decimal(16800) * 21


# --- funding allocation -----------------------------------------------------------------------------


def test_co_funding_province_and_regency_like_penajam_paser_utara():
    sources = [Source(1, 5614), Source(2, 15000)]
    candidates = [Candidate(i, "petani", "64.09.01.2001") for i in range(20615)]
    result = allocate(candidates, sources)
    assert result.used == {1: 5614, 2: 15000}
    assert result.unfunded == [20614]
    assert len(set(result.assigned)) == 20614  # each funded participant by exactly one source


def test_restricted_sources_are_used_first_and_current_assignments_are_kept():
    general = Source(1, 2)
    tobacco = Source(2, 1, occupations=frozenset({"petani"}))
    village = Source(3, 5, region_prefixes=("52.03.01.2001",))
    candidates = [
        Candidate(1, "nelayan", "52.03.02.2001", current=1),
        Candidate(2, "petani", "52.03.02.2001"),
        Candidate(3, "petani", "52.03.02.2002"),
        Candidate(4, "pemulung", "52.03.01.2001"),
        Candidate(5, "pemulung", "52.03.09.2001"),
    ]
    result = allocate(candidates, [general, tobacco, village])
    assert result.assigned == {1: 1, 2: 2, 3: 1, 4: 3}
    assert result.unfunded == [5]
    assert result.changed(candidates) == {2: 2, 3: 1, 4: 3}
    again = allocate([Candidate(c.key, c.occupation, c.region, result.assigned.get(c.key)) for c in candidates],
                     [general, tobacco, village])
    assert again.assigned == result.assigned


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        b.Period(date(2025, 6, 1), date(2025, 6, 1) - timedelta(days=1))
