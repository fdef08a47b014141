"""`lindung complaints import`: SP4N-LAPOR! exports and desk records (DESIGN.md §4 "Complaints import").

One result line per input row, in input order: `baris, nomor, kategori, ditangani_oleh, batas_tanggapan,
status, alasan`. A refused row has an empty `nomor` and its reasons; a problem in the reporter's identity
never loses a complaint (the value is dropped, the reason noted: docs/GRIEVANCE.md). The same
`nomor_lapor` again creates nothing new and answers with the existing `nomor` (a row without one is
recognised by a digest of its content). Everything is one transaction: a failure leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl
from django.db import transaction
from django.utils import timezone

from lindung.accounts.permissions import can_import_complaints, is_operator
from lindung.audit import services as audit
from lindung.domain import grievance as g
from lindung.jobs import services as jobs
from lindung.jobs.models import Job
from lindung.platform import storage
from lindung.platform.errors import require
from lindung.platform.files import (
    ROW,
    TableError,
    check_headers,
    check_limits,
    file_format,
    read_table,
    text_frame,
    write_table,
)
from lindung.regions.selectors import known_village_codes
from lindung.tenants.models import Occupation, Tenant

from ..actions import Action
from ..models import Complaint
from ..tenant_rules import TenantRules, rules_for
from .receive import Built, ComplaintInvalid, Received, build, find_links, save


@dataclass
class ImportResult:
    rows: list[dict[str, str]] = field(default_factory=list)  # the contract's result lines, in input order
    counts: dict[str, int] = field(default_factory=lambda: {RECORDED: 0, ALREADY: 0, REFUSED: 0})


def write_result(result: ImportResult, path) -> None:
    """The contract's result file (CSV or XLSX by extension), one line per input row, in input order."""
    write_table(text_frame([[r[c] for c in g.RESULT_COLUMNS] for r in result.rows], g.RESULT_COLUMNS), path,
                g.RESULT_COLUMNS)


def start_import(actor, *, tenant: Tenant, upload) -> Job:
    """Keep an uploaded file (within the upload caps, with the contract's columns) and import it in the
    background; the job's output is the contract's result file."""
    require(can_import_complaints(actor), "Hanya Dinas Tenaga Kerja yang mengimpor pengaduan.")
    require(actor.is_superuser or actor.tenant_id == tenant.pk, "Pengaduan ini untuk pemerintah daerah lain.")
    try:
        stored = storage.store_spreadsheet(upload, file_format(upload.name))
    except (TableError, storage.FileRefused) as exc:
        raise ComplaintInvalid({"file": str(exc)}) from exc
    path = storage.absolute(stored.path)
    try:
        check_limits(path, upload.name, max_rows=WEB_MAX_ROWS)
        check_headers(path, g.LAYOUT, name=upload.name)
    except TableError as exc:
        path.unlink(missing_ok=True)
        raise ComplaintInvalid({"file": str(exc)}) from exc
    return jobs.submit(JOB_KIND, title=f"Impor pengaduan {upload.name}", actor=actor, tenant=tenant,
                       params={"name": upload.name, "path": stored.path}, input_file=stored.path)


def run_import_job(job: Job, progress) -> dict:
    """The background half of `start_import` (registered in lindung.grievance.jobs)."""
    rows = read_table(storage.absolute(job.params["path"]), g.LAYOUT, name=job.params["name"])
    result = import_complaints(job.created_by, tenant=job.tenant, rows=rows, source=job.params["name"],
                               progress=progress)
    relative, path = storage.new_output("hasil-pengaduan", "csv")
    write_result(result, path)
    Job.objects.filter(pk=job.pk).update(output_file=relative)
    return {"rows": len(result.rows), **result.counts}

RECORDED, ALREADY, REFUSED = "dicatat", "sudah_ada", "ditolak"
JOB_KIND = "complaints.import"
WEB_MAX_ROWS = 50_000  # an SP4N-LAPOR! export of a city is hundreds of rows a month


def import_complaints(actor, *, tenant: Tenant, rows: pl.DataFrame, now: datetime | None = None, source: str = "",
                      progress: Callable[[int, int | None, str], None] | None = None) -> ImportResult:
    require(can_import_complaints(actor), "Hanya Dinas Tenaga Kerja yang mengimpor pengaduan.")
    require(is_operator(actor) or actor.is_superuser or actor.tenant_id == tenant.pk,
            "Pengaduan ini untuk pemerintah daerah lain.")
    context = _Context(actor, tenant, rules_for(tenant), timezone.localtime(now or timezone.now()))
    parsed = [context.parse(values) for values in rows.iter_rows(named=True)]
    context.load_existing(parsed)
    total = len(parsed)
    with transaction.atomic():
        outcomes = []
        for index, row in enumerate(parsed, start=1):
            outcomes.append(context.take(row))
            if progress and index % 500 == 0:
                progress(index, total, "pengaduan")
        save([o[2] for o in outcomes if o[0] == RECORDED])
        result = ImportResult()
        for outcome in outcomes:
            result.rows.append(context.line(*outcome))
            result.counts[outcome[0]] += 1
        numbers = [r["nomor"] for r in result.rows if r["nomor"]]
        audit.record(actor, Action.COMPLAINT_IMPORT, target_type="grievance.complaint",
                     target_repr=f"impor {source or 'berkas'}: {total} baris"[:200], tenant=tenant,
                     after={"berkas": source, "baris": total, **result.counts, "nomor": numbers})
    if progress:
        progress(total, total, "pengaduan")
    return result


