"""The one reader and writer of exchange files (CSV or XLSX, chosen by extension), against a Layout.

Every value is read as text: a NIK must never become a float, a date must never be guessed by a
spreadsheet library. Parsing into dates and money happens in the domain code that owns each column,
so that a bad value becomes a row-level reason, not a crashed import.

CSV files are read as staff really save them (DESIGN §4 "Reading files"): comma, semicolon (Excel on an
Indonesian-locale PC) or tab, in UTF-8 with or without a byte-order mark or in Windows-1252. `sniff`
decides once per file; `as_plain_csv` hands the bulk engine a UTF-8 comma copy when the file is not one.

Files from outside are hostile until proven otherwise: `check_limits` refuses, before any parser runs,
a file bigger than the upload cap, an XLSX whose sheets would expand past the uncompressed cap (a zip
bomb), and more rows than the row cap. Every CSV cell a spreadsheet would run as a formula is
neutralised on the way out (`neutralise`).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from lindung.domain.exchange import HeaderMatch, Layout, match_headers

ROW = "_baris"  # 1-based data row number in the source file, kept through every step

# Limits for files from outside (settings.LINDUNG_FILE_LIMITS overrides; see `limits`).
DEFAULT_LIMITS = {
    "max_bytes": 200 * 1024 * 1024,  # the file as uploaded
    "max_uncompressed_bytes": 1024 * 1024 * 1024,  # an XLSX's parts once unzipped
    "max_rows": 2_000_000,  # data rows of a CSV or XLSX
}
DELIMITERS = (",", ";", "\t")
SNIFF_BYTES = 64 * 1024
_UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class TableError(Exception):
    """The file itself cannot be used (unreadable, unsupported, too large, required columns missing).
    The message names the file as the user knows it and says what is wrong, never a library's words."""


def file_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    raise TableError(f"{Path(path).name}: format tidak didukung ({suffix or 'tanpa ekstensi'}); gunakan .csv atau .xlsx")


def limits() -> dict[str, int]:
    try:
        from django.conf import settings

        return {**DEFAULT_LIMITS, **getattr(settings, "LINDUNG_FILE_LIMITS", {})}
    except Exception:  # noqa: BLE001 - outside Django (bench scripts): the defaults
        return dict(DEFAULT_LIMITS)


# --- CSV dialect ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    encoding: str  # a Python codec: "utf-8", "utf-8-sig" or "cp1252"
    delimiter: str

    @property
    def is_plain(self) -> bool:
        """UTF-8 (no BOM) with commas: what DuckDB's reader takes as it is."""
        return self.encoding == "utf-8" and self.delimiter == ","


def sniff(path: str | Path, name: str | None = None) -> Dialect:
    """The encoding and delimiter of a CSV file, from its first bytes and its header line."""
    path = Path(path)
    name = name or path.name
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:2]:
        raise TableError(f"{name}: berkas tersimpan dalam UTF-16; simpan ulang sebagai CSV UTF-8 atau CSV biasa")
    if b"\x00" in head:
        raise TableError(f"{name}: berkas berisi byte kosong (NUL); ini bukan berkas CSV biasa")
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        try:
            # The sample may end inside a multi-byte character: decode incrementally, without the last one.
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            encoding = "utf-8"
        except UnicodeDecodeError:
            # Bytes that are not UTF-8: a Windows-1252 file, unless UTF-8 letters stand beside them (then it
            # is a UTF-8 file with a damaged row, which the row's own reasons will name).
            encoding = "utf-8" if _UTF8_LETTER.search(head) else "cp1252"
    first_line = head.split(b"\n", 1)[0].decode(encoding if encoding != "cp1252" else "cp1252", errors="replace")
    return Dialect(encoding, _delimiter_of(first_line))


