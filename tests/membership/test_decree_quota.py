"""The decree quota counts continuing participants first and respects fund restrictions (issue 9): the demo
cycle could select 7,100 people while participants already continued into the same 7,100-place budget."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lindung.applications import registers
from lindung.applications.models import Application
from lindung.applications.selectors import quota_of
from lindung.applications.services import bpjs_check, consolidate, cycles, verify
from lindung.applications.services import submit as submitting
from lindung.platform.files import write_table
from lindung.programs.services import add_funding_source
from tests.workflow import factories

S = Application.Status
YEAR_COST = Decimal(16800 * 12)


@pytest.fixture
def registers_say_poor(monkeypatch):
    monkeypatch.setattr(registers, "lookup", lambda nik, tenant: (
        [{"nik": nik, "desil": "2", "miskin_ekstrem": "tidak"}], []))


@pytest.fixture
def cycle(users, programme):
    """Collecting now, enrolling on 1 January of the next year (the programme runs since 2025)."""
    today = timezone.localdate()
    return cycles.create_cycle(users["labour"], programme=programme, year=today.year,
                               collection_start=today - timedelta(days=30), collection_end=today,
                               enrolment_date=date(today.year + 1, 1, 1))


def test_continuing_participants_are_counted_before_the_decree_quota(cycle, enrol):
    year = cycle.enrolment_date.year
    add_funding_source(None, programme=cycle.programme, kind="apbd_kota", amount=YEAR_COST * 10, year=year)
    for _ in range(3):
        enrol(cycle.programme)  # running: they continue into the enrolment year
    enrol(cycle.programme, end=date(year - 1, 12, 31))  # ends before it: takes no place
    assert quota_of(cycle) == 7
    # A source for tobacco farmers only adds places only farmers can take; the quota is the most any mix can.
    add_funding_source(None, programme=cycle.programme, kind="dbhcht", amount=YEAR_COST * 5, year=year,
                       occupations=["petani"])
    assert quota_of(cycle) == 12
    cycle.quota = 4  # the cycle's own figure wins
    assert quota_of(cycle) == 4


def test_no_funding_source_for_the_enrolment_year_means_no_cut_off(cycle, enrol):
    enrol(cycle.programme)
    assert quota_of(cycle) is None


def test_consolidation_selects_what_the_sources_accepting_each_candidate_can_pay(cycle, users, enrol,
                                                                                  registers_say_poor, tmp_path):
    year = cycle.enrolment_date.year
    add_funding_source(None, programme=cycle.programme, kind="apbd_kota", amount=YEAR_COST * 2, year=year)
    add_funding_source(None, programme=cycle.programme, kind="csr", amount=YEAR_COST * 2, year=year,
                       occupations=["buruh_harian"], label="CSR buruh harian")
    enrol(cycle.programme)  # one continuing participant: one general place is left, and two CSR places
    apps = [submitting.submit_application(None, cycle=cycle, data=factories.applicant(
        name=name, occupation=occupation, serial=6100 + i, birth_date=date(1970 + 4 * i, 1 + i, 3 + 5 * i),
        no_kk=f"64710101011{i:05d}", phone=f"08123456{i:04d}", address=f"Jl. Nomor {i}"))
        for i, (name, occupation) in enumerate([("Pemulung Satu", "pemulung"), ("Pemulung Dua", "pemulung"),
                                                 ("Buruh Satu", "buruh_harian"), ("Buruh Dua", "buruh_harian"),
                                                 ("Buruh Tiga", "buruh_harian")])]
    for app in apps:
        verify.approve(users["lurah"], application=app)
    check = bpjs_check.start_bpjs_check(users["labour"], cycle=cycle)
    answer = write_table([{"nik": a.nik, "kpj": "", "status": "NONAKTIF"} for a in apps], tmp_path / "jawaban.csv",
                         ("nik", "kpj", "status"))
    factories.answer_bpjs(users["bpjs"], check, answer)
    result = consolidate.consolidate(users["tvem"], cycle=cycle)
    assert result.held == 0
    assert result.quota == 3  # 1 general place + 2 CSR places
    status = dict(Application.objects.values_list("name", "status"))
    # Ranked by submission: the first pemulung takes the general place; the second would need it too.
    # Two day labourers fit the CSR; the third has no place left (the general one is taken).
    assert [n for n, s in sorted(status.items()) if s == S.KONSOLIDASI] == ["Buruh Dua", "Buruh Satu", "Pemulung Satu"]
    assert status["Pemulung Dua"] == status["Buruh Tiga"] == S.CADANGAN
    assert result.selected == 3 and result.reserve == 2
