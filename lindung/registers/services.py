"""Writes of the engine: importing a reference dataset (poverty or BPJS extract) and starting a bulk
screening. Each checks the actor's permission and leaves an audit record.

An import is all or nothing: rows go into the database inside one transaction (COPY on PostgreSQL,
large executemany batches on SQLite), and the stored file is removed again if anything fails.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction

from lindung.accounts.permissions import can_import_reference_data, can_screen
from lindung.audit import services as audit
from lindung.domain import nik as nik_rules
from lindung.domain.exchange import APPLICANTS, BPJS_REGISTRY, POVERTY, TRUE_WORDS
from lindung.domain.progress import Progress, silent
from lindung.domain.rules import RuleSetError, fields, load
from lindung.domain.rules.sql import clean, normalize_nik, one_of, q
from lindung.jobs import services as jobs
from lindung.platform import storage
from lindung.platform.errors import require
from lindung.platform.files import TableError, check_limits, file_format, limits, write_table

from . import duck, selectors
from .actions import Action
from .models import BpjsRecord, PairReview, PovertyRecord, ReferenceDataset
from .selectors import DATASET_IMPORT_JOB, SCREENING_JOB, latest_snapshot

LAYOUTS = {ReferenceDataset.Kind.KEMISKINAN: POVERTY, ReferenceDataset.Kind.BPJS: BPJS_REGISTRY}
BATCH = 50_000
SAMPLE_ROWS = 20  # line numbers shown per problem in a validation report


class ScreeningUnavailable(Exception):
    """The screening cannot start (no reference data yet, unknown rule set); the message says why."""


def save_upload(upload: UploadedFile, folder: str) -> Path:
    """An uploaded file under MEDIA_ROOT/<folder>/<random>/, keeping its extension (it picks the reader),
    refused (and removed) when it passes the upload caps: its size while it is copied, then its size
    unzipped and its rows before any parser runs (lindung.platform.files.check_limits)."""
    suffix = Path(upload.name).suffix.lower()
    file_format(f"x{suffix}")  # refuse anything but .csv/.xlsx before writing a byte
    target = Path(settings.MEDIA_ROOT) / folder / uuid.uuid4().hex / f"berkas{suffix}"
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    cap, size = limits()["max_bytes"], 0
    try:
        with target.open("wb") as fh:
            for chunk in upload.chunks():
                size += len(chunk)
                if size > cap:
                    raise TableError(f"{upload.name}: berkas melebihi batas {cap // (1024 * 1024)} MB")
                fh.write(chunk)
        if check_limits(target, upload.name) == 0:
            raise TableError(f"{upload.name}: berkas tidak berisi satu baris data pun")
    except BaseException:
        shutil.rmtree(target.parent, ignore_errors=True)
        raise
    return target


# --- reference datasets ---------------------------------------------------------------------------------


def start_dataset_import(actor, *, kind: str, upload: UploadedFile, snapshot_date: date,
                         mapping: dict[str, str] | None = None):
    """Check the file's columns now (a wrong file is refused at once), then import it in the background."""
    require(can_import_reference_data(actor, kind))
    path = save_upload(upload, "rujukan-unggahan")
    try:
        duck.open_source(path, LAYOUTS[kind], mapping)
    except TableError as exc:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise TableError(str(exc).replace(path.name, upload.name, 1)) from None
    return jobs.submit(
        DATASET_IMPORT_JOB, title=f"Impor {ReferenceDataset.Kind(kind).label}: {upload.name}", actor=actor,
        params={"kind": kind, "snapshot_date": snapshot_date.isoformat(), "mapping": mapping or {},
                "original_name": upload.name},
        input_file=str(path),
    )


@dataclass(frozen=True)
class _Plan:
    table: str
    columns: tuple[str, ...]  # of the database table
    expressions: str  # the same columns (less dataset_id) computed from the extract's cells


def _plan(kind: str) -> _Plan:
    """How an extract's rows are stored: the NIK normalized as the screening matches it, the decile and
    the flags read as the screening reads them."""
    nik = normalize_nik(clean("nik"))
    if kind == ReferenceDataset.Kind.KEMISKINAN:
        desil, extreme = clean("desil"), clean("miskin_ekstrem")
        decile = (f"CASE WHEN regexp_full_match({desil}, {q(fields.DESIL_PATTERN)}) AND try_cast({desil} AS INTEGER) "
                  f"BETWEEN {fields.DESIL_RANGE[0]} AND {fields.DESIL_RANGE[1]} THEN try_cast({desil} AS INTEGER) END")
        return _Plan(
            PovertyRecord._meta.db_table, ("dataset_id", "nik", "no_kk", "desil", "miskin_ekstrem"),
            f"{nik} AS nik, coalesce({clean('no_kk')}, '') AS no_kk, {decile} AS desil, "
            f"coalesce({one_of(f'lower({extreme})', TRUE_WORDS)}, false) AS miskin_ekstrem",
        )
    return _Plan(
        BpjsRecord._meta.db_table, ("dataset_id", "nik", "kpj", "segmen", "status"),
        f"{nik} AS nik, coalesce({clean('kpj')}, '') AS kpj, coalesce({clean('segmen')}, '') AS segmen, "
        f"coalesce(upper({clean('status')}), '') AS status",
    )


