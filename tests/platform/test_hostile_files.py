"""Finding 6 of issue 12: hostile files. Caps by size, unzipped size and rows before any parser runs, at
every upload edge; every importer turns any unreadable file into one clear message (TableError, a failed
job with a message, a command error), never a traceback; an empty extract is refused.

The fuzz tests mutate bytes of valid CSV and XLSX files (a seeded loop: the same mutations every run)
and hand each mutant to the importers."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from lindung.domain.exchange import APPLICANTS, BPJS_REGISTRY, INVOICE, PARTICIPANTS, POVERTY
from lindung.platform.files import TableError, check_limits, read_table
from lindung.registers import services as registers
from lindung.registers.models import ReferenceDataset
from lindung.registers.screening import ScreeningSummary, screen
from tests.registers.conftest import applicant, write_csv

RULESET = "balikpapan-perwali-3-2025"
INSERTS = [b'"', b"\r\n", b'\n"a\nb"\n', "é".encode("cp1252"), b"\x00", b";;", b"\xef\xbb\xbf", b"\t", b"\xff\xfe",
           b"\x81\x8d", "Ñ".encode()]


def mutate(data: bytes, rnd: random.Random) -> bytes:
    """A few random edits, half of them in the header line, where a reader decides the most."""
    data = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        if not data:
            break
        at = rnd.randrange(min(len(data), 220)) if rnd.random() < 0.5 else rnd.randrange(len(data))
        edit = rnd.randrange(6)
        if edit == 0:
            data[at] = rnd.randrange(256)
        elif edit == 1:
            data[at:at] = rnd.choice(INSERTS)
        elif edit == 2:
            del data[at:at + rnd.randint(1, 40)]
        elif edit == 3:
            data = data[:at]
        elif edit == 4:
            data = bytearray(bytes(data).decode("utf-8", "replace").encode("cp1252", "replace"))
        else:
            data = bytearray(bytes(data).decode("utf-8", "replace").encode(rnd.choice(["utf-16", "latin-1"]),
                                                                            "replace"))
    return bytes(data)


def mutants(data: bytes, count: int, seed: int):
    rnd = random.Random(seed)
    for _ in range(count):
        yield mutate(data, rnd)


@pytest.fixture
def applicants_csv(tmp_path) -> bytes:
    rows = [applicant(nama=f"Nama {i}", alamat='Jl. "Kutip", RT 1') for i in range(12)]
    return write_csv(tmp_path / "pendaftar.csv", rows, APPLICANTS.columns).read_bytes()


@pytest.fixture
def extracts(tmp_path) -> tuple[Path, Path]:
    poverty = write_csv(tmp_path / "dtsen.csv", [{"nik": "6471011705900001", "desil": "2"}], POVERTY.columns)
    bpjs = write_csv(tmp_path / "bpjs.csv", [], BPJS_REGISTRY.columns)
    return poverty, bpjs


def test_the_screening_survives_mutated_csv_files(tmp_path, applicants_csv, extracts):
    target = tmp_path / "mutan.csv"
    outcomes = {"hasil": 0, "pesan": 0}
    for data in mutants(applicants_csv, 120, seed=12):
        target.write_bytes(data)
        try:
            summary = screen(RULESET, target, *extracts, tmp_path / "hasil.csv")
        except TableError as exc:
            assert "Traceback" not in str(exc) and str(exc).strip()
            outcomes["pesan"] += 1
        else:
            assert isinstance(summary, ScreeningSummary)
            outcomes["hasil"] += 1
    assert outcomes["hasil"] and outcomes["pesan"]  # the mutations reach both ends


@pytest.mark.parametrize("layout", [APPLICANTS, PARTICIPANTS, INVOICE, POVERTY], ids=lambda layout: layout.name)
def test_the_table_reader_survives_mutated_csv_files(tmp_path, layout):
    rows = [dict.fromkeys(layout.columns, "1") | {"nik": f"64710117059000{i:02d}"} for i in range(10)]
    original = write_csv(tmp_path / "asli.csv", rows, layout.columns).read_bytes()
    target = tmp_path / "mutan.csv"
    for data in mutants(original, 150, seed=len(layout.columns)):
        target.write_bytes(data)
        try:
            frame = read_table(target, layout)
        except TableError as exc:
            assert str(exc).startswith("mutan.csv")
        else:
            assert set(layout.columns) <= set(frame.columns)


def _xlsx(rows: list[dict], columns) -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame([{c: r.get(c) for c in columns} for r in rows], schema=dict.fromkeys(columns, pl.Utf8)).write_excel(buffer)
    return buffer.getvalue()


def test_the_screening_and_the_reader_survive_mutated_xlsx_files(tmp_path, extracts):
    original = _xlsx([applicant() for _ in range(5)], APPLICANTS.columns)
    target = tmp_path / "mutan.xlsx"
    rnd = random.Random(5)
    for _ in range(60):
        data = bytearray(original)
        for _ in range(rnd.randint(1, 3)):  # flip bytes anywhere: headers, compressed streams, directory
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        target.write_bytes(bytes(data))
        for run in (lambda: check_limits(target), lambda: read_table(target, APPLICANTS),
                    lambda: screen(RULESET, target, *extracts, tmp_path / "hasil.csv")):
            try:
                run()
            except TableError:
                pass


def test_reference_imports_survive_mutated_extracts(users, tmp_path):
    rows = [{"nik": f"64710117059000{i:02d}", "no_kk": "1", "desil": str(i % 10 + 1), "miskin_ekstrem": "ya"}
            for i in range(10)]
    original = write_csv(tmp_path / "asli.csv", rows, POVERTY.columns).read_bytes()
    target = tmp_path / "dtsen.csv"
    for data in mutants(original, 80, seed=3):
        target.write_bytes(data)
        try:
            registers.import_reference_dataset(users["labour"], kind="kemiskinan", path=target, original_name="dtsen.csv",
                                               snapshot_date=date(2025, 6, 30))
        except TableError as exc:
            assert str(exc).startswith("dtsen.csv")


def test_an_empty_extract_is_refused(users, tmp_path):
    for kind, layout in (("kemiskinan", POVERTY), ("bpjs", BPJS_REGISTRY)):
        empty = write_csv(tmp_path / f"{kind}.csv", [], layout.columns)
        with pytest.raises(TableError, match="tidak berisi satu baris data"):
            registers.import_reference_dataset(users["labour"], kind=kind, path=empty, original_name=empty.name,
                                               snapshot_date=date(2025, 6, 30))
        with pytest.raises(TableError, match="tidak berisi satu baris data"):
            registers.start_dataset_import(users["labour"], kind=kind, snapshot_date=date(2025, 6, 30),
                                           upload=SimpleUploadedFile(empty.name, empty.read_bytes()))
    assert not ReferenceDataset.objects.exists()


def _bomb(path: Path, rows: int = 0, expanded: int = 0) -> Path:
    """A small workbook that claims a huge sheet (rows) or whose parts unzip to a lot (expanded)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        body = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>x</t></is></c></row>' for i in range(1, rows + 1))
        archive.writestr("xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{body}</sheetData></worksheet>")
        if expanded:
            archive.writestr("xl/sharedStrings.xml", b"0" * expanded)
    return path


