"""One application from the public form to an enrolled participant, each step clicked by its own role
(Perwali Balikpapan 3/2025 Pasal 6-8); and an agency that cannot see another agency's applications."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from lindung.applications.models import Application
from lindung.domain import nik as nik_rules
from lindung.membership.models import MembershipPeriod, Participant
from tests.workflow import factories

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BIRTH = date(1986, 8, 14)
NIK = nik_rules.make("64.71.01", BIRTH, "P", 4242)


@pytest.fixture
def cycle(demo_city):
    cache.clear()  # rate-limit counters of earlier tests
    programme = factories.programme(demo_city["disnaker"])
    return factories.open_cycle(demo_city["disnaker"], programme)


def fill_application(page, *, nik=NIK, name="Sumiati Binti Kasim", occupation="pemulung", kelurahan="64.71.01.1001",
                     income="9000000"):
    page.fill("#id_name", name)
    page.fill("#id_nik", nik)
    page.fill("#id_no_kk", "6471011408860007")
    page.fill("#id_birth_place", "Balikpapan")
    page.fill("#id_birth_date", BIRTH.isoformat())
    page.check("input[name=sex][value=P]")
    page.fill("#id_address", "Jl. Mulawarman Gg. Damai RT 21")
    page.select_option("#id_kelurahan", kelurahan)
    page.fill("#id_domicile_since", "2012-03-01")
    page.fill("#id_phone", "081350001234")
    page.select_option("#id_occupation", occupation)
    page.fill("#id_monthly_income", income)


def inbox_link(page, text: str):
    """Follow the dashboard's "waiting for you" item that names this step."""
    page.goto("/")
    item = page.locator(".inbox a", has_text=text)
    expect(item).to_be_visible()
    item.click()


def download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return open(info.value.path(), "rb").read()


