"""Issue 15: the province's rule set (Pergub Kaltim 40/2025) applies its provisional age bounds, and says so."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from lindung.domain.exchange import APPLICANTS
from lindung.jobs.models import Job

from .conftest import applicant, csv_upload, read_csv

PROVINCE = "kaltim-pergub-40-2025"


def screen(files, rows):
    paths = files(rows)
    out = StringIO()
    call_command("screen", ruleset=PROVINCE, applicants=str(paths["applicants"]), poverty=str(paths["poverty"]),
                 bpjs=str(paths["bpjs"]), out=str(paths["out"]), quiet=True, stdout=out)
    return read_csv(paths["out"]), out.getvalue()


def test_a_17_year_old_is_refused_with_the_provisional_age_bound(files):
    rows, _ = screen(files, [applicant(born=date(2007, 7, 2))])  # 17 on 2025-07-01, 18 the day after
    row = rows[0]
    assert row["keputusan"] == "TIDAK_LAYAK"
    assert "USIA_DI_LUAR_BATAS" in row["alasan"].split(";")
    assert "sementara" in row["alasan_teks"].lower()


def test_65_in_completed_years_passes_and_66_does_not(files):
    on_65 = applicant(born=date(1960, 7, 1))  # 65th birthday on the application date 2025-07-01
    day_before_66 = applicant(born=date(1959, 7, 2))  # still 65 years old
    on_66 = applicant(born=date(1959, 7, 1))
    seventeen = applicant(born=date(2007, 7, 2))
    eighteen = applicant(born=date(2007, 7, 1))
    rows, _ = screen(files, [on_65, day_before_66, on_66, seventeen, eighteen])
    failed = ["USIA_DI_LUAR_BATAS" in r["alasan"].split(";") for r in rows]
    assert failed == [False, False, True, True, False]


def test_every_decision_under_the_province_set_names_its_provisional_basis(files):
    rows, summary = screen(files, [applicant(), applicant(born=date(2007, 7, 2))])
    assert all("ketentuan sementara Peraturan Gubernur Kalimantan Timur Nomor 40 Tahun 2025" in r["alasan_teks"]
               for r in rows), [r["alasan_teks"] for r in rows]
    assert "USIA_DI_LUAR_BATAS" not in rows[0]["alasan"]  # the note is text, never a reason code
    assert "PERHATIAN - Dasar: ketentuan sementara Peraturan Gubernur Kalimantan Timur" in summary


def test_a_decision_under_the_city_set_carries_no_provisional_note(files):
    paths = files([applicant()])
    out = StringIO()
    call_command("screen", ruleset="balikpapan-perwali-3-2025", applicants=str(paths["applicants"]),
                 poverty=str(paths["poverty"]), bpjs=str(paths["bpjs"]), out=str(paths["out"]), quiet=True, stdout=out)
    row = read_csv(paths["out"])[0]
    assert "sementara" not in row["alasan_teks"].lower() and "PERHATIAN" not in out.getvalue()


def test_the_screening_page_warns_that_the_basis_is_provisional(client, users, tmp_path, reference_data,
                                                                django_capture_on_commit_callbacks):
    client.force_login(users["dinsos"])
    for ruleset in (PROVINCE, "balikpapan-perwali-3-2025"):
        upload = csv_upload(tmp_path, f"{ruleset}.csv", reference_data, APPLICANTS.columns)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("registers:screening"), {"applicants": upload, "ruleset": ruleset})
    jobs = {job.params["ruleset"]: job for job in Job.objects.all()}
    province, city = jobs[PROVINCE], jobs["balikpapan-perwali-3-2025"]
    assert (province.status, city.status) == (Job.Status.SELESAI, Job.Status.SELESAI), province.error
    page = client.get(reverse("registers:screening_result", args=[province.pk])).content.decode()
    assert 'id="ketentuan-sementara"' in page and "Peraturan Gubernur Kalimantan Timur Nomor 40 Tahun 2025" in page
    assert 'id="ketentuan-sementara"' not in client.get(reverse("registers:screening_result", args=[city.pk])).content.decode()