def import_reference_dataset(actor, *, kind: str, path: str | Path, original_name: str, snapshot_date: date,
                             mapping: dict[str, str] | None = None, tenant=None,
                             progress: Progress = silent) -> ReferenceDataset:
    """Validate and load one extract. Rows whose NIK cannot be a NIK (not 16 digits once cleaned) are not
    stored; the report counts them and gives their line numbers, as it does every other problem."""
    require(can_import_reference_data(actor, kind))
    tenant = tenant or actor.tenant
    layout = LAYOUTS[kind]
    source = duck.open_source(path, layout, mapping)
    plan = _plan(kind)
    stored_file = Path(settings.MEDIA_ROOT) / "rujukan" / str(snapshot_date.year) / f"{kind}-{uuid.uuid4().hex}.csv"
    stored_file.parent.mkdir(parents=True, exist_ok=True)
    con = duck.connect()
    try:
        progress(0, None, "Membaca berkas")
        duck.register(con, "extract", source, materialize=True)
        con.execute(f"CREATE TABLE normalized AS SELECT _baris, {fields.ROW_DEFECT} AS cacat, {plan.expressions} "
                    f"FROM extract")
        report = _report(con, kind)
        if report["baris"] == 0:
            raise TableError(f"{original_name}: berkas tidak berisi satu baris data pun; data rujukan kosong tidak "
                             f"diimpor (data terbaru yang ada tetap dipakai)")
        # The snapshot as the bulk engine reads it: the contract's columns, cells as they were given.
        target = str(stored_file).replace("'", "''")
        con.execute(f"COPY (SELECT {', '.join(layout.columns)} FROM extract ORDER BY _baris) TO '{target}' "
                    f"(FORMAT csv, HEADER true)")
        with transaction.atomic():
            dataset = ReferenceDataset.objects.create(
                tenant=tenant, kind=kind, snapshot_date=snapshot_date, original_name=original_name[:255],
                column_mapping=mapping or {}, row_count=report["baris"], stored_count=report["disimpan"],
                report=report, imported_by=actor if getattr(actor, "is_authenticated", False) else None,
                file=str(stored_file.relative_to(settings.MEDIA_ROOT)),
            )
            cursor = con.execute(f"SELECT {', '.join(plan.columns[1:])} FROM normalized "
                                 f"WHERE regexp_full_match(nik, '[0-9]{{16}}') ORDER BY _baris")
            _bulk_insert(plan, dataset.pk, cursor, report["disimpan"], progress)
            audit.record(actor, Action.ENGINE_DATASET_IMPORT, dataset, tenant=tenant, after={
                "kind": kind, "snapshot_date": snapshot_date, "original_name": original_name,
                "rows": report["baris"], "stored": report["disimpan"],
            })
    except BaseException:
        stored_file.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    return dataset