def _delimiter_of(header_line: str) -> str:
    """The delimiter the header line uses most, outside quotes (comma when none appears)."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _open_text(path: Path, dialect: Dialect, errors: str = "replace"):
    return path.open(encoding=dialect.encoding, errors=errors, newline="")


def as_plain_csv(path: str | Path, workdir: str | Path, name: str | None = None) -> Path:
    """The file itself when it is UTF-8 with commas; otherwise a UTF-8 comma copy in `workdir` (the
    caller removes it), so that the bulk engine reads every dialect alike."""
    path = Path(path)
    dialect = sniff(path, name)
    if dialect.is_plain:
        return path
    target = Path(workdir) / f".{path.stem}.utf8.csv"
    with _open_text(path, dialect, errors="surrogateescape") as src, \
            target.open("w", encoding="utf-8", errors="surrogateescape", newline="") as dst:
        writer = csv.writer(dst, lineterminator="\n")
        for row in csv.reader(src, delimiter=dialect.delimiter):
            writer.writerow(row)
    return target


# A damaged zip fails in many ways inside `zipfile`, depending on which byte was hit: a bad signature, a
# "version 18.3" header (NotImplementedError), an encrypted-entry flag (RuntimeError), a truncated stream.
_DAMAGED_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error, NotImplementedError,
                RuntimeError, ValueError, struct.error)


# --- Limits ---------------------------------------------------------------------------------------


def check_limits(path: str | Path, name: str | None = None, *, max_rows: int | None = None) -> int:
    """Refuse, before parsing, an uploaded file larger than the caps: by its size, an XLSX by the size of
    its parts unzipped (a 4 MB workbook can hold a 1 GB sheet), and by its number of rows. Called at
    the upload edges (web, API); reference extracts from the command line may be larger. Returns the
    number of data rows (lines after the header; rows of the largest sheet)."""
    path = Path(path)
    name = name or path.name
    cap = limits()
    max_rows = max_rows or cap["max_rows"]
    size = path.stat().st_size
    if size > cap["max_bytes"]:
        raise TableError(f"{name}: berkas {size // (1024 * 1024)} MB melebihi batas {cap['max_bytes'] // (1024 * 1024)} MB")
    if file_format(path) == "xlsx":
        check_workbook(path, name)
        try:
            rows = _count_sheet_rows(path) - 1
        except _DAMAGED_ZIP:
            raise TableError(f"{name}: bukan berkas XLSX yang utuh (rusak atau format lain); simpan ulang dari "
                             f"aplikasi lembar kerja") from None
    else:
        rows = _count_lines(path) - 1
    if rows > max_rows:
        raise TableError(f"{name}: {rows:,} baris melebihi batas {max_rows:,} baris")
    return max(rows, 0)


def check_workbook(path: str | Path, name: str | None = None) -> None:
    """An XLSX is a zip: refuse a damaged one, or one whose parts expand past the cap, before calamine
    unpacks it into memory."""
    path = Path(path)
    name = name or path.name
    cap = limits()["max_uncompressed_bytes"]
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except _DAMAGED_ZIP:
        raise TableError(f"{name}: bukan berkas XLSX yang utuh (rusak atau format lain); simpan ulang dari "
                         f"aplikasi lembar kerja") from None
    if expanded > cap:
        raise TableError(f"{name}: isi lembar kerja terlalu besar setelah diurai "
                         f"({expanded // (1024 * 1024)} MB; batas {cap // (1024 * 1024)} MB)")


def _count_sheet_rows(path: Path) -> int:
    """The rows of an XLSX's largest worksheet, counted in its XML as it streams out of the zip (the parts'
    total size was capped just before), so that calamine never loads an oversized sheet."""
    row_tag = re.compile(rb"<(?:\w+:)?row[\s>/]")
    largest = 0
    with zipfile.ZipFile(path) as archive:
        for part in archive.namelist():
            if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", part):
                continue
            count, tail = 0, b""
            with archive.open(part) as sheet:
                while chunk := sheet.read(1 << 20):
                    data = tail + chunk
                    count += len(row_tag.findall(data))
                    # A tag cut by the chunk boundary is kept for the next chunk (and not counted twice).
                    cut = data.rfind(b"<")
                    tail = data[cut:] if cut >= 0 and b">" not in data[cut:] else b""
                    count -= len(row_tag.findall(tail))
            largest = max(largest, count)
    return largest


def _count_lines(path: Path) -> int:
    count, last = 0, b"\n"
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


# --- Reading --------------------------------------------------------------------------------------


def read_headers(path: str | Path, name: str | None = None) -> list[str]:
    path = Path(path)
    name = name or path.name
    fmt = file_format(path)
    try:
        if fmt == "csv":
            dialect = sniff(path, name)
            # Only the header line is decoded: a bad byte further down is a row's problem, not the file's.
            with _open_text(path, dialect) as fh:
                first = fh.readline()
            return next(csv.reader([first], delimiter=dialect.delimiter)) if first.strip() else []
        check_workbook(path, name)
        return list(pl.read_excel(path, engine="calamine", read_options={"n_rows": 0}, infer_schema_length=0).columns)
    except TableError:
        raise
    except Exception:  # noqa: BLE001 - calamine and the csv module raise their own types on damaged files
        raise TableError(f"{name}: berkas tidak dapat dibaca; pastikan berkas CSV atau XLSX yang utuh") from None


def check_headers(path: str | Path, layout: Layout, mapping: dict[str, str] | None = None,
                  name: str | None = None) -> HeaderMatch:
    name = name or Path(path).name
    headers = read_headers(path, name)
    match = match_headers(headers, layout, mapping)
    if not headers:
        raise TableError(f"{name}: berkas kosong atau tanpa baris judul kolom")
    if match.missing:
        raise TableError(
            f"{name}: kolom wajib {layout.name} tidak ditemukan: {', '.join(match.missing)} "
            f"(kolom berkas: {', '.join(h for h in headers if h)})"
        )
    if match.duplicates:
        raise TableError(f"{name}: lebih dari satu kolom untuk: {', '.join(match.duplicates)}")
    return match


def read_table(path: str | Path, layout: Layout, mapping: dict[str, str] | None = None, *,
               name: str | None = None, allow_empty: bool = True) -> pl.DataFrame:
    """The whole file as text columns named by the contract (absent optional columns are empty),
    plus `_baris`. Extra columns are dropped here (they are "kept and ignored": the source stays).
    `name` is the file's name as the user knows it (uploads are kept under random names)."""
    path = Path(path)
    name = name or path.name
    match = check_headers(path, layout, mapping, name)
    try:
        if file_format(path) == "csv":
            df = _read_csv(path, sniff(path, name))
        else:
            df = pl.read_excel(path, engine="calamine", infer_schema_length=0)
    except Exception:  # noqa: BLE001
        raise TableError(f"{name}: isi berkas tidak dapat dibaca; periksa bahwa setiap baris mempunyai kolom yang "
                         f"sama dengan judulnya") from None
    missing = [src for src in match.rename if src not in df.columns]
    if missing:  # the header line the sniffer read is not the one the parser found (a stray CR, a damaged quote)
        raise TableError(f"{name}: baris judul kolom rusak (kolom {', '.join(missing)} tidak terbaca utuh); "
                         f"simpan ulang berkas dari aplikasi lembar kerja")
    df = df.select([pl.col(src).cast(pl.Utf8).alias(dst) for src, dst in match.rename.items()])
    for column in layout.columns:
        if column not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=pl.Utf8).alias(column))
    df = df.select(list(layout.columns)).with_columns(pl.col(c).str.strip_chars() for c in layout.columns)
    if not allow_empty and df.height == 0:
        raise TableError(f"{name}: berkas tidak berisi satu baris data pun")
    return df.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))


