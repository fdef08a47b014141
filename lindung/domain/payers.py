"""Nobody paid for twice (seed 001: province and city programmes cover overlapping people; DESIGN.md §4
"Bill exclusions").

A person active in several programmes in a month is paid for by one only: the programme whose membership
started first; on the same start date, the programme created first; on the same creation order too, the
lower programme id (so the answer is always one programme). The others leave the person out of that
month's bill, with the reason and the paying programme. "Active in month M" is billing's rule: a
membership period covers the first day of M (the age limit and coverage windows are each programme's own
billing rules and are applied by its bill, not here). The membership that counts is the period covering
the month: someone who left the city programme and came back after joining the province's is paid by the
province from then on.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .calendar import Month

DIBIAYAI_PROGRAM_LAIN = "DIBIAYAI_PROGRAM_LAIN"
MULAI_LEBIH_DULU = "MULAI_LEBIH_DULU"  # the paying membership started earlier
PROGRAM_LEBIH_DULU = "PROGRAM_LEBIH_DULU"  # same start: the paying programme was created earlier
ID_LEBIH_KECIL = "ID_LEBIH_KECIL"  # same start, same creation order: the lower programme id


@dataclass(frozen=True)
class Membership:
    """One membership period of a person in a programme. `created` orders programmes by creation
    (a sequence number or a timestamp: anything comparable); `end` is the last day covered."""

    person: Hashable  # the person key (NIK or person id)
    programme: int
    created: Any
    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"akhir kepesertaan {self.end} sebelum mulai {self.start}")

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Payer:
    """Who pays for `person` in `month`, and which programmes leave them out."""

    person: Hashable
    month: Month
    programme: int  # the paying programme
    start: date  # its membership's start
    excluded: tuple[int, ...] = ()  # the other programmes active that month, in order
    rule: str | None = None  # why the payer wins over the first excluded one (None: nobody else active)


@dataclass(frozen=True)
class Exclusion:
    """A line of the bill exclusions file (`-dikecualikan`): `person` is left out of `programme`'s bill."""

    person: Hashable
    month: Month
    programme: int
    paying_programme: int
    code: str  # DIBIAYAI_PROGRAM_LAIN
    rule: str
    reason: str  # Indonesian text for the `alasan` column


def payers(memberships: Iterable[Membership], months: Iterable[Month]) -> dict[tuple[Hashable, Month], Payer]:
    """Per (person, month) of `months` in which the person is active somewhere, the paying programme."""
    by_person: dict[Hashable, list[Membership]] = {}
    for m in memberships:
        by_person.setdefault(m.person, []).append(m)
    months = sorted(set(months))
    out: dict[tuple[Hashable, Month], Payer] = {}
    for person, rows in by_person.items():
        for month in months:
            day = month.first_day
            earliest: dict[int, Membership] = {}  # per programme, its covering period that started first
            for m in rows:
                if m.covers(day) and (m.programme not in earliest or m.start < earliest[m.programme].start):
                    earliest[m.programme] = m
            if not earliest:
                continue
            ranked = sorted(earliest.values(), key=lambda m: (m.start, m.created, m.programme))
            first = ranked[0]
            rule = None
            if len(ranked) > 1:
                second = ranked[1]
                if first.start != second.start:
                    rule = MULAI_LEBIH_DULU
                elif first.created != second.created:
                    rule = PROGRAM_LEBIH_DULU
                else:
                    rule = ID_LEBIH_KECIL
            out[(person, month)] = Payer(person, month, first.programme, first.start,
                                         tuple(m.programme for m in ranked[1:]), rule)
    return out


def reason_text(payer: Payer, names: dict[int, str] | None = None) -> str:
    """"dibiayai program bpp-2025 (kepesertaan mulai 2024-01-01, lebih dulu)"."""
    name = (names or {}).get(payer.programme, str(payer.programme))
    if payer.rule == MULAI_LEBIH_DULU:
        why = f"kepesertaan mulai {payer.start.isoformat()}, lebih dulu"
    elif payer.rule == PROGRAM_LEBIH_DULU:
        why = f"kepesertaan mulai pada tanggal yang sama ({payer.start.isoformat()}); program itu dibuat lebih dulu"
    else:
        why = f"kepesertaan mulai pada tanggal yang sama ({payer.start.isoformat()}); nomor program lebih kecil"
    return f"dibiayai program {name} ({why})"


def exclusions(
    programme: int, memberships: Iterable[Membership], month: Month, names: dict[int, str] | None = None
) -> list[Exclusion]:
    """The people `programme` leaves out of its bill for `month` because another programme pays."""
    memberships = list(memberships)
    persons = {m.person for m in memberships if m.programme == programme and m.covers(month.first_day)}
    decided = payers((m for m in memberships if m.person in persons), [month])
    out = []
    for person in sorted(persons, key=str):
        payer = decided[(person, month)]
        if payer.programme != programme:
            out.append(Exclusion(person, month, programme, payer.programme, DIBIAYAI_PROGRAM_LAIN, payer.rule or "",
                                 reason_text(payer, names)))
    return out
