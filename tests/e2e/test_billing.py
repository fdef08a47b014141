"""The monthly billing flow as the labour agency clicks it, and the budget page."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from lindung.membership.services import funding
from lindung.programs.services import add_funding_source
from tests.money_fixtures import enrol, invoice_file, invoice_row, programme, write_csv  # noqa: F401

pytestmark = pytest.mark.e2e


def test_bill_reconcile_agree_and_pay_a_month(demo_city, programme, enrol, invoice_file, login):  # noqa: F811
    people = [enrol(programme) for _ in range(4)]
    invoice = invoice_file([invoice_row(people[0]), invoice_row(people[1]), invoice_row(people[2], "20000"),
                            invoice_row("6471010101700099")])
    page = login("disnaker")
    page.click(".mainnav >> text=Tagihan")
    page.select_option("#id_programme", str(programme.pk))
    page.fill("#id_month", "2025-06")
    page.click("#buka-bulan button")
    page.click("#susun button")
    expect(page.locator(".messages")).to_contain_text("Tagihan disusun: 4 peserta")

    page.set_input_files("#id_invoice", str(invoice))
    page.click("#unggah button")
    expect(page.locator(".messages")).to_contain_text("2 cocok")
    # Statuses in words; the contract's code (as in the downloaded file) is the badge's tooltip.
    expect(page.locator("#selisih")).to_contain_text("Selisih jumlah iuran")
    expect(page.locator("#selisih")).to_contain_text("Ditagih BPJS, tidak ada di data pemda")
    expect(page.locator("#selisih")).to_contain_text("Ditagih pemda, tidak ada di tagihan BPJS")
    expect(page.locator("#selisih [title=SELISIH_NOMINAL]").first).to_be_visible()
    expect(page.locator("#disepakati")).to_have_text("2")

    with page.expect_download() as download:
        page.click("#unduh-ba")
    assert download.value.suggested_filename == "berita-acara-bpp-2025-2025-06.pdf"

    page.fill("#id_number", "800/12/DISNAKER/VII/2025")
    page.fill("#id_date", "2025-07-08")
    page.click("#sepakati button")
    expect(page.locator("#status")).to_contain_text("Disepakati")

    page.fill("#id_sp2d_number", "SP2D-0099/2025")
    page.fill("#id_sp2d_date", "2025-07-21")
    page.fill("#id_amount", "33600")
    page.click("#bayar button")
    expect(page.locator("#status")).to_have_text("Dibayar")
    expect(page.locator("#pembayaran")).to_contain_text("SP2D-0099/2025")
    expect(page.locator("#susun")).to_have_count(0)  # a paid month offers no changes


def test_budget_page_shows_allocation_against_realisation(demo_city, programme, enrol, login):  # noqa: F811
    add_funding_source(None, programme=programme, kind="apbd_kota", amount=Decimal("1431360000"), label="DPA Disnaker 2025")
    enrol(programme)
    funding.assign_funding(None, programme=programme, year=2025)
    page = login("tvem")
    page.click(".mainnav >> text=Program")
    page.click("text=Anggaran")
    expect(page.locator("h1")).to_contain_text("Anggaran")
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.locator("#sumber-dana")).to_contain_text("Rp1.431.360.000")
