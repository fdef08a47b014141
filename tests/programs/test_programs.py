from datetime import date
from decimal import Decimal

import pytest

from lindung.accounts.permissions import PermissionDenied
from lindung.audit.models import AuditEvent
from lindung.domain.calendar import Month
from lindung.programs import services
from lindung.programs.models import FundingSource
from lindung.programs.selectors import column_mapping, source_quota, visible_programmes
from lindung.tenants.models import Tenant

from ..money_fixtures import RULESET


def test_tenant_comes_from_the_rule_set_jurisdiction(programme, balikpapan):
    assert programme.tenant == balikpapan
    assert programme.benefits == "JKK+JKM"
    assert AuditEvent.objects.filter(action="programme.create", target_id=str(programme.pk)).exists()


def test_contribution_is_the_rule_sets_not_a_stored_number(programme):
    r = programme.billing_rules(Month(2025, 6))
    assert r.contribution.total == Decimal(16800)
    # The Perwali took effect on 13 January 2025: February is the first month it can bill.
    assert programme.first_month(2025) == Month(2025, 2)
    assert programme.first_month(2026) == Month(2026, 1)


def test_duplicate_code_unknown_rule_set_and_unknown_tenant_are_refused(programme):
    with pytest.raises(services.ProgrammeError, match="sudah dipakai"):
        services.create_programme(None, code="bpp-2025", name="x", ruleset_id=RULESET, year=2025)
    with pytest.raises(services.ProgrammeError, match="unknown rule set"):
        services.create_programme(None, code="x", name="x", ruleset_id="tidak-ada", year=2025)
    with pytest.raises(services.ProgrammeError, match="tidak dikenal"):
        services.create_programme(None, code="x", name="x", ruleset_id=RULESET, year=2025, tenant_code="atlantis")


def test_a_time_boxed_programme_needs_a_window_of_whole_months(balikpapan):
    with pytest.raises(services.ProgrammeError, match="tanggal 1"):
        services.create_programme(None, code="motogp", name="Pekerja MotoGP", ruleset_id=RULESET, year=2025,
                                  coverage_start=date(2025, 10, 3), coverage_end=date(2025, 11, 30))
    p = services.create_programme(None, code="motogp", name="Pekerja MotoGP", ruleset_id=RULESET, year=2025,
                                  coverage_start=date(2025, 10, 1), coverage_end=date(2025, 11, 30))
    assert p.is_time_boxed and p.first_month(2025) == Month(2025, 10)
    assert services.months_in_year(p, 2025) == 2


def test_funding_source_quota_is_budget_over_contribution_times_months(programme):
    source = services.add_funding_source(None, programme=programme, kind="apbd_kota", amount=Decimal("1431360000"))
    assert source.months == 12 and source.year == 2025
    assert source_quota(source) == 7100
    fixed = services.add_funding_source(None, programme=programme, kind="apbd_provinsi", amount=Decimal("1131782400"),
                                        fixed_quota=5614, payer_code="kaltim")
    assert source_quota(fixed) == 5614 and fixed.payer.code == "kaltim"


def test_funding_restrictions_must_name_known_codes(programme):
    with pytest.raises(services.ProgrammeError, match="pekerjaan"):
        services.add_funding_source(None, programme=programme, kind="dbhcht", amount=Decimal(1), occupations=["astronaut"])
    with pytest.raises(services.ProgrammeError, match="wilayah"):
        services.add_funding_source(None, programme=programme, kind="dana_desa", amount=Decimal(1), regions=["99.99"])
    with pytest.raises(services.ProgrammeError, match="tidak dikenal"):
        services.add_funding_source(None, programme=programme, kind="hibah", amount=Decimal(1))
    ok = services.add_funding_source(None, programme=programme, kind="dbhcht", amount=Decimal(1), occupations=["petani"],
                                     regions=["64.71.01"])
    assert list(ok.occupations.values_list("code", flat=True)) == ["petani"]
    assert FundingSource.objects.count() == 1


def test_only_the_labour_agency_of_the_tenant_manages(programme, users, make_user):
    with pytest.raises(PermissionDenied):
        services.add_funding_source(users["bpjs"], programme=programme, kind="apbd_kota", amount=Decimal(1))
    other = make_user("disnaker.smd", "disnaker", tenant=Tenant.objects.get(code="samarinda"))
    with pytest.raises(PermissionDenied):
        services.add_funding_source(other, programme=programme, kind="apbd_kota", amount=Decimal(1))
    services.add_funding_source(users["labour"], programme=programme, kind="apbd_kota", amount=Decimal(1))


def test_programmes_are_seen_within_the_tenant(programme, users, make_user):
    assert list(visible_programmes(users["auditor"])) == [programme]
    other = make_user("bpjs.smd", "bpjs", tenant=Tenant.objects.get(code="samarinda"))
    assert list(visible_programmes(other)) == []
    with pytest.raises(PermissionDenied):
        visible_programmes(users["lurah"])


def test_column_mapping_is_saved_per_programme(programme):
    services.save_column_mapping(None, programme=programme, layout="tagihan", mapping={"No Identitas": "nik", "Total Iuran": "jumlah"})
    assert column_mapping(programme, "tagihan") == {"No Identitas": "nik", "Total Iuran": "jumlah"}
    with pytest.raises(services.ProgrammeError, match="kolom kontrak"):
        services.save_column_mapping(None, programme=programme, layout="tagihan", mapping={"X": "gaji"})
