"""Who may see whom (DESIGN.md §3): proven on the selectors the views and API use."""

from datetime import date

import pytest

from lindung.people import selectors
from lindung.people.models import Person
from lindung.tenants.models import Agency, OccupationAssignment


@pytest.fixture
def residents(make_person):
    return {
        "manggar_pemulung": make_person("Ani Pemulung", kelurahan="64.71.01.1001", occupation="pemulung"),
        "lamaru_nelayan": make_person("Badu Nelayan", kelurahan="64.71.01.1002", occupation="nelayan", sex="L"),
        "prapatan_ojek": make_person("Candra Ojek", kelurahan="64.71.06.1001", occupation="tukang_ojek", sex="L"),
        "prapatan_relawan": make_person("Dewi Relawan", kelurahan="64.71.06.1001", occupation="relawan_sosial"),
        "samarinda": make_person("Eko Samarinda", kelurahan="64.72.01.1001", occupation="pemulung", sex="L"),
    }


def names(qs):
    return sorted(p.name for p in qs)


def test_lurah_sees_only_their_kelurahan(users, residents):
    assert names(selectors.visible_persons(users["lurah"])) == ["Ani Pemulung"]


def test_camat_sees_their_kecamatan(users, residents):
    assert names(selectors.visible_persons(users["camat"])) == ["Ani Pemulung", "Badu Nelayan"]


def test_agency_sees_the_occupations_it_is_responsible_for(users, residents):
    assert names(selectors.visible_persons(users["dishub"])) == ["Candra Ojek"]
    assert names(selectors.visible_persons(users["dinsos"])) == ["Dewi Relawan"]


def test_tenant_wide_roles_see_the_city_but_not_another_city(users, residents):
    for role in ("labour", "tvem", "auditor"):  # BPJS: tests/people/test_bpjs_scope.py
        assert "Eko Samarinda" not in names(selectors.visible_persons(users[role]))
        assert len(names(selectors.visible_persons(users[role]))) == 4


def test_residence_is_the_address_not_the_nik_prefix(users, make_person):
    # NIK issued in Semarang, living in Manggar: the lurah of Manggar sees them.
    migrant = make_person("Fajar Perantau", kelurahan="64.71.01.1001", nik_district="33.74.05", sex="L")
    # NIK issued in Manggar's kecamatan, living in Samarinda: nobody in Balikpapan sees them.
    moved = make_person("Gita Pindah", kelurahan="64.72.01.1001", nik_district="64.71.01")
    assert migrant in selectors.visible_persons(users["lurah"])
    assert moved not in selectors.visible_persons(users["labour"])


def test_lurah_cannot_open_a_person_outside_their_kelurahan(users, residents):
    with pytest.raises(Person.DoesNotExist):
        selectors.get_person(users["lurah"], residents["prapatan_ojek"].pk)
    assert selectors.get_person(users["lurah"], residents["manggar_pemulung"].pk).name == "Ani Pemulung"


def test_the_mapping_is_effective_dated(users, residents, balikpapan):
    """From 2026 relawan_sosial moves (say) to Dishub: Dinsos loses sight of them on that date."""
    OccupationAssignment.objects.create(
        tenant=balikpapan, occupation_id="relawan_sosial", agency=Agency.objects.get(tenant=balikpapan, code="dishub"),
        valid_from=date(2026, 1, 1), legal_basis="uji",
    )
    assert "Dewi Relawan" in names(selectors.visible_persons(users["dinsos"], on=date(2025, 12, 31)))
    assert "Dewi Relawan" not in names(selectors.visible_persons(users["dinsos"], on=date(2026, 1, 1)))
    assert "Dewi Relawan" in names(selectors.visible_persons(users["dishub"], on=date(2026, 1, 1)))


def test_search_by_nik_and_by_name_is_scoped(users, residents):
    ojek = residents["prapatan_ojek"]
    assert selectors.search(users["labour"], ojek.nik)[0] == [ojek]
    assert selectors.search(users["lurah"], ojek.nik)[0] == []
    assert [p.name for p in selectors.search(users["labour"], "relawan")[0]] == ["Dewi Relawan"]
    assert selectors.search(users["lurah"], "relawan")[0] == []


def test_search_pages_without_counting(users, make_person, django_assert_max_num_queries):
    for i in range(7):
        make_person(f"Hasan Nomor {i}", kelurahan="64.71.01.1001")
    page1, cursor = selectors.search(users["lurah"], "hasan", limit=3)
    page2, cursor2 = selectors.search(users["lurah"], "hasan", after=cursor, limit=3)
    page3, cursor3 = selectors.search(users["lurah"], "hasan", after=cursor2, limit=3)
    assert [len(page1), len(page2), len(page3)] == [3, 3, 1] and cursor3 is None
    assert len({p.pk for p in page1 + page2 + page3}) == 7
    with django_assert_max_num_queries(3) as ctx:
        selectors.search(users["labour"], "hasan", limit=3)
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
