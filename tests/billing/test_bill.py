"""Who is billed for a month, as the database computes it (DOMAIN.md §5)."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from lindung.billing import services
from lindung.billing.models import BillLine
from lindung.billing.selectors import bill_rows, billable, exclusion_rows
from lindung.domain import billing as rules
from lindung.domain.calendar import Month
from lindung.membership.models import MembershipPeriod
from lindung.programs.services import create_programme

from ..money_fixtures import RULESET

JUNE, JULY = Month(2025, 6), Month(2025, 7)


def billed_niks(programme, month):
    bm = services.run_bill(None, programme=programme, month=month).months[0]
    return set(BillLine.objects.filter(billing_month=bm).values_list("nik", flat=True))


def test_age_limit_boundary(programme, enrol):
    at_limit = enrol(programme, birth_date=date(1960, 7, 1))  # 64y11m on 1 June, 65 on 1 July
    day_after = enrol(programme, birth_date=date(1960, 7, 2))  # still 64y11m on 1 July
    # The query alone, before any membership is closed at the limit:
    assert set(billable(programme, JULY).values_list("person__nik", flat=True)) == {day_after.person.nik}
    assert billed_niks(programme, JUNE) == {at_limit.person.nik, day_after.person.nik}
    assert billed_niks(programme, JULY) == {day_after.person.nik}
    # ... and the membership of the one past the limit now says so.
    period = at_limit.periods.get()
    assert (period.end, period.end_reason) == (date(2025, 6, 30), "batas_usia")


def test_mid_month_start_is_billed_from_the_next_month(programme, enrol):
    p = enrol(programme, start=date(2025, 6, 15))
    assert billed_niks(programme, JUNE) == set()
    assert billed_niks(programme, JULY) == {p.person.nik}


def test_a_terminated_membership_is_billed_up_to_its_last_month(programme, enrol):
    p = enrol(programme, end=date(2025, 6, 10), reason="meninggal")
    assert billed_niks(programme, JUNE) == {p.person.nik}
    assert billed_niks(programme, JULY) == set()


def test_a_membership_ending_on_the_first_is_billed_that_month(programme, enrol):
    p = enrol(programme, end=date(2025, 7, 1), reason="pekerja_formal")
    assert billed_niks(programme, JULY) == {p.person.nik}
    assert billed_niks(programme, Month(2025, 8)) == set()


def test_a_time_boxed_programme_bills_only_inside_its_window(balikpapan, enrol):
    motogp = create_programme(None, code="motogp", name="Pekerja MotoGP", ruleset_id=RULESET, year=2025,
                              coverage_start=date(2025, 10, 1), coverage_end=date(2025, 11, 30))
    p = enrol(motogp, start=date(2025, 9, 1))
    assert [m for m in (Month(2025, i) for i in (9, 10, 11, 12)) if billed_niks(motogp, m)] == [
        Month(2025, 10), Month(2025, 11)]
    assert p.periods.get().end is None


def test_the_bill_is_exact_and_rerunning_replaces_it(programme, enrol):
    for _ in range(3):
        enrol(programme)
    services.run_bill(None, programme=programme, month=JUNE)
    bm = services.run_bill(None, programme=programme, month=JUNE).months[0]
    assert BillLine.objects.filter(billing_month=bm).count() == 3
    assert bm.bill_amount == Decimal(50400) and (bm.contribution_jkk, bm.contribution_jkm) == (10000, 6800)
    rows = list(bill_rows(bm))
    assert rows[0][3:] == ("2025-06", "10000", "6800", "16800", "TANPA_SUMBER")


def test_the_same_person_in_two_programmes_is_billed_by_the_one_whose_membership_started_first(programme, enrol):
    province = create_programme(None, code="kaltim-2025", name="Program Provinsi", ruleset_id=RULESET, year=2025,
                                tenant_code="kaltim")
    both = enrol(programme)  # city membership from April
    enrol(province, both.person, start=date(2025, 6, 1))
    only_city = enrol(programme)
    city = services.run_bill(None, programme=programme, month=JUNE).months[0]
    assert set(BillLine.objects.filter(billing_month=city).values_list("nik", flat=True)) == {
        both.person.nik, only_city.person.nik}
    assert city.excluded_count == 0
    prov = services.run_bill(None, programme=province, month=JUNE).months[0]
    assert prov.bill_count == 0 and prov.excluded_count == 1
    assert list(exclusion_rows(prov)) == [(both.person.nik, both.kpj, both.person.name, "2025-06",
                                           "dibiayai program bpp-2025 (kepesertaan mulai 2025-04-01, lebih dulu)",
                                           "bpp-2025")]
    # Once the city membership ends, the province pays.
    both.periods.update(end=date(2025, 6, 30), end_reason="pindah_domisili")
    july = services.run_bill(None, programme=province, month=JULY).months[0]
    assert list(BillLine.objects.filter(billing_month=july).values_list("nik", flat=True)) == [both.person.nik]


def test_sql_and_per_record_bills_agree(programme, make_person):
    """The set-based query and lindung.domain.billing.bill must pick the same people."""
    from lindung.membership.models import Participant

    rng = random.Random(20250601)

    def some_day(first: date, days: int) -> date:
        # Boundaries are where the two could disagree: a third of the dates fall on the first of a month.
        d = first + timedelta(days=rng.randrange(0, days))
        return d.replace(day=1) if rng.random() < 0.33 else d

    members = []
    for i in range(200):
        if rng.random() < 0.3:  # born on or a day either side of an age-limit cutoff of 2025
            cutoff = rules.age_limit_cutoff(Month(2025, rng.randrange(2, 13)), 779)
            birth = cutoff + timedelta(days=rng.choice((-1, 0, 1)))
        else:
            birth = some_day(date(1958, 1, 1), 365 * 45)
        person = make_person(f"Orang {i}", birth_date=birth)
        participant = Participant.objects.create(programme=programme, person=person, kpj=str(i))
        start = some_day(date(2025, 1, 1), 300)
        periods = []
        end = some_day(start, 200) if rng.random() < 0.4 else None
        end = max(end, start) if end else None
        periods.append((start, end))
        if end is not None and rng.random() < 0.5:
            periods.append((end + timedelta(days=rng.randrange(1, 90)), None))
        for s, e in periods:
            MembershipPeriod.objects.create(participant=participant, start=s, end=e, end_reason="mampu_mandiri" if e else "")
        members.append(rules.Member(person.nik, str(i), person.name, birth, tuple(rules.Period(s, e) for s, e in periods)))
    for month in (Month(2025, m) for m in range(2, 13)):
        expected = {line.nik for line in rules.bill(members, programme.billing_rules(month))}
        assert set(billable(programme, month).values_list("person__nik", flat=True)) == expected, month


def test_a_month_the_rule_set_cannot_bill_is_refused(programme):
    with pytest.raises(services.BillingError, match="tidak memuat"):
        services.run_bill(None, programme=programme, month=Month(2024, 12))