def test_caps_come_before_parsing(settings, tmp_path, users, extracts):
    for kind, path in zip(("kemiskinan", "bpjs"), extracts, strict=True):
        if kind == "bpjs":
            write_csv(path, [{"nik": "6471011705900009", "status": "AKTIF"}], BPJS_REGISTRY.columns)
        registers.import_reference_dataset(users["labour"], kind=kind, path=path, original_name=path.name,
                                           snapshot_date=date(2025, 6, 30))
    settings.LINDUNG_FILE_LIMITS = {"max_bytes": 200_000, "max_uncompressed_bytes": 1_000_000, "max_rows": 1000}
    too_many = _bomb(tmp_path / "baris.xlsx", rows=1500)
    too_big_unzipped = _bomb(tmp_path / "bom.xlsx", expanded=5_000_000)
    assert too_big_unzipped.stat().st_size < 200_000
    csv_rows = tmp_path / "baris.csv"
    csv_rows.write_text("nik\n" + "1\n" * 1500)
    for path, message in ((too_many, "melebihi batas 1,000 baris"), (too_big_unzipped, "terlalu besar setelah diurai"),
                          (csv_rows, "melebihi batas 1,000 baris")):
        with pytest.raises(TableError, match=message):
            check_limits(path)
        # The screening page, the reference-data page and bulk intake refuse it before any job starts.
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        with pytest.raises(TableError, match=message):
            registers.start_screening(users["dinsos"], upload=upload, ruleset_id=RULESET)
        with pytest.raises(TableError, match=message):
            registers.start_dataset_import(users["labour"], kind="bpjs", snapshot_date=date(2025, 6, 30),
                                           upload=SimpleUploadedFile(path.name, path.read_bytes()))
    big = tmp_path / "besar.csv"
    big.write_bytes(b"nik\n" + b"6471011705900001\n" * 20_000)
    with pytest.raises(TableError, match="melebihi batas"):
        registers.start_screening(users["dinsos"], upload=SimpleUploadedFile(big.name, big.read_bytes()),
                                  ruleset_id=RULESET)


@pytest.mark.parametrize("content", [
    b"",  # empty
    APPLICANTS.columns[0].encode() + b"\n",  # header only
    ";".join(APPLICANTS.columns).encode() + b"\n" + b";".join(b"x" for _ in APPLICANTS.columns) + b"\n",  # semicolons
    ",".join(APPLICANTS.columns).encode("utf-16") + b"\n",  # UTF-16
    ",".join(APPLICANTS.columns).encode("latin-1") + b"\n" + "Señora,Ñ".encode("latin-1") + b"\n",  # Latin-1
    b"nik,\x00nama\n1,2\n",  # a NUL in the header
], ids=["kosong", "judul-saja", "titik-koma", "utf16", "latin1", "nul"])
def test_the_intake_command_answers_a_bad_file_with_one_message(users, tmp_path, content, capsys):
    from tests.workflow import factories

    programme = factories.programme(users["labour"])
    factories.open_cycle(users["labour"], programme)
    path = tmp_path / "usulan.csv"
    path.write_bytes(content)
    from django.utils import timezone

    try:
        call_command("intake", "upload", "--program", programme.code, "--year", str(timezone.localdate().year),
                     "--file", str(path), "--pengguna", "disnaker")
    except CommandError as exc:
        assert str(exc) and "Traceback" not in str(exc)
    assert "Traceback" not in capsys.readouterr().err
