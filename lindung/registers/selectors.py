"""Reading reference datasets and screening results. Permission checks live here too: a view that
forgets one still gets nothing it should not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.db.models import Q, QuerySet

from lindung.accounts.models import Role
from lindung.accounts.permissions import can_read_screenings, can_view_reference_data, oversees_screenings
from lindung.domain.exchange import APPLICANTS
from lindung.domain.rules import reasons as R
from lindung.domain.rules.evaluate import extract_key
from lindung.jobs.models import Job
from lindung.platform.errors import PermissionDenied, require

from .dedupe import pair_key
from .models import BpjsRecord, PairReview, PovertyRecord, ReferenceDataset

SCREENING_JOB = "screening"
DATASET_IMPORT_JOB = "reference_dataset"
PAGE_SIZE = 50


def latest_snapshot(kind: str, tenant=None) -> ReferenceDataset | None:
    """The newest snapshot of a kind (by its date, then by import time) for the tenant. Without a tenant,
    the newest of the installation (a single-tenant installation: the usual case)."""
    datasets = ReferenceDataset.objects.filter(kind=kind)
    if tenant is not None:
        datasets = datasets.filter(tenant=tenant)
    return datasets.order_by("-snapshot_date", "-imported_at").first()


def rows_for_nik(kind: str, nik: str, tenant=None) -> list[Mapping[str, object]]:
    """What the latest snapshot holds for one NIK, as rows the evaluator reads (lindung.domain.rules.evaluate)."""
    snapshot = latest_snapshot(kind, tenant)
    key = extract_key(nik)
    if snapshot is None or not key:
        return []
    if kind == ReferenceDataset.Kind.KEMISKINAN:
        return [
            {"nik": r.nik, "no_kk": r.no_kk, "desil": "" if r.desil is None else str(r.desil),
             "miskin_ekstrem": "ya" if r.miskin_ekstrem else "tidak"}
            for r in PovertyRecord.objects.filter(dataset=snapshot, nik=key)
        ]
    return [{"nik": r.nik, "kpj": r.kpj, "segmen": r.segmen, "status": r.status}
            for r in BpjsRecord.objects.filter(dataset=snapshot, nik=key)]


def datasets_for(user):
    require(can_view_reference_data(user))
    datasets = ReferenceDataset.objects.select_related("imported_by")
    return datasets if user.is_superuser and user.tenant_id is None else datasets.filter(tenant_id=user.tenant_id)


def get_dataset(user, pk: int) -> ReferenceDataset:
    return datasets_for(user).get(pk=pk)


def visible_screenings(user) -> QuerySet[Job]:
    """Screenings a user may open: their own, those of officers whose scope lies inside theirs (the same
    agency; a kelurahan of their kecamatan), and, for the labour agency and the auditor, all of the
    tenant's. A screening holds every applicant of a file, so TVEM members see only their own."""
    require(can_read_screenings(user))
    jobs = Job.objects.filter(kind=SCREENING_JOB)
    if user.is_superuser and not user.tenant_id:
        return jobs
    jobs = jobs.filter(tenant_id=user.tenant_id)
    if user.is_superuser or oversees_screenings(user):
        return jobs
    shared = Q(created_by=user)
    if user.role == Role.PERANGKAT_DAERAH:
        shared |= Q(created_by__role=Role.PERANGKAT_DAERAH, created_by__agency_id=user.agency_id)
    elif user.role == Role.KEWILAYAHAN:
        inside = Q(created_by__region_id=user.region_id) | Q(created_by__region__code__startswith=user.region_id + ".")
        shared |= Q(created_by__role=Role.KEWILAYAHAN) & inside
    return jobs.filter(shared)


def screening_jobs_for(user, limit: int = 20):
    return visible_screenings(user).select_related("created_by")[:limit]


def get_screening_job(user, pk) -> Job:
    """A screening in the user's scope. Raises PermissionDenied for another's job and for a missing one."""
    job = visible_screenings(user).filter(pk=pk).first()
    if job is None:
        raise PermissionDenied("Penyaringan tidak ditemukan dalam cakupan Anda.")
    return job


