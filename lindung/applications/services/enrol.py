"""Enrolment (Perwali 3/2025 Pasal 8 ayat (6)): the registration file for BPJS, and BPJS's KPJ numbers
which make the fixed beneficiaries participants of the programme from the cycle's enrolment date."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils import timezone

from lindung.audit import services as audit
from lindung.domain import nik as nik_rules
from lindung.domain.exchange import PARTICIPANTS
from lindung.domain.rules.fields import clean
from lindung.membership.services import participants as membership
from lindung.platform import storage
from lindung.platform.files import ROW, text_frame, write_table

from .. import evaluation, notices
from ..actions import Action
from ..models import Application, Cycle, Decree
from ..permissions import require_programme_owner
from .status import RowProblem, move_many

S = Application.Status


REGISTRATION_COLUMNS = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "alamat",
                        "kode_wilayah", "telepon", "pekerjaan", "mulai_kepesertaan", "program", "nomor_keputusan")


def registration_file(actor, *, decree: Decree, fmt: str = "xlsx") -> Path:
    """The registration file for BPJS: everyone the decree fixed, as JKK+JKM participants from the
    cycle's enrolment date."""
    require_programme_owner(actor, decree.cycle)
    cycle = decree.cycle
    rows = []
    fixed = Application.objects.filter(decree_entry__decree=decree).exclude(status=S.DICABUT)
    for application in fixed.order_by("decree_entry__line"):
        rows.append({**evaluation.applicant_row(application), "mulai_kepesertaan": cycle.enrolment_date.isoformat(),
                     "program": cycle.programme.benefits, "nomor_keputusan": decree.number})
    _, path = storage.new_output("pendaftaran", fmt)
    write_table(rows, path, REGISTRATION_COLUMNS)
    decree.registration_exported_at = timezone.now()
    decree.save(update_fields=["registration_exported_at"])
    audit.record(actor, Action.ENROLMENT_EXPORT, decree, after={"format": fmt, "rows": len(rows)}, tenant=cycle.tenant)
    return path


@dataclass
class EnrolmentResult:
    rows: int = 0
    enrolled: int = 0
    already: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    membership: dict = field(default_factory=dict)


@transaction.atomic
def import_kpj(actor, *, cycle: Cycle, rows: pl.DataFrame, file_name: str) -> EnrolmentResult:
    """BPJS's KPJ numbers for the registered candidates (`rows` as `lindung.applications.exchange.
    read_kpj_answer` reads them): each becomes a participant of the programme, covered from the cycle's
    enrolment date, and the application TERDAFTAR. Loading the same file again enrols no one twice."""
    require_programme_owner(actor, cycle)
    table = rows
    result = EnrolmentResult(rows=table.height)
    fixed = {a.nik: a for a in Application.objects.filter(cycle=cycle, status__in=(S.DITETAPKAN, S.TERDAFTAR))
             .select_related("kelurahan", "agency", "cycle__programme__tenant")}
    chosen: dict[str, tuple[Application, str]] = {}
    for row in table.iter_rows(named=True):
        nik, kpj = nik_rules.normalize(row["nik"]), (clean(row["kpj"]) or "")[:30]
        application = fixed.get(nik)
        if application is None:
            result.problems.append(RowProblem(row[ROW], nik, "bukan penerima yang ditetapkan pada siklus ini"))
        elif not kpj:
            result.problems.append(RowProblem(row[ROW], nik, "nomor KPJ kosong"))
        elif application.status == S.TERDAFTAR:
            result.already += 1
        elif nik in chosen:
            result.problems.append(RowProblem(row[ROW], nik, "NIK tercantum lebih dari sekali"))
        else:
            chosen[nik] = (application, kpj)
    if chosen:
        # The participants layout, in memory: nothing with full NIKs is written to disk on the way.
        rows_in = text_frame(([str(line), a.nik, kpj, a.name, a.birth_date.isoformat(), a.sex, a.kelurahan_id,
                                    a.occupation_id, cycle.enrolment_date.isoformat(), None, None]
                                   for line, (a, kpj) in enumerate(chosen.values(), start=1)),
                                  [ROW, *PARTICIPANTS.columns])
        imported = membership.import_participants(actor, programme=cycle.programme, rows=rows_in.with_columns(
            pl.col(ROW).cast(pl.Int64)), source=f"pendaftaran {cycle}")
        refused = {r.values.get("nik"): "; ".join(r.reasons) for r in imported.rejected}
        for nik, why in refused.items():
            chosen.pop(nik, None)
            result.problems.append(RowProblem(0, nik, f"ditolak modul kepesertaan: {why}"))
        result.membership = imported.counts()
        Application.objects.bulk_update([Application(id=a.id, kpj=kpj) for a, kpj in chosen.values()], ["kpj"],
                                        batch_size=1000)
        result.enrolled = move_many(actor, cycle=cycle, ids=[a.id for a, _ in chosen.values()], source=S.DITETAPKAN,
                                    target=S.TERDAFTAR, action=Action.ENROLMENT_ENROL)
        for application, kpj in chosen.values():
            application.kpj = kpj
        notices.enrolled(a for a, _ in chosen.values())
    audit.record(actor, Action.ENROLMENT_IMPORT, cycle, tenant=cycle.tenant,
                 after={"file": file_name, "rows": result.rows, "enrolled": result.enrolled,
                        "already": result.already, "problems": len(result.problems)})
    return result
