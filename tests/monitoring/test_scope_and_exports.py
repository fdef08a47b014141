"""Who sees the monitoring pages, what leaves the tenant (province view, public page, reports: counts
under 5 hidden, never a person), and every panel downloadable as CSV, XLSX, SVG and PNG."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from pypdf import PdfReader

from lindung.accounts.models import Role
from lindung.membership.models import FundingAssignment, MembershipPeriod, Participant
from lindung.monitoring.models import WorkforceFigure
from lindung.monitoring.services.refresh import refresh
from lindung.programs import services as programme_services
from lindung.regions.models import Region
from lindung.tenants.models import Tenant
from tests.monitoring_fixtures import AS_OF, MOMENT

PAGES = ("/monitoring/", "/monitoring/cakupan/", "/monitoring/anggaran/", "/monitoring/laporan/")


@pytest.mark.parametrize("role", ["tvem", "labour", "auditor"])
def test_monitoring_roles_open_every_page(snapshot, users, client, role):
    client.force_login(users[role])
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    assert b"Monitoring" in client.get("/").content  # the navigation entry


@pytest.mark.parametrize("role", ["dinsos", "camat", "lurah", "bpjs"])
def test_other_roles_are_refused(snapshot, users, client, role):
    client.force_login(users[role])
    for url in (*PAGES, "/monitoring/unduh/program/tahapan.csv", "/monitoring/laporan/monev.pdf"):
        assert client.get(url).status_code == 403, url


def test_another_tenants_programme_cycle_or_region_is_not_found(snapshot, users, client, make_user, programme, cycle):
    samarinda = Tenant.objects.get(code="samarinda")
    other = make_user("tvem.smd", Role.TVEM, tenant=samarinda)
    client.force_login(other)
    for query in (f"program={programme.pk}", f"siklus={cycle.pk}", "wilayah=64.71.01", "tahun=1800"):
        assert client.get(f"/monitoring/?{query}").status_code == 404, query
        assert client.get(f"/monitoring/unduh/program/tahapan.csv?{query}").status_code == 404, query
    assert client.get("/monitoring/unduh/program/tidak-ada.csv").status_code == 404
    assert client.get("/monitoring/unduh/program/tahapan.exe").status_code == 404


def test_a_user_without_tenant_is_refused(snapshot, client):
    from lindung.accounts.models import User

    client.force_login(User.objects.create_superuser("root", password="rahasia-uji-123"))
    assert client.get("/monitoring/").status_code == 404


def test_every_panel_downloads_in_four_formats(snapshot, users, client):
    client.force_login(users["tvem"])
    csv = client.get("/monitoring/unduh/program/wilayah.csv")
    assert csv["Content-Disposition"] == 'attachment; filename="monitoring-wilayah-bpp-monev-2026-01-10.csv"'
    assert csv.content.decode().splitlines()[:2] == [
        "kategori,kode_wilayah,peserta_aktif,persen_peserta,usulan,ditetapkan,ditolak",
        "Balikpapan Timur,64.71.01,2,66.67,4,1,1"]
    xlsx = client.get("/monitoring/unduh/program/wilayah.xlsx")
    frame = pl.read_excel(io.BytesIO(xlsx.content), engine="calamine")
    assert frame["peserta_aktif"].to_list() == [2, 1, 3]  # numbers stay numbers
    svg = ET.fromstring(client.get("/monitoring/unduh/program/tren.svg").content)
    assert svg.tag.endswith("svg") and svg.find("{http://www.w3.org/2000/svg}title").text.startswith("Peserta aktif")
    png = client.get("/monitoring/unduh/program/tahapan.png")
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    published = client.get("/monitoring/unduh/program/wilayah.csv?samarkan=1").content.decode().splitlines()
    assert published[1] == "Balikpapan Timur,64.71.01,<5,,<5,<5,<5"


def test_the_page_shows_charts_with_their_tables_and_the_time_of_the_figures(snapshot, users, client):
    client.force_login(users["tvem"])
    text = client.get("/monitoring/?wilayah=64.71.01").content.decode()
    assert 'id="grafik-tahapan"' in text and 'id="tabel-tahapan"' in text and "<caption>" in text
    assert "Angka keadaan <strong>10 Januari 2026</strong>" in text
    assert "style=" not in text.split("<main", 1)[1]  # the CSP allows no inline style


# --- What leaves the tenant -------------------------------------------------------------------------------------


@pytest.fixture
def province(snapshot, users, make_user, make_person, participants, programme):
    kaltim = Tenant.objects.get(code="kaltim")
    plan = programme_services.create_programme(None, code="kaltim-pbi", name="PBI Provinsi Kaltim",
                                               ruleset_id="kaltim-pergub-40-2025", year=2025, tenant_code="kaltim")
    samarinda = list(Region.objects.filter(level=4, code__startswith="64.72.").values_list("code", flat=True)[:6])
    bontang = Region.objects.filter(level=4, code__startswith="64.74.").values_list("code", flat=True).first()
    for i, kelurahan in enumerate(["64.71.01.1001", bontang, *samarinda]):
        person = make_person(f"K{i}", kelurahan=kelurahan)
        MembershipPeriod.objects.create(participant=Participant.objects.create(programme=plan, person=person),
                                        start=date(2025, 4, 1))
    # The province pays for M1 of the city's programme (Pergub Kaltim 40/2025: co-funding).
    source = programme_services.add_funding_source(None, programme=programme, kind="apbd_provinsi", year=2026,
                                                   amount=Decimal(201600), payer_code="kaltim")
    FundingAssignment.objects.create(participant=participants["M1"], year=2026, funding_source=source,
                                     code=FundingAssignment.Code.DIBIAYAI, reason="kuota provinsi", assigned_at=MOMENT)
    for code, informal in (("64.71", 100), ("64.72", 600)):
        WorkforceFigure.objects.create(tenant=kaltim, region_id=code, year=2025, workers=informal * 3,
                                       informal_workers=informal, source="BPS Kaltim")
    refresh(None, on=AS_OF, moment=MOMENT)
    return make_user("tvem.kaltim", Role.TVEM, tenant=kaltim)


def test_the_province_sees_its_kab_kota_as_published_aggregates(province, client, users):
    client.force_login(province)
    csv = client.get("/monitoring/unduh/provinsi/kabupaten-kota.csv?tahun=2025").content.decode().splitlines()
    rows = {line.split(",")[1]: line.split(",") for line in csv[1:]}
    # Balikpapan: the city's 3 participants, the province's 1, 1 paid by the province: all under 5.
    assert rows["64.71"][2:5] == ["<5", "<5", "<5"]
    assert rows["64.71"][5:7] == ["6", "<5"]  # the city's 2025 cycle: 6 applications, 1 decreed
    assert rows["64.71"][10] == ""  # a rate from hidden counts is emptied
    # Samarinda: six of the province's participants over 600 informal workers. (Had Balikpapan been the
    # only kab/kota under 5, Samarinda's 6 would be hidden too: the total would give Balikpapan's away.)
    assert rows["64.74"][3] == "<5"
    assert rows["64.72"][2:5] == ["0", "6", "0"] and rows["64.72"][9:11] == ["600", "1.00"]
    text = client.get("/monitoring/kabupaten-kota/?tahun=2025").content.decode()
    assert "Kota Balikpapan" in text and "&lt;5" in text
    for participant in Participant.objects.select_related("person"):
        assert participant.person.nik not in text


def test_only_a_province_has_the_kab_kota_page(snapshot, users, client):
    client.force_login(users["tvem"])
    assert client.get("/monitoring/kabupaten-kota/").status_code == 404
    assert client.get("/monitoring/unduh/provinsi/kabupaten-kota.csv").status_code == 404


def test_public_page_needs_no_login_and_hides_small_counts(snapshot, client, participants, make_person, programme):
    for i in range(9):  # nine more in Balikpapan Barat
        MembershipPeriod.objects.create(participant=Participant.objects.create(
            programme=programme, person=make_person(f"B{i}", kelurahan="64.71.02.1001")), start=date(2025, 4, 1))
    refresh(None, on=AS_OF, moment=MOMENT)
    assert b"balikpapan" in client.get("/transparansi/").content
    page = client.get("/transparansi/balikpapan/")
    assert page.status_code == 200
    rows = client.get("/transparansi/balikpapan/unduh/peserta-anggaran.csv").content.decode().splitlines()
    # Timur 2 and Kota 1 are under 5; two cells hidden, so the total (12) and Barat (9) give neither away.
    # Nobody was paid for yet in 2026 (the year of the figures); a hidden count empties its row's amount.
    assert rows[1:] == ["Balikpapan Timur,64.71.01,<5,0,", "Balikpapan Barat,64.71.02,9,0,0.00",
                        "Balikpapan Kota,64.71.06,<5,0,", 'Jumlah,"",12,0,0.00']
    for participant in Participant.objects.select_related("person"):
        assert participant.person.nik not in page.content.decode()
    assert client.get("/transparansi/tidak-ada/").status_code == 404


# --- Reports -------------------------------------------------------------------------------------------------------


def test_annual_report_pdf_and_xlsx(snapshot, users, client):
    client.force_login(users["tvem"])
    pdf = client.get("/monitoring/laporan/monev.pdf?tahun=2025")
    assert pdf["Content-Disposition"] == 'attachment; filename="laporan-monev-bpp-monev-2025.pdf"'
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for heading in ("LAPORAN MONITORING DAN EVALUASI", "Ringkasan 2025", "Alur usulan", "Mengapa tidak memenuhi syarat",
                    "Menurut kecamatan", "Penghentian kepesertaan", "Cakupan dari tahun ke tahun",
                    "Pagu dan realisasi per sumber dana", "Biaya per peserta", "Pasal 12"):
        assert heading in text, heading
    assert "Rp67.200" in text and "<5" in text  # realisation shown; 4 participants paid for is a small count
    xlsx = client.get("/monitoring/laporan/monev.xlsx?tahun=2025")
    sheets = pl.read_excel(io.BytesIO(xlsx.content), sheet_id=0, engine="calamine")
    assert list(sheets)[0] == "Ringkasan 2025" and len(sheets) >= 15
    summary = sheets["Ringkasan 2025"]
    assert summary.filter(pl.col("uraian") == "Realisasi iuran")["rupiah"].to_list() == [67200]
    # 4 in April and 1 in May; the column holds hidden cells, so it is text.
    assert summary.filter(pl.col("uraian") == "Peserta masuk")["jumlah"].to_list() == ["5"]


def test_paritrana_indicator_sheet(snapshot, users, client):
    client.force_login(users["labour"])
    text = client.get("/monitoring/laporan/paritrana.csv?tahun=2025").content.decode()
    rows = {r["indikator"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["Dasar hukum program"]["uraian"] == "Peraturan Wali Kota Balikpapan Nomor 3 Tahun 2025"
    assert rows["Pagu anggaran"]["rupiah"] == "2016000.00"
    assert (rows["Realisasi iuran"]["rupiah"], rows["Realisasi iuran"]["persen"]) == ("67200.00", "3.33")
    assert rows["Pekerja rentan dilindungi (peserta PBI aktif)"]["jumlah"] == "<5"
    assert client.get("/monitoring/laporan/paritrana.xlsx?tahun=2025")["Content-Type"].startswith("application/vnd")
    assert client.get("/monitoring/laporan/lain.txt").status_code == 404