def test_public_form_to_enrolment(cycle, page, login, tmp_path):
    # 1. The worker applies on the public form (no login); the rule set answers as the form is filled.
    page.goto("/usulan/daftar/")
    fill_application(page)
    expect(page.locator("#penilaian #keputusan")).to_have_text("Tidak memenuhi syarat")
    expect(page.locator("#penilaian .problems")).to_contain_text("Pasal 5 ayat (1) huruf f")
    page.fill("#id_monthly_income", "1750000")
    expect(page.locator("#penilaian #keputusan")).to_have_text("Sejauh ini memenuhi syarat")
    page.set_input_files("#id_doc_ktp", files=[{"name": "ktp.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("#usulan button[type=submit]")
    expect(page.locator("h1")).to_have_text("Usulan Anda tercatat")
    reference = page.locator("#nomor-usulan").inner_text()
    expect(page.locator(".status-box")).to_contain_text("Kantor Kelurahan Manggar")

    # 2. The lurah of Manggar (territorial occupation, Lampiran I) verifies; no poverty data: a field visit.
    login("lurah.manggar")
    inbox_link(page, "usulan menunggu verifikasi Anda")
    page.click(f"text={reference}")
    expect(page.locator("#status")).to_have_text("Diajukan, menunggu verifikasi")
    expect(page.locator("#form-setujui button")).to_be_disabled()
    page.check("#form-lapangan input[name=confirms][value=ya]")
    page.fill("#form-lapangan textarea[name=note]", "Rumah semi permanen, bekerja memilah sampah di TPA Manggar")
    page.click("#form-lapangan button")
    page.click("#form-setujui button")
    expect(page.locator(".messages")).to_contain_text(f"Usulan {reference} terverifikasi")

    # 3. The labour agency sends the verified candidates to BPJS (Pasal 8 ayat (2)).
    login("disnaker")
    inbox_link(page, "siap dikirim ke BPJS")
    page.click("a:has-text('Cek BPJS')")
    page.click("#kirim-bpjs")
    expect(page.locator(".messages")).to_contain_text("1 calon dikirim ke BPJS")

    # 4. The BPJS officer downloads the list and answers: not yet a participant.
    login("bpjs")
    inbox_link(page, "menunggu pemeriksaan kepesertaan BPJS")
    candidates = download(page, "#unduh-calon-csv").decode()
    assert NIK in candidates and reference in candidates
    answer = tmp_path / "jawaban-bpjs.csv"
    answer.write_text(f"NIK,No KPJ,Status Kepesertaan\n{NIK},,NONAKTIF\n")
    page.set_input_files("input[name=file]", str(answer))
    page.click("form[action*=jawaban] button")
    expect(page.locator("#hasil-jawaban")).to_contain_text("0 sudah peserta aktif, 1 belum peserta")

    # 5. The TVEM consolidates one list across agencies (Pasal 8 ayat (3)).
    login("tvem")
    inbox_link(page, "menunggu konsolidasi TVEM")
    page.click("#jalankan-konsolidasi")
    expect(page.locator(".messages")).to_contain_text("1 calon baru")
    expect(page.locator("#daftar-konsolidasi")).to_contain_text("Sumiati Binti Kasim")

    # 6. The labour agency drafts the decree annex, then records the signed decree (Pasal 8 ayat (4)-(5)).
    login("disnaker")
    inbox_link(page, "siap ditetapkan dengan Keputusan")
    draft = tmp_path / "rancangan.pdf"
    draft.write_bytes(download(page, "#rancangan-pdf"))
    text = "".join(p.extract_text() for p in PdfReader(draft).pages)
    assert "RANCANGAN" in text and "Sumiati Binti Kasim" in text
    page.fill("#id_number", "100.3.3.2/K.321/2026")
    page.fill("#id_signed_on", timezone.localdate().isoformat())
    page.click("#form-keputusan button")
    expect(page.locator("#konfirmasi-keputusan")).to_contain_text("menetapkan 1 penerima dan mengunci daftar ini")
    page.click("#ya-catat")
    expect(page.locator(".messages")).to_contain_text("1 penerima ditetapkan; daftar ini terkunci")
    expect(page.locator("#daftar-keputusan")).to_contain_text("100.3.3.2/K.321/2026")

    # 7. Enrolment (Pasal 8 ayat (6)): the registration file for BPJS, then the KPJ numbers back.
    inbox_link(page, "menunggu pendaftaran ke BPJS")
    registration = download(page, "#pendaftaran-csv-1").decode()
    assert NIK in registration and cycle.enrolment_date.isoformat() in registration
    kpj = tmp_path / "kpj.csv"
    kpj.write_text(f"nik,kpj\n{NIK},26110012345\n")
    page.set_input_files("#form-kpj input[name=file]", str(kpj))
    page.click("#form-kpj button")
    expect(page.locator("#hasil-kpj")).to_contain_text("1 terdaftar")

    participant = Participant.objects.get(person__nik=NIK)
    assert participant.kpj == "26110012345" and participant.programme == cycle.programme
    assert MembershipPeriod.objects.get(participant=participant).start == cycle.enrolment_date
    assert Application.objects.get(reference=reference).status == Application.Status.TERDAFTAR

    # 8. The worker checks their status: enrolled, from 1 January next year; nothing else disclosed.
    page.context.clear_cookies()
    page.goto("/usulan/status/")
    page.fill("#id_nik", NIK)
    page.fill("#id_birth_date", BIRTH.isoformat())
    page.click("#cek-status button")
    expect(page.locator("#hasil-status")).to_contain_text("Anda terdaftar sebagai peserta Jaminan Kecelakaan Kerja")
    expect(page.locator("#hasil-status")).not_to_contain_text("Sumiati")

    # 9. The auditor reads every step in the audit trail.
    login("auditor")
    page.goto(f"/audit/?jenis=applications.application&id={Application.objects.get(reference=reference).pk}")
    for action in ("application.submit", "application.field_visit", "application.approve"):
        expect(page.locator("table")).to_contain_text(action)


def test_an_agency_cannot_see_another_agencys_applications(cycle, page, login):
    page.goto("/usulan/daftar/")
    fill_application(page, nik=nik_rules.make("64.71.01", BIRTH, "P", 4301), name="Wati Pedagang Ojek",
                     occupation="tukang_ojek", income="1500000")
    page.click("#usulan button[type=submit]")
    expect(page.locator("h1")).to_have_text("Usulan Anda tercatat")
    page.goto("/usulan/daftar/")
    fill_application(page, nik=nik_rules.make("64.71.01", BIRTH, "P", 4302), name="Rina Nelayan Manggar",
                     occupation="nelayan", income="1500000")
    page.click("#usulan button[type=submit]")
    expect(page.locator("h1")).to_have_text("Usulan Anda tercatat")
    fisher = Application.objects.get(name="Rina Nelayan Manggar")

    login("dishub")
    page.goto("/usulan/")
    expect(page.locator("#daftar-usulan")).to_contain_text("Wati Pedagang Ojek")
    expect(page.locator("#daftar-usulan")).not_to_contain_text("Rina Nelayan Manggar")
    page.goto("/verifikasi/")
    expect(page.locator("#daftar-kerja")).to_contain_text("Wati Pedagang Ojek")
    expect(page.locator("#daftar-kerja")).not_to_contain_text("Rina Nelayan Manggar")
    assert page.goto(f"/usulan/{fisher.pk}/").status == 404
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    refused = page.request.post(f"/verifikasi/usulan/{fisher.pk}/tolak/", form={"reason": "bukan urusan Dishub"},
                                headers={"X-CSRFToken": token, "Referer": page.url})
    assert refused.status == 404  # past CSRF, stopped by scope
    assert Application.objects.get(pk=fisher.pk).status == Application.Status.DIAJUKAN

    login("dp3")
    page.goto("/usulan/")
    expect(page.locator("#daftar-usulan")).to_contain_text("Rina Nelayan Manggar")
    expect(page.locator("#daftar-usulan")).not_to_contain_text("Wati Pedagang Ojek")
    assert page.goto(f"/usulan/{fisher.pk}/").status == 200
    expect(page).to_have_url(re.compile(f"/usulan/{fisher.pk}/"))


def test_bulk_upload_shows_progress_and_per_row_results(demo_city, page, login, tmp_path):
    from lindung import synth
    from lindung.applications.services import cycles

    programme = factories.programme(demo_city["disnaker"])
    cycles.create_cycle(demo_city["disnaker"], programme=programme, year=2026, enrolment_date=date(2027, 1, 1))  # Q3 2026 window
    generated = tmp_path / "pendataan-disnaker.csv"
    synth.write_applicants(generated, seed=11, rows=300, year=2026)

    login("disnaker")  # city-wide; an agency's upload keeps its own occupations only (tests/workflow/test_intake_scope.py)
    page.goto("/usulan/unggah/")
    page.set_input_files("#id_file", str(generated))
    page.click("#form-unggah button")
    expect(page.locator(".job-progress .job-status")).to_have_text("Selesai")
    expect(page.locator(".job-progress progress")).to_have_attribute("value", "100")
    created = int(page.locator("#jumlah-dibuat").inner_text().replace(".", "").replace(",", ""))
    assert created == Application.objects.count() > 250
    lines = download(page, "#unduh-hasil").decode().splitlines()
    assert len(lines) == 301 and lines[0].endswith("keputusan,alasan,alasan_teks,hasil,keterangan,nomor_usulan")

    # The same file again: nothing is created twice.
    page.goto("/usulan/unggah/")
    page.set_input_files("#id_file", str(generated))
    page.click("#form-unggah button")
    expect(page.locator(".messages")).to_contain_text("sudah pernah diunggah")
    assert Application.objects.count() == created
