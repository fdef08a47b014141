"""Assigning participants to funding sources per budget year (issue 9): the optimiser through the service,
each decision stored with its reason, costs that leave out months another programme pays, the command."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from lindung.audit.models import AuditEvent
from lindung.membership.models import FundingAssignment
from lindung.membership.services import funding
from lindung.programs.models import FundingSource
from lindung.programs.services import ProgrammeError, add_funding_source, create_programme
from tests.money_fixtures import RULESET

YEAR_COST = Decimal(16800 * 12)


def decisions(programme, year=2025) -> dict:
    return {a.participant_id: a for a in FundingAssignment.objects.filter(participant__programme=programme, year=year)
            .select_related("funding_source")}


def test_co_funding_assigns_each_participant_to_exactly_one_source(programme, enrol):
    # Penajam Paser Utara in miniature: the province pays for 2, the regency for 3.
    province = add_funding_source(None, programme=programme, kind="apbd_provinsi", amount=YEAR_COST * 2, fixed_quota=2,
                                  payer_code="kaltim")
    city = add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST * 3, fixed_quota=3)
    people = [enrol(programme, start=date(2025, 1, 1)) for _ in range(6)]
    result = funding.assign_funding(None, programme=programme, year=2025)
    assert (result.assigned, result.unfunded) == (5, 1)
    assert result.used == {province.pk: 2, city.pk: 3}
    found = decisions(programme)
    assert sorted(a.code for a in found.values()).count("dibiayai") == 5
    left_out = next(a for a in found.values() if a.code == "sumber_penuh")
    assert left_out.participant_id == people[-1].pk  # the same priority: the last enrolled
    assert "APBD Kab/Kota: kuota penuh" in left_out.reason and "APBD Provinsi: kuota penuh" in left_out.reason
    again = funding.assign_funding(None, programme=programme, year=2025)
    assert again.changed == 0
    assert {k: a.funding_source_id for k, a in decisions(programme).items()} == {
        k: a.funding_source_id for k, a in found.items()}
    event = AuditEvent.objects.filter(action="funding.assign").latest("id")
    assert event.after["assigned"] == 5 and event.after["used"] == {str(province.pk): 2, str(city.pk): 3}


def test_overlapping_restrictions_where_the_greedy_loop_failed_fund_everyone(programme, enrol):
    # The greedy loop gave the farmer to the first restricted source (DBH Sawit, farmers and fishers) and
    # then had nothing for the fisher; the optimiser puts the farmer on DBHCHT and funds both.
    sawit = add_funding_source(None, programme=programme, kind="dbh_sawit", amount=YEAR_COST, fixed_quota=1,
                               occupations=["petani", "nelayan"])
    tobacco = add_funding_source(None, programme=programme, kind="dbhcht", amount=YEAR_COST, fixed_quota=1,
                                 occupations=["petani"])
    farmer = enrol(programme, occupation="petani", start=date(2025, 1, 1))
    fisher = enrol(programme, occupation="nelayan", start=date(2025, 1, 1))
    result = funding.assign_funding(None, programme=programme, year=2025)
    assert (result.assigned, result.unfunded) == (2, 0)
    found = decisions(programme)
    assert (found[farmer.pk].funding_source, found[fisher.pk].funding_source) == (tobacco, sawit)
    assert found[farmer.pk].reason == "DBHCHT: petani"
    assert found[fisher.pk].reason == "DBH Sawit: nelayan"


def test_restricted_sources_pay_only_for_their_occupations_and_regions(programme, enrol):
    tobacco = add_funding_source(None, programme=programme, kind="dbhcht", amount=YEAR_COST * 10, fixed_quota=10,
                                 occupations=["petani"])
    village = add_funding_source(None, programme=programme, kind="dana_desa", amount=YEAR_COST * 10, fixed_quota=10,
                                 regions=["64.71.01.1002"])
    farmer = enrol(programme, occupation="petani")
    lamaru = enrol(programme, kelurahan="64.71.01.1002")
    other = enrol(programme)
    funding.assign_funding(None, programme=programme, year=2025)
    found = decisions(programme)
    assert (found[farmer.pk].funding_source, found[lamaru.pk].funding_source, found[other.pk].funding_source) == (
        tobacco, village, None)
    assert found[lamaru.pk].reason == "Dana Desa: 64.71.01.1002"
    assert found[other.pk].code == "tidak_ada_sumber"
    assert "tidak ada sumber dana yang boleh membiayai" in found[other.pk].reason


def test_a_budget_pays_each_participant_at_their_own_cost_and_persons_with_disabilities_come_first(programme, enrol):
    # Room for 12 + 6 months: the one joining in July costs half a year; of the two full-year
    # participants only one fits, and Pasal 5(2) puts the person with a disability first.
    add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST * 3 / 2, year=2026)
    first = enrol(programme, start=date(2025, 4, 1))
    disabled = enrol(programme, start=date(2025, 4, 1), disability=True)
    july = enrol(programme, start=date(2026, 7, 1))
    funding.assign_funding(None, programme=programme, year=2026)
    found = decisions(programme, 2026)
    assert found[july.pk].cost == Decimal(16800 * 6) and found[july.pk].code == "dibiayai"
    assert found[disabled.pk].code == "dibiayai" and found[first.pk].code == "sumber_penuh"
    assert "pagu tidak cukup" in found[first.pk].reason


def test_each_budget_year_has_its_own_assignment(programme, enrol):
    source_2025 = add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST, year=2025)
    source_2026 = add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST, year=2026)
    p = enrol(programme)
    gone = enrol(programme, end=date(2025, 12, 31))
    funding.assign_funding(None, programme=programme, year=2025)
    result = funding.assign_funding(None, programme=programme, year=2026)
    assert result.candidates == 1  # the one who ended in 2025 is not a 2026 participant
    assert decisions(programme, 2025)[p.pk].funding_source == source_2025
    assert decisions(programme, 2026)[p.pk].funding_source == source_2026
    assert gone.pk not in decisions(programme, 2026)


def test_months_another_programme_pays_cost_nothing_here(programme, enrol, balikpapan):
    province = create_programme(None, code="kaltim-2025", name="Program Provinsi", ruleset_id=RULESET, year=2025,
                                tenant_code="kaltim")
    add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST * 5)
    both = enrol(programme, start=date(2025, 4, 1))
    enrol(province, both.person, start=date(2025, 1, 1), end=date(2025, 8, 31), reason="mampu_mandiri")
    elsewhere_all_year = enrol(programme, start=date(2025, 4, 1))
    enrol(province, elsewhere_all_year.person, start=date(2025, 1, 1))
    funding.assign_funding(None, programme=programme, year=2025)
    found = decisions(programme)
    # April-August are the province's (its membership started first): September-December are ours.
    assert found[both.pk].cost == Decimal(16800 * 4)
    assert "5 bulan dibiayai program kaltim-2025" in found[both.pk].reason
    assert found[elsewhere_all_year.pk].code == "tidak_ditagih"
    assert found[elsewhere_all_year.pk].cost == 0


def test_participants_who_ended_before_the_year_are_not_funded(programme, enrol):
    add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST * 10, fixed_quota=10, year=2026)
    enrol(programme, end=date(2025, 12, 31))
    enrol(programme)
    assert funding.assign_funding(None, programme=programme, year=2026).assigned == 1


def test_a_year_without_sources_is_refused(programme, enrol):
    enrol(programme)
    with pytest.raises(ProgrammeError, match="belum mempunyai sumber dana tahun 2027"):
        funding.assign_funding(None, programme=programme, year=2027)
    assert not FundingAssignment.objects.exists()


def test_a_quota_above_what_the_budget_pays_and_unknown_restrictions_are_refused_naming_the_value(programme):
    with pytest.raises(ProgrammeError, match=r"kuota 5615 peserta melebihi yang dapat dibayar pagu Rp1\.131\.782\.400: "
                                             r"paling banyak 5614 peserta"):
        add_funding_source(None, programme=programme, kind="apbd_provinsi", amount=Decimal("1131782400"),
                           fixed_quota=5615, payer_code="kaltim")
    with pytest.raises(ProgrammeError, match="kode pekerjaan tidak dikenal: astronaut"):
        add_funding_source(None, programme=programme, kind="dbhcht", amount=YEAR_COST, occupations=["astronaut"])
    with pytest.raises(ProgrammeError, match="kode wilayah tidak dikenal: 64.99"):
        add_funding_source(None, programme=programme, kind="dana_desa", amount=YEAR_COST, regions=["64.99"])
    assert not FundingSource.objects.exists()
    # With the revised budget (APBD-P) the quota fits.
    ok = add_funding_source(None, programme=programme, kind="apbd_provinsi", amount=Decimal("1131782400"),
                            revision_amount=Decimal(201600), fixed_quota=5615, payer_code="kaltim")
    assert ok.budget == Decimal("1131984000")


def test_the_command_prints_per_source_counts(programme, enrol):
    add_funding_source(None, programme=programme, kind="dbhcht", amount=YEAR_COST, occupations=["petani"],
                       label="DBHCHT 2025")
    add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST, label="DPA Disnaker")
    enrol(programme, occupation="petani", start=date(2025, 1, 1))
    enrol(programme, start=date(2025, 1, 1))
    enrol(programme, start=date(2025, 1, 1))
    out = StringIO()
    call_command("program", "assign-funding", "--program", programme.code, "--year", "2025", stdout=out)
    text = out.getvalue()
    assert "3 peserta; dibiayai 2 (berpindah sumber: 2), tidak terdanai 1" in text
    assert "dbhcht\tDBHCHT 2025\tbalikpapan: 1 peserta, Rp184.800 dari pagu Rp201.600" in text
    assert "apbd_kota\tDPA Disnaker\tbalikpapan: 1 peserta" in text
    assert "TANPA_SUMBER\t1 peserta" in text


def test_a_province_source_added_later_takes_its_share(programme, enrol):
    # The greedy loop in creation order gave everyone to the city's APBD and the province nobody.
    city = add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST * 10)
    for _ in range(4):
        enrol(programme, start=date(2025, 1, 1))
    funding.assign_funding(None, programme=programme, year=2025)
    province = add_funding_source(None, programme=programme, kind="apbd_provinsi", amount=YEAR_COST * 2, fixed_quota=2,
                                  payer_code="kaltim", preference=0)
    result = funding.assign_funding(None, programme=programme, year=2025)
    assert result.used == {city.pk: 2, province.pk: 2} and result.changed == 2
    moved = [a for a in decisions(programme).values() if a.funding_source == province]
    assert [a.reason for a in moved] == ["APBD Provinsi: tanpa batasan (sebelumnya APBD Kab/Kota)"] * 2
