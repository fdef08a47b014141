"""DESIGN §4 "Reading files": an applicants file saved by Excel on an Indonesian-locale PC (semicolons,
Windows-1252) or with a byte-order mark is screened exactly as the plain UTF-8 comma file."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from .conftest import applicant, read_csv

RULESET = "balikpapan-perwali-3-2025"


def rewrite(source, target, *, delimiter: str, encoding: str):
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    with target.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return target


@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "cp1252"), ("\t", "utf-8-sig"), (";", "utf-8")])
def test_a_spreadsheet_dialect_screens_like_the_plain_file(files, tmp_path, delimiter, encoding):
    rows = [applicant(nama="Ni Luh Putu Ayu Ningrum", sex="P"), applicant(penghasilan_bulanan="9000000"),
            applicant(tanggal_lahir="17/05/1990")]
    paths = files(rows)
    other = rewrite(paths["applicants"], tmp_path / "pendaftar-excel.csv", delimiter=delimiter, encoding=encoding)
    outputs = []
    for source in (paths["applicants"], other):
        out = tmp_path / f"hasil-{source.stem}.csv"
        call_command("screen", ruleset=RULESET, applicants=str(source), poverty=str(paths["poverty"]),
                     bpjs=str(paths["bpjs"]), out=str(out), quiet=True, ranked_on=None, stdout=StringIO())
        outputs.append(read_csv(out))
    assert outputs[0] == outputs[1]
    assert [r["nama"] for r in outputs[1]][0] == "Ni Luh Putu Ayu Ningrum"
    assert [r["keputusan"] for r in outputs[1]][1:] == ["TIDAK_LAYAK", "DATA_TIDAK_VALID"]
