"""Finding 3 of issue 12: data entry is scoped. An upload (web or `lindung intake upload`) creates only
the rows inside the uploader's scope; every other row comes back refused, with the reason, in the per-row
result file. The officer's form refuses the same applications."""

from __future__ import annotations

from io import StringIO

import polars as pl
import pytest
from django.core.management import call_command

from lindung.applications.models import Application, BulkUpload
from lindung.applications.services import status, submit
from lindung.tenants.models import Agency

from . import factories
from .test_bulk import generated, q3_cycle, results, upload  # noqa: F401 - fixtures and helpers

SCOPE = "Di luar cakupan pengunggah"


def _outcomes(bulk) -> pl.DataFrame:
    bulk.refresh_from_db()
    return results(bulk)


def test_a_camat_upload_creates_only_territorial_rows_of_the_kecamatan(q3_cycle, users, generated,  # noqa: F811
                                                                       django_capture_on_commit_callbacks):
    bulk, _ = upload(users["camat"], q3_cycle, generated, django_capture_on_commit_callbacks)
    table = _outcomes(bulk)
    created = Application.objects.all()
    assert created.exists()
    assert all(a.territorial and a.kelurahan_id.startswith("64.71.01.") for a in created)
    refused = table.filter(pl.col("keterangan").str.starts_with(SCOPE))
    assert refused.height > 0
    outside = table.filter(~pl.col("kode_wilayah").str.starts_with("64.71.01.") & (pl.col("hasil") == "DIBUAT"))
    assert outside.height == 0
    # Every row is accounted for, in file order, with a reason for each refusal.
    assert table.height == bulk.counts["rows"] and table.filter(pl.col("hasil") == "DIBUAT").height == created.count()
    assert set(refused["hasil"]) == {"TIDAK_DIBUAT"}
    reasons = set(refused["keterangan"])
    assert any("kecamatan/kelurahan tugas Anda" in r for r in reasons)
    assert any("bukan Camat/Lurah" in r for r in reasons)


def test_an_agency_upload_creates_only_its_occupations(q3_cycle, users, generated,  # noqa: F811
                                                       django_capture_on_commit_callbacks):
    bulk, _ = upload(users["dishub"], q3_cycle, generated, django_capture_on_commit_callbacks)
    dishub = Agency.objects.get(tenant=q3_cycle.tenant, code="dishub")
    created = Application.objects.all()
    assert created.exists() and set(created.values_list("agency_id", flat=True)) == {dishub.pk}
    assert _outcomes(bulk).filter(pl.col("keterangan").str.starts_with(SCOPE)).height > 0


def test_the_command_line_upload_is_scoped_too(q3_cycle, users, generated):  # noqa: F811
    out = StringIO()
    call_command("intake", "upload", "--program", q3_cycle.programme.code, "--year", "2026", "--file", str(generated),
                 "--pengguna", "camat.timur", stdout=out)
    assert BulkUpload.objects.count() == 1
    assert all(a.territorial and a.kelurahan_id.startswith("64.71.01.") for a in Application.objects.all())


@pytest.mark.parametrize(("who", "data", "field"), [
    ("lurah", {"kelurahan": "64.71.06.1001"}, "kelurahan_id"),  # another kelurahan
    ("camat", {"occupation": "tukang_ojek"}, "occupation_id"),  # an agency's occupation
    ("dishub", {"occupation": "pemulung"}, "occupation_id"),  # a territorial occupation
    ("dinsos", {"occupation": "tukang_ojek"}, "occupation_id"),  # another agency's occupation
    ("labour", {"kelurahan": "64.72.01.1001"}, "kelurahan_id"),  # outside the city
])
def test_the_officer_form_refuses_what_lies_outside_the_scope(users, cycle, who, data, field):
    with pytest.raises(status.ApplicationInvalid) as refused:
        submit.submit_application(users[who], cycle=cycle, data=factories.applicant(**data))
    assert field in refused.value.errors
    assert not Application.objects.exists()
    # Inside the scope it goes through.
    inside = {"lurah": {}, "camat": {"kelurahan": "64.71.01.1002"}, "dishub": {"occupation": "tukang_ojek"},
              "dinsos": {"occupation": "relawan_sosial"}, "labour": {"occupation": "tukang_ojek"}}[who]
    assert submit.submit_application(users[who], cycle=cycle, data=factories.applicant(**inside)).pk
