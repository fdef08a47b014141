"""DuckDB plumbing for the bulk engine: a connection sized for this machine, and exchange files (CSV or
XLSX) exposed as relations named by the contract's columns.

CSV is read by DuckDB itself, every column as text (a NIK must never become a number), with the
dialect fixed rather than sniffed: a sniffer guesses differently on a damaged file. XLSX is read by
Polars + fastexcel (calamine) into Arrow and handed to DuckDB; DuckDB's own `excel` extension would
download itself at run time, which Lindung never relies on.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa

from lindung.domain.exchange import Layout
from lindung.domain.progress import Progress, silent
from lindung.domain.rules.fields import ROW_DEFECT
from lindung.platform.files import TableError, as_plain_csv, check_headers, file_format, read_headers, sniff

DEFAULT_MEMORY_LIMIT = os.environ.get("LINDUNG_DUCKDB_MEMORY", "2GB")


def connect(*, memory_limit: str = DEFAULT_MEMORY_LIMIT, threads: int | None = None, temp_dir: str | None = None):
    """An in-memory DuckDB. The memory limit bounds DuckDB's buffers (it spills to `temp_dir` beyond);
    Python, Polars and the result add to it, so keep it well under the 3 GiB the benchmark allows."""
    con = duckdb.connect(config={"memory_limit": memory_limit, "threads": threads or os.cpu_count() or 1})
    con.execute(f"SET temp_directory = '{temp_dir or tempfile.gettempdir()}'")
    # Appending in input order is what lets the result keep the applicants' order.
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = true")
    con.execute("SET enable_progress_bar_print = false")
    return con


@dataclass(frozen=True)
class Source:
    path: Path  # what DuckDB reads: the file itself, or its UTF-8 comma copy
    layout: Layout
    rename: dict[str, str]  # header in the file -> contract column
    # The folder holding a transcoded copy; removed when the source is no longer referenced.
    workdir: tempfile.TemporaryDirectory | None = field(default=None, compare=False, repr=False)


def open_source(path: str | Path, layout: Layout, mapping: dict[str, str] | None = None) -> Source:
    """Check that the file exists, is CSV/XLSX and has the layout's required columns; nothing is read yet.
    A CSV saved with `;` or tab, or in Windows-1252 or with a BOM, is read through a UTF-8 comma copy
    (DESIGN §4 "Reading files"). Raises TableError with a message naming the file and the missing columns."""
    path = Path(path)
    if not path.is_file():
        raise TableError(f"{path}: berkas tidak ditemukan")
    match = check_headers(path, layout, mapping)
    if file_format(path) == "csv" and not sniff(path).is_plain:
        workdir = tempfile.TemporaryDirectory(prefix="lindung-csv-")
        return Source(as_plain_csv(path, workdir.name), layout, match.rename, workdir)
    return Source(path, layout, match.rename)


def register(con, name: str, source: Source, columns: tuple[str, ...] | None = None, *, materialize: bool = False) -> None:
    """Expose `source` as relation `name` with text columns named by the contract (absent optional
    columns are NULL).

    `materialize` is for the applicants: it copies the file into a table with `_baris` (the 1-based data
    row, which the result's input order rests on) and `_cacat_baris` (what was wrong with a row that
    could only partly be read). Such a file is read a second time, tolerantly, in Python: a damaged row
    becomes DATA_TIDAK_VALID, never a dropped row. Extracts are not read tolerantly: a dropped BPJS row
    could make an insured person look uninsured, so a damaged extract stops the run."""
    columns = columns or source.layout.columns
    by_contract = {dst: src for src, dst in source.rename.items()}
    is_csv = file_format(source.path) == "csv"
    if is_csv:
        relation, names = _csv_relation(source.path)
    else:
        con.register(f"{name}_xlsx", _read_xlsx(source.path).to_arrow())
        relation, names = f"{name}_xlsx", {header: header for header in by_contract.values()}
    selected = [f"{_ident(names[by_contract[c]])} AS {c}" if c in by_contract else f"CAST(NULL AS VARCHAR) AS {c}"
                for c in columns]
    query = f"SELECT {', '.join(selected)} FROM {relation}"
    if not materialize:
        con.execute(f"CREATE VIEW {name} AS {query}")
        return
    try:
        con.execute(f"CREATE TABLE {name}_rows AS SELECT {', '.join(selected)}, "
                    f"CAST(NULL AS VARCHAR) AS {ROW_DEFECT} FROM {relation}")
    except duckdb.Error as exc:
        if not (is_csv and is_file_error(exc)):
            raise
        con.register(f"{name}_tolerant", _read_csv_tolerant(source.path))
        tolerant = [f"{_ident(by_contract[c])} AS {c}" if c in by_contract else f"CAST(NULL AS VARCHAR) AS {c}"
                    for c in columns]
        con.execute(f"CREATE TABLE {name}_rows AS SELECT {', '.join(tolerant)}, {ROW_DEFECT} FROM {name}_tolerant")
        con.unregister(f"{name}_tolerant")
    con.execute(f"CREATE VIEW {name} AS SELECT rowid + 1 AS _baris, * FROM {name}_rows")


def is_file_error(exc: Exception) -> bool:
    """A DuckDB error about the file's content (a bad row, or the parallel reader's refusal of a quoted line
    break next to a short row), as opposed to the engine's own trouble (memory, disk)."""
    return isinstance(exc, duckdb.InvalidInputException) or "CSV Error" in str(exc)


