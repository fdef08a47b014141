"""Bulk intake: screened by the engine, created in bulk, per-row results, never twice."""

from datetime import date

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lindung import synth
from lindung.accounts.permissions import PermissionDenied
from lindung.applications import evaluation
from lindung.applications.models import Application, BulkUpload
from lindung.applications.services import bulk_intake, cycles, status
from lindung.audit.models import AuditEvent
from lindung.jobs.models import Job
from lindung.people.models import Person
from lindung.platform import storage
from lindung.registers import services as reference

ROWS = 400


@pytest.fixture
def q3_cycle(users, programme):
    """The 2026 cycle with the regulation's window (the generator's registration dates fall in it)."""
    return cycles.create_cycle(users["labour"], programme=programme, year=2026, enrolment_date=date(2027, 1, 1))


@pytest.fixture
def generated(tmp_path, users):
    """Generated applicants, with generated poverty and BPJS extracts imported as the tenant's latest
    reference datasets (the real path: engine import, then the registers read them)."""
    path = tmp_path / "pendaftar.csv"
    synth.write_applicants(path, seed=7, rows=ROWS, year=2026)
    poverty, bpjs = tmp_path / "dtsen.csv", tmp_path / "bpjs.csv"
    synth.write_poverty(poverty, seed=7, rows=2 * ROWS, applicants=path)
    synth.write_bpjs(bpjs, seed=7, rows=ROWS, applicants=path)
    for kind, source in (("kemiskinan", poverty), ("bpjs", bpjs)):
        reference.import_reference_dataset(users["labour"], kind=kind, path=source, original_name=source.name,
                                           snapshot_date=date(2026, 6, 30))
    return path


def _rows(path):
    return pl.read_csv(path, infer_schema=False).to_dicts()


def upload(actor, cycle, path, capture, name=None):
    with capture(execute=True):
        return bulk_intake.start_upload(actor, cycle=cycle, upload=SimpleUploadedFile(name or path.name, path.read_bytes()))


def results(bulk_upload) -> pl.DataFrame:
    return pl.read_csv(storage.absolute(bulk_upload.result_path), infer_schema=False)


def test_upload_screens_creates_and_reports_every_row(q3_cycle, users, generated, django_capture_on_commit_callbacks):
    # The labour agency collects city-wide; agency and Camat/Lurah scopes: tests/workflow/test_intake_scope.py.
    first, created = upload(users["labour"], q3_cycle, generated, django_capture_on_commit_callbacks)
    assert created
    first.refresh_from_db()
    job = Job.objects.get(pk=first.job_id)
    assert job.status == Job.Status.SELESAI, job.error
    counts = first.counts
    assert counts["rows"] == ROWS == counts["created"] + counts["not_created"] + counts["already"]
    assert Application.objects.count() == counts["created"] > ROWS * 0.8
    table = results(first)
    assert table.height == ROWS and set(table["hasil"].unique()) <= {"DIBUAT", "TIDAK_DIBUAT", "SUDAH_ADA"}
    invalid = table.filter(pl.col("keputusan") == "DATA_TIDAK_VALID")
    assert invalid.height > 0 and set(invalid["hasil"].unique()) == {"TIDAK_DIBUAT"}
    made = table.filter(pl.col("hasil") == "DIBUAT")
    assert set(made["nomor_usulan"]) == set(Application.objects.values_list("reference", flat=True))
    # Routed per Lampiran I, linked to the register, channel recorded.
    assert Application.objects.filter(territorial=True).exists() and Application.objects.filter(agency__isnull=False).exists()
    assert not Application.objects.filter(person__isnull=True).exists()
    assert Person.objects.count() == counts["created"]
    assert set(Application.objects.values_list("channel", flat=True)) == {"unggah"}
    # The stored evaluation agrees with the engine's decision, row by row...
    decided = dict(zip(made["nomor_usulan"], made["keputusan"], strict=True))
    assert {a.reference: a.keputusan for a in Application.objects.all()} == decided
    assert set(decided.values()) >= {"LAYAK", "TIDAK_LAYAK", "PERLU_VERIFIKASI"}
    # ...and with what the per-record evaluator (forms) would have kept: findings, words, decile.
    for app in Application.objects.select_related("cycle__programme"):
        programme = app.cycle.programme
        decision = evaluation.run(programme.ruleset, evaluation.applicant_row(app), tenant=programme.tenant)
        assert (app.keputusan, app.findings, app.miskin_desil) == (
            decision.keputusan, evaluation.findings_of(decision), decision.facts.miskin_desil), app.reference
    assert AuditEvent.objects.filter(action="application.bulk_create").count() == 1


