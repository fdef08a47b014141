"""Bulk intake: a spreadsheet of applicants collected by an agency (DESIGN.md §4 applicants layout),
screened by the bulk engine, turned into applications, with a result file that says for every row
what happened and why.

Idempotent twice over: the same file (by content hash) is taken once per cycle, and a NIK already
proposed in the cycle is never proposed again. Rows are written with set-based inserts (no per-row
ORM save) inside one transaction: a failed run leaves the database as it was.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils import timezone

from lindung.accounts.permissions import can_enter_applications
from lindung.audit import services as audit
from lindung.domain.exchange import APPLICANTS, BPJS_REGISTRY, POVERTY
from lindung.domain.progress import Progress, silent
from lindung.domain.rules import reasons as R
from lindung.domain.rules.checks import Facts
from lindung.domain.rules.evaluate import OPTIONAL_READERS, READERS, with_extracts
from lindung.domain.rules.fields import clean
from lindung.domain.rules.sql import clean as sql_clean
from lindung.domain.rules.sql import normalize_nik
from lindung.jobs import services as jobs
from lindung.people.models import Person, normalize_name
from lindung.platform import storage
from lindung.platform.bulk import chunked_in, insert_rows
from lindung.platform.errors import require
from lindung.platform.files import TableError, check_limits, file_format, write_table
from lindung.regions.selectors import known_village_codes
from lindung.registers import duck
from lindung.registers.screening import screen
from lindung.tenants.models import Agency, Occupation
from lindung.tenants.selectors import assignments_on

from .. import evaluation, registers
from ..actions import Action
from ..models import Application, BulkUpload, Cycle
from ..permissions import entry_refusal, require_same_tenant
from .status import ApplicationInvalid
from .submit import new_reference

JOB_KIND = "intake.bulk"
CREATED, NOT_CREATED, ALREADY = "DIBUAT", "TIDAK_DIBUAT", "SUDAH_ADA"
RESULT_COLUMNS = (*APPLICANTS.columns, "keputusan", "alasan", "alasan_teks", "hasil", "keterangan", "nomor_usulan")


def accepting_uploads(cycle: Cycle) -> bool:
    """Data collected in the window may be uploaded until the first decree fixes the cycle's list."""
    return not cycle.decrees.exists()


@transaction.atomic
def start_upload(actor, *, cycle: Cycle, upload) -> tuple[BulkUpload, bool]:
    """Keep the file and queue its import; (upload, False) when this very file was taken already."""
    require(can_enter_applications(actor), "Peran Anda tidak mendata usulan.")
    require_same_tenant(actor, cycle)
    if not accepting_uploads(cycle):
        raise ApplicationInvalid({"file": "Daftar siklus ini sudah ditetapkan dengan Keputusan."})
    try:
        extension = file_format(upload.name)
    except TableError as exc:
        raise ApplicationInvalid({"file": str(exc)}) from exc
    try:
        stored = storage.store_spreadsheet(upload, extension)
    except storage.FileRefused as exc:
        raise ApplicationInvalid({"file": str(exc)}) from exc
    try:
        # Caps on the unzipped size and the rows, before any parser runs (a zip bomb, a runaway file).
        if check_limits(storage.absolute(stored.path), upload.name) == 0:
            raise TableError(f"{upload.name}: berkas tidak berisi satu baris data pun")
    except TableError as exc:
        storage.absolute(stored.path).unlink(missing_ok=True)
        raise ApplicationInvalid({"file": str(exc)}) from exc
    existing = BulkUpload.objects.filter(cycle=cycle, sha256=stored.sha256).first()
    if existing is not None:
        storage.absolute(stored.path).unlink(missing_ok=True)
        if existing.job is not None and jobs.needs_rerun(existing.job):
            # The earlier run failed or its worker died (kill -9): this upload runs it again. Its
            # transaction was rolled back, so nothing of the earlier attempt is in the database.
            jobs.rerun(actor, existing.job)
            return existing, True
        return existing, False
    bulk = BulkUpload.objects.create(cycle=cycle, file_name=upload.name[:200], path=stored.path, sha256=stored.sha256,
                                     created_by=actor)
    bulk.job = jobs.submit(JOB_KIND, title=f"Unggah usulan: {bulk.file_name}", actor=actor, tenant=cycle.tenant,
                           params={"upload": bulk.pk})
    bulk.save(update_fields=["job"])
    audit.record(actor, Action.INTAKE_UPLOAD, bulk, tenant=cycle.tenant,
                 after={"file": bulk.file_name, "sha256": stored.sha256, "size": stored.size})
    return bulk, True


