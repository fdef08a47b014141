"""Importing participants (DESIGN §4 participants layout): persons, participants and membership periods,
created or brought up to date, repeatably, with every refused row and its reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from django.db import transaction
from django.utils import timezone

from lindung.audit import services as audit
from lindung.domain.membership import ParticipantRow, check_participant_row, overlaps
from lindung.domain.progress import Progress, silent
from lindung.people.models import Person, normalize_name
from lindung.platform.bulk import chunked_in, insert_rows
from lindung.platform.files import ROW
from lindung.programs.models import Programme
from lindung.programs.services import require_manager
from lindung.regions.codes import normalize as normalize_region
from lindung.regions.selectors import known_village_codes
from lindung.tenants.models import Occupation

from ..actions import Action
from ..models import MembershipPeriod, Participant


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


def import_participants(actor, *, programme: Programme, rows: pl.DataFrame, source: str,
                        progress: Progress = silent) -> ImportResult:
    """Create or update the persons, participants and membership periods of a participants file.

    Repeatable: a person is found by NIK, a participant by (programme, person), a period by its start,
    so importing the same file twice changes nothing. Rows with problems are refused with every
    reason and the rest is imported in one transaction. Raises TableError only when the file itself
    cannot be used.

    `rows` are the contract's participants columns as text, with `_baris` (what `lindung.membership.exchange.
    read_participants` reads from a file, or what enrolment builds in memory); `source` names where they
    came from, for the audit trail and the evidence of ended periods."""
    require_manager(actor, tenant=programme.tenant)
    df = rows
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
        _sync_periods(actor, source, good, persons, participants, periods, period_updates, result)
        audit.record(actor, Action.PARTICIPANTS_IMPORT, programme, tenant=programme.tenant,
                     after={"file": source, **result.counts()})
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
