"""TVEM consolidation (Perwali 3/2025 Pasal 8 ayat (3)): one list across agencies, probable duplicates held
for the team's decision (nobody paid for twice, by the city and the province together included), the
rest ranked by Pasal 5 ayat (2) against the quota."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import duckdb
import pyarrow as pa
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lindung.accounts.permissions import can_consolidate
from lindung.audit import services as audit
from lindung.domain import funding
from lindung.domain.rules import reasons as R
from lindung.domain.rules.checks import Facts
from lindung.domain.rules.evaluate import Decision, Finding, rank
from lindung.membership.models import Participant
from lindung.platform.errors import require
from lindung.platform.files import ROW
from lindung.registers.dedupe import MIN_ROWS, find_probable_duplicates
from lindung.registers.selectors import pair_reviews

from ..actions import Action
from ..models import Application, Cycle, DuplicateCase
from ..permissions import require_same_tenant
from ..selectors import budget_plan, quota_of
from .status import StepRefused, move, move_many, required_reason

S = Application.Status


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
    if case.status == DuplicateCase.Status.TERBUKA:
        case.applications.add(*members)
    return created


def find_duplicates(cycle: Cycle) -> int:
    """Open a case for each probable duplicate among the cycle's candidates; returns how many are new.

    - the same NIK proposed by another programme of the same year (a city's and a province's);
    - the same NIK already a participant of a programme, with coverage still running;
    - the same person under different NIKs: the same name and birth date, or — by the engine's matcher
      (lindung.registers.dedupe) — a one-digit NIK typo, a spelling variant of the name, day and month
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
            opened += _open_case(cycle, DuplicateCase.Kind.NIK_PROGRAM_LAIN, other.nik, [by_nik[other.nik]],
                                 f"{other.cycle.programme.name} ({other.get_status_display()})")
        running = (Participant.objects.filter(person__nik__in=chunk, periods__end__isnull=True)
                   .select_related("programme", "person").distinct())
        for participant in running:
            nik = participant.person.nik
            opened += _open_case(cycle, DuplicateCase.Kind.PESERTA_PROGRAM_LAIN, nik, [by_nik[nik]],
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
            opened += _open_case(cycle, DuplicateCase.Kind.KEMUNGKINAN_GANDA, label, [m["id"] for m in members], other)
    return opened + _probable_by_matcher(cycle)


def _probable_by_matcher(cycle: Cycle) -> int:
    """Probable same persons the exact rules above cannot see, found by the engine's matcher over this
    cycle's candidates and the same year's applications elsewhere. Pairs the exact rules already hold
    (same NIK, same name and birth date) are left to them."""
    mine = Q(cycle=cycle, status__in=(S.KONSOLIDASI, S.CADANGAN))
    elsewhere = Q(cycle__year=cycle.year) & ~Q(cycle=cycle) & ~Q(status__in=CLOSED)
    rows = list(Application.objects.filter(mine | elsewhere).values(
        "id", "cycle_id", "nik", "no_kk", "name", "name_search", "birth_date", "sex", "kelurahan_id", "phone",
        "address", "cycle__programme__name"))
    if len(rows) < MIN_ROWS:
        return 0
    table = pa.table({
        ROW: [r["id"] for r in rows], "nik": [r["nik"] for r in rows], "no_kk": [r["no_kk"] for r in rows],
        "nama": [r["name"] for r in rows], "tanggal_lahir": [r["birth_date"].isoformat() for r in rows],
        "jenis_kelamin": [r["sex"] for r in rows], "kode_wilayah": [r["kelurahan_id"] for r in rows],
        "telepon": [r["phone"] for r in rows], "alamat": [r["address"] for r in rows],
    })
    by_id = {r["id"]: r for r in rows}
    con = duckdb.connect()
    try:
        con.register("applicants_arrow", table)
        con.execute("CREATE TABLE applicants AS SELECT * FROM applicants_arrow")
        find_probable_duplicates(con, reviews=pair_reviews(cycle.programme.tenant))
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
        opened += _open_case(cycle, DuplicateCase.Kind.KEMUNGKINAN_GANDA, key[:200], members, outside)
    return opened


def _refresh_holds(cycle: Cycle) -> int:
    """An application is held while any case it is in waits for a decision."""
    held = set(DuplicateCase.applications.through.objects.filter(
        duplicatecase__cycle=cycle, duplicatecase__status=DuplicateCase.Status.TERBUKA).values_list("application_id", flat=True))
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


def rank_candidates(actor, *, cycle: Cycle) -> ConsolidationResult:
    """Rank the candidates not held by the rule set's priority (Pasal 5 ayat (2)); when they exceed the
    budgeted quota, those beyond it become the reserve list (CADANGAN)."""
    result = ConsolidationResult(quota=quota_of(cycle))
    candidates = list(Application.objects.filter(cycle=cycle, status__in=(S.KONSOLIDASI, S.CADANGAN), on_hold=False)
                      .values("id", "status", "findings", "miskin_desil", "applied_on", "occupation_id", "kelurahan_id",
                              "birth_date"))
    ruleset = cycle.programme.ruleset
    order = rank(ruleset, [(a["id"], _decision_for_ranking(a)) for a in candidates], cycle.enrolment_date)
    status = {a["id"]: a["status"] for a in candidates}
    plan = budget_plan(cycle) if cycle.quota is None and result.quota is not None else None
    if plan is not None:
        # The funding sources decide: continuing participants and the decreed first, then the most
        # newcomers in ranking order that the sources accepting them can pay for (a tobacco farmer may
        # take a DBHCHT place a pemulung may not, so this is not always the first n of the ranking).
        by_id = {a["id"]: a for a in candidates}
        newcomers = [plan.newcomer(("a", pk), by_id[pk]["occupation_id"], by_id[pk]["kelurahan_id"],
                                   by_id[pk]["birth_date"], cycle.enrolment_date, (position,))
                     for pk, position in order.items()]
        chosen = funding.select_newcomers(plan.sources, plan.continuing, newcomers)
        picked = {key[1] for key in chosen.selected}
        selected = [pk for pk in order if pk in picked]
    else:
        room = None
        if result.quota is not None:  # the cycle's own figure: places for everyone the cycle decrees
            taken = Application.objects.filter(cycle=cycle, status__in=(S.DITETAPKAN, S.TERDAFTAR)).count()
            room = max(0, result.quota - taken)
        selected = [pk for pk, position in order.items() if room is None or position <= room]
    reserve = [pk for pk in order if pk not in set(selected)]
    Application.objects.bulk_update([Application(id=pk, rank=position) for pk, position in order.items()], ["rank"],
                                    batch_size=1000)
    move_many(actor, cycle=cycle, ids=[pk for pk in reserve if status[pk] == S.KONSOLIDASI], source=S.KONSOLIDASI, target=S.CADANGAN,
              action=Action.CONSOLIDATION_RESERVE)
    move_many(actor, cycle=cycle, ids=[pk for pk in selected if status[pk] == S.CADANGAN], source=S.CADANGAN, target=S.KONSOLIDASI,
              action=Action.CONSOLIDATION_SELECT)
    result.ranked, result.selected, result.reserve = len(order), len(selected), len(reserve)
    return result


@transaction.atomic
def consolidate(actor, *, cycle: Cycle) -> ConsolidationResult:
    """One list across agencies: candidates cleared by BPJS join it, probable duplicates are held for
    decision, and the rest is ranked against the quota. Running it again is safe."""
    _require_tvem(actor, cycle)
    cleared = list(Application.objects.filter(cycle=cycle, status=S.LOLOS_BPJS).values_list("id", flat=True))
    added = move_many(actor, cycle=cycle, ids=cleared, source=S.LOLOS_BPJS, target=S.KONSOLIDASI, action=Action.CONSOLIDATION_ADD) if cleared else 0
    opened = find_duplicates(cycle)
    held = _refresh_holds(cycle)
    result = rank_candidates(actor, cycle=cycle)
    result.added, result.cases_opened, result.held = added, opened, held
    audit.record(actor, Action.CYCLE_CONSOLIDATE, cycle, tenant=cycle.tenant, after=vars(result))
    return result


KEEP_OTHER = "lain"


@transaction.atomic
def decide_duplicate(actor, *, case: DuplicateCase, keep: int | str | None, note: str) -> DuplicateCase:
    """The TVEM's decision on a held case: keep one application (the others are rejected), leave the
    person to the other programme (`keep="lain"`: ours are rejected), or find they are different
    people (`keep=None`: all go on). The list is ranked again afterwards."""
    cycle = case.cycle
    _require_tvem(actor, cycle)
    if case.status != DuplicateCase.Status.TERBUKA:
        raise StepRefused("Dugaan ganda ini sudah diputuskan.")
    note = required_reason(note, "keputusan")
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
            move(actor, application=loser, target=S.DITOLAK, action=Action.CONSOLIDATION_DUPLICATE_REJECTED, reason=why, on_hold=False, rank=None)
    before = audit.snapshot(case)
    case.status, case.decision, case.note = DuplicateCase.Status.DIPUTUSKAN, decision, note
    case.decided_by, case.decided_at = actor, timezone.now()
    case.save()
    old, new = audit.changed(before, audit.snapshot(case))
    audit.record(actor, Action.DUPLICATE_DECIDE, case, before=old, after=new, tenant=cycle.tenant)
    _refresh_holds(cycle)
    rank_candidates(actor, cycle=cycle)
    return case
