"""Assigning participants to funding sources (Pasal 14; seeds 001, 003, 004).

A programme year may be paid from several sources — the city's APBD, the province's APBD (co-funding:
in Penajam Paser Utara the province pays for 5,614 workers and the regency for 15,000), the palm-oil
revenue share (DBH Sawit), the tobacco excise share (DBHCHT, tobacco farmers only), village funds
(Dana Desa, a village's own workers only), CSR. Each source pays for at most its quota and some only
for certain occupations or regions. Every participant is paid by exactly one source, so nobody is
paid for twice inside a programme.

Pure Python; the membership service feeds it rows and stores the assignment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    id: int
    quota: int
    occupations: frozenset[str] = frozenset()  # empty: any occupation
    region_prefixes: tuple[str, ...] = ()  # region codes ("64.71.01"); empty: anywhere

    @property
    def restricted(self) -> bool:
        return bool(self.occupations or self.region_prefixes)

    def accepts(self, occupation: str | None, region: str | None) -> bool:
        if self.occupations and occupation not in self.occupations:
            return False
        if self.region_prefixes:
            region = region or ""
            return any(region == p or region.startswith(p + ".") for p in self.region_prefixes)
        return True


@dataclass(frozen=True)
class Candidate:
    key: int
    occupation: str | None
    region: str | None
    current: int | None = None  # the source already paying for them, if any


@dataclass
class Allocation:
    assigned: dict[int, int] = field(default_factory=dict)  # candidate key -> source id
    unfunded: list[int] = field(default_factory=list)  # no source can (or may) pay for them
    used: dict[int, int] = field(default_factory=dict)  # source id -> participants assigned

    def changed(self, candidates: Iterable[Candidate]) -> dict[int, int | None]:
        """The candidates whose source differs from their current one (None: no longer funded)."""
        out = {}
        for c in candidates:
            new = self.assigned.get(c.key)
            if new != c.current:
                out[c.key] = new
        return out


def allocate(candidates: Sequence[Candidate], sources: Sequence[Source]) -> Allocation:
    """Fill the sources, in candidate order (callers pass priority order).

    A participant keeps their current source while it still accepts them and has room, so a re-run
    moves nobody needlessly. The others go to the first restricted source that accepts them before
    any unrestricted one: a DBHCHT budget can only pay for tobacco farmers, so spending the city's
    general budget on them first would leave the excise money unused and someone else unfunded."""
    by_id = {s.id: s for s in sources}
    used = {s.id: 0 for s in sources}
    result = Allocation(used=used)
    waiting = []
    for c in candidates:
        source = by_id.get(c.current) if c.current is not None else None
        if source is not None and source.accepts(c.occupation, c.region) and used[source.id] < source.quota:
            result.assigned[c.key] = source.id
            used[source.id] += 1
        else:
            waiting.append(c)
    order = [s for s in sources if s.restricted] + [s for s in sources if not s.restricted]
    for c in waiting:
        for source in order:
            if used[source.id] < source.quota and source.accepts(c.occupation, c.region):
                result.assigned[c.key] = source.id
                used[source.id] += 1
                break
        else:
            result.unfunded.append(c.key)
    return result
