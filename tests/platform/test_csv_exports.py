"""Finding 4 of issue 12: every CSV export neutralises cells a spreadsheet would run as a formula (`= + - @`,
tab, CR), whoever writes the file: `write_table`, a download built in memory (`csv_text`), or DuckDB writing
the screening result itself (`neutralise_sql`)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl
from django.urls import reverse

import lindung
from lindung.domain.exchange import APPLICANTS
from lindung.platform.files import csv_text, write_table
from lindung.registers.screening import screen
from tests.money_fixtures import enrol, programme  # noqa: F401 - fixtures
from tests.registers.conftest import applicant, files  # noqa: F401 - fixture

HOSTILE = ["=HYPERLINK(\"http://x\",\"klik\")", "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3", "\tTAB", "\rCR"]


def _inert(value: str) -> bool:
    return value.startswith("'") or not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_write_table_and_csv_text_neutralise_formulas_but_keep_numbers(tmp_path):
    frame = pl.DataFrame({"nama": HOSTILE, "jumlah": ["-5000", "+16800", "1.5", "-0.5", "0", "12"]})
    written = pl.read_csv(write_table(frame, tmp_path / "x.csv"), infer_schema=False)
    in_memory = pl.read_csv(csv_text(frame).encode(), infer_schema=False)
    for table in (written, in_memory):
        assert table["nama"].to_list() == ["'" + v for v in HOSTILE]
        assert table["jumlah"].to_list() == ["-5000", "+16800", "1.5", "-0.5", "0", "12"]


def test_the_screening_result_written_by_duckdb_is_neutralised(files):  # noqa: F811 - the fixture
    rows = [applicant(nama=name, alamat=name) for name in HOSTILE]
    paths = files(rows)
    screen("balikpapan-perwali-3-2025", paths["applicants"], paths["poverty"], paths["bpjs"], paths["out"],
           ranked_on=date(2025, 7, 1))
    out = pl.read_csv(paths["out"], infer_schema=False)
    assert out["nama"].to_list() == ["'" + v for v in HOSTILE]
    assert all(_inert(v) for column in out.columns for v in out[column].drop_nulls().to_list())
    assert out["penghasilan_bulanan"].to_list() == ["1500000"] * len(HOSTILE)


def test_the_bill_download_is_neutralised(client, users, programme, enrol):  # noqa: F811 - fixtures
    enrol(programme, name="=HYPERLINK(\"http://x\")")
    client.force_login(users["labour"])
    client.post(reverse("billing:run", args=[programme.pk, "2025-06"]))
    body = client.get(reverse("billing:download", args=[programme.pk, "2025-06", "tagihan"])).content.decode()
    names = pl.read_csv(body.encode(), infer_schema=False)["nama"].to_list()
    assert names == ["'=HYPERLINK(\"http://x\")"]


def test_the_bulk_intake_result_is_neutralised(users, tmp_path, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lindung.applications.services import bulk_intake, cycles
    from lindung.platform import storage
    from tests.registers.conftest import write_csv
    from tests.workflow import factories

    cycle = cycles.create_cycle(users["labour"], programme=factories.programme(users["labour"]), year=2025,
                                enrolment_date=date(2026, 1, 1))
    path = write_csv(tmp_path / "usulan.csv", [applicant(nama=v) for v in HOSTILE], APPLICANTS.columns)
    with django_capture_on_commit_callbacks(execute=True):
        bulk, _ = bulk_intake.start_upload(users["labour"], cycle=cycle,
                                           upload=SimpleUploadedFile("usulan.csv", path.read_bytes()))
    bulk.refresh_from_db()
    result = pl.read_csv(storage.absolute(bulk.result_path), infer_schema=False)
    assert result["nama"].to_list() == ["'" + v for v in HOSTILE]


# Every place in the code that writes CSV text. A new one must neutralise (or say why it is no export).
ALLOWED = {
    ("platform/files.py", "_neutralised(df).write_csv(partial)"): "write_table",
    ("platform/files.py", "return _neutralised(df).write_csv()"): "csv_text",
    ("platform/files.py", "writer = csv.writer(dst, lineterminator=\"\\n\")"): "a UTF-8 copy of an input file, for reading",
    ("registers/screening.py", "con.execute(f\"COPY (SELECT {cells} FROM decisions ORDER BY _baris) TO '{path}' (FORMAT csv, HEADER true)\")"): "cells are neutralise_sql",
    ("registers/services.py", "f\"(FORMAT csv, HEADER true)\")"): "the stored reference snapshot the engine reads; never downloaded",
    ("api/screening.py", "writer = csv.writer(fh)"): "an API batch as the engine's input file, cells as sent",
    ("demo/claims.py", "writer = csv.writer(fh)"): "the demo's synthetic Dukcapil death file, read by an import",
    ("demo/money.py", "rows.write_csv(path)"): "the demo's province participant file, read by an import",
    ("demo/applications.py", 'upload = SimpleUploadedFile("usulan-contoh.csv", sample.write_csv().encode())'):
        "the demo's synthetic agency upload, read by the bulk intake",
}
WRITERS = re.compile(r"write_csv\(|csv\.writer\(|FORMAT csv")


def test_no_csv_is_written_outside_the_neutralising_writers():
    root = Path(lindung.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(("synth/", "domain/")) or "/migrations/" in relative:
            continue  # the generator writes test data; the domain writes nothing
        for line in path.read_text().splitlines():
            if WRITERS.search(line):
                found.add((relative, line.strip()))
    assert found <= set(ALLOWED), sorted(found - set(ALLOWED))
