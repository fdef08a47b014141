"""Issue 3 in the browser: the labour agency loads the poverty and BPJS extracts, screens an applicants
file as a background job, filters the result by decision and downloads it."""

import csv

import pytest
from playwright.sync_api import expect

from lindung import synth

pytestmark = pytest.mark.e2e
ROWS = 60


@pytest.fixture
def files(tmp_path):
    applicants = tmp_path / "pendaftar.csv"
    synth.write_applicants(applicants, seed=11, rows=ROWS, year=2026)
    poverty, bpjs = tmp_path / "dtsen.csv", tmp_path / "bpjs.csv"
    synth.write_poverty(poverty, seed=11, rows=200, applicants=applicants)
    synth.write_bpjs(bpjs, seed=11, rows=ROWS, applicants=applicants)
    return applicants, poverty, bpjs


def test_load_extracts_screen_filter_and_download(demo_city, login, files):
    applicants, poverty, bpjs = files
    page = login("disnaker")
    for kind, path in (("kemiskinan", poverty), ("bpjs", bpjs)):
        page.goto("/penyaringan/data/")
        page.select_option("#form-impor select[name=kind]", kind)
        page.set_input_files("#form-impor input[name=file]", str(path))
        page.fill("#form-impor input[name=snapshot_date]", "2026-06-30")
        page.click("#form-impor button[type=submit]")
        expect(page.locator(".messages, .errorlist").first).to_be_visible()
        expect(page.locator(".errorlist")).to_have_count(0)

    page.goto("/penyaringan/")
    page.set_input_files("#form-penyaringan input[name=applicants]", str(applicants))
    page.select_option("#form-penyaringan select[name=ruleset]", "balikpapan-perwali-3-2025")
    page.click("#form-penyaringan button[type=submit]")
    expect(page.locator("#ringkasan")).to_contain_text("Memenuhi syarat")  # decisions in words, codes as titles
    expect(page.locator("#ringkasan [title=LAYAK]")).to_be_visible()

    page.select_option("#keputusan", "TIDAK_LAYAK")
    page.locator("#saring-hasil button, #saring-hasil [type=submit]").first.click()
    rows = page.locator("#hasil tbody tr")
    expect(rows.first).to_be_visible()
    for i in range(rows.count()):
        expect(rows.nth(i).locator("[title=TIDAK_LAYAK]")).to_contain_text("Tidak memenuhi syarat")

    with page.expect_download() as download:
        page.click("#unduh >> text=Unduh CSV")
    with open(download.value.path(), encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    with open(applicants, encoding="utf-8") as fh:
        submitted = [row["nik"] for row in csv.DictReader(fh)]
    assert [row["nik"] for row in table] == submitted  # one row per input row, in input order
    assert {"keputusan", "alasan", "prioritas"} <= set(table[0])
