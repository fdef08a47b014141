"""Reading and writing membership's exchange files at the edges (command line, pages, demo): the
participants file (DESIGN §4) and termination-proposal files, with the column mapping saved for the
programme, and the file of refused rows. Services take the rows these return; they never open a file."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from lindung.domain.exchange import PARTICIPANTS
from lindung.domain.membership import TERMINATIONS
from lindung.platform.files import ROW, read_table, text_frame, write_table
from lindung.programs.models import ColumnMapping, Programme
from lindung.programs.selectors import column_mapping

from .services.participants import RejectedRow


def read_participants(programme: Programme, path: str | Path, *, mapping: dict | None = None,
                      name: str | None = None) -> pl.DataFrame:
    """A participants file as text rows with `_baris`; `mapping` defaults to the programme's saved one.
    Raises TableError when the file itself cannot be used."""
    if mapping is None:
        mapping = column_mapping(programme, ColumnMapping.Layout.PESERTA)
    return read_table(path, PARTICIPANTS, mapping, name=name)


def read_terminations(programme: Programme, path: str | Path, *, name: str | None = None) -> pl.DataFrame:
    return read_table(path, TERMINATIONS, column_mapping(programme, ColumnMapping.Layout.PENGHENTIAN), name=name)


def write_rejected(rejected: list[RejectedRow], path: str | Path) -> Path:
    """The refused rows as they were written, with `_baris` and `alasan` (every reason, ';'-joined)."""
    columns = [ROW, *PARTICIPANTS.columns, "alasan"]
    rows = ([str(r.row), *(r.values.get(c) for c in PARTICIPANTS.columns), "; ".join(r.reasons)] for r in rejected)
    return write_table(text_frame(rows, columns), path, columns)