def _read_csv(path: Path, dialect: Dialect) -> pl.DataFrame:
    if dialect.encoding == "cp1252":
        with _open_text(path, dialect) as fh:
            data = io.BytesIO(fh.read().encode("utf-8"))
        return pl.read_csv(data, infer_schema=False, separator=dialect.delimiter)
    return pl.read_csv(path, infer_schema=False, encoding="utf8-lossy", separator=dialect.delimiter)


# --- Writing --------------------------------------------------------------------------------------

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def neutralise(value):
    """A text cell a spreadsheet would run as a formula, made inert with a leading apostrophe (which
    spreadsheets show as text and do not display). Plain numbers such as -5000 are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_sql(column: str) -> str:
    """`neutralise` as a DuckDB expression over a text column, for files DuckDB writes itself."""
    return (f"CASE WHEN regexp_matches({column}, '^[=+@\\t\\r-]') AND NOT regexp_full_match({column}, "
            f"'[+-]?[0-9]+(\\.[0-9]+)?') THEN '''' || {column} ELSE {column} END")


def csv_text(df: pl.DataFrame) -> str:
    """A frame as CSV text (for a download built in memory), formula cells neutralised like `write_table`."""
    return _neutralised(df).write_csv()


def _neutralised(df: pl.DataFrame) -> pl.DataFrame:
    text = [c for c, t in df.schema.items() if t == pl.Utf8]
    if not text:
        return df
    starts = "^[=+@\t\r-]"
    return df.with_columns(
        pl.when(pl.col(c).str.contains(starts) & ~pl.col(c).str.contains(r"^[+-]?[0-9]+(\.[0-9]+)?$"))
        .then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text
    )


def write_table(rows: pl.DataFrame | Iterable[dict], path: str | Path, columns: Sequence[str] | None = None, *,
                sheet: str | None = None) -> Path:
    """Write rows as CSV or XLSX (by extension) with exactly `columns` in that order. Typed columns
    (dates, integers, decimals) stay typed in XLSX; CSV cells that would run as formulas are neutralised.
    The file appears complete or not at all (written beside, then renamed)."""
    path = Path(path)
    df = rows if isinstance(rows, pl.DataFrame) else pl.DataFrame(list(rows), infer_schema_length=None)
    if columns is not None:
        for column in columns:
            if column not in df.columns:
                df = df.with_columns(pl.lit(None, dtype=pl.Utf8).alias(column))
        df = df.select(list(columns))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.{os.getpid()}.sebagian{path.suffix}")
    try:
        if file_format(path) == "csv":
            _neutralised(df).write_csv(partial)
        else:
            df.write_excel(partial, worksheet=sheet, autofit=df.height <= 10_000)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def sheet_title(name: str) -> str:
    """A worksheet name a spreadsheet accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(name)).strip()[:31] or "data"


