"""Writing the way from a submitted application to an enrolled participant (Perwali 3/2025 Pasal 7-8):
verification by the responsible officer, the BPJS check, TVEM consolidation, the decree, enrolment.

Each step belongs to one role and checks it here; each moves applications only along the status
machine of lindung.intake.models and writes the audit trail (one event per application for a
person's decision, one event per batch for file-driven steps, whose per-row results are in files).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lindung.accounts.permissions import require
from lindung.audit import services as audit
from lindung.domain import nik as nik_rules
from lindung.domain.exchange import BPJS_REGISTRY, PARTICIPANTS, Layout
from lindung.domain.rules import reasons as R
from lindung.domain.rules.checks import Facts
from lindung.domain.rules.evaluate import Decision, Finding, rank
from lindung.domain.rules.fields import clean, is_active_status
from lindung.engine.tables import ROW, read_table, write_table
from lindung.intake import evaluation, storage
from lindung.intake.models import Application, Cycle
from lindung.intake.permissions import (
    can_answer_bpjs,
    can_consolidate,
    is_responsible_for,
    require_programme_owner,
    require_same_tenant,
)
from lindung.intake.selectors import quota_of
from lindung.intake.services import TransitionRefused, ensure_person, evaluate, move, move_many, route
from lindung.membership.models import Participant
from lindung.tenants.models import Occupation

from .models import BpjsCheck, BpjsCheckItem, Decree, DecreeEntry, DuplicateCase

S = Application.Status


class StepRefused(ValueError):
    """A workflow step that cannot be taken now; the message says why, in Bahasa Indonesia."""


# --- Verification and validation (Pasal 7 ayat (2)) --------------------------------------------------


def _require_verifier(actor, application: Application) -> None:
    require(is_responsible_for(actor, application), "Usulan ini bukan tanggung jawab Anda.")
    if application.status != S.DIAJUKAN:
        raise TransitionRefused(f"Usulan berstatus {application.get_status_display()}, bukan menunggu verifikasi.")


def _reason(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise StepRefused(f"Tuliskan alasan {what}.")
    return text[:2000]


def approvable(application: Application) -> tuple[bool, str]:
    """Whether the rule set and the field visit allow approving, and if not, why (plainly)."""
    if application.keputusan == R.LAYAK:
        return True, ""
    if application.keputusan == R.PERLU_VERIFIKASI:
        if application.field_visit_confirms:
            return True, ""
        if application.field_visit_confirms is False:
            return False, "Verifikasi lapangan menyatakan tidak memenuhi syarat: tolak usulan ini."
        return False, "Lakukan verifikasi lapangan dahulu (hasil penilaian: perlu verifikasi)."
    if application.keputusan == R.DATA_TIDAK_VALID:
        return False, "Data tidak valid: kembalikan untuk perbaikan."
    return False, "Tidak memenuhi syarat menurut aturan: tolak dengan alasan, atau kembalikan bila datanya keliru."


@transaction.atomic
def approve(actor, application: Application, note: str = "") -> Application:
    _require_verifier(actor, application)
    ok, why = approvable(application)
    if not ok:
        raise StepRefused(why)
    person = ensure_person(actor, application)
    return move(actor, application, S.DIVERIFIKASI, "application.approve", reason=(note or "").strip(), person=person)


@transaction.atomic
def reject(actor, application: Application, reason: str) -> Application:
    require(is_responsible_for(actor, application), "Usulan ini bukan tanggung jawab Anda.")
    if application.status not in (S.DIAJUKAN, S.DIKEMBALIKAN):
        raise TransitionRefused(f"Usulan berstatus {application.get_status_display()} tidak dapat ditolak di tahap ini.")
    return move(actor, application, S.DITOLAK, "application.reject", reason=_reason(reason, "penolakan"))


@transaction.atomic
def send_back(actor, application: Application, reason: str) -> Application:
    _require_verifier(actor, application)
    return move(actor, application, S.DIKEMBALIKAN, "application.send_back", reason=_reason(reason, "pengembalian"))


@transaction.atomic
def record_field_visit(actor, application: Application, *, on: date, confirms: bool, note: str) -> Application:
    """Field verification of an application the rule set could not decide (PERLU_VERIFIKASI): e.g. a
    worker absent from the poverty data whose condition the officer saw (Pasal 5 ayat (1) huruf b)."""
    _require_verifier(actor, application)
    if on > timezone.localdate():
        raise StepRefused("Tanggal verifikasi lapangan tidak boleh di masa depan.")
    before = audit.snapshot(application)
    application.field_visit_on, application.field_visit_confirms = on, confirms
    application.field_visit_note = _reason(note, "hasil verifikasi lapangan")
    application.field_visit_by = actor
    application.save()
    old, new = audit.changed(before, audit.snapshot(application))
    audit.record(actor, "application.field_visit", application, before=old, after=new, tenant=application.cycle.tenant)
    return application


@transaction.atomic
def set_collected_occupation(actor, application: Application, occupation_code: str, note: str = "") -> Application:
    """Pasal 6 ayat (4): the occupation found in data collection is used, whatever the e-KTP says. The
    application is routed again (it may now belong to another agency) and evaluated again."""
    _require_verifier(actor, application)
    if not Occupation.objects.filter(code=occupation_code).exists():
        raise StepRefused("Pekerjaan tidak dikenal.")
    before = audit.snapshot(application)
    application.occupation_id = occupation_code
    application.agency_id, application.territorial = route(application.cycle, occupation_code, application.applied_on)
    decision = evaluate(application)
    application.save()
    old, new = audit.changed(before, audit.snapshot(application))
    audit.record(actor, "application.occupation", application, before=old,
                 after={**new, "note": (note or "").strip(), "evaluation": decision}, tenant=application.cycle.tenant)
    return application


def _mine(actor, applications, keputusan: str) -> list[Application]:
    return [a for a in applications.filter(status=S.DIAJUKAN, keputusan=keputusan).select_related("cycle__programme")
            if is_responsible_for(actor, a)]


@transaction.atomic
def approve_eligible(actor, applications) -> int:
    """Approve, in one step, every waiting application among `applications` that the officer is
    responsible for and the rule set found LAYAK (an uploaded batch of thousands). Returns how many."""
    chosen = _mine(actor, applications, R.LAYAK)
    for application in chosen:
        if application.person_id is None:  # public applications enter the register on approval
            application.person = ensure_person(actor, application)
            Application.objects.filter(pk=application.pk).update(person=application.person)
    by_cycle = defaultdict(list)
    for application in chosen:
        by_cycle[application.cycle].append(application.id)
    return sum(move_many(actor, cycle, ids, S.DIAJUKAN, S.DIVERIFIKASI, "application.approve_eligible")
               for cycle, ids in by_cycle.items())


@transaction.atomic
def reject_ineligible(actor, applications) -> int:
    """Reject every waiting application the officer is responsible for that the rule set found
    TIDAK_LAYAK, each with its own failed criteria and articles as the reason. Returns how many."""
    chosen = _mine(actor, applications, R.TIDAK_LAYAK)
    now = timezone.now()
    for application in chosen:
        application.status, application.updated_at = S.DITOLAK, now
        application.status_reason = "; ".join(
            f"{line.text} ({line.cite})" if line.cite else line.text for line in evaluation.explain(application.findings).problems)
    Application.objects.bulk_update(chosen, ["status", "status_reason", "updated_at"], batch_size=1000)
    for cycle in {a.cycle for a in chosen}:
        audit.record(actor, "application.reject_ineligible", cycle, tenant=cycle.tenant, before={"status": S.DIAJUKAN},
                     after={"status": S.DITOLAK, "applications": [a.id for a in chosen if a.cycle == cycle]})
    return len(chosen)


# --- BPJS check (Pasal 8 ayat (2)) ---------------------------------------------------------------------

CHECK_COLUMNS = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "alamat", "kode_wilayah",
                 "pekerjaan", "nomor_usulan")


@transaction.atomic
def start_bpjs_check(actor, cycle: Cycle) -> BpjsCheck:
    """Send every verified candidate of the cycle to the BPJS branch: they wait for its answer."""
    require_programme_owner(actor, cycle)
    ids = list(Application.objects.filter(cycle=cycle, status=S.DIVERIFIKASI).order_by("id").values_list("id", flat=True))
    if not ids:
        raise StepRefused("Belum ada usulan terverifikasi yang dapat dikirim ke BPJS.")
    check = BpjsCheck.objects.create(cycle=cycle, created_by=actor, candidates=len(ids))
    BpjsCheckItem.objects.bulk_create([BpjsCheckItem(check_batch=check, application_id=pk) for pk in ids], batch_size=2000)
    move_many(actor, cycle, ids, S.DIVERIFIKASI, S.CEK_BPJS, "bpjs_check.start")
    audit.record(actor, "bpjs_check.create", check, after={"candidates": len(ids)}, tenant=cycle.tenant)
    return check


def _require_check_party(actor, check: BpjsCheck) -> None:
    require(can_answer_bpjs(actor), "Hanya BPJS Ketenagakerjaan atau Dinas Tenaga Kerja yang menangani pemeriksaan ini.")
    require_same_tenant(actor, check.cycle)


def _candidate_row(application: Application) -> dict:
    return {**evaluation.applicant_row(application), "nomor_usulan": application.reference}


def export_bpjs_check(actor, check: BpjsCheck, fmt: str = "xlsx") -> Path:
    """The candidate list for the BPJS branch (full NIK: the export is audited)."""
    _require_check_party(actor, check)
    applications = Application.objects.filter(bpjs_item__check_batch=check).order_by("id")
    _, path = storage.new_output("pemeriksaan-bpjs", fmt)
    write_table([_candidate_row(a) for a in applications.iterator()], path, CHECK_COLUMNS)
    audit.record(actor, "bpjs_check.export", check, after={"format": fmt, "rows": check.candidates},
                 tenant=check.cycle.tenant)
    return path


@dataclass
class RowProblem:
    row: int
    nik: str
    reason: str


@dataclass
class AnswerResult:
    rows: int = 0
    active: int = 0
    not_participant: int = 0
    still_pending: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def _parse_mapping(mapping: dict[str, str] | None, layout: Layout) -> dict[str, str]:
    mapping = {k.strip(): v.strip() for k, v in (mapping or {}).items() if k.strip() and v.strip()}
    unknown = sorted(set(mapping.values()) - set(layout.columns))
    if unknown:
        raise StepRefused(f"Kolom tujuan tidak dikenal: {', '.join(unknown)} (pilih: {', '.join(layout.columns)})")
    return mapping


@transaction.atomic
def import_bpjs_answer(actor, check: BpjsCheck, path: str | Path, *, mapping: dict[str, str] | None = None,
                       absent_means_not_participant: bool = False) -> AnswerResult:
    """Apply the branch's answer (DESIGN.md §4 BPJS registry layout, or a column mapping): an AKTIF
    membership means already a participant (Pasal 5 ayat (1) huruf a); any other status means not.
    Candidates the file does not name keep waiting, unless the branch said its file lists only
    participants (`absent_means_not_participant`). Loading the same answer again changes nothing."""
    _require_check_party(actor, check)
    cycle = check.cycle
    table = read_table(path, BPJS_REGISTRY, _parse_mapping(mapping, BPJS_REGISTRY))
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
        item.answer = BpjsCheckItem.Answer.ACTIVE if active else BpjsCheckItem.Answer.NOT_PARTICIPANT
        item.answer_status, item.kpj = status_text, kpj
        changed.append(item)
        (to_active if active else to_clear).append(item.application_id)
    BpjsCheckItem.objects.bulk_update(changed, ["answer", "answer_status", "kpj"], batch_size=1000)
    result.active = move_many(actor, cycle, to_active, S.CEK_BPJS, S.SUDAH_PESERTA, "bpjs_check.already_participant",
                              status_reason="Sudah terdaftar sebagai peserta aktif BPJS Ketenagakerjaan "
                                            "(Pasal 5 ayat (1) huruf a)")
    result.not_participant = move_many(actor, cycle, to_clear, S.CEK_BPJS, S.LOLOS_BPJS, "bpjs_check.not_participant")
    result.still_pending = check.items.filter(application__status=S.CEK_BPJS).count()
    check.answered_at = timezone.now()
    check.answer_counts = {"rows": result.rows, "active": result.active, "not_participant": result.not_participant,
                           "pending": result.still_pending, "problems": len(result.problems)}
    check.save(update_fields=["answered_at", "answer_counts"])
    audit.record(actor, "bpjs_check.answer", check, after={"file": Path(path).name, **check.answer_counts},
                 tenant=cycle.tenant)
    return result


# --- TVEM consolidation (Pasal 8 ayat (3)) -------------------------------------------------------------

CLOSED = (S.DITOLAK, S.SUDAH_PESERTA, S.DIKEMBALIKAN)


@dataclass
class ConsolidationResult:
    added: int = 0
    cases_opened: int = 0
    held: int = 0
    ranked: int = 0
    selected: int = 0
    reserve: int = 0
    quota: int | None = None


def _require_tvem(actor, cycle: Cycle) -> None:
    require(can_consolidate(actor), "Konsolidasi dilakukan oleh Tim Verifikasi, Evaluasi dan Monitoring (TVEM).")
    require_same_tenant(actor, cycle)


def _open_case(cycle: Cycle, kind: str, key: str, members: list[int], other: str = "") -> bool:
    case, created = DuplicateCase.objects.get_or_create(cycle=cycle, kind=kind, key=key, defaults={"other": other[:250]})
    if case.status == DuplicateCase.Status.OPEN:
        case.applications.add(*members)
    return created


def find_duplicates(cycle: Cycle) -> int:
    """Open a case for each probable duplicate among the cycle's candidates; returns how many are new.

    - the same NIK proposed by another programme of the same year (a city's and a province's);
    - the same NIK already a participant of a programme, with coverage still running;
    - the same person under different NIKs: the same name and birth date, or — by the engine's matcher
      (lindung.engine.dedupe) — a one-digit NIK typo, a spelling variant of the name, day and month
      swapped; in this cycle or in another programme's of the same year."""
    pool = list(Application.objects.filter(cycle=cycle, status__in=(S.KONSOLIDASI, S.CADANGAN))
                .values("id", "nik", "name_search", "birth_date"))
    if not pool:
        return 0
    by_nik = {a["nik"]: a["id"] for a in pool}
    opened = 0
    others = (Application.objects.filter(cycle__year=cycle.year).exclude(cycle=cycle).exclude(status__in=CLOSED)
              .select_related("cycle__programme"))
    for start in range(0, len(pool), 900):
        chunk = [a["nik"] for a in pool[start:start + 900]]
        for other in others.filter(nik__in=chunk):
            opened += _open_case(cycle, DuplicateCase.Kind.SAME_NIK_OTHER_PROGRAMME, other.nik, [by_nik[other.nik]],
                                 f"{other.cycle.programme.name} ({other.get_status_display()})")
        running = (Participant.objects.filter(person__nik__in=chunk, periods__end__isnull=True)
                   .select_related("programme", "person").distinct())
        for participant in running:
            nik = participant.person.nik
            opened += _open_case(cycle, DuplicateCase.Kind.ALREADY_PARTICIPANT, nik, [by_nik[nik]],
                                 f"{participant.programme.name}, KPJ {participant.kpj or '-'}")
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for a in pool:
        groups[(a["name_search"], a["birth_date"])].append(a)
    elsewhere = defaultdict(list)
    same_year = Application.objects.filter(cycle__year=cycle.year).exclude(status__in=CLOSED).exclude(cycle=cycle)
    names = list({a["name_search"] for a in pool})
    for start in range(0, len(names), 900):
        for row in same_year.filter(name_search__in=names[start:start + 900]).values(
                "nik", "name_search", "birth_date", "cycle__programme__name"):
            elsewhere[(row["name_search"], row["birth_date"])].append(row)
    for key, members in groups.items():
        niks = {m["nik"] for m in members}
        outside = [o for o in elsewhere.get(key, []) if o["nik"] not in niks]
        if len(niks) > 1 or outside:
            label = f"{key[0]} / {key[1].isoformat()}"
            other = ", ".join(sorted({o["cycle__programme__name"] for o in outside}))
            opened += _open_case(cycle, DuplicateCase.Kind.PROBABLE_SAME_PERSON, label, [m["id"] for m in members], other)
    return opened + _probable_by_matcher(cycle)


