"""The BPJS check (Perwali 3/2025 Pasal 8 ayat (2)): verified candidates go to the BPJS branch, whose
answer says who is already an active participant."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils import timezone

from lindung.accounts.permissions import can_answer_bpjs
from lindung.audit import services as audit
from lindung.domain import nik as nik_rules
from lindung.domain.rules.fields import clean, is_active_status
from lindung.platform import storage
from lindung.platform.errors import require
from lindung.platform.files import ROW, write_table

from .. import evaluation
from ..actions import Action
from ..models import Application, BpjsCheck, BpjsCheckItem, Cycle
from ..permissions import require_programme_owner, require_same_tenant
from .status import RowProblem, StepRefused, move_many

S = Application.Status


CHECK_COLUMNS = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "alamat", "kode_wilayah",
                 "pekerjaan", "nomor_usulan")


@transaction.atomic
def start_bpjs_check(actor, *, cycle: Cycle) -> BpjsCheck:
    """Send every verified candidate of the cycle to the BPJS branch: they wait for its answer."""
    require_programme_owner(actor, cycle)
    ids = list(Application.objects.filter(cycle=cycle, status=S.DIVERIFIKASI).order_by("id").values_list("id", flat=True))
    if not ids:
        raise StepRefused("Belum ada usulan terverifikasi yang dapat dikirim ke BPJS.")
    check = BpjsCheck.objects.create(cycle=cycle, created_by=actor, candidates=len(ids))
    BpjsCheckItem.objects.bulk_create([BpjsCheckItem(check_batch=check, application_id=pk) for pk in ids], batch_size=2000)
    move_many(actor, cycle=cycle, ids=ids, source=S.DIVERIFIKASI, target=S.CEK_BPJS, action=Action.BPJS_CHECK_START)
    audit.record(actor, Action.BPJS_CHECK_CREATE, check, after={"candidates": len(ids)}, tenant=cycle.tenant)
    return check


def _require_check_party(actor, check: BpjsCheck) -> None:
    require(can_answer_bpjs(actor), "Hanya BPJS Ketenagakerjaan atau Dinas Tenaga Kerja yang menangani pemeriksaan ini.")
    require_same_tenant(actor, check.cycle)


def _candidate_row(application: Application) -> dict:
    return {**evaluation.applicant_row(application), "nomor_usulan": application.reference}


def export_bpjs_check(actor, *, check: BpjsCheck, fmt: str = "xlsx") -> Path:
    """The candidate list for the BPJS branch (full NIK: the export is audited)."""
    _require_check_party(actor, check)
    applications = Application.objects.filter(bpjs_item__check_batch=check).order_by("id")
    _, path = storage.new_output("pemeriksaan-bpjs", fmt)
    write_table([_candidate_row(a) for a in applications.iterator()], path, CHECK_COLUMNS)
    audit.record(actor, Action.BPJS_CHECK_EXPORT, check, after={"format": fmt, "rows": check.candidates},
                 tenant=check.cycle.tenant)
    return path


@dataclass
class AnswerResult:
    rows: int = 0
    active: int = 0
    not_participant: int = 0
    still_pending: int = 0
    problems: list[RowProblem] = field(default_factory=list)


@transaction.atomic
def import_bpjs_answer(actor, *, check: BpjsCheck, rows: pl.DataFrame, file_name: str,
                       absent_means_not_participant: bool = False) -> AnswerResult:
    """Apply the branch's answer (DESIGN.md §4 BPJS registry layout, or a column mapping): an AKTIF
    membership means already a participant (Pasal 5 ayat (1) huruf a); any other status means not.
    Candidates the file does not name keep waiting, unless the branch said its file lists only
    participants (`absent_means_not_participant`). Loading the same answer again changes nothing."""
    _require_check_party(actor, check)
    cycle = check.cycle
    table = rows
    items = {i.application.nik: i for i in check.items.select_related("application")}
    result = AnswerResult(rows=table.height)
    answers: dict[str, tuple[bool, str, str]] = {}
    for row in table.iter_rows(named=True):
        nik = nik_rules.normalize(row["nik"])
        if nik not in items:
            result.problems.append(RowProblem(row[ROW], nik, "bukan calon pada pemeriksaan ini"))
            continue
        active = is_active_status(row["status"])
        previous = answers.get(nik)
        if previous is None or (active and not previous[0]):  # any AKTIF row counts
            answers[nik] = (active, (clean(row["status"]) or "")[:30], (clean(row["kpj"]) or "")[:30])
    if absent_means_not_participant:
        for nik in items.keys() - answers.keys():
            answers[nik] = (False, "TIDAK_TERCANTUM", "")
    changed, to_active, to_clear = [], [], []
    for nik, (active, status_text, kpj) in answers.items():
        item = items[nik]
        if item.application.status != S.CEK_BPJS:
            continue  # answered earlier: the same file twice changes nothing
        item.answer = BpjsCheckItem.Answer.AKTIF if active else BpjsCheckItem.Answer.BELUM
        item.answer_status, item.kpj = status_text, kpj
        changed.append(item)
        (to_active if active else to_clear).append(item.application_id)
    BpjsCheckItem.objects.bulk_update(changed, ["answer", "answer_status", "kpj"], batch_size=1000)
    result.active = move_many(actor, cycle=cycle, ids=to_active, source=S.CEK_BPJS, target=S.SUDAH_PESERTA, action=Action.BPJS_CHECK_ALREADY_PARTICIPANT,
                              status_reason="Sudah terdaftar sebagai peserta aktif BPJS Ketenagakerjaan "
                                            "(Pasal 5 ayat (1) huruf a)")
    result.not_participant = move_many(actor, cycle=cycle, ids=to_clear, source=S.CEK_BPJS, target=S.LOLOS_BPJS, action=Action.BPJS_CHECK_NOT_PARTICIPANT)
    result.still_pending = check.items.filter(application__status=S.CEK_BPJS).count()
    check.answered_at = timezone.now()
    check.answer_counts = {"rows": result.rows, "active": result.active, "not_participant": result.not_participant,
                           "pending": result.still_pending, "problems": len(result.problems)}
    check.save(update_fields=["answered_at", "answer_counts"])
    audit.record(actor, Action.BPJS_CHECK_ANSWER, check, after={"file": file_name, **check.answer_counts},
                 tenant=cycle.tenant)
    return result