class _Context:
    """What every row of one import shares: the tenant's rules, vocabularies and what is already known.
    `take` decides each row's outcome and builds the new complaints; they are written together, then
    `line` writes each row's result (a complaint's number exists only once it is written)."""

    def __init__(self, actor, tenant: Tenant, rules: TenantRules, now: datetime):
        self.actor, self.tenant, self.rules, self.now = actor, tenant, rules, now
        self.occupations = frozenset(Occupation.objects.values_list("code", flat=True))
        self.villages = known_village_codes(tenant.region_id)
        # key -> a complaint recorded earlier (the contract's fields) or built earlier in this file
        self.seen: dict[str, dict[str, str] | Built] = {}

    def parse(self, values: dict) -> g.ComplaintRow:
        row = g.parse_complaint_row(values, int(values[ROW]), now=self.now.replace(tzinfo=None),
                                    occupations=self.occupations, region_prefix=self.tenant.region_id)
        if row.kelurahan and row.kelurahan not in self.villages:
            row.warnings.append(f"kode_wilayah {row.kelurahan} tidak dikenal, tidak disimpan")
            row.kelurahan = None
        return row

    def load_existing(self, rows: list[g.ComplaintRow]) -> None:
        """What earlier imports recorded for this file's LAPOR! numbers and content digests (one query
        per thousand), so that recognising a row again costs no query."""
        lapor = sorted({r.nomor_lapor for r in rows if r.ok and r.nomor_lapor})
        digests = sorted({r.fingerprint for r in rows if r.ok and not r.nomor_lapor})
        for column, keys in (("lapor_number", lapor), ("import_key", digests)):
            for start in range(0, len(keys), 1000):
                found = Complaint.objects.filter(tenant=self.tenant, **{f"{column}__in": keys[start:start + 1000]})
                for c in found.select_related("handler_agency"):
                    self.seen[f"lapor:{c.lapor_number}" if c.lapor_number else f"isi:{c.import_key}"] = self._summary(c)

    def take(self, row: g.ComplaintRow) -> tuple:
        """(outcome, row, what it refers to, notes)."""
        if not row.ok:
            return REFUSED, row, None, []
        key = self._key(row)
        if key in self.seen:
            return ALREADY, row, self.seen[key], []
        links = find_links(self.tenant, nik=row.nik or "")
        if row.nik and links.person is None and links.application is None:
            # Issue 10 lists an unknown NIK among the bad input a row is refused for; the officer can
            # correct it, or empty the column for a reporter who is in no register yet.
            row.errors.append("NIK tidak dikenal: tidak ada penduduk atau usulan dengan NIK ini; perbaiki, atau "
                              "kosongkan kolom nik bila pelapor belum terdaftar")
            return REFUSED, row, None, []
        notes: list[str] = []
        received = Received(
            channel=row.channel, category=row.category, text=row.text,
            received_at=timezone.make_aware(row.received_at), time_known=row.has_time, name=row.name or "",
            nik=row.nik or "", phone=row.phone or "", kelurahan=row.kelurahan or "", occupation=row.occupation or "",
            lapor_number=row.nomor_lapor or "", import_key="" if row.nomor_lapor else row.fingerprint,
        )
        try:
            built = build(self.actor, tenant=self.tenant, received=received, rules=self.rules, links=links)
        except ComplaintInvalid as exc:
            row.errors.extend(exc.errors.values())
            return REFUSED, row, None, []
        self.seen[key] = built
        return RECORDED, row, built, notes

    def line(self, outcome: str, row: g.ComplaintRow, found, notes: list[str]) -> dict[str, str]:
        if outcome == REFUSED:
            return g.result_row(row)
        if outcome == ALREADY:
            return self._already(row, found if isinstance(found, dict) else self._summary(found.complaint))
        return g.result_row(row, nomor=found.complaint.number, complaint_plan=found.plan,
                            status=found.complaint.status, notes=notes)

    @staticmethod
    def _key(row: g.ComplaintRow) -> str:
        return f"lapor:{row.nomor_lapor}" if row.nomor_lapor else f"isi:{row.fingerprint}"

    @staticmethod
    def _summary(c: Complaint) -> dict[str, str]:
        """The contract's line for a complaint already recorded (without `baris` and `alasan`)."""
        return {"nomor": c.number, "kategori": c.category, "ditangani_oleh": c.handled_by,
                "batas_tanggapan": c.response_due.isoformat(), "status": c.status}

    @staticmethod
    def _already(row: g.ComplaintRow, known: dict[str, str]) -> dict[str, str]:
        why = (f"nomor_lapor {row.nomor_lapor} sudah tercatat" if row.nomor_lapor
               else "baris yang sama sudah pernah diimpor")
        return {"baris": str(row.row), **known, "alasan": f"{why} sebagai {known['nomor']}: tidak dibuat lagi"}