def _probable_by_matcher(cycle: Cycle) -> int:
    """Probable same persons the exact rules above cannot see, found by the engine's matcher over this
    cycle's candidates and the same year's applications elsewhere. Pairs the exact rules already hold
    (same NIK, same name and birth date) are left to them."""
    import duckdb
    import pyarrow as pa

    from lindung.engine.dedupe import MIN_ROWS, find_probable_duplicates

    mine = Q(cycle=cycle, status__in=(S.KONSOLIDASI, S.CADANGAN))
    elsewhere = Q(cycle__year=cycle.year) & ~Q(cycle=cycle) & ~Q(status__in=CLOSED)
    rows = list(Application.objects.filter(mine | elsewhere).values(
        "id", "cycle_id", "nik", "no_kk", "name", "name_search", "birth_date", "sex", "kelurahan_id", "phone",
        "cycle__programme__name"))
    if len(rows) < MIN_ROWS:
        return 0
    table = pa.table({
        ROW: [r["id"] for r in rows], "nik": [r["nik"] for r in rows], "no_kk": [r["no_kk"] for r in rows],
        "nama": [r["name"] for r in rows], "tanggal_lahir": [r["birth_date"].isoformat() for r in rows],
        "jenis_kelamin": [r["sex"] for r in rows], "kode_wilayah": [r["kelurahan_id"] for r in rows],
        "telepon": [r["phone"] for r in rows],
    })
    by_id = {r["id"]: r for r in rows}
    con = duckdb.connect()
    try:
        con.register("applicants_arrow", table)
        con.execute("CREATE TABLE applicants AS SELECT * FROM applicants_arrow")
        find_probable_duplicates(con)
        pairs = con.execute("SELECT _baris, dup_of FROM probable_duplicates").fetchall()
    finally:
        con.close()
    opened = 0
    for one, other in pairs:
        a, b = by_id[one], by_id[other]
        if a["nik"] == b["nik"] or (a["name_search"], a["birth_date"]) == (b["name_search"], b["birth_date"]):
            continue
        members = [r["id"] for r in (a, b) if r["cycle_id"] == cycle.id]
        if not members:
            continue
        outside = ", ".join(sorted({r["cycle__programme__name"] for r in (a, b) if r["cycle_id"] != cycle.id}))
        low, high = sorted((a["id"], b["id"]))
        key = f"{a['name_search']} ~ {b['name_search']} (usulan {low}/{high})"
        opened += _open_case(cycle, DuplicateCase.Kind.PROBABLE_SAME_PERSON, key[:200], members, outside)
    return opened


