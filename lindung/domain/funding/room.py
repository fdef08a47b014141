"""Room left for new participants once the continuing ones are paid for: the decree quota."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from ..money import format_rupiah
from ..optimise import DEFAULT_TIME_LIMIT, ClassModel, SolverError
from .model import Allocation, Candidate, Source, _prepare
from .solve import allocate


@dataclass(frozen=True)
class Profile:
    """A kind of new participant: what the sources' restrictions look at."""

    occupation: str | None
    region: str | None
    payer: str | None = None


@dataclass(frozen=True)
class SourceRoom:
    """What a source has left once the continuing participants sit where the allocation puts them
    (`Room.plan`: earmarked sources first, so general money is spared). These add up; the exact maxima
    per kind of newcomer, where continuing people may move, are `Room.general` and `Room.by_profile`."""

    source: int
    places: int | None  # newcomers at `new_cost` it can still pay for (None: no limit)
    quota_left: int | None
    budget_left: Decimal | None


@dataclass
class Room:
    """What a budget year leaves for new participants once the continuing ones are paid for."""

    continuing: int  # continuing participants funded
    continuing_unfunded: list[Hashable]  # continuing participants the sources cannot pay for (priority order)
    general: int | None  # new places for someone only general (unrestricted) sources accept
    at_most: int | None  # new places if every source accepted every newcomer: the decree quota's upper bound
    by_source: dict[int, SourceRoom]
    by_profile: dict[Profile, int | None]
    plan: Allocation  # how the continuing participants are funded


def room_left(
    sources: Sequence[Source],
    continuing: Sequence[Candidate],
    new_cost: Decimal,
    profiles: Iterable[Profile] = (),
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Room:
    """How many new participants the year's sources can still take once every continuing participant
    (with their own cost: billable months × contribution) is funded: for people only general sources
    accept, for each profile ("petani in 52.03" fits DBHCHT; a pemulung does not), at most overall, and
    per source. `new_cost` is what one newcomer costs in the year (e.g. 12 × Rp16.800). `general`,
    `at_most` and `by_profile` are exact maxima — each one integer programme in which the continuing
    participants may move between the sources that accept them; `by_source` is what each source has
    left in the allocation of the continuing participants (`plan`)."""
    if Decimal(new_cost) <= 0:
        raise ValueError("biaya peserta baru harus lebih dari nol")
    plan = allocate(continuing, sources, time_limit=time_limit)
    p = _prepare(continuing, sources, extra_costs=[Decimal(new_cost)])
    if not p.costs_known and any(s.budget is not None for s in p.sources):
        raise ValueError("sumber dana dengan pagu membutuhkan biaya tahunan setiap peserta (Candidate.cost)")
    new_units = p.extra_units[0]
    class_of: dict[tuple, int] = {}
    sizes: list[int] = []
    for pos, c in enumerate(p.order):
        if c.key in plan.assigned:
            k = class_of.setdefault((p.eligible[pos], p.units[pos]), len(sizes))
            if k == len(sizes):
                sizes.append(0)
            sizes[k] += 1
    keys = sorted(class_of, key=lambda ck: class_of[ck])

    def places(accepting: Sequence[int]) -> int | None:
        if not accepting:
            return 0
        limit = 0
        for s in accepting:
            q, b = p.sources[s].quota, p.budgets[s]
            caps = [v for v in (q, None if b is None else b // new_units) if v is not None]
            if not caps:
                return None  # a source with neither quota nor budget: no limit
            limit += min(caps)
        model = ClassModel(sizes + [limit], [ck[1] for ck in keys] + [new_units], [ck[0] for ck in keys] +
                           [tuple(accepting)], [s.quota for s in p.sources], p.budgets, time_limit)
        objective = np.where(model.pair_class == len(sizes), 1, 0)
        x = model.solve(objective, sizes + [0], sizes + [limit])
        if x is None:  # cannot happen: the continuing plan itself is feasible
            raise SolverError("rencana peserta lanjutan tidak layak")
        return int(x[model.pair_class == len(sizes)].sum())

    everyone = list(range(len(p.sources)))
    general = [i for i, s in enumerate(p.sources) if not s.restricted]
    by_source = {}
    for s in p.sources:
        quota_left = None if s.quota is None else s.quota - plan.used[s.id]
        budget_left = None if s.budget is None else Decimal(s.budget) - plan.spent[s.id]
        caps = [v for v in (quota_left, None if budget_left is None else int(budget_left // Decimal(new_cost)))
                if v is not None]
        by_source[s.id] = SourceRoom(s.id, min(caps) if caps else None, quota_left, budget_left)
    by_profile = {
        prof: places([i for i, s in enumerate(p.sources) if s.accepts(prof.occupation, prof.region, prof.payer)])
        for prof in profiles
    }
    return Room(
        continuing=len(plan.assigned),
        continuing_unfunded=list(plan.unfunded),
        general=places(general),
        at_most=places(everyone),
        by_source=by_source,
        by_profile=by_profile,
        plan=plan,
    )


def describe_room(room: Room, sources: Iterable[Source]) -> list[str]:
    """Lines for a page or a command: "APBD Kota: 6.390 tempat baru (sisa pagu Rp...)"."""
    by_id = {s.id: s for s in sources}
    lines = [f"Peserta lanjutan terdanai: {room.continuing}"]
    if room.continuing_unfunded:
        lines.append(f"Peserta lanjutan tidak terdanai: {len(room.continuing_unfunded)}")
    lines.append(f"Tempat baru umum: {'tanpa batas' if room.general is None else room.general}")
    for sid, r in room.by_source.items():
        extra = "" if r.budget_left is None else f", sisa pagu {format_rupiah(r.budget_left)}"
        places = "tanpa batas" if r.places is None else r.places
        lines.append(f"{by_id[sid].name}: {places} tempat baru{extra}")
    return lines



@dataclass
class Selection:
    """Who of the newcomers a year's sources can take once the continuing participants are paid for."""

    continuing: int  # continuing participants funded
    continuing_unfunded: list[Hashable]  # continuing participants the sources cannot pay for (priority order)
    selected: list[Hashable]  # newcomers funded, in priority order
    left_out: list[Hashable]  # newcomers not funded, in priority order
    plan: Allocation  # continuing and selected newcomers, each with a source


def select_newcomers(
    sources: Sequence[Source],
    continuing: Sequence[Candidate],
    newcomers: Sequence[Candidate],
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Selection:
    """The decree's selection: every continuing participant the sources can pay for is paid for first
    (they may move between the sources that accept them), then the most newcomers, then — among the
    plans that take that many — newcomers in their `priority` order (Pasal 5(2), then the ranking),
    each source's restrictions respected: a tobacco farmer may take a DBHCHT place a pemulung may not,
    so the newcomers selected are not always the first n of the ranking. Keys must differ between the
    two lists. Not-billed newcomers (cost 0) need no place and are never selected."""
    first = allocate(continuing, sources, time_limit=time_limit)
    both = list(continuing) + list(newcomers)
    plan = allocate(both, sources, time_limit=time_limit, required=first.assigned)
    ranked = sorted(newcomers, key=lambda c: (c.priority, c.key))
    return Selection(
        continuing=len(first.assigned),
        continuing_unfunded=list(first.unfunded),
        selected=[c.key for c in ranked if c.key in plan.assigned],
        left_out=[c.key for c in ranked if c.key not in plan.assigned],
        plan=plan,
    )
