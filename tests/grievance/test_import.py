"""`lindung complaints import --tenant CODE FILE --out FILE` (DESIGN.md §4): contract columns, one result
line per input row in input order, refused rows with an empty `nomor` and their reason, idempotence."""

import csv

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lindung.accounts.permissions import Operator
from lindung.audit.models import AuditEvent
from lindung.domain import grievance as g
from lindung.grievance.models import Complaint
from lindung.grievance.services import importing
from lindung.platform.errors import PermissionDenied
from lindung.platform.files import read_table

HEADER = ["nomor_lapor", "diterima_pada", "saluran", "kategori", "nama", "nik", "telepon", "kode_wilayah",
          "pekerjaan", "isi"]


def row(**values):
    base = {"nomor_lapor": "", "diterima_pada": "2026-01-13 09:15", "saluran": "LAPOR", "kategori": "KEPESERTAAN",
            "nama": "Siti", "nik": "", "telepon": "0812-5555-1234", "kode_wilayah": "64.71.01.1001",
            "pekerjaan": "pemulung", "isi": "Kartu belum diterima"}
    return {**base, **values}


def write(path, rows, delimiter=","):
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(tmp_path, rows, name="hasil.csv"):
    source = write(tmp_path / "lapor.csv", rows)
    out = tmp_path / name
    call_command("complaints", "import", "--tenant", "balikpapan", str(source), "--out", str(out))
    return pl.read_csv(out, infer_schema=False).to_dicts()


@pytest.fixture
def lapor_rows(make_person):
    person = make_person("Budi Santoso", occupation="nelayan")
    return [
        row(nomor_lapor="LAPOR-1001", kategori="PENDATAAN", nik=person.nik, pekerjaan=""),
        row(nomor_lapor="LAPOR-1002", kategori="Banjir"),  # unknown category
        row(nomor_lapor="LAPOR-1003", diterima_pada="2099-01-01"),  # in the future
        row(nomor_lapor="LAPOR-1004", kategori="KECELAKAAN_KERJA", diterima_pada="2026-01-17"),  # Saturday
        row(nomor_lapor="LAPOR-1005", nik="6471014101900099"),  # a valid NIK nobody has
        row(nomor_lapor="", saluran="LISAN", kategori="PENDATAAN", pekerjaan="pemulung"),  # desk record
        row(nomor_lapor="LAPOR-1007", kategori="PUNGLI", nama="Rahasia"),
    ]


def test_result_follows_the_contract_in_input_order(tmp_path, balikpapan, lapor_rows):
    result = run(tmp_path, lapor_rows)
    assert list(result[0]) == list(g.RESULT_COLUMNS) == ["baris", "nomor", "kategori", "ditangani_oleh",
                                                         "batas_tanggapan", "status", "alasan"]
    assert [r["baris"] for r in result] == [str(i) for i in range(1, 8)]
    ok, banjir, future, accident, unknown_nik, desk, levy = result
    # PENDATAAN by the person's occupation (Lampiran I: nelayan -> DP3); 3 working days after Tue 13 Jan
    # 2026 skip Isra Mikraj (Fri 16) and the weekend.
    assert (ok["kategori"], ok["ditangani_oleh"], ok["batas_tanggapan"], ok["status"]) == (
        "PENDATAAN", "dp3", "2026-01-19", "DITERIMA")
    assert ok["nomor"].startswith("PGD-26-") and ok["alasan"] is None
    assert banjir["nomor"] is None and "kategori 'Banjir' tidak dikenal" in banjir["alasan"]
    assert future["nomor"] is None and "diterima_pada tidak boleh di masa depan" in future["alasan"]
    assert (accident["ditangani_oleh"], accident["batas_tanggapan"]) == ("bpjs", "2026-01-19")  # same day -> Monday
    assert unknown_nik["nomor"] is None and "NIK tidak dikenal" in unknown_nik["alasan"]  # issue 10: bad input
    assert desk["ditangani_oleh"] == "kelurahan:64.71.01.1001"
    assert levy["ditangani_oleh"] == "disnaker"
    assert Complaint.objects.count() == 4
    stored = Complaint.objects.get(number=ok["nomor"])
    assert stored.lapor_number == "LAPOR-1001" and stored.channel == "LAPOR" and stored.person.name == "Budi Santoso"
    assert Complaint.objects.get(number=levy["nomor"]).sealed