def _refresh_holds(cycle: Cycle) -> int:
    """An application is held while any case it is in waits for a decision."""
    held = set(DuplicateCase.applications.through.objects.filter(
        duplicatecase__cycle=cycle, duplicatecase__status=DuplicateCase.Status.OPEN).values_list("application_id", flat=True))
    Application.objects.filter(cycle=cycle, on_hold=True).exclude(id__in=held).update(on_hold=False)
    held_ids = list(held)
    for start in range(0, len(held_ids), 900):
        Application.objects.filter(id__in=held_ids[start:start + 900]).update(on_hold=True, rank=None)
    return len(held)


def _decision_for_ranking(app: dict) -> Decision:
    """The stored evaluation, in the shape lindung.domain.rules.evaluate.rank orders."""
    findings = tuple(Finding(f["code"], f["effect"], f["message"], f.get("cite", "")) for f in app["findings"])
    facts = Facts(miskin_desil=app["miskin_desil"], tanggal_daftar=app["applied_on"])
    return Decision("", R.LAYAK, findings, facts)


def rank_candidates(actor, cycle: Cycle) -> ConsolidationResult:
    """Rank the candidates not held by the rule set's priority (Pasal 5 ayat (2)); when they exceed the
    budgeted quota, those beyond it become the reserve list (CADANGAN)."""
    result = ConsolidationResult(quota=quota_of(cycle))
    candidates = list(Application.objects.filter(cycle=cycle, status__in=(S.KONSOLIDASI, S.CADANGAN), on_hold=False)
                      .values("id", "status", "findings", "miskin_desil", "applied_on"))
    ruleset = cycle.programme.ruleset
    order = rank(ruleset, [(a["id"], _decision_for_ranking(a)) for a in candidates], cycle.enrolment_date)
    room = None
    if result.quota is not None:
        taken = Application.objects.filter(cycle=cycle, status__in=(S.DITETAPKAN, S.TERDAFTAR)).count()
        room = max(0, result.quota - taken)
    status = {a["id"]: a["status"] for a in candidates}
    selected = [pk for pk, position in order.items() if room is None or position <= room]
    reserve = [pk for pk in order if pk not in set(selected)]
    Application.objects.bulk_update([Application(id=pk, rank=position) for pk, position in order.items()], ["rank"],
                                    batch_size=1000)
    move_many(actor, cycle, [pk for pk in reserve if status[pk] == S.KONSOLIDASI], S.KONSOLIDASI, S.CADANGAN,
              "consolidation.reserve")
    move_many(actor, cycle, [pk for pk in selected if status[pk] == S.CADANGAN], S.CADANGAN, S.KONSOLIDASI,
              "consolidation.select")
    result.ranked, result.selected, result.reserve = len(order), len(selected), len(reserve)
    return result


