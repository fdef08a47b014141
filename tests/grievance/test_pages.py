"""The pages: the public form and tracking (no login), the desk entry and its slip, the worklist and the
complaint page with its steps."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.grievance.models import Complaint, Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def public_data(balikpapan, **changes):
    return {"tenant": balikpapan.pk, "category": "KEPESERTAAN", "text": "Kartu BPJS saya belum diterima",
            "name": "Siti Aminah", "phone": "0812-5555-1234", "nik": "", "kelurahan": "64.71.01.1001",
            "occupation": "", "application_reference": "", **changes}


def test_public_form_files_a_complaint_and_shows_the_ticket(client, balikpapan):
    page = client.get(reverse("grievance:complain"))
    assert page.status_code == 200 and b"<script>" not in page.content
    response = client.post(reverse("grievance:complain"), public_data(balikpapan), follow=True)
    complaint = Complaint.objects.get()
    assert complaint.channel == "DARING" and complaint.received_by is None
    text = response.content.decode()
    assert complaint.number in text and "BPJS Ketenagakerjaan" in text
    assert complaint.reporter.phone_key == "081255551234"


def test_public_form_needs_a_phone_and_keeps_what_was_typed(client, balikpapan):
    response = client.post(reverse("grievance:complain"), public_data(balikpapan, phone=""))
    assert response.status_code == 200 and not Complaint.objects.exists()
    assert "Kartu BPJS saya belum diterima" in response.content.decode()


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("surat.exe", b"MZ\x90\x00binary", content_type="application/pdf"), "PDF, JPEG atau PNG"),
    (SimpleUploadedFile("besar.pdf", PDF + b"0" * (5 * 1024 * 1024), content_type="application/pdf"), "lebih besar"),
])
def test_a_refused_attachment_loses_nothing_else(client, balikpapan, upload, message):
    data = public_data(balikpapan, attachment=upload)
    response = client.post(reverse("grievance:complain"), data)
    text = response.content.decode()
    assert response.status_code == 200 and not Complaint.objects.exists()
    assert message in text
    assert "Kartu BPJS saya belum diterima" in text and "0812-5555-1234" in text and "Siti Aminah" in text


def test_public_form_is_rate_limited(client, balikpapan, settings):
    settings.LINDUNG_RATE_LIMITS = {"complaint": (2, 3600)}
    for _ in range(2):
        client.post(reverse("grievance:complain"), public_data(balikpapan))
    response = client.post(reverse("grievance:complain"), public_data(balikpapan))
    assert response.status_code == 429
    assert Complaint.objects.count() == 2


def test_desk_records_an_oral_complaint_and_prints_the_slip(client, users, balikpapan):
    client.force_login(users["labour"])
    data = {**public_data(balikpapan, phone=""), "channel_choice": "LISAN", "received_when": "2026-01-13T09:30",
            "category": "IURAN", "name": ""}
    response = client.post(reverse("grievance:new"), data, follow=True)
    complaint = Complaint.objects.get()
    assert response.redirect_chain[-1][0] == reverse("grievance:slip", args=[complaint.pk])
    text = response.content.decode()
    assert complaint.number in text and "Senin, 19 Januari 2026" in text  # 16 Jan is Isra Mikraj
    assert "print.js" in text and complaint.received_by == users["labour"]


def test_the_lurah_prints_the_slip_of_a_complaint_bpjs_handles(client, users, balikpapan):
    client.force_login(users["lurah"])
    data = {**public_data(balikpapan), "channel_choice": "LISAN", "received_when": "2026-01-13T09:30"}
    response = client.post(reverse("grievance:new"), data, follow=True)
    complaint = Complaint.objects.get()
    assert complaint.handled_by == "bpjs" and complaint.number in response.content.decode()
    # The slip stays printable in this session; the complaint itself is BPJS's.
    assert client.get(reverse("grievance:detail", args=[complaint.pk])).status_code == 404


def test_tracking_shows_minimal_disclosure_and_the_answer(client, complain, users):
    complaint = complain("KEPESERTAAN", name="Siti Aminah", text="Nama saya salah di kartu")
    from lindung.grievance.services import handle

    handle.answer(users["bpjs"], complaint=complaint, text="Kartu sudah dicetak ulang, ambil di kantor cabang.")
    wrong = client.post(reverse("grievance:track"), {"number": complaint.number, "phone": "0812-0000-0000"})
    assert "tidak ditemukan" in wrong.content.decode()
    found = client.post(reverse("grievance:track"), {"number": complaint.number.lower(), "phone": "+62 812 5555 1234"})
    text = found.content.decode()
    assert "Dijawab" in text and "Kartu sudah dicetak ulang" in text and "BPJS Ketenagakerjaan" in text
    assert "Siti Aminah" not in text and "Nama saya salah" not in text  # minimal disclosure
    response = client.post(reverse("grievance:reply"), {"decision": "buka", "reason": "Kantor cabang tutup"},
                           follow=True)
    assert "dibuka kembali" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.DIBUKA_KEMBALI


def test_reply_needs_a_tracked_complaint(client, db):
    response = client.post(reverse("grievance:reply"), {"decision": "terima"}, follow=True)
    assert "Lacak pengaduan Anda terlebih dahulu" in response.content.decode()


def test_worklist_sorts_by_deadline_and_counts(client, complain, users):
    from .conftest import at

    later = complain("IURAN", when=at(2026, 1, 13, 10, 0))
    sooner = complain("IURAN", when=at(2026, 1, 5, 10, 0))
    client.force_login(users["labour"])
    response = client.get(reverse("grievance:worklist"))
    text = response.content.decode()
    assert text.index(sooner.number) < text.index(later.number)
    assert "Terlambat: 2" in text
    page = client.get(reverse("grievance:detail", args=[sooner.pk])).content.decode()
    assert "tanggapan pertama" in page and "tanggapan</dd>" not in page  # the late step in words


def test_officer_steps_from_the_complaint_page(client, complain, users, officers):
    complaint = complain("KEPESERTAAN")
    client.force_login(users["bpjs"])
    detail = reverse("grievance:detail", args=[complaint.pk])
    assert client.get(detail).status_code == 200
    client.post(reverse("grievance:act", args=[complaint.pk, "ambil"]), {"note": ""})
    complaint.refresh_from_db()
    assert complaint.status == Status.DIPROSES and complaint.assigned_to == users["bpjs"]
    client.post(reverse("grievance:act", args=[complaint.pk, "jawab"]), {"text": "Sudah diperbaiki."})
    client.post(reverse("grievance:act", args=[complaint.pk, "lampiran"]),
                {"file": SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")})
    complaint.refresh_from_db()
    assert complaint.status == Status.DIJAWAB and complaint.attachments.count() == 1
    attachment = complaint.attachments.get()
    opened = client.get(reverse("grievance:attachment", args=[complaint.pk, attachment.pk]))
    assert opened.status_code == 200 and b"".join(opened.streaming_content) == PDF
    client.post(reverse("grievance:act", args=[complaint.pk, "selesai"]), {"note": "Pelapor puas (telepon)"})
    complaint.refresh_from_db()
    assert complaint.status == Status.SELESAI


def test_desk_refuses_a_moment_in_the_future_beside_its_field(client, users, balikpapan):
    client.force_login(users["labour"])
    data = {**public_data(balikpapan), "channel_choice": "LISAN", "received_when": "2099-01-01T09:00"}
    response = client.post(reverse("grievance:new"), data)
    assert response.status_code == 200 and not Complaint.objects.exists()
    assert "tidak boleh di masa depan" in response.content.decode()
    assert response.context["form"].errors["received_when"]


def test_the_person_page_lists_their_complaints_but_hides_a_sealed_one_from_who_may_not_know_the_reporter(
        client, complain, make_person, officers):
    person = make_person("Ani Pemulung", kelurahan="64.71.01.1001")
    open_one = complain("IURAN", nik=person.nik)
    levy = complain("PUNGLI", nik=person.nik, text="Diminta uang agar usulan diproses")
    page_of = "/penduduk/%d/" % person.pk
    client.force_login(officers["labour"])
    page = client.get(page_of).content.decode()
    assert f"/pengaduan/petugas/{open_one.pk}/" in page and open_one.number in page
    assert levy.number not in page  # the labour agency does not learn who reported an illegal levy
    client.force_login(officers["head"])
    assert levy.number in client.get(page_of).content.decode()
    client.force_login(officers["lurah"])  # the resident of Manggar, but not complaints routed elsewhere
    page = client.get(page_of)
    assert page.status_code == 200 and open_one.number not in page.content.decode()


def test_worklist_counts_filters_and_exports_what_is_filtered(client, complain, users):
    from .conftest import at

    wage = complain("IURAN", when=at(2026, 1, 5, 10, 0))
    levy = complain("KEPESERTAAN", when=at(2026, 1, 6, 10, 0), channel="TERTULIS")
    client.force_login(users["labour"])
    url = reverse("grievance:worklist")
    everything = client.get(url).content.decode()
    assert "2 baris" in everything and wage.number in everything and levy.number in everything
    only_letters = client.get(url, {"saluran": "TERTULIS"}).content.decode()
    assert "1 baris" in only_letters and wage.number not in only_letters
    by_number = client.get(url, {"q": wage.number.lower()}).content.decode()
    assert wage.number in by_number and levy.number not in by_number
    export = client.get(url, {"kategori": "IURAN", "ekspor": "csv"})
    lines = (b"".join(export.streaming_content) if export.streaming else export.content).decode().splitlines()
    assert lines[0].startswith("nomor,diterima,saluran,kategori") and len(lines) == 2 and wage.number in lines[1]
    closed_view = client.get(url, {"lihat": "ditutup"}).content.decode()
    assert "0 baris" in closed_view  # both still open


def test_worklist_reads_an_unknown_view_as_the_open_ones(client, complain, users):
    complaint, closed = complain("IURAN"), complain("IURAN")
    Complaint.objects.filter(pk=closed.pk).update(status=Status.SELESAI)
    client.force_login(users["labour"])
    page = client.get(reverse("grievance:worklist"), {"lihat": "bukan-pilihan"}).content.decode()
    assert complaint.number in page and closed.number not in page and "1 baris" in page
    everything = client.get(reverse("grievance:worklist"), {"lihat": "semua"}).content.decode()
    assert closed.number in everything and "2 baris" in everything
