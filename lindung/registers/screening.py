"""Bulk screening: an applicants file against the poverty and BPJS extracts, on DuckDB, with the rule set
compiled to SQL (lindung.domain.rules.sql). One output row per input row, in input order, with the
applicant columns and keputusan, alasan, prioritas, alasan_teks (DESIGN.md §4).

Exact checks and NIK_GANDA are one SQL statement. Probable duplicates under another NIK
(KEMUNGKINAN_GANDA) are found first by the pre-trained Splink model (lindung.registers.dedupe), timed
apart, unless `dedupe=False` (`lindung screen --no-dedupe`).

The run either completes or leaves no output file: the result is written to a temporary file beside the
target and renamed into place only when complete.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from lindung.domain.exchange import APPLICANTS, BPJS_REGISTRY, POVERTY, SCREENING_EXTRA_COLUMNS
from lindung.domain.progress import Progress, silent
from lindung.domain.rules import RuleSet, load
from lindung.domain.rules import reasons as R
from lindung.domain.rules.fields import kelurahan_codes
from lindung.domain.rules.sql import decision_query, ranking_query
from lindung.platform.files import TableError, file_format, neutralise_sql

from . import duck

OUTPUT_COLUMNS = (*APPLICANTS.columns, *SCREENING_EXTRA_COLUMNS)
XLSX_MAX_ROWS = 1_048_575  # a worksheet's rows, less the header


@dataclass
class ScreeningSummary:
    ruleset: str
    rows: int
    by_decision: dict[str, int]
    by_reason: dict[str, int]
    output: Path
    timings: dict[str, float] = field(default_factory=dict)
    dedupe: dict | None = None  # what the fuzzy matcher found (lindung.registers.dedupe.DedupeSummary.as_dict)


def screen(
    ruleset: RuleSet | str,
    applicants: str | Path,
    poverty: str | Path,
    bpjs: str | Path,
    out: str | Path,
    *,
    progress: Progress = silent,
    dedupe: bool = True,
    ranked_on: date | None = None,
    mappings: dict[str, dict[str, str]] | None = None,
    memory_limit: str = duck.DEFAULT_MEMORY_LIMIT,
    threads: int | None = None,
    table_out: str | Path | None = None,
    reviews: Iterable[tuple[str, str, str]] = (),
) -> ScreeningSummary:
    """Screen a file of applicants. Raises TableError, before anything is written, when a file cannot be
    used (missing, unreadable, required columns absent). `mappings` holds per-file column mappings
    ({"applicants"|"poverty"|"bpjs": {header in file: contract column}}) for layouts the aliases miss.
    `table_out` also keeps the result as Parquet with `_baris` and `dup_of`, for pages that filter and page
    through it. `reviews` are the pairs officers already judged (lindung.registers.dedupe)."""
    ruleset = load(ruleset) if isinstance(ruleset, str) else ruleset
    out = Path(out)
    out_format = file_format(out)
    mappings = mappings or {}
    timer = duck.Timer()
    sources = {
        "applicants": duck.open_source(applicants, APPLICANTS, mappings.get("applicants")),
        "poverty": duck.open_source(poverty, POVERTY, mappings.get("poverty")),
        "bpjs": duck.open_source(bpjs, BPJS_REGISTRY, mappings.get("bpjs")),
    }
    con = duck.connect(memory_limit=memory_limit, threads=threads, temp_dir=str(out.parent.resolve()))
    try:
        create_reference_tables(con)
        progress(0, 100, "Membaca data pendaftar")
        duck.register(con, "applicants", sources["applicants"], materialize=True)
        duck.register(con, "poverty", sources["poverty"], ("nik", "desil", "miskin_ekstrem"))
        duck.register(con, "bpjs", sources["bpjs"], ("nik", "status"))
        rows = con.execute("SELECT count(*) FROM applicants").fetchone()[0]
        if out_format == "xlsx" and rows > XLSX_MAX_ROWS:
            raise TableError(f"{out.name}: {rows:,} baris melebihi batas XLSX ({XLSX_MAX_ROWS:,}); simpan sebagai .csv")
        timer.lap("read_applicants")

        dedupe_summary = None
        if dedupe:
            from .dedupe import find_probable_duplicates

            dedupe_summary = find_probable_duplicates(con, progress=progress, reviews=reviews)
            timer.lap("dedupe")

        query = decision_query(ruleset, with_probable_duplicates=dedupe)
        try:
            duck.run_with_progress(con, f"CREATE TABLE decisions AS {query}", progress, "Menyaring")
        except duckdb.Error as exc:  # a damaged extract, met while the query reads it
            if not duck.is_file_error(exc):
                raise
            raise duck.table_error(exc) from exc
        timer.lap("screen")
        # Ranks are computed on narrow rows and written into place: sorting the wide rows costs seconds.
        con.execute(f"CREATE TABLE ranks AS {ranking_query(ruleset, ranked_on=ranked_on or date.today())}")
        con.execute("ALTER TABLE decisions ADD COLUMN prioritas BIGINT")
        con.execute("UPDATE decisions SET prioritas = ranks.prioritas FROM ranks WHERE decisions._baris = ranks._baris")
        timer.lap("rank")

        progress(0, 100, "Menulis hasil")
        _write(con, out, out_format)
        if table_out is not None:
            target = str(table_out).replace("'", "''")
            # dup_of: the earlier row a KEMUNGKINAN_GANDA row resembles, for the page where an officer
            # confirms or dismisses the pair.
            pairs = ("LEFT JOIN (SELECT _baris, min(dup_of) AS dup_of FROM probable_duplicates GROUP BY _baris) p "
                     "USING (_baris)" if dedupe else "")
            dup_of = "p.dup_of" if dedupe else "CAST(NULL AS BIGINT) AS dup_of"
            con.execute(f"COPY (SELECT _baris, {', '.join(OUTPUT_COLUMNS)}, {dup_of} FROM decisions {pairs} "
                        f"ORDER BY _baris) TO '{target}' (FORMAT parquet)")
        progress(100, 100, "Menulis hasil")
        timer.lap("write")
        by_decision = dict.fromkeys(R.DECISIONS, 0)
        by_decision.update(dict(con.execute("SELECT keputusan, count(*) FROM decisions GROUP BY 1").fetchall()))
        by_reason = dict(con.execute(
            f"SELECT code, count(*) FROM (SELECT unnest(string_split(alasan, '{R.CODE_SEPARATOR}')) AS code "
            f"FROM decisions WHERE alasan <> '') GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall())
    finally:
        con.close()
    return ScreeningSummary(ruleset.id, rows, by_decision, by_reason, out, timer.laps,
                            dedupe_summary.as_dict() if dedupe_summary else None)


def create_reference_tables(con) -> None:
    """The reference data the compiled rule set reads besides the three files."""
    con.execute("CREATE TABLE kelurahan AS SELECT unnest($1::VARCHAR[]) AS kode", [sorted(kelurahan_codes())])


def _write(con, out: Path, out_format: str) -> None:
    columns = ", ".join(OUTPUT_COLUMNS)
    select = f"SELECT {columns} FROM decisions ORDER BY _baris"
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.stem}.{os.getpid()}.sebagian{out.suffix}")
    try:
        if out_format == "csv":
            path = str(partial).replace("'", "''")
            # A cell a spreadsheet would run as a formula is neutralised, as write_table does (DESIGN §6).
            cells = ", ".join(c if c == "prioritas" else f"{neutralise_sql(c)} AS {c}" for c in OUTPUT_COLUMNS)
            con.execute(f"COPY (SELECT {cells} FROM decisions ORDER BY _baris) TO '{path}' (FORMAT csv, HEADER true)")
        else:
            frame = con.sql(select).pl()
            frame.write_excel(partial, autofit=frame.height <= 10_000)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