@transaction.atomic
def consolidate(actor, cycle: Cycle) -> ConsolidationResult:
    """One list across agencies: candidates cleared by BPJS join it, probable duplicates are held for
    decision, and the rest is ranked against the quota. Running it again is safe."""
    _require_tvem(actor, cycle)
    cleared = list(Application.objects.filter(cycle=cycle, status=S.LOLOS_BPJS).values_list("id", flat=True))
    added = move_many(actor, cycle, cleared, S.LOLOS_BPJS, S.KONSOLIDASI, "consolidation.add") if cleared else 0
    opened = find_duplicates(cycle)
    held = _refresh_holds(cycle)
    result = rank_candidates(actor, cycle)
    result.added, result.cases_opened, result.held = added, opened, held
    audit.record(actor, "cycle.consolidate", cycle, tenant=cycle.tenant, after=vars(result))
    return result


KEEP_OTHER = "lain"


@transaction.atomic
def decide_duplicate(actor, case: DuplicateCase, *, keep: int | str | None, note: str) -> DuplicateCase:
    """The TVEM's decision on a held case: keep one application (the others are rejected), leave the
    person to the other programme (`keep="lain"`: ours are rejected), or find they are different
    people (`keep=None`: all go on). The list is ranked again afterwards."""
    cycle = case.cycle
    _require_tvem(actor, cycle)
    if case.status != DuplicateCase.Status.OPEN:
        raise StepRefused("Dugaan ganda ini sudah diputuskan.")
    note = _reason(note, "keputusan")
    members = list(case.applications.select_related("cycle__programme__tenant"))
    if keep is None:
        losers, decision = [], "bukan_ganda"
    elif keep == KEEP_OTHER:
        if not case.other:
            raise StepRefused("Dugaan ini tidak melibatkan program lain.")
        losers, decision = members, "program_lain"
    else:
        kept = next((m for m in members if m.pk == int(keep)), None)
        if kept is None:
            raise StepRefused("Pilih salah satu usulan dalam dugaan ganda ini.")
        losers, decision = [m for m in members if m.pk != kept.pk], "pertahankan"
        case.kept = kept
    for loser in losers:
        if loser.status in (S.KONSOLIDASI, S.CADANGAN):
            why = f"Ganda: {case.get_kind_display()}" + (f" ({case.other})" if case.other else "") + f". {note}"
            move(actor, loser, S.DITOLAK, "consolidation.duplicate_rejected", reason=why, on_hold=False, rank=None)
    before = audit.snapshot(case)
    case.status, case.decision, case.note = DuplicateCase.Status.DECIDED, decision, note
    case.decided_by, case.decided_at = actor, timezone.now()
    case.save()
    old, new = audit.changed(before, audit.snapshot(case))
    audit.record(actor, "duplicate.decide", case, before=old, after=new, tenant=cycle.tenant)
    _refresh_holds(cycle)
    rank_candidates(actor, cycle)
    return case


