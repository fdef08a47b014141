"""Reference datasets in the app (import, validation report, latest snapshot, all-or-nothing), the
screening page as a background job with filters and downloads, and the rule-set pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from lindung.accounts.permissions import PermissionDenied
from lindung.audit.models import AuditEvent
from lindung.domain.exchange import APPLICANTS
from lindung.jobs.models import Job
from lindung.platform.files import TableError
from lindung.registers import selectors, services
from lindung.registers.models import BpjsRecord, PovertyRecord, ReferenceDataset

from .conftest import applicant, csv_upload, import_file

POVERTY_ROWS = [
    {"nik": "6471011705900001", "no_kk": "1", "desil": "2", "miskin_ekstrem": "ya"},
    {"nik": " '6471011705900002", "no_kk": "1", "desil": "11", "miskin_ekstrem": "tidak"},  # desil out of range
    {"nik": "12345", "no_kk": "", "desil": "3", "miskin_ekstrem": ""},  # cannot be a NIK: not stored
    {"nik": "", "no_kk": "", "desil": "3", "miskin_ekstrem": ""},
    {"nik": "6471011705900001", "no_kk": "1", "desil": "4", "miskin_ekstrem": "tidak"},
]


def test_import_poverty_extract_with_validation_report(users, tmp_path):
    dataset = import_file(users["labour"], tmp_path, "kemiskinan", POVERTY_ROWS, ("nik", "no_kk", "desil", "miskin_ekstrem"))
    report = dataset.report
    assert (dataset.row_count, dataset.stored_count) == (5, 3)
    assert report["nik_tidak_valid"] == {"jumlah": 1, "contoh_baris": [4]}  # line 4 = data row 3
    assert report["nik_kosong"]["jumlah"] == 1
    assert report["desil_tidak_valid"]["jumlah"] == 1 and report["nik_berulang"] == 1
    assert sorted(PovertyRecord.objects.filter(dataset=dataset).values_list("nik", "desil", "miskin_ekstrem")) == [
        ("6471011705900001", 2, True), ("6471011705900001", 4, False), ("6471011705900002", None, False)]
    assert Path(dataset.path).read_text().splitlines()[0] == "nik,no_kk,desil,miskin_ekstrem"
    assert AuditEvent.objects.filter(action="engine.dataset.import", target_id=str(dataset.pk)).exists()


def test_latest_snapshot_feeds_single_application_checks(users, tmp_path):
    import_file(users["labour"], tmp_path, "kemiskinan", POVERTY_ROWS[:1], ("nik", "desil", "miskin_ekstrem"),
                snapshot=date(2025, 3, 31), name="lama.csv")
    newer = import_file(users["labour"], tmp_path, "kemiskinan", [dict(POVERTY_ROWS[0], desil="5")],
                        ("nik", "desil", "miskin_ekstrem"), snapshot=date(2025, 6, 30), name="baru.csv")
    assert selectors.latest_snapshot("kemiskinan", users["labour"].tenant) == newer
    assert selectors.rows_for_nik("kemiskinan", "6471011705900001") == [
        {"nik": "6471011705900001", "no_kk": "", "desil": "5", "miskin_ekstrem": "ya"}]
    assert selectors.rows_for_nik("bpjs", "6471011705900001") == []


def test_bpjs_extract_in_another_layout_with_a_column_mapping(users, tmp_path):
    rows = [{"NO_IDENTITAS": "6471011705900001", "NO_KARTU": "123", "STATUS_PST": "aktif"}]
    dataset = import_file(users["bpjs"], tmp_path, "bpjs", rows, ("NO_IDENTITAS", "NO_KARTU", "STATUS_PST"),
                          mapping={"NO_IDENTITAS": "nik", "STATUS_PST": "status"})
    assert list(BpjsRecord.objects.filter(dataset=dataset).values_list("nik", "kpj", "status")) == [
        ("6471011705900001", "123", "AKTIF")]
    assert dataset.report["per_status"] == {"AKTIF": 1}


def test_who_may_import(users, tmp_path):
    with pytest.raises(PermissionDenied):
        import_file(users["auditor"], tmp_path, "kemiskinan", POVERTY_ROWS, ("nik", "desil"))
    with pytest.raises(PermissionDenied):
        import_file(users["bpjs"], tmp_path, "kemiskinan", POVERTY_ROWS, ("nik", "desil"))


def test_missing_columns_are_refused_before_anything_is_stored(users, tmp_path):
    with pytest.raises(TableError, match="desil"):
        import_file(users["labour"], tmp_path, "kemiskinan", POVERTY_ROWS, ("nik", "no_kk"))
    assert not ReferenceDataset.objects.exists()


def test_a_failed_import_leaves_the_database_as_it_was(users, tmp_path, monkeypatch, settings):
    def fail_half_way(plan, dataset_id, cursor, total, progress):
        PovertyRecord.objects.create(dataset_id=dataset_id, nik="6471011705900001")
        raise OSError("disk penuh")

    def stored_files() -> set[Path]:
        return set((Path(settings.MEDIA_ROOT) / "rujukan").rglob("*.csv"))

    before = stored_files()
    monkeypatch.setattr(services, "_bulk_insert", fail_half_way)
    with pytest.raises(OSError):
        import_file(users["labour"], tmp_path, "kemiskinan", POVERTY_ROWS, ("nik", "no_kk", "desil", "miskin_ekstrem"))
    assert not ReferenceDataset.objects.exists() and not PovertyRecord.objects.exists()
    assert stored_files() == before


def test_screening_runs_as_a_background_job(users, tmp_path, reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_screening(
            users["dinsos"], upload=csv_upload(tmp_path, "pendaftar.csv", reference_data, APPLICANTS.columns),
            ruleset_id="balikpapan-perwali-3-2025", dedupe=False)  # the rows share a name, birth date and KK
    job.refresh_from_db()
    assert job.result["dedupe"] is None
    assert job.status == Job.Status.SELESAI, job.error
    assert job.result["by_decision"] == {"LAYAK": 1, "TIDAK_LAYAK": 1, "PERLU_VERIFIKASI": 1, "DATA_TIDAK_VALID": 0}
    page = selectors.result_rows(job, keputusan="TIDAK_LAYAK")
    assert [(r["baris"], r["alasan"]) for r in page.rows] == [(2, "PEKERJAAN_TIDAK_TERCAKUP")]
    page = selectors.result_rows(job, alasan="DATA_KEMISKINAN_TIDAK_ADA")
    assert [r["baris"] for r in page.rows] == [3]
    # Another agency's officer cannot open it (tests/registers/test_screening_scope.py has every role).
    with pytest.raises(PermissionDenied):
        selectors.get_screening_job(users["dishub"], job.pk)


def test_screening_refuses_a_file_without_the_columns_at_once(users, tmp_path, reference_data):
    with pytest.raises(TableError, match="pendaftar-salah.csv.*tanggal_lahir"):
        services.start_screening(users["dinsos"], upload=csv_upload(tmp_path, "pendaftar-salah.csv", [{"nik": "1"}],
                                                                    ("nik",)), ruleset_id="balikpapan-perwali-3-2025")
    assert not Job.objects.exists()


def test_screening_needs_reference_data(users, tmp_path):
    with pytest.raises(services.ScreeningUnavailable, match="Belum ada data rujukan"):
        services.start_screening(users["dinsos"], upload=csv_upload(tmp_path, "p.csv", [applicant()], APPLICANTS.columns),
                                 ruleset_id="balikpapan-perwali-3-2025")


def test_screening_pages_filter_and_download(client, users, tmp_path, reference_data, django_capture_on_commit_callbacks):
    client.force_login(users["dinsos"])
    assert client.get(reverse("registers:screening")).status_code == 200
    upload = csv_upload(tmp_path, "pendaftar.csv", reference_data, APPLICANTS.columns)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registers:screening"), {"applicants": upload, "ruleset": "balikpapan-perwali-3-2025"})
    assert response.status_code == 302
    job = Job.objects.get()
    page = client.get(reverse("registers:screening_result", args=[job.pk]), {"keputusan": "LAYAK"})
    html = page.content.decode()
    assert page.status_code == 200 and "PEKERJAAN_TIDAK_TERCAKUP" in html  # in the reason filter
    assert reference_data[0]["nik"] not in html  # NIKs are masked on screen
    download = client.get(reverse("registers:screening_download", args=[job.pk, "csv"]))
    body = b"".join(download.streaming_content).decode()
    assert body.splitlines()[0].endswith("keputusan,alasan,prioritas,alasan_teks")
    assert reference_data[0]["nik"] in body
    xlsx = client.get(reverse("registers:screening_download", args=[job.pk, "xlsx"]))
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert AuditEvent.objects.filter(action="engine.screening.download").count() == 2


def test_datasets_page_is_for_the_right_roles(client, users):
    client.force_login(users["auditor"])
    assert client.get(reverse("registers:datasets")).status_code == 403
    client.force_login(users["labour"])
    page = client.get(reverse("registers:datasets"))
    assert page.status_code == 200 and "form-impor" in page.content.decode()


def test_rule_set_pages(client, users):
    client.force_login(users["auditor"])
    listing = client.get(reverse("rules:list")).content.decode()
    assert "Peraturan Wali Kota Balikpapan Nomor 3 Tahun 2025" in listing and "sementara" in listing
    detail = client.get(reverse("rules:detail", args=["balikpapan-perwali-3-2025"]), {"tanggal": "2026-02-01"})
    html = detail.content.decode()
    assert "Pasal 5 ayat (1) huruf c" in html and "Rp3.856.694,43" in html and "Rp3.701.508,68" in html
    assert client.get(reverse("rules:detail", args=["tidak-ada"])).status_code == 404


def test_import_from_the_page_runs_in_the_background(client, users, tmp_path, django_capture_on_commit_callbacks):
    client.force_login(users["labour"])
    upload = csv_upload(tmp_path, "DTSEN Juni.csv", POVERTY_ROWS, ("nik", "no_kk", "desil", "miskin_ekstrem"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registers:datasets"), {"kind": "kemiskinan", "file": upload,
                                                            "snapshot_date": "2025-06-30", "mapping": ""})
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == Job.Status.SELESAI, job.error
    dataset = ReferenceDataset.objects.get()
    assert (dataset.original_name, dataset.stored_count, dataset.tenant) == ("DTSEN Juni.csv", 3, users["labour"].tenant)
    detail = client.get(reverse("registers:dataset_detail", args=[dataset.pk])).content.decode()
    assert "Laporan validasi" in detail


def test_the_screening_page_looks_for_probable_duplicates_unless_told_not_to(
        client, users, tmp_path, reference_data, django_capture_on_commit_callbacks):
    client.force_login(users["dinsos"])
    seen = set()
    for skip, expected in ((False, "Pencarian kemungkinan ganda"), (True, "Pemeriksaan kemungkinan ganda dilewati")):
        upload = csv_upload(tmp_path, "pendaftar.csv", reference_data, APPLICANTS.columns)
        data = {"applicants": upload, "ruleset": "balikpapan-perwali-3-2025", **({"no_dedupe": "on"} if skip else {})}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("registers:screening"), data)
        job = Job.objects.exclude(pk__in=seen).get()  # job keys are UUIDs: not ordered by creation
        seen.add(job.pk)
        assert response.status_code == 302 and job.params["dedupe"] is not skip
        page = client.get(reverse("registers:screening_result", args=[job.pk])).content.decode()
        assert expected in page
