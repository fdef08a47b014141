"""The claim <-> termination loop as the users click it: the BPJS officer records a JKM claim, the labour
agency sees the termination it proposes and confirms it."""

from datetime import date

import pytest
from playwright.sync_api import expect

from lindung.claims.models import Claim
from tests.money_fixtures import enrol, programme, write_csv  # noqa: F401

pytestmark = pytest.mark.e2e


def test_bpjs_records_a_jkm_claim_and_the_agency_confirms_the_termination(demo_city, programme, enrol,  # noqa: F811
                                                                          login):
    worker = enrol(programme, name="Rahmat Hidayat", start=date(2025, 2, 1))
    page = login("bpjs")
    page.click(".mainnav >> text=Klaim")
    page.click("#catat-klaim")
    page.select_option("#id_programme", str(programme.pk))
    page.fill("#id_nik", worker.person.nik)
    page.select_option("#id_kind", "JKM")
    page.fill("#id_event_date", "2025-09-14")
    page.fill("#id_submitted_on", "2025-09-20")
    page.fill("#id_bpjs_reference", "JKM-BPP-2025-0042")
    page.click("#form-klaim button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Klaim dicatat")
    expect(page.locator("#status")).to_contain_text("Diajukan")
    expect(page.locator("#penghentian")).to_contain_text("Penghentian kepesertaan per 14-09-2025")
    expect(page.locator("#penghentian")).to_contain_text("diusulkan")

    page = login("disnaker")
    expect(page.locator(".inbox")).to_contain_text("1 usulan penghentian kepesertaan menunggu keputusan")
    page.click(".mainnav >> text=Penghentian")
    row = page.locator("#usulan tbody tr", has_text="Rahmat Hidayat")
    expect(row).to_contain_text("BPJS Ketenagakerjaan: klaim JKM / JKK kematian")
    expect(row).to_contain_text("JKM-BPP-2025-0042")
    expect(row).to_contain_text("14-09-2025")
    row.locator("input[name=pilih]").check()
    page.click("#putuskan button[value=konfirmasi]")
    expect(page.locator("#konfirmasi")).to_contain_text("Kepesertaan 1 peserta akan berakhir.")
    page.click("#ya")
    expect(page.locator(".messages")).to_contain_text("Kepesertaan 1 peserta diakhiri")

    period = worker.periods.get()
    assert (period.end, period.end_reason) == (date(2025, 9, 14), "meninggal")
    page.goto(f"/klaim/{Claim.objects.get().pk}/")
    expect(page.locator("#penghentian")).to_contain_text("dikonfirmasi")