# --- Decree (Pasal 8 ayat (4)-(5)) -----------------------------------------------------------------------


def decree_candidates(cycle: Cycle):
    """Who a decree signed now would fix: the consolidated list, ranked, without held cases."""
    return (Application.objects.filter(cycle=cycle, status=S.KONSOLIDASI, on_hold=False)
            .select_related("kelurahan__parent", "occupation").order_by("rank", "id"))


def _entry(application: Application, line: int) -> DecreeEntry:
    return DecreeEntry(
        application=application, line=line, nik=application.nik, name=application.name,
        birth_place=application.birth_place, birth_date=application.birth_date, address=application.address,
        kelurahan=f"{application.kelurahan.name}, Kec. {application.kelurahan.parent.name}",
        occupation=application.occupation.name,
    )


def draft_annex(actor, cycle: Cycle, fmt: str) -> Path:
    """The draft annex (lampiran) for the Sekretaris Daerah and the Wali Kota (Pasal 8 ayat (4))."""
    require_programme_owner(actor, cycle)
    from .documents import write_annex

    entries = [_entry(a, line) for line, a in enumerate(decree_candidates(cycle), start=1)]
    if not entries:
        raise StepRefused("Daftar konsolidasi masih kosong.")
    path = write_annex(cycle, entries, fmt, decree=None)
    audit.record(actor, "decree.draft", cycle, after={"format": fmt, "rows": len(entries)}, tenant=cycle.tenant)
    return path