@dataclass(frozen=True)
class ResultPage:
    rows: list[dict]
    next_after: int | None  # keyset: the last row number shown, when there is more


def result_rows(job: Job, *, keputusan: str = "", alasan: str = "", after: int = 0, limit: int = PAGE_SIZE) -> ResultPage:
    """One page of a finished screening, filtered by decision and by reason code, in input order.
    Reads the job's result table (Parquet, keyed by row number); nothing is loaded into the database."""
    table = (job.result or {}).get("table")
    if not table or not Path(table).is_file():
        return ResultPage([], None)
    conditions, params = ["_baris > ?"], [after]
    if keputusan in R.DECISIONS:
        conditions.append("keputusan = ?")
        params.append(keputusan)
    if alasan:
        conditions.append(f"list_contains(string_split(alasan, '{R.CODE_SEPARATOR}'), ?)")
        params.append(alasan)
    rows = _read_result(table, f"WHERE {' AND '.join(conditions)} ORDER BY _baris LIMIT ?", [*params, limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    _attach_pairs(job, table, rows)
    return ResultPage(rows, rows[-1]["baris"] if more and rows else None)


def _read_result(table: str, where: str, params: list) -> list[dict]:
    # `baris`, not `_baris`: templates cannot read names that start with an underscore. Results screened
    # before `dup_of` was kept have no such column: read as none.
    con = duckdb.connect()
    try:
        kept = {d[0] for d in con.execute("SELECT * FROM read_parquet(?) LIMIT 0", [table]).description}
        dup_of = "dup_of" if "dup_of" in kept else "CAST(NULL AS BIGINT) AS dup_of"
        columns = ", ".join(("_baris AS baris", *APPLICANTS.columns, "keputusan", "alasan", "prioritas", "alasan_teks",
                             dup_of))
        cursor = con.execute(f"SELECT {columns} FROM read_parquet(?) {where}", [table, *params])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    finally:
        con.close()


@dataclass(frozen=True)
class FlaggedPair:
    row: int
    other_row: int
    key: tuple[str, str]  # the two NIKs as PairReview stores them (dedupe.pair_key)


def flagged_pair(job: Job, row: int) -> FlaggedPair | None:
    """A KEMUNGKINAN_GANDA row of a finished screening and the earlier row it resembles; None when the
    row is not flagged."""
    table = (job.result or {}).get("table")
    if not table or not Path(table).is_file():
        return None
    found = _read_result(table, "WHERE _baris = ?", [row])
    if not found or found[0]["dup_of"] is None:
        return None
    other = _read_result(table, "WHERE _baris = ?", [found[0]["dup_of"]])
    if not other:
        return None
    return FlaggedPair(row, other[0]["baris"], pair_key(found[0]["nik"], other[0]["nik"]))


def _attach_pairs(job: Job, table: str, rows: list[dict]) -> None:
    """Each flagged row on a page gets `serupa` (the earlier row: baris, nik, nama) and `ulasan` (the
    tenant's remembered judgement on the pair, if any)."""
    flagged = [r for r in rows if r.get("dup_of") is not None]
    if not flagged:
        return
    others = {o["baris"]: o for o in _read_result(
        table, f"WHERE _baris IN ({', '.join('?' * len(flagged))})", [r["dup_of"] for r in flagged])}
    keys = {}
    for r in flagged:
        other = others.get(r["dup_of"])
        r["serupa"] = other
        if other:
            keys[r["baris"]] = pair_key(r["nik"], other["nik"])
    reviews = {(v.nik_a, v.nik_b): v for v in PairReview.objects.filter(
        tenant_id=job.tenant_id, nik_a__in=[k[0] for k in keys.values()]).select_related("decided_by")}
    for r in flagged:
        r["ulasan"] = reviews.get(keys.get(r["baris"]))


def pair_reviews(tenant) -> list[tuple[str, str, str]]:
    """The tenant's remembered judgements on flagged pairs, as the matcher reads them."""
    if tenant is None:
        return []
    return list(PairReview.objects.filter(tenant=tenant).values_list("nik_a", "nik_b", "verdict"))