def _report(con, kind: str) -> dict:
    """Counts and sample line numbers (header = line 1, so data row n is line n + 1)."""
    def count(where: str) -> dict:
        total, lines = con.execute(
            f"SELECT count(*), list(_baris + 1 ORDER BY _baris)[1:{SAMPLE_ROWS}] FROM normalized WHERE {where}"
        ).fetchone()
        return {"jumlah": total, "contoh_baris": lines or []}

    rows = con.execute("SELECT count(*) FROM normalized").fetchone()[0]
    valid = "regexp_full_match(nik, '[0-9]{16}')"
    report = {
        "baris": rows,
        "disimpan": con.execute(f"SELECT count(*) FROM normalized WHERE {valid}").fetchone()[0],
        "nik_kosong": count("nik IS NULL OR nik = ''"),
        "nik_tidak_valid": count(f"nik <> '' AND NOT {valid}"),
        "baris_cacat": count("cacat IS NOT NULL"),
        "nik_berulang": con.execute(
            f"SELECT count(*) FROM (SELECT nik FROM normalized WHERE {valid} GROUP BY nik HAVING count(*) > 1)"
        ).fetchone()[0],
    }
    if kind == ReferenceDataset.Kind.KEMISKINAN:
        report["desil_tidak_valid"] = count(f"{valid} AND desil IS NULL")
        report["per_desil"] = {str(d): n for d, n in con.execute(
            f"SELECT desil, count(*) FROM normalized WHERE {valid} AND desil IS NOT NULL GROUP BY 1 ORDER BY 1"
        ).fetchall()}
        report["miskin_ekstrem"] = con.execute(f"SELECT count(*) FROM normalized WHERE {valid} AND miskin_ekstrem").fetchone()[0]
    else:
        report["per_status"] = dict(con.execute(
            f"SELECT CASE WHEN status = '' THEN '(kosong)' ELSE status END, count(*) FROM normalized "
            f"WHERE {valid} GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall())
    return report


def _bulk_insert(plan: _Plan, dataset_id: int, cursor, total: int, progress: Progress) -> None:
    """Rows straight from DuckDB into the database: COPY on PostgreSQL, executemany batches elsewhere."""
    done = 0
    with connection.cursor() as db:
        if connection.vendor == "postgresql":
            with db.cursor.copy(f"COPY {plan.table} ({', '.join(plan.columns)}) FROM STDIN") as copy:
                while batch := cursor.fetchmany(BATCH):
                    for row in batch:
                        copy.write_row((dataset_id, *row))
                    done += len(batch)
                    progress(done, total, "Menyimpan baris")
            return
        sql = f"INSERT INTO {plan.table} ({', '.join(plan.columns)}) VALUES ({', '.join(['%s'] * len(plan.columns))})"
        while batch := cursor.fetchmany(BATCH):
            db.executemany(sql, [(dataset_id, *row) for row in batch])
            done += len(batch)
            progress(done, total, "Menyimpan baris")


# --- screening ------------------------------------------------------------------------------------------


def start_screening(actor, *, upload: UploadedFile, ruleset_id: str, dedupe: bool = True):
    """Keep the applicants file, check its columns now, and screen it in the background against the
    tenant's latest poverty and BPJS snapshots. Raises TableError or ScreeningUnavailable."""
    require(can_screen(actor))
    try:
        load(ruleset_id)
    except RuleSetError as exc:
        raise ScreeningUnavailable(str(exc)) from None
    snapshots = {kind: latest_snapshot(kind, actor.tenant) for kind in ReferenceDataset.Kind.values}
    missing = [str(ReferenceDataset.Kind(kind).label) for kind, s in snapshots.items() if s is None]
    if missing:
        raise ScreeningUnavailable("Belum ada data rujukan: " + ", ".join(missing) + ". Impor dulu di halaman Data Rujukan.")
    path = save_upload(upload, "penyaringan")
    try:
        duck.open_source(path, APPLICANTS)
    except TableError as exc:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise TableError(str(exc).replace(path.name, upload.name, 1)) from None
    return jobs.submit(
        SCREENING_JOB, title=f"Penyaringan {upload.name}", actor=actor, input_file=str(path),
        params={"ruleset": ruleset_id, "dedupe": dedupe, "original_name": upload.name,
                "poverty": snapshots["kemiskinan"].pk, "bpjs": snapshots["bpjs"].pk},
    )


def record_download(actor, *, job, fmt: str, full_nik: bool = True) -> None:
    """A screening result holds full NIKs: every download is in the audit trail."""
    audit.record(actor, Action.ENGINE_SCREENING_DOWNLOAD, job,
                 after={"format": fmt, "rows": (job.result or {}).get("rows"), "nik_lengkap": full_nik})


def masked_result(job, fmt: str) -> Path:
    """The result with every NIK masked (6471********0001), as a fresh file the caller sends and removes."""
    frame = pl.read_csv(job.output_file, infer_schema=False)
    frame = frame.with_columns(pl.col("nik").map_elements(nik_rules.mask, return_dtype=pl.Utf8))
    _, path = storage.new_output("unduhan", fmt)
    return write_table(frame, path, sheet="Hasil penyaringan" if fmt == "xlsx" else None)


def review_pair(actor, *, job, row: int, verdict: str, note: str = "") -> PairReview:
    """An officer's judgement on a flagged row of a screening and the earlier row it resembles: one person
    (SAMA) or two (BERBEDA). Remembered for the tenant's later screenings (lindung.registers.dedupe); a later
    judgement on the same pair replaces the earlier one, and both are in the audit trail. The pair's NIKs
    are read from the screening's own result, never from the request."""
    require(can_screen(actor), "Peran Anda tidak menyaring data pendaftar.")
    if verdict not in PairReview.Verdict.values:
        raise ValueError(f"keputusan tidak dikenal: {verdict}")
    if job.tenant_id is None:  # judgements are remembered per government
        raise ValueError("Penyaringan ini tidak terikat pada satu pemerintah daerah; keputusan pasangan tidak dapat diingat.")
    flagged = selectors.flagged_pair(job, row)
    if flagged is None:
        raise ValueError(f"Baris {row} tidak ditandai kemungkinan ganda pada penyaringan ini.")
    nik_a, nik_b = flagged.key
    if not nik_a or nik_a == nik_b:
        raise ValueError(f"Baris {row}: NIK kosong; pasangan tanpa NIK tidak dapat diingat.")
    with transaction.atomic():
        review = PairReview.objects.select_for_update().filter(tenant=job.tenant, nik_a=nik_a, nik_b=nik_b).first()
        before = {"keputusan": review.verdict, "catatan": review.note} if review else {}
        if review is None:
            review = PairReview(tenant=job.tenant, nik_a=nik_a, nik_b=nik_b)
        review.verdict, review.note, review.screening, review.decided_by = verdict, note[:500], job, actor
        review.save()
        audit.record(actor, Action.ENGINE_PAIR_REVIEW, review, tenant=job.tenant, before=before,
                     after={"keputusan": verdict, "catatan": review.note, "penyaringan": str(job.pk),
                            "baris": row, "baris_serupa": flagged.other_row})
    return review