@transaction.atomic
def _decree_header(cycle: Cycle, number: str, signed_on: date) -> str:
    number = (number or "").strip()
    if not number:
        raise StepRefused("Nomor keputusan wajib diisi.")
    if signed_on > timezone.localdate():
        raise StepRefused("Tanggal penetapan tidak boleh di masa depan.")
    if Decree.objects.filter(cycle=cycle, number=number).exists():
        raise StepRefused("Nomor keputusan ini sudah dicatat.")
    return number


def record_decree(actor, cycle: Cycle, *, number: str, signed_on: date) -> Decree:
    """Record the signed decree: the candidates it lists are fixed (DITETAPKAN) and locked. Candidates
    consolidated later are fixed by a new decree, never by editing this one."""
    require_programme_owner(actor, cycle)
    number = _decree_header(cycle, number, signed_on)
    if signed_on >= cycle.enrolment_date:
        raise StepRefused("Keputusan harus ditetapkan sebelum tanggal mulai kepesertaan.")
    candidates = list(decree_candidates(cycle))
    if not candidates:
        raise StepRefused("Tidak ada calon dalam daftar konsolidasi untuk ditetapkan.")
    decree = Decree.objects.create(cycle=cycle, number=number, signed_on=signed_on, recorded_by=actor,
                                   beneficiaries=len(candidates))
    entries = [_entry(a, line) for line, a in enumerate(candidates, start=1)]
    for entry in entries:
        entry.decree = decree
    DecreeEntry.objects.bulk_create(entries, batch_size=1000)
    move_many(actor, cycle, [a.id for a in candidates], S.KONSOLIDASI, S.DITETAPKAN, "decree.fix")
    audit.record(actor, "decree.record", decree, tenant=cycle.tenant,
                 after={"number": number, "signed_on": signed_on, "beneficiaries": len(candidates)})
    return decree


