"""Issue 13 item 4: documents as Pemdas print them — each is rendered and read back."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader

from lindung.applications.models import Application
from lindung.applications.services import decree as decrees
from lindung.applications.services import submit

from .factories import applicant


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def fixed(cycle, users, programme):
    programme.labour_head_name, programme.labour_head_nip = "Drs. Andi Labour", "197001012000031001"
    programme.save()
    ids = []
    for i in range(45):  # the labour agency enters for the whole city (any occupation, any kelurahan)
        a = submit.submit_application(users["labour"], cycle=cycle, data=applicant(
            f"Nama Panjang Sekali Pemohon Nomor {i} Binti Abdurrahman", serial=9100 + i, occupation="sopir_angkutan_umum",
            kelurahan="64.71.03.1005", address="Jl. Soekarno Hatta Km 5 RT 21 Gang Swadaya Nomor 17"))
        ids.append(a.pk)
    for rank, pk in enumerate(ids, start=1):
        Application.objects.filter(pk=pk).update(status="KONSOLIDASI", rank=rank)
    return ids


def test_the_decree_annex_wraps_numbers_its_pages_and_has_signature_blocks(cycle, users, fixed):
    decree = decrees.record_decree(users["labour"], cycle=cycle, number="100.3.3.2/K.77/2026", signed_on=date.today())
    path = decrees.signed_annex(users["labour"], decree=decree, fmt="pdf")
    text = pdf_text(path)
    flat = re.sub(r"\s+", " ", text)
    assert "motoris speed boat dan klotok" in flat  # the occupation is never clipped
    assert "Gunung Samarinda Baru, Kec. Balikpapan Utara" in flat  # nor the kelurahan
    pages = re.findall(r"Halaman (\d+) dari (\d+)", text)
    assert len(pages) >= 2 and all(total == pages[-1][1] for _, total in pages) and pages[0][0] == "1"
    with_rows = [p.extract_text() for p in PdfReader(path).pages if "Binti Abdurrahman" in p.extract_text()]
    assert len(with_rows) >= 2 and all("Tempat, Tanggal Lahir" in t for t in with_rows)  # heading on each page
    assert "WALI KOTA BALIKPAPAN," in flat and "Ditetapkan di" in flat
    assert "Drs. Andi Labour" in flat and "NIP. 197001012000031001" in flat
    assert "Jumlah penerima: 45 orang." in flat


def test_the_annex_workbook_keeps_numbers_and_dates_typed(cycle, users, fixed):
    path = decrees.draft_annex(users["labour"], cycle=cycle, fmt="xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Lampiran"]
    sheet = book["Lampiran"]
    header = [c.value for c in sheet[1]]
    assert header == ["no", "nik", "nama", "tempat_lahir", "tanggal_lahir", "alamat", "kelurahan", "pekerjaan"]
    first = [c.value for c in sheet[2]]
    assert first[0] == 1 and isinstance(first[0], int)
    assert first[4].date() == date(1990, 5, 17)
    assert isinstance(first[1], str) and len(first[1]) == 16  # a NIK stays text, never a float


def test_the_receipt_carries_the_lampiran_ii_statement(client, cycle, users):
    application = submit.submit_application(users["lurah"], cycle=cycle, data=applicant(
        "Sumiati Binti Kasim", serial=9301, occupation="pedagang_keliling", monthly_income=1_250_000))
    client.force_login(users["lurah"])
    response = client.get(f"/usulan/{application.pk}/surat/tanda-terima.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(response.content)).pages))
    assert "Yang bertanda tangan di bawah ini" in text and "Sumiati Binti Kasim" in text and application.nik in text
    assert "pedagang keliling" in text and "di bawah upah minimum Kota Balikpapan" in text and "Rp1.250.000" in text
    assert application.reference in text and "Pemohon," in text
    assert AuditEventFor(application, "application.letter")


def test_refusal_and_send_back_letters_cite_the_articles(client, cycle, users):
    refused = submit.submit_application(users["lurah"], cycle=cycle, data=applicant(serial=9302, monthly_income=9_000_000))
    client.force_login(users["lurah"])
    assert client.get(f"/usulan/{refused.pk}/surat/penolakan.pdf").status_code == 404  # not refused yet
    from lindung.applications.services import verify

    verify.reject(users["lurah"], application=refused, reason="Penghasilan di atas UMK menurut pendataan")
    text = re.sub(r"\s+", " ", pdf_text_of(client.get(f"/usulan/{refused.pk}/surat/penolakan.pdf").content))
    assert "Pemberitahuan usulan tidak dapat diterima" in text and "Pasal 5 ayat (1) huruf f" in text
    assert "Penghasilan di atas UMK menurut pendataan" in text and "Kepala Dinas Tenaga Kerja" in text
    back = submit.submit_application(users["lurah"], cycle=cycle, data=applicant(serial=9303))
    verify.send_back(users["lurah"], application=back, reason="Surat domisili RT belum dilampirkan")
    text = re.sub(r"\s+", " ", pdf_text_of(client.get(f"/usulan/{back.pk}/surat/pengembalian.pdf").content))
    assert "Pengembalian usulan untuk diperbaiki" in text and "Surat domisili RT belum dilampirkan" in text
    other = users["dishub"]
    client.force_login(other)
    assert client.get(f"/usulan/{back.pk}/surat/pengembalian.pdf").status_code == 404  # not in the officer's scope


def test_the_worker_prints_the_receipt_after_applying(client, cycle):
    from django.urls import reverse

    data = applicant(serial=9304)
    form = {"cycle": cycle.pk, "nik": data["nik"], "no_kk": data["no_kk"], "name": "Ani Lestari", "birth_place": "Balikpapan",
            "birth_date": "1990-05-17", "sex": "P", "address": "Jl. Manggar", "kelurahan": "64.71.01.1001",
            "phone": "081234567890", "occupation": "pemulung", "monthly_income": "1500000",
            "domicile_since": "2015-01-01", "statement": "on"}
    client.post(reverse("applications:apply"), form)
    receipt = client.get(reverse("applications:applied_receipt"))
    assert receipt.status_code == 200 and "Ani Lestari" in pdf_text_of(receipt.content)
    assert client_without_session().get(reverse("applications:applied_receipt")).status_code == 404


def pdf_text_of(data: bytes) -> str:
    import io

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def client_without_session():
    from django.test import Client

    return Client()


def AuditEventFor(application, action):  # noqa: N802 - reads as a sentence in the assertion
    from lindung.audit.models import AuditEvent

    return AuditEvent.objects.filter(action=action, target_id=str(application.pk)).exists()
