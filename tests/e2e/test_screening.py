"""Issue 3 in the browser: the labour agency loads the poverty and BPJS extracts, screens an applicants
file as a background job, filters the result by decision and downloads it."""

import csv
from datetime import date

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


def test_an_officer_dismisses_a_probable_duplicate_and_the_next_screening_remembers(demo_city, login, tmp_path):
    """Issue 14 in the browser: a flagged pair is shown with the row it resembles; "Bukan orang yang sama"
    records the judgement, and the same file screened again no longer flags the row."""
    from lindung.domain.exchange import APPLICANTS
    from lindung.registers import services
    from tests.registers.conftest import write_csv
    from tests.registers.test_pair_reviews import batch

    rows = batch()  # row 7 is row 2 under a NIK one digit off, the name spelt otherwise
    applicants = write_csv(tmp_path / "pendaftar.csv", rows, APPLICANTS.columns)
    officer = demo_city["disnaker"]
    for kind, extract in (("kemiskinan", [{"nik": r["nik"], "desil": "2", "miskin_ekstrem": "tidak"} for r in rows]),
                          ("bpjs", [{"nik": rows[0]["nik"], "status": "NONAKTIF"}])):
        path = write_csv(tmp_path / f"{kind}.csv", extract, list(extract[0]))
        services.import_reference_dataset(officer, kind=kind, path=path, original_name=path.name,
                                          snapshot_date=date(2026, 6, 30))

    page = login("disnaker")

    def screen():
        page.goto("/penyaringan/")
        page.set_input_files("#form-penyaringan input[name=applicants]", str(applicants))
        page.select_option("#form-penyaringan select[name=ruleset]", "balikpapan-perwali-3-2025")
        page.click("#form-penyaringan button[type=submit]")
        expect(page.locator("#ringkasan")).to_be_visible()

    screen()
    page.select_option("#alasan", "KEMUNGKINAN_GANDA")
    page.locator("#saring-hasil button").first.click()
    flagged = page.locator("#baris-7")
    expect(flagged).to_contain_text("Serupa baris 2: Muhammad Rizki")
    flagged.get_by_role("button", name="Bukan orang yang sama").click()
    expect(page.locator(".messages")).to_contain_text("Baris 7: Bukan orang yang sama")
    expect(page.locator("#baris-7 .verdict-berbeda")).to_be_visible()

    screen()
    expect(page.get_by_text("Pencarian kemungkinan ganda: 0 baris ditandai.")).to_be_visible()