@transaction.atomic
def record_amendment(actor, cycle: Cycle, *, number: str, signed_on: date, niks: list[str], reason: str) -> Decree:
    """Record a signed amending decree that takes beneficiaries out of the list (Pasal 8 ayat (5): the list
    changes only by a new decree). Only those fixed and not yet enrolled can be taken out; an enrolled
    participant's coverage ends by termination instead (Pasal 10, membership app). The signed annexes of
    earlier decrees stay as they were signed."""
    require_programme_owner(actor, cycle)
    number = _decree_header(cycle, number, signed_on)
    reason = (reason or "").strip()
    if not reason:
        raise StepRefused("Alasan perubahan wajib diisi.")
    wanted = {nik_rules.normalize(n) for n in niks if str(n).strip()}
    if not wanted:
        raise StepRefused("Sebutkan NIK penerima yang dicabut.")
    entries = {e.nik: e for e in DecreeEntry.objects.filter(decree__cycle=cycle, nik__in=wanted, revoked_by=None)
               .select_related("application")}
    unknown = sorted(wanted - set(entries))
    if unknown:
        raise StepRefused("Bukan penerima yang ditetapkan pada siklus ini: " + ", ".join(nik_rules.mask(n) for n in unknown))
    enrolled = sorted(n for n, e in entries.items() if e.application.status == S.TERDAFTAR)
    if enrolled:
        raise StepRefused("Sudah terdaftar sebagai peserta; hentikan kepesertaannya (Pasal 10): "
                          + ", ".join(nik_rules.mask(n) for n in enrolled))
    decree = Decree.objects.create(cycle=cycle, number=number, signed_on=signed_on, recorded_by=actor,
                                   revoked=len(entries), reason=reason[:300])
    DecreeEntry.objects.filter(pk__in=[e.pk for e in entries.values()]).update(revoked_by=decree)
    move_many(actor, cycle, [e.application_id for e in entries.values()], S.DITETAPKAN, S.DICABUT, "decree.revoke")
    audit.record(actor, "decree.amend", decree, tenant=cycle.tenant,
                 after={"number": number, "signed_on": signed_on, "revoked": sorted(entries), "reason": reason})
    return decree


