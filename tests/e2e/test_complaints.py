"""Complaints as people click them: a worker files online and tracks; the BPJS officer answers; the desk
officer records an oral complaint and prints the slip."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def track(page, number: str, phone: str):
    page.goto("/pengaduan/lacak/")
    page.fill("#id_number", number)
    page.fill("#id_phone", phone)
    page.click("#lacak button[type=submit]")


def test_a_worker_files_online_then_tracks(demo_city, page):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto("/pengaduan/")
    page.check("input[name=category][value=KEPESERTAAN]")
    page.fill("#id_text", "Sudah terdaftar sejak April tetapi kartu BPJS belum saya terima.")
    page.fill("#id_name", "Siti Aminah")
    page.fill("#id_phone", "0812 5555 1234")
    page.select_option("#id_kelurahan", "64.71.01.1001")
    page.click("#pengaduan button[type=submit]")
    expect(page.locator("h1")).to_contain_text("sudah kami terima")
    number = page.locator("#nomor-pengaduan").inner_text().strip()
    assert number.startswith("PGD-")
    expect(page.locator("#ditangani-oleh")).to_have_text("BPJS Ketenagakerjaan")

    track(page, number.lower().replace("-", " "), "+62 812-5555-1234")  # as said on the phone
    expect(page.locator("#status-pengaduan")).to_have_text("Diterima")
    expect(page.locator("#lacak-unit")).to_have_text("BPJS Ketenagakerjaan")
    expect(page.locator("#lacak-batas")).to_be_visible()
    expect(page.locator("#hasil-lacak")).not_to_contain_text("Siti Aminah")

    track(page, number, "0812 0000 0000")  # someone else's phone: nothing is disclosed
    expect(page.locator("#hasil-lacak")).to_contain_text("tidak ditemukan")


def test_the_bpjs_officer_answers_and_the_worker_reads_the_answer(demo_city, page, login, balikpapan):
    from django.utils import timezone

    from lindung.grievance.services.receive import Received, receive

    complaint = receive(None, tenant=balikpapan, received=Received(
        channel="DARING", category="KLAIM_MANFAAT", text="Klaim JKK suami saya belum dibayar.",
        received_at=timezone.now(), phone="0813-2222-3333"))
    login("bpjs")
    page.click("text=pengaduan baru menunggu tanggapan pertama")
    page.click(f"text={complaint.number}")
    expect(page.locator("#status")).to_have_text("Diterima")
    page.click("#form-ambil button")
    expect(page.locator("#status")).to_have_text("Diproses")
    expect(page.locator("#petugas")).to_contain_text("Lestari")
    page.fill("#form-jawab textarea", "Berkas klaim lengkap; pembayaran dijadwalkan Jumat ini ke rekening ahli waris.")
    page.click("#form-jawab button")
    expect(page.locator(".messages")).to_contain_text("Jawaban tersimpan")
    expect(page.locator("#status")).to_have_text("Dijawab")

    page.context.clear_cookies()
    track(page, complaint.number, "0813-2222-3333")
    expect(page.locator("#jawaban")).to_contain_text("pembayaran dijadwalkan Jumat")
    page.check("input[name=decision][value=terima]")
    page.click("#tanggapi button")
    expect(page.locator(".messages")).to_contain_text("dinyatakan selesai")
    expect(page.locator("#status-pengaduan")).to_have_text("Selesai")


def test_the_desk_officer_records_an_oral_complaint_and_prints_the_slip(demo_city, page, login):
    # window.print() opens a dialog a headless browser cannot show: count the calls instead.
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    login("disnaker")
    page.click(".mainnav >> text=Pengaduan")
    page.click("#catat-pengaduan")
    page.check("input[name=channel_choice][value=LISAN]")
    page.select_option("#id_category", "IURAN")
    page.fill("#id_text", "Peserta bertanya mengapa iuran bulan lalu belum tercatat.")
    page.fill("#id_name", "Pak Darman")
    page.fill("#id_phone", "0821-4444-5555")
    page.click("#pengaduan-loket button[type=submit]")
    expect(page.locator("#slip")).to_contain_text("Tanda terima pengaduan")
    number = page.locator("#nomor-pengaduan").inner_text().strip()
    assert number.startswith("PGD-")
    expect(page.locator("#slip")).to_contain_text("Pak Darman")
    expect(page.locator("#ditangani-oleh")).to_have_text("Dinas Tenaga Kerja")
    page.click("#cetak-slip")
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator("#cetak-slip")).to_be_hidden()
    expect(page.locator("#slip")).to_be_visible()
    page.emulate_media(media="screen")

    page.click("text=← Pengaduan")
    expect(page.locator("#daftar-pengaduan")).to_contain_text(number)
