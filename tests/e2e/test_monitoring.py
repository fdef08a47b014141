"""The TVEM member opens the monitoring page, filters by kecamatan, downloads a chart's data and the
annual report (Laporan Monev)."""

import csv
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.monitoring_fixtures import applications, cycle, money, participants, programme  # noqa: F401

pytestmark = pytest.mark.e2e


def test_tvem_filters_by_kecamatan_and_downloads_data_and_the_annual_report(
        demo_city, programme, applications, participants, money, login):  # noqa: F811
    page = login("tvem")
    page.click(".mainnav >> text=Monitoring")
    # The first page of the day computes the figures (inline in tests, in the worker in production).
    expect(page.locator("h1")).to_contain_text("Monitoring dan evaluasi program")
    expect(page.locator("#angka-per")).to_contain_text("Angka keadaan")
    expect(page.locator("#kartu-peserta")).to_have_text("3")
    expect(page.locator("#grafik-tahapan")).to_be_visible()

    page.select_option("#wilayah", label="Balikpapan Timur")
    page.select_option("#siklus", label="2025")
    page.click("#saring button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Balikpapan Timur")
    expect(page.locator("#kartu-peserta")).to_have_text("2")  # M1 in Manggar, M5 in Lamaru
    expect(page.locator("#kartu-usulan")).to_have_text("4")
    expect(page.locator("#tabel-subwilayah")).to_contain_text("Manggar")
    expect(page.locator("#tabel-subwilayah")).not_to_contain_text("Prapatan")

    with page.expect_download() as download:
        page.click("#panel-subwilayah .unduh-csv")
    assert download.value.suggested_filename.startswith("monitoring-subwilayah-bpp-monev-647101")
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert [(r["kategori"], r["peserta_aktif"], r["usulan"]) for r in rows] == [
        ("Manggar", "1", "2"), ("Lamaru", "1", "2"), ("Jumlah", "2", "4")]
    with page.expect_download() as chart:
        page.click("#panel-tahapan .unduh-png")
    assert open(chart.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"

    page.click(".tabs >> text=Laporan")
    page.select_option("#tahun", "2025")
    page.click("#saring button[type=submit]")
    with page.expect_download() as report:
        page.click("#unduh-monev-pdf")
    assert report.value.suggested_filename == "laporan-monev-bpp-monev-2025.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(report.value.path()).pages)
    assert "LAPORAN MONITORING DAN EVALUASI" in text and "Wilayah: Balikpapan Timur" in text