def signed_annex(actor, decree: Decree, fmt: str) -> Path:
    require_programme_owner(actor, decree.cycle)
    from .documents import write_annex

    # An amending decree's annex lists whom it takes out; a fixing decree's, whom it fixes.
    entries = decree.revoked_entries.all() if decree.revoked else decree.entries.all()
    path = write_annex(decree.cycle, list(entries), fmt, decree=decree)
    audit.record(actor, "decree.annex", decree, after={"format": fmt}, tenant=decree.cycle.tenant)
    return path


# --- Enrolment (Pasal 8 ayat (6)) ------------------------------------------------------------------------

REGISTRATION_COLUMNS = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "alamat",
                        "kode_wilayah", "telepon", "pekerjaan", "mulai_kepesertaan", "program", "nomor_keputusan")
# BPJS's answer to the registration: at least NIK and the KPJ card number it issued.
KPJ_ANSWER = Layout("jawaban pendaftaran BPJS", columns=("nik", "kpj", "nama"), required=("nik", "kpj"),
                    aliases=PARTICIPANTS.aliases)


def registration_file(actor, decree: Decree, fmt: str = "xlsx") -> Path:
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
    audit.record(actor, "enrolment.export", decree, after={"format": fmt, "rows": len(rows)}, tenant=cycle.tenant)
    return path


@dataclass
class EnrolmentResult:
    rows: int = 0
    enrolled: int = 0
    already: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    membership: dict = field(default_factory=dict)


@transaction.atomic
def import_kpj(actor, cycle: Cycle, path: str | Path, *, mapping: dict[str, str] | None = None) -> EnrolmentResult:
    """BPJS's KPJ numbers for the registered candidates: each becomes a participant of the programme
    (membership app), covered from the cycle's enrolment date, and the application TERDAFTAR.
    Loading the same file again enrols no one twice."""
    require_programme_owner(actor, cycle)
    from lindung.membership import services as membership

    table = read_table(path, KPJ_ANSWER, _parse_mapping(mapping, KPJ_ANSWER))
    result = EnrolmentResult(rows=table.height)
    fixed = {a.nik: a for a in Application.objects.filter(cycle=cycle, status__in=(S.DITETAPKAN, S.TERDAFTAR))
             .select_related("kelurahan")}
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
        participants = [{
            "nik": a.nik, "kpj": kpj, "nama": a.name, "tanggal_lahir": a.birth_date.isoformat(),
            "jenis_kelamin": a.sex, "kode_wilayah": a.kelurahan_id, "pekerjaan": a.occupation_id,
            "mulai_kepesertaan": cycle.enrolment_date.isoformat(),
        } for a, kpj in chosen.values()]
        _, participants_path = storage.new_output("peserta", "csv")
        write_table(participants, participants_path, PARTICIPANTS.columns)
        try:
            imported = membership.import_participants(actor, cycle.programme, participants_path, mapping={})
        finally:
            participants_path.unlink(missing_ok=True)  # full NIKs: never left on disk
        refused = {r.values.get("nik"): "; ".join(r.reasons) for r in imported.rejected}
        for nik, why in refused.items():
            chosen.pop(nik, None)
            result.problems.append(RowProblem(0, nik, f"ditolak modul kepesertaan: {why}"))
        result.membership = imported.counts()
        Application.objects.bulk_update([Application(id=a.id, kpj=kpj) for a, kpj in chosen.values()], ["kpj"],
                                        batch_size=1000)
        result.enrolled = move_many(actor, cycle, [a.id for a, _ in chosen.values()], S.DITETAPKAN, S.TERDAFTAR,
                                    "enrolment.enrol")
    audit.record(actor, "enrolment.import", cycle, tenant=cycle.tenant,
                 after={"file": Path(path).name, "rows": result.rows, "enrolled": result.enrolled,
                        "already": result.already, "problems": len(result.problems)})
    return result
