"""Money a Pemda can sign, as the labour agency clicks it: funding sources -> assignment (the optimiser, with
each participant's reason) -> a bill per payer -> reconciliation, berita acara and SP2D per payer ->
realisation on the budget page."""

from datetime import date

import pytest
from playwright.sync_api import expect

from lindung.billing.models import BillLine
from tests.money_fixtures import enrol, invoice_file, invoice_row, programme, write_csv  # noqa: F401

pytestmark = pytest.mark.e2e


def add_source(page, *, kind, amount, quota="", payer="", preference="", label="", occupations=()):
    form = page.locator("#tambah-sumber")
    form.locator("#id_year").fill("2025")
    form.locator("#id_kind").select_option(kind)
    form.locator("#id_label").fill(label)
    if payer:
        form.locator("#id_payer").select_option(payer)
    form.locator("#id_amount").fill(amount)
    form.locator("#id_fixed_quota").fill(quota)
    form.locator("#id_preference").fill(preference)
    form.locator("#id_occupations").select_option(list(occupations))
    form.locator("button[type=submit]").click()


def settle(page, programme, payer_code, invoice_file, sp2d):  # noqa: F811
    """Upload the payer's BPJS invoice, agree the berita acara, record the SP2D of the agreed amount."""
    niks = BillLine.objects.filter(billing_month__programme=programme, billing_month__payer__code=payer_code) \
        .values_list("nik", flat=True)
    path = invoice_file([invoice_row(nik) for nik in niks], name=f"tagihan-{payer_code}.csv")
    page.set_input_files("#id_invoice", str(path))
    page.click("#unggah button")
    expect(page.locator(".messages")).to_contain_text(f"Rekonsiliasi selesai: {len(niks)} cocok")
    page.fill("#id_date", "2025-07-08")
    page.click("#sepakati button")
    expect(page.locator("#status")).to_contain_text("Disepakati")
    page.fill("#id_sp2d_number", sp2d)
    page.fill("#id_sp2d_date", "2025-07-21")
    page.fill("#id_amount", str(16800 * len(niks)))
    page.click("#bayar button")
    expect(page.locator("#status")).to_have_text("Dibayar")


def test_funding_assignment_bills_per_payer_payment_and_realisation(demo_city, programme, enrol, invoice_file,  # noqa: F811
                                                                    login):
    for _ in range(3):
        enrol(programme, start=date(2025, 1, 1))
    farmer = enrol(programme, occupation="petani", start=date(2025, 1, 1))
    page = login("disnaker")
    page.click(".mainnav >> text=Program")
    page.click("text=Anggaran")
    expect(page.locator("h1")).to_contain_text("tahun 2025")

    # A quota the budget cannot pay is refused, naming the value.
    add_source(page, kind="apbd_provinsi", amount="201600", quota="2", payer="kaltim")
    expect(page.locator(".messages")).to_contain_text("kuota 2 peserta melebihi yang dapat dibayar pagu Rp201.600")
    add_source(page, kind="apbd_provinsi", amount="201600", quota="1", payer="kaltim", preference="0",
               label="APBD Provinsi Kaltim")
    add_source(page, kind="dbhcht", amount="201600", label="DBHCHT", occupations=["petani"])
    add_source(page, kind="apbd_kota", amount="1431360000", label="DPA Disnaker")
    expect(page.locator("#sumber-dana")).to_contain_text("Pemerintah Provinsi Kalimantan Timur")

    page.click("#bagi button")
    expect(page.locator("#proses")).to_contain_text("Selesai")
    expect(page.locator("#per-sumber")).to_contain_text("APBD Provinsi Kaltim")
    page.fill("#q", farmer.person.name)
    page.click("#saring button")
    expect(page.locator("#peserta")).to_contain_text(farmer.person.name)

    page.click(".mainnav >> text=Tagihan")
    page.select_option("#id_programme", str(programme.pk))
    page.fill("#id_month", "2025-06")
    page.click("#buka-bulan button")
    page.click("#susun button")
    expect(page.locator(".messages")).to_contain_text("Tagihan disusun: 4 peserta")
    expect(page.locator("#per-pembayar")).to_contain_text("Pemerintah Provinsi Kalimantan Timur")

    settle(page, programme, "balikpapan", invoice_file, "SP2D-0101/2025")
    page.click("#per-pembayar >> text=Pemerintah Provinsi Kalimantan Timur")
    expect(page.locator("#pembayar")).to_contain_text("Pemerintah Provinsi Kalimantan Timur")
    settle(page, programme, "kaltim", invoice_file, "SP2D-PROV-7/2025")

    page.click("text=Lihat realisasi anggaran")
    expect(page.locator("#realisasi")).to_have_text("Rp67.200")
    expect(page.locator("#tanpa-sumber")).to_contain_text("Rp0")
    expect(page.locator("#jumlah")).to_contain_text("Rp67.200")
