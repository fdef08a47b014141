"""The one reader and writer of exchange files: every CSV dialect staff really save is read alike, hostile
files end in one clear message, and no CSV cell leaves Lindung as a formula."""

from __future__ import annotations

import re
import zipfile

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.domain.exchange import POVERTY
from lindung.platform.files import (
    TableError,
    as_plain_csv,
    check_limits,
    neutralise,
    read_table,
    sniff,
    write_table,
)

ROWS = [["6471011705900001", "6471010101010001", "3", "ya"], ["6471015505900002", "", "7", "tidak"]]
HEADER = ["NIK", "No KK", "Desil", "Miskin Ekstrem"]


def save(path, delimiter: str, encoding: str, rows=ROWS, header=HEADER):
    text = "\r\n".join(delimiter.join(r) for r in [header, *rows]) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_every_dialect_reads_the_same_rows(tmp_path, delimiter, encoding):
    path = save(tmp_path / "dtsen.csv", delimiter, encoding)
    expected = read_table(save(tmp_path / "plain.csv", ",", "utf-8"), POVERTY)
    assert sniff(path).delimiter == delimiter
    assert read_table(path, POVERTY).equals(expected)


def test_windows_1252_names_keep_their_letters(tmp_path):
    path = tmp_path / "pendaftar.csv"
    path.write_bytes("nik;nama\r\n6471011705900001;Ni Made Sukmawatí’\r\n".encode("cp1252"))
    assert sniff(path).encoding == "cp1252"
    plain = as_plain_csv(path, tmp_path)
    assert plain != path and plain.read_text(encoding="utf-8").splitlines()[1] == "6471011705900001,Ni Made Sukmawatí’"


def test_a_plain_file_is_not_copied(tmp_path):
    path = save(tmp_path / "plain.csv", ",", "utf-8")
    assert as_plain_csv(path, tmp_path) == path


def test_utf16_and_damaged_files_get_one_clear_message(tmp_path):
    utf16 = tmp_path / "excel.csv"
    utf16.write_bytes("nik,desil\r\n1,2\r\n".encode("utf-16"))
    with pytest.raises(TableError, match="UTF-16"):
        read_table(utf16, POVERTY)
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 bukan zip yang utuh")
    with pytest.raises(TableError) as caught:
        read_table(broken, POVERTY, name="data-dtsen.xlsx")
    message = str(caught.value)
    assert message.startswith("data-dtsen.xlsx:") and "rusak" in message
    assert str(tmp_path) not in message and "Zip" not in message and "calamine" not in message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, settings):
    settings.LINDUNG_FILE_LIMITS = {"max_uncompressed_bytes": 10 * 1024 * 1024}
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 4_000_000)  # 24 MB unpacked, ~25 KB packed
    assert bomb.stat().st_size < 200_000
    with pytest.raises(TableError, match="terlalu besar"):
        check_limits(bomb)
    with pytest.raises(TableError, match="terlalu besar"):
        read_table(bomb, POVERTY)


def test_row_and_size_caps_at_the_upload_edge(tmp_path, settings):
    settings.LINDUNG_FILE_LIMITS = {"max_rows": 1, "max_bytes": 10_000}
    with pytest.raises(TableError, match="2 baris melebihi batas 1 baris"):
        check_limits(save(tmp_path / "a.csv", ",", "utf-8"))
    big = tmp_path / "besar.csv"
    big.write_bytes(b"nik\n" + b"1\n" * 10_000)
    with pytest.raises(TableError, match="MB melebihi|melebihi batas"):
        check_limits(big)


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"klik\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
                                  "\tx", "\r=1"])
def test_formula_cells_are_neutralised_in_csv(tmp_path, cell):
    out = write_table([{"nama": cell, "jumlah": "-5000"}], tmp_path / "hasil.csv", ["nama", "jumlah"])
    row = pl.read_csv(out, infer_schema=False).row(0)
    assert row == ("'" + cell, "-5000")


def test_xlsx_keeps_values_and_types(tmp_path):
    frame = pl.DataFrame({"nama": ["=1+1"], "jumlah": [16800]})
    out = write_table(frame, tmp_path / "hasil.xlsx", sheet="Tagihan")
    back = pl.read_excel(out, sheet_name="Tagihan")
    assert back.row(0) == ("=1+1", 16800)


@given(st.one_of(st.text(max_size=40), st.from_regex(r"[=+@\t\r-][0-9A-Z(.]{0,10}", fullmatch=True)))
def test_neutralised_cells_never_start_a_formula(text):
    value = neutralise(text)
    assert value in (text, "'" + text)
    is_number = re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", text) is not None
    assert is_number or not value.startswith(("=", "+", "-", "@", "\t", "\r"))
