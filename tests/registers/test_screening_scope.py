"""Finding 1 of issue 12: screening results are scoped to their owner and the owner's scope (the labour
agency and the auditor see all of the tenant's); TVEM and auditors download them with NIKs masked."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.accounts.models import Role
from lindung.audit.models import AuditEvent
from lindung.domain.exchange import APPLICANTS
from lindung.jobs.models import Job
from lindung.registers import selectors, services

from .conftest import applicant, write_csv


@pytest.fixture
def extracts(users, tmp_path):
    for kind, columns in (("kemiskinan", ("nik", "desil", "miskin_ekstrem")), ("bpjs", ("nik", "status"))):
        path = write_csv(tmp_path / f"{kind}.csv", [{"nik": "6471011705900099", "desil": "2", "status": "AKTIF"}],
                         columns)
        services.import_reference_dataset(users["labour"], kind=kind, path=path, original_name=path.name,
                                          snapshot_date=date(2025, 6, 30))


def screen_as(user, tmp_path, capture, name="pendaftar.csv") -> Job:
    rows = [applicant(), applicant(pekerjaan="pns")]
    path = write_csv(tmp_path / name, rows, APPLICANTS.columns)
    with capture(execute=True):
        job = services.start_screening(user, upload=SimpleUploadedFile(name, path.read_bytes()),
                                       ruleset_id="balikpapan-perwali-3-2025")
    job.refresh_from_db()
    assert job.status == Job.Status.SELESAI, job.error
    return job


def test_each_role_sees_only_the_screenings_of_its_scope(users, make_user, tmp_path, extracts, client,
                                                         django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    dinsos_job = screen_as(users["dinsos"], tmp_path, capture)
    lurah_job = screen_as(users["lurah"], tmp_path, capture, "lurah.csv")
    colleague = make_user("dinsos.2", Role.PERANGKAT_DAERAH, agency="dinsos")
    other_lurah = make_user("lurah.prapatan", Role.KEWILAYAHAN, region="64.71.06.1001")
    sees = {
        "dinsos": {dinsos_job}, "dinsos.2": {dinsos_job},  # the owner, and the owner's agency
        "dishub": set(),  # another agency
        "camat.timur": {lurah_job}, "lurah.manggar": {lurah_job},  # a kelurahan of the camat's kecamatan
        "lurah.prapatan": set(),  # another kelurahan
        "tvem": set(),  # TVEM sees its own only
        "disnaker": {dinsos_job, lurah_job}, "auditor": {dinsos_job, lurah_job},  # oversee the tenant
    }
    people = {u.username: u for u in [*users.values(), colleague, other_lurah]}
    for username, expected in sees.items():
        user = people[username]
        assert set(selectors.visible_screenings(user)) == expected, username
        client.force_login(user)
        for job in (dinsos_job, lurah_job):
            for url in (reverse("registers:screening_result", args=[job.pk]),
                        reverse("registers:screening_download", args=[job.pk, "csv"])):
                status = client.get(url).status_code
                assert status == (200 if job in expected else 404), (username, url, status)
        page = client.get(reverse("registers:screening")).content.decode()
        for job in (dinsos_job, lurah_job):
            assert (str(job.pk) in page) == (job in expected), (username, job.title)


def test_bpjs_has_no_screenings(users, tmp_path, extracts, client, django_capture_on_commit_callbacks):
    job = screen_as(users["dinsos"], tmp_path, django_capture_on_commit_callbacks)
    client.force_login(users["bpjs"])
    assert client.get(reverse("registers:screening_result", args=[job.pk])).status_code in (403, 404)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_only_nik_reveal_roles_download_full_niks(users, tmp_path, extracts, client, fmt,
                                                  django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    tvem_job = screen_as(users["tvem"], tmp_path, capture, "tvem.csv")
    dinsos_job = screen_as(users["dinsos"], tmp_path, capture)
    full = pl.read_csv(tvem_job.output_file, infer_schema=False)["nik"].to_list()
    for user, job, masked in ((users["tvem"], tvem_job, True), (users["auditor"], dinsos_job, True),
                              (users["dinsos"], dinsos_job, False), (users["labour"], dinsos_job, False)):
        client.force_login(user)
        response = client.get(reverse("registers:screening_download", args=[job.pk, fmt]))
        assert response.status_code == 200
        data = b"".join(response.streaming_content) if response.streaming else response.content
        niks = (pl.read_excel(io.BytesIO(data), infer_schema_length=0) if fmt == "xlsx"
                else pl.read_csv(io.BytesIO(data), infer_schema=False))["nik"].to_list()
        if masked:
            assert all("********" in n for n in niks) and not set(niks) & set(full), user.username
        else:
            assert niks == pl.read_csv(job.output_file, infer_schema=False)["nik"].to_list(), user.username
        event = AuditEvent.objects.filter(action="engine.screening.download", actor=user).latest("pk")
        assert event.after["nik_lengkap"] is (not masked)