def test_the_same_file_twice_creates_nothing_twice(q3_cycle, users, generated, tmp_path, django_capture_on_commit_callbacks):
    first, _ = upload(users["labour"], q3_cycle, generated, django_capture_on_commit_callbacks)
    before = Application.objects.count()
    again, created = upload(users["dinsos"], q3_cycle, generated, django_capture_on_commit_callbacks, name="salinan.csv")
    assert not created and again.pk == first.pk and BulkUpload.objects.count() == 1
    # The same rows in another file (an extra column, another order): NIK per cycle stops them.
    other = tmp_path / "ulang.csv"
    pl.read_csv(generated, infer_schema=False).reverse().with_columns(pl.lit("x").alias("catatan")).write_csv(other)
    second, created = upload(users["labour"], q3_cycle, other, django_capture_on_commit_callbacks)
    assert created
    second.refresh_from_db()
    assert Application.objects.count() == before
    assert second.counts["created"] == 0 and second.counts["already"] == before


def test_xlsx_upload(q3_cycle, users, generated, tmp_path, django_capture_on_commit_callbacks):
    workbook = tmp_path / "pendaftar.xlsx"
    pl.read_csv(generated, infer_schema=False).head(50).write_excel(workbook)
    done, _ = upload(users["labour"], q3_cycle, workbook, django_capture_on_commit_callbacks)
    done.refresh_from_db()
    assert done.counts["rows"] == 50 and done.counts["created"] > 0


def test_a_file_without_the_required_columns_fails_the_job_and_writes_nothing(q3_cycle, users, tmp_path,
                                                                              django_capture_on_commit_callbacks):
    bad = tmp_path / "salah.csv"
    bad.write_text("nama,alamat\nSiti,Jl. A\n")
    done, _ = upload(users["dishub"], q3_cycle, bad, django_capture_on_commit_callbacks)
    job = Job.objects.get(pk=done.job_id)
    assert job.status == Job.Status.GAGAL and "kolom wajib" in job.message
    assert not Application.objects.exists() and not Person.objects.exists()


def test_only_data_collectors_upload(q3_cycle, users, generated, django_capture_on_commit_callbacks):
    for role in ("tvem", "bpjs", "auditor"):
        with pytest.raises(PermissionDenied):
            upload(users[role], q3_cycle, generated, django_capture_on_commit_callbacks)


def test_non_spreadsheets_are_refused(q3_cycle, users, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "data.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(status.ApplicationInvalid):
        upload(users["dishub"], q3_cycle, path, django_capture_on_commit_callbacks)


def test_command_line_cycle_upload_status(users, programme, generated):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("intake", "cycle", "--program", programme.code, "--year", "2026", "--enrolment", "2027-01-01",
                 "--pengguna", "disnaker", stdout=out)
    call_command("intake", "upload", "--program", programme.code, "--year", "2026", "--file", str(generated),
                 "--pengguna", "disnaker", stdout=out)
    call_command("intake", "upload", "--program", programme.code, "--year", "2026", "--file", str(generated),
                 "--pengguna", "disnaker", stdout=out)
    call_command("intake", "status", "--program", programme.code, "--year", "2026", stdout=out)
    text = out.getvalue()
    assert "dibuka" in text and "sudah pernah diunggah" in text
    assert f"DIAJUKAN {Application.objects.count():,}" in " ".join(text.split())
    assert Application.objects.count() > ROWS * 0.8


def test_consolidation_holds_the_same_person_under_a_mistyped_nik(q3_cycle, users, generated,
                                                                   django_capture_on_commit_callbacks):
    """The generator's `nik_typo` rows repeat a person with one NIK digit wrong: after bulk intake, the
    TVEM's consolidation must hold them with their original, and hold nobody else together."""
    from lindung.applications.models import DuplicateCase
    from lindung.applications.services.consolidate import find_duplicates
    from lindung.synth import truth_path

    upload(users["labour"], q3_cycle, generated, django_capture_on_commit_callbacks)
    Application.objects.update(status=Application.Status.KONSOLIDASI)
    truth = _rows(truth_path(generated))
    entity_of = {row["nik"]: row["entity_id"] for row in truth if row["kind"] != "malformed"}
    typos = {row["nik"] for row in truth if row["kind"] == "nik_typo"}
    in_cycle = set(Application.objects.values_list("nik", flat=True))
    # A mistyped NIK can only be matched when the person's first application reached the cycle too.
    created_typos = {nik for nik in typos & in_cycle
                     if any(entity_of.get(other) == entity_of[nik] for other in in_cycle - {nik})}
    assert created_typos, "the generated file should bring at least one mistyped NIK and its original"

    find_duplicates(q3_cycle)

    # Held by the exact rule (same name and birth date) or by the engine's matcher (a spelling variant).
    cases = DuplicateCase.objects.filter(kind=DuplicateCase.Kind.KEMUNGKINAN_GANDA)
    assert cases.filter(key__contains="(usulan ").exists(), "the matcher found nothing the exact rule missed"
    held = [sorted(case.applications.values_list("nik", flat=True)) for case in cases]
    for niks in held:  # precision: every case is one person
        assert len({entity_of[n] for n in niks}) == 1, niks
    found = {n for niks in held for n in niks}
    assert len(created_typos & found) >= len(created_typos) * 0.8  # recall on what reached the cycle
