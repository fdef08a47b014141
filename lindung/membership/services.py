"""Writing memberships: the participants import, terminations (Pasal 10), the automatic end at the
age limit (Pasal 11 ayat (6)), termination proposals from files, and funding-source assignment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lindung.audit import services as audit
from lindung.domain import billing as billing_rules
from lindung.domain import funding
from lindung.domain import nik as nik_rules
from lindung.domain.calendar import Month
from lindung.domain.exchange import PARTICIPANTS
from lindung.domain.membership import TERMINATIONS, ParticipantRow, check_participant_row, overlaps
from lindung.domain.progress import Progress, silent
from lindung.domain.rules.fields import Unreadable, clean, parse_date
from lindung.engine.tables import ROW, read_table, write_table
from lindung.people.models import Person, normalize_name
from lindung.programs.bulk import chunked_in, insert_rows, text_frame
from lindung.programs.models import ColumnMapping, FundingSource, Programme
from lindung.programs.selectors import column_mapping, source_quota
from lindung.programs.services import ProgrammeError, require_manager
from lindung.regions.codes import normalize as normalize_region
from lindung.regions.selectors import known_village_codes
from lindung.tenants.models import Occupation

from .models import EndReason, MembershipPeriod, Participant, TerminationProposal


class MembershipError(ValueError):
    """A membership change that cannot be made; the message says why."""


# --- Participants import ---------------------------------------------------------------------------


@dataclass
class RejectedRow:
    row: int
    values: dict
    reasons: list[str]


@dataclass
class ImportResult:
    rows: int = 0
    persons_created: int = 0
    persons_updated: int = 0
    participants_created: int = 0
    participants_updated: int = 0
    periods_created: int = 0
    periods_updated: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return self.rows - len(self.rejected)

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in vars(self).items() if isinstance(v, int)} | {
            "rejected": len(self.rejected), "warnings": len(self.warnings),
        }


PERSON_SYNC_FIELDS = ("name", "birth_date", "sex", "kelurahan_id", "occupation_id")


def write_rejected(rejected: list[RejectedRow], path: str | Path) -> Path:
    """The refused rows as they were written, with `_baris` and `alasan` (every reason, ';'-joined)."""
    columns = [ROW, *PARTICIPANTS.columns, "alasan"]
    rows = ([str(r.row), *(r.values.get(c) for c in PARTICIPANTS.columns), "; ".join(r.reasons)] for r in rejected)
    return write_table(text_frame(rows, columns), path, columns)


def import_participants(actor, programme: Programme, path: str | Path, *, mapping: dict | None = None,
                        progress: Progress = silent) -> ImportResult:
    """Create or update the persons, participants and membership periods of a participants file.

    Repeatable: a person is found by NIK, a participant by (programme, person), a period by its start,
    so importing the same file twice changes nothing. Rows with problems are refused with every
    reason and the rest is imported in one transaction. Raises TableError only when the file itself
    cannot be used."""
    require_manager(actor, programme.tenant)
    path = Path(path)
    if mapping is None:
        mapping = column_mapping(programme, ColumnMapping.Layout.PARTICIPANTS)
    df = read_table(path, PARTICIPANTS, mapping)
    result = ImportResult(rows=df.height)
    progress(0, df.height, "memeriksa baris")
    villages = known_village_codes()
    occupations = frozenset(Occupation.objects.values_list("code", flat=True))
    raw_rows = {values[ROW]: values for values in df.iter_rows(named=True)}
    checked: list[ParticipantRow] = []
    first_row_of: dict[str, int] = {}
    for number, values in raw_rows.items():
        row = check_participant_row(values, number, villages=villages, occupations=occupations,
                                    normalize_region=normalize_region)
        if not row.errors and row.nik in first_row_of:
            row.errors.append(f"NIK sama dengan baris {first_row_of[row.nik]}")
        first_row_of.setdefault(row.nik, number)
        checked.append(row)

    with transaction.atomic():
        persons = _persons_by_nik([r.nik for r in checked if not r.errors])
        for row in checked:
            if not row.errors and row.nik not in persons and row.kelurahan is None:
                row.errors.append("kode_wilayah wajib untuk penduduk yang belum terdata")
        participants = dict(Participant.objects.filter(programme=programme).values_list("person_id", "id"))
        periods = _periods_of(programme)
        period_updates: list[tuple[int, ParticipantRow]] = []
        for row in checked:
            if row.errors:
                continue
            participant_id = participants.get(persons[row.nik]["id"]) if row.nik in persons else None
            existing = periods.get(participant_id, [])
            same = next((p for p in existing if p["start"] == row.start), None)
            others = [(p["start"], p["end"]) for p in existing if p is not same]
            clash = overlaps([*others, (row.start, row.end)])
            if clash:
                a, b = clash
                row.errors.append(f"masa kepesertaan {a[0]}–{a[1] or '…'} bertumpang tindih dengan {b[0]}–{b[1] or '…'}")
            elif same is not None and same["end"] is not None and row.end is None:
                # An export made before the end (or the automatic end at the age limit) must not reopen it.
                row.warnings.append(f"masa kepesertaan mulai {row.start} sudah berakhir {same['end']} "
                                    f"({same['end_reason']}); tetap berakhir")
            elif same is not None and (same["end"], same["end_reason"]) != (row.end, row.end_reason):
                period_updates.append((same["id"], row))
        for row in checked:
            if row.errors:
                result.rejected.append(RejectedRow(row.row, raw_rows[row.row], row.errors))
            elif row.kelurahan and not row.kelurahan.startswith(programme.tenant.region_id + "."):
                row.warnings.append(f"alamat KTP ({row.kelurahan}) di luar wilayah {programme.tenant.name}")
            result.warnings.extend((row.row, w) for w in row.warnings if not row.errors)
        good = [r for r in checked if not r.errors]
        progress(len(checked) // 2, len(checked), "menyimpan penduduk")
        _sync_persons(actor, good, persons, result)
        progress(len(checked) * 3 // 4, len(checked), "menyimpan peserta")
        _sync_participants(programme, good, persons, participants, result)
        _sync_periods(actor, path.name, good, persons, participants, periods, period_updates, result)
        audit.record(actor, "participants.import", programme, tenant=programme.tenant,
                     after={"file": path.name, **result.counts()})
    progress(len(checked), len(checked), "selesai")
    return result


def _persons_by_nik(niks: list[str]) -> dict[str, dict]:
    fields = ("id", "nik", *PERSON_SYNC_FIELDS)
    return {row["nik"]: row for row in chunked_in(Person.objects.values(*fields), "nik", niks)}


def _periods_of(programme: Programme) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for p in MembershipPeriod.objects.filter(participant__programme=programme).values(
        "id", "participant_id", "start", "end", "end_reason"
    ):
        out.setdefault(p["participant_id"], []).append(p)
    return out


def _sync_persons(actor, rows: list[ParticipantRow], persons: dict[str, dict], result: ImportResult) -> None:
    now = timezone.now()
    creator = actor if getattr(actor, "is_authenticated", False) else None
    new = [r for r in rows if r.nik not in persons]
    result.persons_created = insert_rows(
        Person,
        ["nik", "no_kk", "name", "name_search", "birth_place", "birth_date", "sex", "address", "kelurahan", "phone",
         "disability", "occupation", "created_at", "updated_at", "created_by"],
        ((r.nik, "", r.name, normalize_name(r.name), "", r.birth_date, r.sex, "", r.kelurahan, "", False, r.occupation,
          now, now, creator.pk if creator else None) for r in new),
    )
    persons.update(_persons_by_nik([r.nik for r in new]))
    changed = []
    for r in rows:
        current = persons[r.nik]
        wanted = {"name": r.name, "birth_date": r.birth_date, "sex": r.sex,
                  "kelurahan_id": r.kelurahan or current["kelurahan_id"],
                  "occupation_id": r.occupation or current["occupation_id"]}
        if any(current[k] != v for k, v in wanted.items()):
            changed.append(Person(id=current["id"], name_search=normalize_name(r.name), updated_at=now, **wanted))
            current.update(wanted)
    Person.objects.bulk_update(changed, [*PERSON_SYNC_FIELDS, "name_search", "updated_at"], batch_size=500)
    result.persons_updated = len(changed)


def _sync_participants(programme: Programme, rows: list[ParticipantRow], persons: dict[str, dict],
                       participants: dict[int, int], result: ImportResult) -> None:
    now = timezone.now()
    new = [r for r in rows if persons[r.nik]["id"] not in participants]
    result.participants_created = insert_rows(
        Participant, ["programme", "person", "kpj", "created_at"],
        ((programme.pk, persons[r.nik]["id"], r.kpj, now) for r in new),
    )
    participants.update(Participant.objects.filter(programme=programme).values_list("person_id", "id"))
    kpj_now = dict(Participant.objects.filter(programme=programme).values_list("id", "kpj"))
    changed = [Participant(id=participants[persons[r.nik]["id"]], kpj=r.kpj) for r in rows
               if r.kpj and kpj_now[participants[persons[r.nik]["id"]]] != r.kpj]
    Participant.objects.bulk_update(changed, ["kpj"], batch_size=500)
    result.participants_updated = len(changed)


def _sync_periods(actor, file_name: str, rows: list[ParticipantRow], persons: dict[str, dict],
                  participants: dict[int, int], periods: dict[int, list[dict]],
                  updates: list[tuple[int, ParticipantRow]], result: ImportResult) -> None:
    ender = actor.pk if getattr(actor, "is_authenticated", False) else None
    known = {(pid, p["start"]) for pid, ps in periods.items() for p in ps}

    def evidence(r: ParticipantRow) -> str:
        return f"impor {file_name} baris {r.row}" if r.end else ""

    new = []
    for r in rows:
        participant_id = participants[persons[r.nik]["id"]]
        if (participant_id, r.start) not in known:
            new.append((participant_id, r.start, r.end, r.end_reason, evidence(r), ender if r.end else None))
    result.periods_created = insert_rows(
        MembershipPeriod, ["participant", "start", "end", "end_reason", "end_evidence", "ended_by"], new)
    changed = [MembershipPeriod(id=pk, end=r.end, end_reason=r.end_reason, end_evidence=evidence(r),
                                ended_by_id=ender if r.end else None) for pk, r in updates]
    MembershipPeriod.objects.bulk_update(changed, ["end", "end_reason", "end_evidence", "ended_by"], batch_size=500)
    result.periods_updated = len(changed)


# --- Ending memberships --------------------------------------------------------------------------


@transaction.atomic
def end_membership(actor, participant: Participant, *, reason: str, on: date, evidence: str = "") -> MembershipPeriod:
    """End the open period on `on` (the last day covered: a death on 10 June bills June, not July)."""
    require_manager(actor, participant.programme.tenant)
    if reason not in EndReason.values:
        raise MembershipError(f"alasan berhenti {reason!r} tidak dikenal (pilih: {', '.join(EndReason.values)})")
    if reason != EndReason.BATAS_USIA and not evidence.strip():
        raise MembershipError("penghentian Pasal 10 memerlukan bukti (nomor akta, surat pindah, data BPJS)")
    period = participant.periods.select_for_update().filter(end__isnull=True).first()
    if period is None:
        raise MembershipError("peserta tidak mempunyai kepesertaan yang masih berjalan")
    if on < period.start:
        raise MembershipError(f"tanggal berhenti {on} sebelum mulai kepesertaan {period.start}")
    before = audit.snapshot(period)
    period.end, period.end_reason, period.end_evidence = on, reason, evidence.strip()[:300]
    period.ended_by = actor if getattr(actor, "is_authenticated", False) else None
    period.save()
    old, new = audit.changed(before, audit.snapshot(period))
    audit.record(actor, "membership.end", participant, before=old, after=new, tenant=participant.programme.tenant)
    return period


@transaction.atomic
def close_at_age_limit(actor, programme: Programme, month: Month) -> int:
    """End, as batas_usia, every open period of someone past the age limit before `month` starts.

    The bill already leaves them out (the age rule is applied on its own); this makes the membership
    record say so too. The end is the last day at 64 years 11 months, whenever the job runs."""
    limit = programme.billing_rules(month).age_limit_months
    cutoff = billing_rules.age_limit_cutoff(month, limit)
    ender = actor if getattr(actor, "is_authenticated", False) else None
    due = list(MembershipPeriod.objects.filter(participant__programme=programme, end__isnull=True,
                                               participant__person__birth_date__lte=cutoff)
               .values_list("id", "start", "participant__person__birth_date"))
    changed = []
    for pk, start, birth in due:
        end = max(start, billing_rules.age_limit_end(birth, limit))
        changed.append(MembershipPeriod(id=pk, end=end, end_reason=EndReason.BATAS_USIA, ended_by=ender,
                                        end_evidence=f"otomatis: batas usia {limit} bulan (Pasal 11 ayat (6))"))
    MembershipPeriod.objects.bulk_update(changed, ["end", "end_reason", "end_evidence", "ended_by"], batch_size=500)
    if changed:
        audit.record(actor, "membership.age_limit", programme, tenant=programme.tenant,
                     after={"month": str(month), "ended": len(changed)})
    return len(changed)


# --- Termination proposals -------------------------------------------------------------------------

SOURCE_REASON = {
    TerminationProposal.Source.DUKCAPIL_DEATHS: EndReason.MENINGGAL,
    TerminationProposal.Source.DUKCAPIL_MOVES: EndReason.PINDAH_DOMISILI,
    TerminationProposal.Source.BPJS_WAGE_EARNERS: EndReason.PEKERJA_FORMAL,
}


@dataclass
class ProposalImport:
    rows: int = 0
    proposed: int = 0
    already_proposed: int = 0
    not_participants: list[tuple[int, str]] = field(default_factory=list)  # (row, reason): listed, not fatal
    rejected: list[tuple[int, str]] = field(default_factory=list)


@transaction.atomic
def import_termination_proposals(actor, programme: Programme, path: str | Path, *, source: str) -> ProposalImport:
    """Read a deaths / moves / wage-earners file and propose ending the memberships it names; the
    labour agency confirms or rejects each one (`decide_proposal`). Rows that name no participant of
    this programme are listed, which is the normal case for a city-wide civil-registry extract."""
    require_manager(actor, programme.tenant)
    if source not in TerminationProposal.Source.values:
        raise MembershipError(f"sumber {source!r} tidak dikenal (pilih: {', '.join(TerminationProposal.Source.values)})")
    path = Path(path)
    df = read_table(path, TERMINATIONS, column_mapping(programme, ColumnMapping.Layout.TERMINATIONS))
    out = ProposalImport(rows=df.height)
    rows = list(df.iter_rows(named=True))
    niks = {nik_rules.normalize(r["nik"]) for r in rows}
    participants = {nik: pk for pk, nik in chunked_in(
        Participant.objects.filter(programme=programme).values_list("id", "person__nik"), "person__nik", niks)}
    existing = set(TerminationProposal.objects.filter(participant__programme=programme)
                   .values_list("participant_id", "reason", "effective_date"))
    new = []
    for r in rows:
        number, nik = r[ROW], nik_rules.normalize(r["nik"])
        reason = (clean(r["alasan_berhenti"]) or SOURCE_REASON.get(source, "")).lower()
        try:
            when = parse_date(clean(r["tanggal"]) or "")
        except Unreadable as exc:
            out.rejected.append((number, f"tanggal: {exc}"))
            continue
        if reason not in EndReason.values:
            out.rejected.append((number, f"alasan_berhenti {reason!r} tidak dikenal"))
            continue
        if not nik_rules.check(nik).is_valid:
            out.rejected.append((number, f"NIK tidak valid: {r['nik']!r}"))
            continue
        if nik not in participants:
            out.not_participants.append((number, "bukan peserta program ini"))
            continue
        key = (participants[nik], reason, when)
        if key in existing:
            out.already_proposed += 1
            continue
        existing.add(key)
        new.append(TerminationProposal(participant_id=key[0], reason=reason, effective_date=when, source=source,
                                       evidence=(clean(r["bukti"]) or "")[:300], source_file=path.name,
                                       source_row=number))
    TerminationProposal.objects.bulk_create(new, batch_size=500)
    out.proposed = len(new)
    audit.record(actor, "termination.import", programme, tenant=programme.tenant,
                 after={"file": path.name, "source": source, "proposed": out.proposed,
                        "not_participants": len(out.not_participants), "rejected": len(out.rejected)})
    return out


@transaction.atomic
def decide_proposal(actor, proposal: TerminationProposal, *, confirm: bool, note: str = "") -> TerminationProposal:
    """The labour agency's decision. Confirming ends the membership on the proposal's date, with the
    file and row as evidence, and records a death on the person."""
    programme = proposal.participant.programme
    require_manager(actor, programme.tenant)
    if proposal.status != TerminationProposal.Status.PROPOSED:
        raise MembershipError("usulan ini sudah diputuskan")
    if not confirm and not note.strip():
        raise MembershipError("penolakan usulan memerlukan catatan alasan")
    if confirm:
        evidence = "; ".join(p for p in (
            proposal.get_source_display(), proposal.evidence, f"{proposal.source_file} baris {proposal.source_row}"
        ) if p)
        end_membership(actor, proposal.participant, reason=proposal.reason, on=proposal.effective_date, evidence=evidence)
        person = proposal.participant.person
        if proposal.reason == EndReason.MENINGGAL and person.death_date is None:
            Person.objects.filter(pk=person.pk).update(death_date=proposal.effective_date)
            audit.record(actor, "person.death", person, after={"death_date": proposal.effective_date},
                         tenant=programme.tenant)
    before = audit.snapshot(proposal)
    proposal.status = TerminationProposal.Status.CONFIRMED if confirm else TerminationProposal.Status.REJECTED
    proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    proposal.decided_at = timezone.now()
    proposal.decision_note = note.strip()[:300]
    proposal.save()
    old, new = audit.changed(before, audit.snapshot(proposal))
    audit.record(actor, "termination.decide", proposal, before=old, after=new, tenant=programme.tenant)
    return proposal


# --- Funding sources ---------------------------------------------------------------------------------


@dataclass
class FundingResult:
    assigned: int
    changed: int
    unfunded: int
    used: dict[int, int]


@transaction.atomic
def assign_funding(actor, programme: Programme, year: int) -> FundingResult:
    """Give every participant covered in `year` exactly one funding source of that year, respecting
    each source's quota and restriction; participants keep their source while it still fits."""
    require_manager(actor, programme.tenant)
    sources = list(FundingSource.objects.filter(programme=programme, year=year).prefetch_related("occupations", "regions"))
    if not sources:
        raise ProgrammeError(f"program {programme.code} belum mempunyai sumber dana tahun {year}")
    domain_sources = [
        funding.Source(s.id, source_quota(s), frozenset(o.code for o in s.occupations.all()),
                       tuple(r.code for r in s.regions.all()))
        for s in sources
    ]
    year_ids = {s.id for s in sources}
    start, end = date(year, 1, 1), date(year, 12, 31)
    covered = (Participant.objects.filter(programme=programme, periods__start__lte=end)
               .filter(Q(periods__end__isnull=True) | Q(periods__end__gte=start)).distinct().order_by("id")
               .values_list("id", "person__occupation_id", "person__kelurahan_id", "funding_source_id"))
    candidates = [funding.Candidate(pk, occ, region, current if current in year_ids else None)
                  for pk, occ, region, current in covered]
    allocation = funding.allocate(candidates, domain_sources)
    changes = allocation.changed(candidates)
    Participant.objects.bulk_update([Participant(id=pk, funding_source_id=src) for pk, src in changes.items()],
                                    ["funding_source"], batch_size=500)
    audit.record(actor, "funding.assign", programme, tenant=programme.tenant,
                 after={"year": year, "assigned": len(allocation.assigned), "changed": len(changes),
                        "unfunded": len(allocation.unfunded), "used": {str(k): v for k, v in allocation.used.items()}})
    return FundingResult(len(allocation.assigned), len(changes), len(allocation.unfunded), allocation.used)