@dataclass
class RowOutcome:
    result: str
    note: str = ""
    reference: str = ""


# Every column of an application row, as the keys of the dicts built below (attnames: FKs by id).
INSERT_KEYS = (
    "reference", "cycle_id", "person_id", "nik", "no_kk", "name", "name_search", "birth_place", "birth_date", "sex",
    "address", "kelurahan_id", "phone", "occupation_id", "ktp_occupation", "monthly_income", "domicile_since",
    "disability", "applied_on", "channel", "agency_id", "territorial", "status", "status_reason", "keputusan",
    "findings", "miskin_desil", "evaluated_at", "field_visit_note", "on_hold", "kpj", "created_at", "updated_at",
    "created_by_id",
)


class _Routes:
    """Lampiran I on each application date, read once per distinct date."""

    def __init__(self, cycle: Cycle):
        self.tenant = cycle.tenant
        self._by_date: dict[date, dict[str, tuple[int | None, bool]]] = {}
        self._agencies = {a.pk: str(a) for a in Agency.objects.filter(tenant=cycle.tenant)}

    def note(self, agency_id: int | None, territorial: bool) -> str:
        """Who verifies the row's application, for the result file."""
        if territorial:
            return "Diverifikasi Camat/Lurah sesuai alamat KTP"
        if agency_id is None:
            return "Pekerjaan tanpa perangkat daerah penanggung jawab: ditangani Dinas Tenaga Kerja"
        return f"Diverifikasi {self._agencies[agency_id]}"

    def __call__(self, occupation: str, on: date) -> tuple[int | None, bool]:
        if on not in self._by_date:
            self._by_date[on] = {a.occupation_id: (a.agency_id, a.territorial) for a in assignments_on(self.tenant, on)}
        return self._by_date[on].get(occupation, (None, False))


def _extract_rows(poverty: Path, bpjs: Path, niks: set[str]) -> tuple[dict, dict]:
    """The poverty and BPJS rows of the given NIKs, read from the register files by DuckDB."""
    out: tuple[dict, dict] = (defaultdict(list), defaultdict(list))
    if not niks:
        return out
    con = duck.connect()
    try:
        con.execute("CREATE TABLE wanted AS SELECT unnest($1::VARCHAR[]) AS nik", [sorted(niks)])
        for target, (name, path, layout, columns) in zip(out, (
            ("poverty", poverty, POVERTY, ("nik", "desil", "miskin_ekstrem")),
            ("bpjs", bpjs, BPJS_REGISTRY, ("nik", "status")),
        ), strict=True):
            duck.register(con, name, duck.open_source(path, layout), columns)
            rows = con.execute(
                f"SELECT k, {', '.join(columns[1:])} FROM (SELECT {normalize_nik(sql_clean('nik'))} AS k, * FROM {name}) "
                f"SEMI JOIN wanted ON k = wanted.nik").fetchall()
            for key, *values in rows:
                target[key].append(dict(zip(columns[1:], values, strict=True)))
    finally:
        con.close()
    return out


def _reference(year: int, taken: set[str]) -> str:
    while (ref := new_reference(year)) in taken:
        pass
    taken.add(ref)
    return ref


def _text(row: dict, column: str, limit: int) -> str:
    return (clean(row.get(column)) or "")[:limit]


