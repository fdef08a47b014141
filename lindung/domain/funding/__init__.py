"""Assigning participants to funding sources (Pasal 5 ayat (2), Pasal 11, Pasal 14; seeds 001, 003, 004).

A programme year may be paid from several sources — the city's APBD, the province's APBD (co-funding:
in Penajam Paser Utara the province pays for 5,614 workers and the regency for 15,000), the palm-oil
revenue share (DBH Sawit), the tobacco excise share (DBHCHT, tobacco farmers only), village funds
(Dana Desa, a village's own workers only), CSR. Each source pays for at most its quota of people and
at most its budget in rupiah, and some only for certain occupations, regions or on behalf of a certain
government. Every funded participant is paid by exactly one source, so nobody is paid for twice inside
a programme.

`allocate` solves this as an integer programme (HiGHS through SciPy; the model is in `optimise.py` and
docs/BILLING.md "Funding allocation"), with these objectives, each one only among the plans that are
optimal for the ones before it:

1. the most participants funded;
2. Pasal 5 ayat (2): when not everyone fits, those left out are the lowest in priority order (the
   caller's `priority` key, then `key`): the funded set is the lexicographically best one in that order;
3. the sources' order of use (`Source.preference`, lower first; by default earmarked sources, those with
   an occupation or region restriction, before general ones): lexicographically the most money spent
   from the first level, then the next... so the owner's general APBD pays for what nothing else can;
4. stability: the most participants keep the source they have now (a re-run moves nobody needlessly).

Same input, same output: sources and participants are put in a canonical order before the model is
built, ties are broken by the stable `key`, and the solver is deterministic. Pure Python + SciPy; the
membership service feeds it rows and stores the assignment and each participant's reason.
"""

from ..optimise import SolverError
from .model import (
    DIBIAYAI,
    KUOTA,
    PAGU,
    SUMBER_PENUH,
    TIDAK_ADA_SUMBER,
    TIDAK_DITAGIH,
    Allocation,
    Candidate,
    Decision,
    Source,
    Stats,
    pasal_5_2_key,
)
from .reasons import reason_text
from .room import Profile, Room, Selection, SourceRoom, describe_room, room_left, select_newcomers
from .solve import allocate

__all__ = [
    "DIBIAYAI",
    "KUOTA",
    "PAGU",
    "SUMBER_PENUH",
    "TIDAK_ADA_SUMBER",
    "TIDAK_DITAGIH",
    "Allocation",
    "Candidate",
    "Decision",
    "Profile",
    "Room",
    "Selection",
    "SolverError",
    "Source",
    "SourceRoom",
    "Stats",
    "allocate",
    "describe_room",
    "pasal_5_2_key",
    "reason_text",
    "room_left",
    "select_newcomers",
]