def table_error(exc: Exception, fallback_name: str = "") -> TableError:
    """A DuckDB reading error as the message people get: the file, the line, what is wrong."""
    text = str(exc)
    file = re.search(r"^\s*file = (.+)$", text, re.MULTILINE)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    name = Path(file.group(1).strip()).name if file else fallback_name
    where = f" baris {line.group(1)}" if line else ""
    detail = " | ".join(part.strip() for part in text.splitlines()[1:3] if part.strip()) or text.splitlines()[0]
    return TableError(f"{name}:{where} isi berkas tidak dapat dibaca ({detail})")


def _read_csv_tolerant(path: Path) -> pa.Table:
    """Every data row of a damaged CSV, keyed by header: extra cells are cut and bytes that are not UTF-8
    replaced, each noted in `_cacat_baris`; short rows are padded, as DuckDB pads them. Only a quote
    left open to the end of the file stops the read: there is no telling where its rows begin."""
    try:
        headers, columns, defects = _parse_csv(path, strict=True)
    except csv.Error as exc:
        if "end of data" in str(exc):
            raise TableError(f"{path.name}: tanda kutip tidak tertutup sampai akhir berkas ({exc})") from exc
        # A stray quote inside a cell: read it as text, as a spreadsheet would.
        headers, columns, defects = _parse_csv(path, strict=False)
    names = list(headers)
    seen: set[str] = set()
    for i, header in enumerate(names):  # repeated headers: only the first is matched (as check_headers does)
        if header in seen:
            names[i] = f"{header}\x00{i}"
        seen.add(names[i])
    data = {n: pa.array(col, type=pa.string()) for n, col in zip(names, columns, strict=True)}
    data[ROW_DEFECT] = pa.array(defects, type=pa.string())
    return pa.table(data)


def _parse_csv(path: Path, *, strict: bool) -> tuple[list[str], list[list], list[str | None]]:
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        reader = csv.reader(fh, strict=strict)
        headers = next(reader, [])
        width = len(headers)
        columns: list[list] = [[] for _ in range(width)]
        defects: list[str | None] = []
        for row in reader:
            problems = []
            if len(row) > width:
                problems.append(f"berisi {len(row)} kolom, judul {width} kolom")
                row = row[:width]
            if any(_has_bad_bytes(cell) for cell in row):
                problems.append("berisi karakter yang bukan UTF-8")
                row = [_replace_bad_bytes(cell) for cell in row]
            row = row + [None] * (width - len(row))
            for i, cell in enumerate(row):
                columns[i].append(None if cell == "" else cell)
            defects.append(", ".join(problems) or None)
    return headers, columns, defects


def _has_bad_bytes(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _replace_bad_bytes(text: str) -> str:
    return "".join("\ufffd" if "\udc80" <= ch <= "\udcff" else ch for ch in text)


def _csv_relation(path: Path) -> tuple[str, dict[str, str]]:
    """read_csv over the file with positional column names (headers may repeat or be blank);
    returns the relation and header -> positional name. Short rows are padded with NULL (their
    empty required fields then make them DATA_TIDAK_VALID); anything worse fails, and `register` decides."""
    headers = read_headers(path)
    positional = {f"c{i}": "VARCHAR" for i in range(len(headers))}
    names: dict[str, str] = {}
    for i, header in enumerate(headers):
        names.setdefault(header, f"c{i}")
    spec = ", ".join(f"'{k}': '{v}'" for k, v in positional.items())
    literal = str(path).replace("'", "''")
    relation = (f"read_csv('{literal}', header = true, auto_detect = false, delim = ',', quote = '\"', "
                f"escape = '\"', null_padding = true, columns = {{{spec}}})")
    return relation, names


def _read_xlsx(path: Path) -> pl.DataFrame:
    try:
        return pl.read_excel(path, engine="calamine", infer_schema_length=0)
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for corrupt workbooks
        raise TableError(f"{path.name}: isi berkas tidak dapat dibaca ({exc})") from exc


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def run_with_progress(con, sql: str, progress: Progress = silent, message: str = "", poll: float = 0.5):
    """Execute `sql`, reporting DuckDB's own progress estimate (0-100) while it runs."""
    outcome: dict = {}

    def work() -> None:
        try:
            outcome["result"] = con.execute(sql)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = exc

    if progress is silent:
        work()
    else:
        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        while thread.is_alive():
            thread.join(poll)
            done = con.query_progress()
            if done >= 0:
                progress(int(done), 100, message)
        progress(100, 100, message)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


class Timer:
    """Named wall-clock laps, for the benchmark's breakdown."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._start = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._start, 3)
        self._start = now