def import_upload(actor, *, bulk: BulkUpload, progress: Progress = silent) -> dict:
    """Screen the file and create its applications; returns the counts (also kept on the upload)."""
    cycle = bulk.cycle
    ruleset = cycle.programme.ruleset
    source = storage.absolute(bulk.path)
    workdir = Path(tempfile.mkdtemp(prefix="unggah-", dir=storage.root()))
    try:
        poverty, bpjs = registers.files(workdir, cycle.programme.tenant)
        screened = workdir / "hasil-penyaringan.csv"
        # Probable duplicates under another NIK are left to the TVEM consolidation, which runs the same model
        # over the whole cycle and the other programmes' applications (services/consolidate.py).
        summary = screen(ruleset, source, poverty, bpjs, screened, ranked_on=cycle.enrolment_date, progress=progress,
                         dedupe=False)
        rows = pl.read_csv(screened, infer_schema=False).to_dicts()
        total = len(rows)
        progress(0, total, "Memeriksa baris")
        routes = _Routes(cycle)
        outcomes, candidates = _classify(actor, cycle, rows, routes)
        extracts = _extract_rows(poverty, bpjs, {c[1] for c in candidates})
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    findings_of = evaluation.CodeFindings(ruleset)
    references: set[str] = set()
    applications, new_persons = [], []
    now = timezone.now()
    creator = actor.pk if getattr(actor, "is_authenticated", False) else None
    for done, (index, nik) in enumerate(candidates, start=1):
        row = rows[index]
        # The engine decided; here the row's cells are only read into typed values (the same readers).
        typed = {column: read(clean(row.get(column)) or "") for column, read in READERS.items()}
        typed["disabilitas"] = OPTIONAL_READERS["disabilitas"](clean(row.get("disabilitas")))
        applied = typed["tanggal_daftar"]
        findings = findings_of((row.get("alasan") or "").split(R.CODE_SEPARATOR), applied)
        desil = with_extracts(Facts(nik=nik), extracts[0].get(nik), extracts[1].get(nik)).miskin_desil
        agency_id, territorial = routes(typed["pekerjaan"], applied)
        no_kk = _text(row, "no_kk", 16)
        fields = {
            "nik": nik, "no_kk": no_kk if no_kk.isdigit() and len(no_kk) == 16 else "",
            "name": _text(row, "nama", 150), "birth_place": _text(row, "tempat_lahir", 80),
            "birth_date": typed["tanggal_lahir"], "sex": typed["jenis_kelamin"], "address": _text(row, "alamat", 250),
            "kelurahan_id": typed["kode_wilayah"], "phone": _text(row, "telepon", 20), "occupation_id": typed["pekerjaan"],
            "monthly_income": typed["penghasilan_bulanan"], "domicile_since": typed["domisili_sejak"],
            "disability": typed["disabilitas"],
        }
        reference = _reference(cycle.year, references)
        applications.append({
            **fields, "reference": reference, "cycle_id": cycle.pk, "name_search": normalize_name(fields["name"]),
            "ktp_occupation": "", "applied_on": applied, "channel": Application.Channel.UNGGAH,
            "agency_id": agency_id, "territorial": territorial, "status": Application.Status.DIAJUKAN,
            "status_reason": "", "keputusan": row["keputusan"], "findings": json.dumps(findings),
            "miskin_desil": desil, "evaluated_at": now, "field_visit_note": "", "on_hold": False, "kpj": "",
            "created_at": now, "updated_at": now, "created_by_id": creator,
        })
        outcomes[index] = RowOutcome(CREATED, routes.note(agency_id, territorial), reference)
        if done % 5000 == 0:
            progress(done, len(candidates), "Menyiapkan usulan")

    with transaction.atomic():
        # Another upload may have proposed some of these NIKs since the rows were checked.
        taken = set(chunked_in(Application.objects.filter(cycle=cycle).values_list("nik", flat=True), "nik",
                               [a["nik"] for a in applications]))
        if taken:
            keep = []
            for index, app in zip([c[0] for c in candidates], applications, strict=True):
                if app["nik"] in taken:
                    outcomes[index] = RowOutcome(ALREADY, "NIK sudah mempunyai usulan pada siklus ini")
                else:
                    keep.append(app)
            applications = keep
        persons = dict(chunked_in(Person.objects.values_list("nik", "id"), "nik", [a["nik"] for a in applications]))
        for app in applications:
            if app["nik"] not in persons:
                new_persons.append(app)
        progress(0, len(applications), "Menyimpan penduduk")
        insert_rows(Person, ["nik", "no_kk", "name", "name_search", "birth_place", "birth_date", "sex", "address",
                             "kelurahan", "phone", "disability", "domicile_since", "occupation", "monthly_income",
                             "created_at", "updated_at", "created_by"],
                    ((p["nik"], p["no_kk"], p["name"], p["name_search"], p["birth_place"], p["birth_date"], p["sex"],
                      p["address"], p["kelurahan_id"], p["phone"], p["disability"], p["domicile_since"],
                      p["occupation_id"], p["monthly_income"], now, now, creator) for p in new_persons))
        persons.update(chunked_in(Person.objects.values_list("nik", "id"), "nik", [p["nik"] for p in new_persons]))
        progress(len(applications) // 2, len(applications), "Menyimpan usulan")
        for app in applications:
            app["person_id"] = persons[app["nik"]]
        # insert_rows hands values to the driver as they are: the JSON column gets its text here.
        insert_rows(Application, [Application._meta.get_field(k).name for k in INSERT_KEYS],
                    ([a[k] for k in INSERT_KEYS] for a in applications))
        counts = {
            "rows": total, "created": sum(1 for o in outcomes.values() if o.result == CREATED),
            "not_created": sum(1 for o in outcomes.values() if o.result == NOT_CREATED),
            "already": sum(1 for o in outcomes.values() if o.result == ALREADY),
            "persons_created": len(new_persons), "by_decision": summary.by_decision,
        }
        result_relative, result_path = storage.new_output("hasil-unggahan", "csv")
        write_table(pl.DataFrame([_result_row(rows[i], outcomes[i]) for i in range(total)],
                                 schema=dict.fromkeys(RESULT_COLUMNS, pl.Utf8), orient="row"),
                    result_path, RESULT_COLUMNS)
        bulk.result_path, bulk.counts = result_relative, counts
        bulk.save(update_fields=["result_path", "counts"])
        audit.record(actor, Action.APPLICATION_BULK_CREATE, bulk, tenant=cycle.tenant,
                     after={"file": bulk.file_name, "sha256": bulk.sha256, **counts})
    progress(total, total, "Selesai")
    return counts


def _classify(actor, cycle: Cycle, rows: list[dict],
              routes: _Routes) -> tuple[dict[int, RowOutcome], list[tuple[int, str]]]:
    """Which rows become applications ((row index, NIK) in file order) and why the others do not. A row
    outside the uploader's scope (address, or an occupation another collector answers for) is refused
    with the reason, as the form would refuse it."""
    from lindung.domain import nik as nik_rules
    from lindung.domain.rules.fields import Unreadable, occupation_code, parse_date, parse_region

    existing = set(Application.objects.filter(cycle=cycle).values_list("nik", flat=True))
    villages = known_village_codes()
    occupations = set(Occupation.objects.values_list("code", flat=True))
    outcomes: dict[int, RowOutcome] = {}
    candidates: list[tuple[int, str]] = []
    for index, row in enumerate(rows):
        codes = (row.get("alasan") or "").split(R.CODE_SEPARATOR)
        if row.get("keputusan") == R.DATA_TIDAK_VALID:
            outcomes[index] = RowOutcome(NOT_CREATED, "Data tidak valid: perbaiki baris ini lalu unggah ulang")
            continue
        if R.NIK_GANDA in codes:
            outcomes[index] = RowOutcome(NOT_CREATED, "NIK sama dengan baris sebelumnya pada berkas ini")
            continue
        nik = nik_rules.normalize(row.get("nik"))
        if nik in existing:
            outcomes[index] = RowOutcome(ALREADY, "NIK sudah mempunyai usulan pada siklus ini")
            continue
        try:
            region = parse_region(clean(row.get("kode_wilayah")) or "")
            applied = parse_date(clean(row.get("tanggal_daftar")) or "")
        except Unreadable:  # the engine read it; kept as a guard so that a bad row never stops the run
            outcomes[index] = RowOutcome(NOT_CREATED, "Data tidak valid")
            continue
        if region not in villages:
            outcomes[index] = RowOutcome(NOT_CREATED, "Kelurahan alamat KTP belum ada dalam data wilayah Lindung")
        elif occupation_code(row.get("pekerjaan") or "") not in occupations:
            outcomes[index] = RowOutcome(NOT_CREATED, "Kode pekerjaan tidak dikenal")
        elif not cycle.is_collecting(applied):
            outcomes[index] = RowOutcome(NOT_CREATED, f"Tanggal daftar di luar masa pendataan "
                                                      f"{cycle.collection_start:%d-%m-%Y} s.d. {cycle.collection_end:%d-%m-%Y}")
        else:
            agency_id, territorial = routes(occupation_code(row.get("pekerjaan") or ""), applied)
            refusal = entry_refusal(actor, tenant=cycle.tenant, kelurahan=region, agency_id=agency_id,
                                    territorial=territorial)
            if refusal:
                outcomes[index] = RowOutcome(NOT_CREATED, f"Di luar cakupan pengunggah: {refusal[1]}")
                continue
            existing.add(nik)
            candidates.append((index, nik))
    return outcomes, candidates


def _result_row(row: dict, outcome: RowOutcome) -> list[str | None]:
    return [*(row.get(c) for c in APPLICANTS.columns), row.get("keputusan"), row.get("alasan"), row.get("alasan_teks"),
            outcome.result, outcome.note, outcome.reference]