def test_the_same_file_again_creates_nothing_and_answers_the_same_numbers(tmp_path, balikpapan, lapor_rows):
    first = run(tmp_path, lapor_rows)
    again = run(tmp_path, lapor_rows, name="lagi.csv")
    assert Complaint.objects.count() == 4
    assert [r["nomor"] for r in again] == [r["nomor"] for r in first]
    assert all("tidak dibuat lagi" in r["alasan"] for r in again if r["nomor"])
    assert AuditEvent.objects.filter(action="complaint.import").count() == 2


def test_a_lapor_number_twice_in_one_file(tmp_path, balikpapan):
    result = run(tmp_path, [row(nomor_lapor="LAPOR-9"), row(nomor_lapor="LAPOR-9", isi="dikirim dua kali")])
    assert result[0]["nomor"] == result[1]["nomor"] and Complaint.objects.count() == 1


def test_xlsx_result_and_semicolon_input(tmp_path, balikpapan):
    source = write(tmp_path / "loket.csv", [row(nomor_lapor="L-1")], delimiter=";")
    out = tmp_path / "hasil.xlsx"
    call_command("complaints", "import", "--tenant", "balikpapan", str(source), "--out", str(out))
    assert pl.read_excel(out).to_dicts()[0]["ditangani_oleh"] == "bpjs"


def test_a_file_without_the_required_columns_changes_nothing(tmp_path, balikpapan):
    bad = tmp_path / "salah.csv"
    bad.write_text("nik,nama\n6471015507900001,Siti\n", encoding="utf-8")
    with pytest.raises(CommandError, match="kolom wajib pengaduan tidak ditemukan"):
        call_command("complaints", "import", "--tenant", "balikpapan", str(bad), "--out", str(tmp_path / "o.csv"))
    assert not Complaint.objects.exists()


def test_unknown_tenant_is_named(tmp_path, balikpapan):
    source = write(tmp_path / "a.csv", [row()])
    with pytest.raises(CommandError, match="yang ada: .*balikpapan"):
        call_command("complaints", "import", "--tenant", "atlantis", str(source), "--out", str(tmp_path / "o.csv"))


def test_only_the_labour_agency_imports(tmp_path, users, balikpapan):
    rows = read_table(write(tmp_path / "a.csv", [row(nomor_lapor="L-7")]), g.LAYOUT)
    with pytest.raises(PermissionDenied):
        importing.import_complaints(users["bpjs"], tenant=balikpapan, rows=rows)
    result = importing.import_complaints(Operator("uji"), tenant=balikpapan, rows=rows)
    assert result.counts == {"dicatat": 1, "sudah_ada": 0, "ditolak": 0}
    assert AuditEvent.objects.get(action="complaint.import").actor_name == "cli:uji"


def test_the_labour_agency_imports_from_the_web(client, users, balikpapan, tmp_path,
                                                django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    source = write(tmp_path / "lapor-januari.csv", [row(nomor_lapor="L-1"), row(nomor_lapor="L-2", kategori="X")])
    client.force_login(users["labour"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grievance:import"), {
            "file": SimpleUploadedFile("lapor-januari.csv", source.read_bytes(), content_type="text/csv")},
            follow=True)
    job_page = response.redirect_chain[-1][0]
    assert "Pengaduan dicatat" in client.get(job_page).content.decode()  # the job ran on commit
    download = client.get(job_page + "hasil.csv")
    lines = b"".join(download.streaming_content).decode().splitlines()
    assert lines[0] == ",".join(g.RESULT_COLUMNS) and len(lines) == 3
    assert Complaint.objects.count() == 1
    # Another officer cannot read that job's result (it names every complaint).
    client.force_login(users["tvem"])
    assert client.get(job_page + "hasil.csv").status_code == 404


def test_a_web_upload_without_the_columns_is_refused_at_once(client, users, balikpapan):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(users["labour"])
    response = client.post(reverse("grievance:import"), {
        "file": SimpleUploadedFile("salah.csv", b"nik,nama\n1,a\n", content_type="text/csv")})
    assert "kolom wajib pengaduan tidak ditemukan" in response.content.decode()
    client.force_login(users["bpjs"])
    assert client.get(reverse("grievance:import")).status_code == 403
