"""Reading BPJS's claim report and writing the per-row result, at the edges (command line, background
job). The column mapping saved for the programme (`lindung program map-columns --layout klaim`) wins over
the built-in header aliases; services take the rows, never the file."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from lindung.domain import claims as rules
from lindung.platform.files import read_table, text_frame, write_table
from lindung.programs.models import ColumnMapping, Programme
from lindung.programs.selectors import column_mapping


def read_claims(programme: Programme, path: str | Path, *, name: str | None = None) -> pl.DataFrame:
    """The report as text rows with `_baris`. Raises TableError when the file itself cannot be used."""
    return read_table(path, rules.LAYOUT, column_mapping(programme, ColumnMapping.Layout.KLAIM), name=name)


def write_result(lines: list[dict[str, str]], path: str | Path) -> Path:
    """The contract's result file: `baris, nik, jenis, hasil, alasan`, one row per input row, in input order."""
    columns = rules.RESULT_COLUMNS
    return write_table(text_frame(([line[c] for c in columns] for line in lines), columns), path, columns)
