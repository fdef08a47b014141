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
from lindung.people.models import Person
from lindung.platform.errors import require
from lindung.platform.files import ROW
from lindung.regions.selectors import known_village_codes
from lindung.tenants.models import Occupation, Tenant

from ..actions import Action
from ..models import Complaint
from ..tenant_rules import TenantRules, rules_for
from .receive import ComplaintInvalid, Received, create

RECORDED, ALREADY, REFUSED = "dicatat", "sudah_ada", "ditolak"


@dataclass
class ImportResult:
    rows: list[dict[str, str]] = field(default_factory=list)  # the contract's result lines, in input order
    counts: dict[str, int] = field(default_factory=lambda: {RECORDED: 0, ALREADY: 0, REFUSED: 0})


def import_complaints(actor, *, tenant: Tenant, rows: pl.DataFrame, now: datetime | None = None, source: str = "",
                      progress: Callable[[int, int | None, str], None] | None = None) -> ImportResult:
    require(can_import_complaints(actor), "Hanya Dinas Tenaga Kerja yang mengimpor pengaduan.")
    require(is_operator(actor) or actor.is_superuser or actor.tenant_id == tenant.pk,
            "Pengaduan ini untuk pemerintah daerah lain.")
    now = timezone.localtime(now or timezone.now())
    rules = rules_for(tenant)
    context = _Context(actor, tenant, rules, now)
    result = ImportResult()
    total = rows.height
    with transaction.atomic():
        for index, values in enumerate(rows.iter_rows(named=True), start=1):
            line, outcome = context.take(values)
            result.rows.append(line)
            result.counts[outcome] += 1
            if progress and index % 200 == 0:
                progress(index, total, "pengaduan")
        numbers = [r["nomor"] for r in result.rows if r["nomor"]]
        audit.record(actor, Action.COMPLAINT_IMPORT, target_type="grievance.complaint",
                     target_repr=f"impor {source or 'berkas'}: {total} baris"[:200], tenant=tenant,
                     after={"berkas": source, "baris": total, **result.counts, "nomor": numbers})
    if progress:
        progress(total, total, "pengaduan")
    return result


class _Context:
    """What every row of one import shares: the tenant's rules, vocabularies and what is already known."""

    def __init__(self, actor, tenant: Tenant, rules: TenantRules, now: datetime):
        self.actor, self.tenant, self.rules, self.now = actor, tenant, rules, now
        self.occupations = frozenset(Occupation.objects.values_list("code", flat=True))
        self.villages = known_village_codes(tenant.region_id)
        self.seen: dict[str, Complaint] = {}  # keys taken earlier in this file

    def take(self, values: dict) -> tuple[dict[str, str], str]:
        row = g.parse_complaint_row(values, int(values[ROW]), now=self.now.replace(tzinfo=None),
                                    occupations=self.occupations, region_prefix=self.tenant.region_id)
        if not row.ok:
            return g.result_row(row), REFUSED
        if row.kelurahan and row.kelurahan not in self.villages:
            row.warnings.append(f"kode_wilayah {row.kelurahan} tidak dikenal, tidak disimpan")
            row.kelurahan = None
        existing = self._existing(row)
        if existing is not None:
            return self._already(row, existing), ALREADY
        notes = []
        if row.nik and not Person.objects.filter(nik=row.nik).exists():
            notes.append("NIK tidak ditemukan pada data penduduk: pengaduan tidak ditautkan")
        received = Received(
            channel=row.channel, category=row.category, text=row.text,
            received_at=timezone.make_aware(row.received_at), time_known=row.has_time, name=row.name or "",
            nik=row.nik or "", phone=row.phone or "", kelurahan=row.kelurahan or "", occupation=row.occupation or "",
            lapor_number=row.nomor_lapor or "", import_key="" if row.nomor_lapor else row.fingerprint,
        )
        try:
            complaint, plan = create(self.actor, tenant=self.tenant, received=received, rules=self.rules,
                                     audit_each=False)
        except ComplaintInvalid as exc:
            row.errors.extend(exc.errors.values())
            return g.result_row(row), REFUSED
        self.seen[self._key(row)] = complaint
        line = g.result_row(row, nomor=complaint.number, complaint_plan=plan, status=complaint.status, notes=notes)
        return line, RECORDED

    @staticmethod
    def _key(row: g.ComplaintRow) -> str:
        return f"lapor:{row.nomor_lapor}" if row.nomor_lapor else f"isi:{row.fingerprint}"

    def _existing(self, row: g.ComplaintRow) -> Complaint | None:
        if (found := self.seen.get(self._key(row))) is not None:
            return found
        query = {"lapor_number": row.nomor_lapor} if row.nomor_lapor else {"import_key": row.fingerprint}
        return Complaint.objects.filter(tenant=self.tenant, **query).select_related("handler_agency").first()

    @staticmethod
    def _already(row: g.ComplaintRow, complaint: Complaint) -> dict[str, str]:
        why = (f"nomor_lapor {row.nomor_lapor} sudah tercatat" if row.nomor_lapor
               else "baris yang sama sudah pernah diimpor")
        return {
            "baris": str(row.row), "nomor": complaint.number, "kategori": complaint.category,
            "ditangani_oleh": complaint.handled_by, "batas_tanggapan": complaint.response_due.isoformat(),
            "status": complaint.status, "alasan": f"{why} sebagai {complaint.number}: tidak dibuat lagi",
        }
