"""The budget page's funding sources and assignment, and the month page per payer, through the test client,
role by role (issue 9)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lindung.billing import services
from lindung.domain.calendar import Month
from lindung.membership.models import FundingAssignment
from lindung.membership.services import funding
from lindung.programs.models import FundingSource
from lindung.programs.services import add_funding_source, create_programme
from lindung.tenants.models import Tenant

from ..money_fixtures import RULESET

YEAR_COST = Decimal(16800 * 12)


def source_form(**values) -> dict:
    return {"year": "2025", "kind": "apbd_kota", "label": "", "payer": "", "amount": str(YEAR_COST * 10),
            "revision_amount": "", "fixed_quota": "", "regions": "", "preference": "", **values}


def test_the_labour_agency_adds_sources_and_assigns_from_the_page(client, users, programme, enrol,
                                                                   django_capture_on_commit_callbacks):
    farmer = enrol(programme, occupation="petani", name="Tani Sejahtera")
    other = enrol(programme, name="Pemulung Rajin")
    client.force_login(users["labour"])
    add = reverse("billing:add_source", args=[programme.pk])
    page = client.post(add, source_form(kind="apbd_provinsi", payer="kaltim", fixed_quota="11"), follow=True)
    assert "kuota 11 peserta melebihi yang dapat dibayar pagu Rp2.016.000: paling banyak 10 peserta" in page.content.decode()
    page = client.post(add, source_form(kind="dbhcht", regions="64.71.01, 99.99"), follow=True).content.decode()
    assert "kode wilayah tidak dikenal: 99.99" in page
    page = client.post(add, source_form(amount="sepuluh"), follow=True).content.decode()
    assert "Pagu (APBD murni)" in page  # the field is named
    assert not FundingSource.objects.exists()
    client.post(add, source_form(kind="dbhcht", occupations=["petani"], label="DBHCHT 2025"))
    client.post(add, source_form(label="DPA Disnaker"))
    assert FundingSource.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("billing:assign", args=[programme.pk]), {"tahun": "2025"})
    assert answer.status_code == 302 and "/anggaran/2025/peserta/?job=" in answer.url
    page = client.get(answer.url).content.decode()
    assert "Selesai" in page and "DBHCHT: petani" in page and "APBD Kab/Kota: tanpa batasan" in page
    assert FundingAssignment.objects.get(participant=farmer).funding_source.kind == "dbhcht"
    assert FundingAssignment.objects.get(participant=other).funding_source.kind == "apbd_kota"
    filtered = client.get(reverse("billing:assignments", args=[programme.pk, 2025]), {"keputusan": "dibiayai",
                                                                                      "q": farmer.person.name})
    assert farmer.person.masked_nik in filtered.content.decode()
    assert other.person.masked_nik not in filtered.content.decode()


def test_others_read_the_assignment_but_only_the_labour_agency_changes_it(client, users, programme, enrol, make_user):
    add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST)
    enrol(programme)
    funding.assign_funding(None, programme=programme, year=2025)
    pages = [reverse("billing:budget", args=[programme.pk]), reverse("billing:assignments", args=[programme.pk, 2025])]
    posts = [(reverse("billing:add_source", args=[programme.pk]), source_form()),
             (reverse("billing:assign", args=[programme.pk]), {"tahun": "2025"})]
    for role in ("auditor", "tvem", "bpjs"):
        client.force_login(users[role])
        for url in pages:
            assert client.get(url).status_code == 200
        assert 'id="tambah-sumber"' not in client.get(pages[0]).content.decode()
        for url, data in posts:
            assert client.post(url, data).status_code == 403
    outsider = make_user("disnaker.smd", "disnaker", tenant=Tenant.objects.get(code="samarinda"))
    client.force_login(outsider)
    for url in pages:
        assert client.get(url).status_code == 404
    for url, data in posts:
        assert client.post(url, data).status_code == 404
    assert FundingSource.objects.count() == 1


@pytest.fixture
def co_funded_june(programme, enrol):
    add_funding_source(None, programme=programme, kind="apbd_provinsi", amount=YEAR_COST, fixed_quota=1,
                       payer_code="kaltim", preference=0)
    add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST * 5)
    people = [enrol(programme, start=date(2025, 1, 1)) for _ in range(3)]
    province = create_programme(None, code="kaltim-2025", name="Program Provinsi", ruleset_id=RULESET, year=2025,
                                tenant_code="kaltim")
    enrol(province, people[2].person, start=date(2024, 12, 1))  # the province's own programme pays for this one
    funding.assign_funding(None, programme=programme, year=2025)
    services.run_bill(None, programme=programme, month=Month(2025, 6))
    return programme, people


def test_the_month_page_shows_each_payer_and_downloads_its_own_lines(client, users, co_funded_june):
    programme, people = co_funded_june
    client.force_login(users["labour"])
    url = reverse("billing:month", args=[programme.pk, "2025-06"])
    page = client.get(url).content.decode()
    assert 'id="per-pembayar"' in page and "Pemerintah Provinsi Kalimantan Timur" in page
    assert "Jumlah program" in page and "Rp33.600" in page
    assert 'id="dikecualikan"' in page and "kaltim-2025" in page  # shown on the city's bill, which leaves them out
    kaltim = client.get(url, {"pembayar": "kaltim"}).content.decode()
    assert "Pembayar: Pemerintah Provinsi Kalimantan Timur" in kaltim
    csv = client.get(reverse("billing:download", args=[programme.pk, "2025-06", "tagihan"]), {"pembayar": "kaltim"})
    rows = csv.content.decode().splitlines()
    assert rows[0] == "nik,kpj,nama,bulan,iuran_jkk,iuran_jkm,jumlah,sumber" and len(rows) == 2
    assert rows[1].endswith(",apbd_provinsi")
    excluded = client.get(reverse("billing:download", args=[programme.pk, "2025-06", "dikecualikan"]))
    assert excluded.content.decode().splitlines()[0] == "nik,kpj,nama,bulan,alasan,program_pembayar"
    assert people[2].person.nik in excluded.content.decode()
    assert client.get(url, {"pembayar": "samarinda"}).status_code == 404