def write_workbook(sheets: Sequence[tuple[str, pl.DataFrame]], path: str | Path) -> Path:
    """Several tables as the sheets of one XLSX (a report and its annexes): typed cells, text never run as
    a formula, sheet names as given (at most 31 characters, made unique). Complete or not at all."""
    from xlsxwriter import Workbook

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.{os.getpid()}.sebagian{path.suffix}")
    used: set[str] = set()
    try:
        workbook = Workbook(str(partial), {"strings_to_formulas": False})
        for name, df in sheets:
            title, n = sheet_title(name), 1
            while title.lower() in used:
                n += 1
                title = f"{sheet_title(name)[:28]} {n}"
            used.add(title.lower())
            df.write_excel(workbook=workbook, worksheet=title, autofit=df.height <= 10_000)
        workbook.close()
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def text_frame(rows: Iterable[Sequence], columns: Sequence[str]) -> pl.DataFrame:
    """Rows of text (already formatted for an exchange file) as a frame of Utf8 columns, so that
    `write_table` writes a header even when there are no rows."""
    # Empty text is written as an empty field (None), not as a quoted "" that some tools read as a value.
    data = [[None if v == "" else v for v in r] for r in rows]
    return pl.DataFrame(data, schema=dict.fromkeys(columns, pl.Utf8), orient="row")


def clean_mapping(mapping: dict[str, str] | None, layout: Layout) -> dict[str, str]:
    """A column mapping ({header in the file: contract column}) with blanks dropped; refused when it names
    a column the layout does not have."""
    mapping = {k.strip(): v.strip() for k, v in (mapping or {}).items() if k.strip() and v.strip()}
    unknown = sorted(set(mapping.values()) - set(layout.columns))
    if unknown:
        raise TableError(f"Kolom tujuan tidak dikenal: {', '.join(unknown)} (pilih: {', '.join(layout.columns)})")
    return mapping
