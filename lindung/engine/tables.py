"""Reading and writing exchange files (CSV or XLSX, chosen by extension) against a Layout.

Every value is read as text: a NIK must never become a float, a date must never be guessed by a
spreadsheet library. Parsing into dates and money happens in the domain code that owns each column,
so that a bad value becomes a row-level reason, not a crashed import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

from lindung.domain.exchange import HeaderMatch, Layout, match_headers

ROW = "_baris"  # 1-based data row number in the source file, kept through every step


class TableError(Exception):
    """The file itself cannot be used (unreadable, unsupported, required columns missing)."""


def file_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    raise TableError(f"{Path(path).name}: format tidak didukung ({suffix or 'tanpa ekstensi'}); gunakan .csv atau .xlsx")


def read_headers(path: str | Path) -> list[str]:
    path = Path(path)
    fmt = file_format(path)
    try:
        if fmt == "csv":
            # Only the header line is decoded: a bad byte further down is a row's problem, not the file's.
            with path.open("rb") as fh:
                first = fh.readline().decode("utf-8-sig", errors="replace")
            import csv

            return next(csv.reader([first])) if first.strip() else []
        return list(pl.read_excel(path, engine="calamine", read_options={"n_rows": 0}, infer_schema_length=0).columns)
    except (OSError, UnicodeDecodeError) as exc:
        raise TableError(f"{path.name}: berkas tidak dapat dibaca ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for corrupt workbooks
        raise TableError(f"{path.name}: berkas tidak dapat dibaca ({exc})") from exc


def check_headers(path: str | Path, layout: Layout, mapping: dict[str, str] | None = None) -> HeaderMatch:
    headers = read_headers(path)
    match = match_headers(headers, layout, mapping)
    name = Path(path).name
    if not headers:
        raise TableError(f"{name}: berkas kosong atau tanpa baris judul kolom")
    if match.missing:
        raise TableError(
            f"{name}: kolom wajib {layout.name} tidak ditemukan: {', '.join(match.missing)} "
            f"(kolom berkas: {', '.join(headers)})"
        )
    if match.duplicates:
        raise TableError(f"{name}: lebih dari satu kolom untuk: {', '.join(match.duplicates)}")
    return match


def read_table(path: str | Path, layout: Layout, mapping: dict[str, str] | None = None) -> pl.DataFrame:
    """The whole file as text columns named by the contract (absent optional columns are empty),
    plus `_baris`. Extra columns are dropped here (they are "kept and ignored": the source stays)."""
    path = Path(path)
    match = check_headers(path, layout, mapping)
    try:
        if file_format(path) == "csv":
            df = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
        else:
            df = pl.read_excel(path, engine="calamine", infer_schema_length=0)
    except Exception as exc:  # noqa: BLE001
        raise TableError(f"{path.name}: isi berkas tidak dapat dibaca ({exc})") from exc
    df = df.select([pl.col(src).cast(pl.Utf8).alias(dst) for src, dst in match.rename.items()])
    for column in layout.columns:
        if column not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=pl.Utf8).alias(column))
    df = df.select(list(layout.columns)).with_columns(pl.col(c).str.strip_chars() for c in layout.columns)
    return df.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))


def write_table(rows: pl.DataFrame | Iterable[dict], path: str | Path, columns: Sequence[str] | None = None) -> Path:
    """Write rows as CSV or XLSX (by extension) with exactly `columns` in that order."""
    path = Path(path)
    df = rows if isinstance(rows, pl.DataFrame) else pl.DataFrame(list(rows), infer_schema_length=None)
    if columns is not None:
        for column in columns:
            if column not in df.columns:
                df = df.with_columns(pl.lit(None, dtype=pl.Utf8).alias(column))
        df = df.select(list(columns))
    path.parent.mkdir(parents=True, exist_ok=True)
    if file_format(path) == "csv":
        df.write_csv(path)
    else:
        df.write_excel(path, autofit=True)
    return path
