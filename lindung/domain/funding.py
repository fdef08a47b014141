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

from __future__ import annotations

import bisect
import time
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import floor, gcd, lcm
from typing import Any

import numpy as np

from .money import format_rupiah
from .optimise import DEFAULT_TIME_LIMIT, ClassModel, SolverError

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
    "SolverError",
    "Source",
    "SourceRoom",
    "allocate",
    "describe_room",
    "pasal_5_2_key",
    "reason_text",
    "room_left",
]

# Decision codes (Decision.code).
DIBIAYAI = "DIBIAYAI"  # funded by Decision.source
TIDAK_ADA_SUMBER = "TIDAK_ADA_SUMBER"  # no source may pay for them (occupation, region or payer not covered)
SUMBER_PENUH = "SUMBER_PENUH"  # every source that may pay for them is full (Decision.blocked says how)
TIDAK_DITAGIH = "TIDAK_DITAGIH"  # not billed for any month of the year: needs no money

# Why a source that may pay for an unfunded participant does not (Decision.blocked).
KUOTA = "kuota"  # its quota of people is used up
PAGU = "pagu"  # what is left of its budget is less than this participant's cost


def pasal_5_2_key(*, extreme_poverty: bool, disability: bool, order: Any = 0) -> tuple:
    """The priority key of Pasal 5 ayat (2): households in extreme poverty first, then persons with
    disabilities, then the rule set's own order (`order`, lower first — e.g. the screening rank)."""
    return (0 if extreme_poverty else 1, 0 if disability else 1, order)


@dataclass(frozen=True)
class Source:
    """A funding source of one budget year.

    `quota`: at most this many people (a fixed quota, e.g. the province's 5,614), None: no limit by count.
    `budget`: at most this many rupiah for the year, spent at each participant's own cost (their billable
    months × the contribution in force), None: no money limit (a source defined by its quota alone).
    `occupations`, `region_prefixes` (Kemendagri codes, "64.71.01" covers "64.71.01.1001"): empty means any.
    `payer`: the government paying (tenant code); a participant designated for one payer (`Candidate.payer`)
    is paid only by that payer's sources. `preference`: order of use, lower first; None: 0 for a restricted
    (earmarked) source, 1 for a general one. `label`: how reasons name the source ("DBHCHT", "APBD Kota").
    """

    id: int
    quota: int | None = None
    occupations: frozenset[str] = frozenset()
    region_prefixes: tuple[str, ...] = ()
    budget: Decimal | None = None
    payer: str | None = None
    preference: int | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if self.quota is not None and self.quota < 0:
            raise ValueError(f"kuota sumber {self.id} negatif")
        if self.budget is not None and Decimal(self.budget) < 0:
            raise ValueError(f"pagu sumber {self.id} negatif")

    @property
    def restricted(self) -> bool:
        return bool(self.occupations or self.region_prefixes)

    @property
    def use_order(self) -> int:
        if self.preference is not None:
            return self.preference
        return 0 if self.restricted else 1

    @property
    def name(self) -> str:
        return self.label or f"Sumber {self.id}"

    def _region(self, region: str | None) -> str | None:
        region = region or ""
        for p in self.region_prefixes:
            if region == p or region.startswith(p + "."):
                return p
        return None

    def accepts(self, occupation: str | None, region: str | None, payer: str | None = None) -> bool:
        if self.occupations and occupation not in self.occupations:
            return False
        if self.region_prefixes and self._region(region) is None:
            return False
        return payer is None or payer == self.payer

    def matched(self, candidate: Candidate) -> tuple[str, ...]:
        """The restrictions of this source that the candidate meets: what makes the reason ("petani")."""
        out: list[str] = []
        if self.occupations and candidate.occupation:
            out.append(candidate.occupation)
        if self.region_prefixes:
            prefix = self._region(candidate.region)
            if prefix:
                out.append(prefix)
        if candidate.payer is not None and self.payer is not None:
            out.append(self.payer)
        return tuple(out)


@dataclass(frozen=True)
class Candidate:
    """A participant to fund. `key` is stable (the participant id) and breaks every tie.

    `current`: the source paying for them now (None: none of this year's sources). `cost`: what funding them
    costs in the year (`projection.year_cost`: billable months × contribution in force, exact); required when
    any source has a budget; 0 means not billed in the year. `priority`: ordering key, lower first
    (`pasal_5_2_key`). `payer`: a government designated to pay for them, or None."""

    key: Hashable
    occupation: str | None
    region: str | None
    current: int | None = None
    cost: Decimal | None = None
    priority: Any = ()
    payer: str | None = None


@dataclass(frozen=True)
class Decision:
    """Why a participant is (not) funded: the data the Indonesian reason (`reason_text`) is made from."""

    key: Hashable
    code: str
    source: int | None = None
    matched: tuple[str, ...] = ()  # DIBIAYAI: the source's restrictions this participant meets; (): none
    previous: int | None = None  # the source before this run
    blocked: tuple[tuple[int, str], ...] = ()  # SUMBER_PENUH: (source id, KUOTA | PAGU) for each source that may pay
    cost: Decimal | None = None

    @property
    def funded(self) -> bool:
        return self.code == DIBIAYAI

    @property
    def kept(self) -> bool:
        return self.funded and self.source == self.previous


@dataclass
class Stats:
    candidates: int = 0
    classes: int = 0
    solves: int = 0  # integer programmes
    lps: int = 0  # linear relaxations
    checked_each_step: bool = False  # the priority step needed its slower, step-by-step exact path
    solver_seconds: float = 0.0
    seconds: float = 0.0


@dataclass
class Allocation:
    assigned: dict[Hashable, int] = field(default_factory=dict)  # candidate key -> source id
    unfunded: list[Hashable] = field(default_factory=list)  # no source can (or may) pay: highest priority first
    used: dict[int, int] = field(default_factory=dict)  # source id -> participants assigned
    spent: dict[int, Decimal] = field(default_factory=dict)  # source id -> their cost (when costs are given)
    decisions: dict[Hashable, Decision] = field(default_factory=dict)
    not_billed: list[Hashable] = field(default_factory=list)  # cost 0: no month billed in the year
    stats: Stats = field(default_factory=Stats)

    def changed(self, candidates: Iterable[Candidate]) -> dict[Hashable, int | None]:
        """The candidates whose source differs from their current one (None: no longer funded)."""
        out = {}
        for c in candidates:
            new = self.assigned.get(c.key)
            if new != c.current:
                out[c.key] = new
        return out


# --- Money in exact integer units --------------------------------------------------------------------


def _units(costs: Sequence[Decimal], budgets: Sequence[Decimal | None]) -> tuple[list[int], list[int | None], Fraction]:
    """Costs and budgets as integers in a common unit (exact): the unit is the greatest common divisor of
    the costs, so Rp16.800 × months becomes months; a budget becomes the whole units it holds."""
    distinct = {c: Fraction(c) for c in set(costs)}
    scale = lcm(1, *(f.denominator for f in distinct.values()))
    ints = {c: int(f * scale) for c, f in distinct.items()}
    divisor = gcd(*ints.values()) or 1
    unit = Fraction(divisor, scale)
    units = {c: i // divisor for c, i in ints.items()}
    return [units[c] for c in costs], [None if b is None else floor(Fraction(b) / unit) for b in budgets], unit


# --- The allocation ----------------------------------------------------------------------------------


@dataclass
class _Prepared:
    sources: list[Source]  # canonical: by id
    index: dict[int, int]
    order: list[Candidate]  # priority order
    eligible: list[tuple[int, ...]]  # per candidate in `order`
    units: list[int]  # per candidate in `order`
    budgets: list[int | None]
    unit: Fraction
    costs_known: bool
    extra_units: list[int]  # the extra costs asked for, in the same unit


def _prepare(candidates: Sequence[Candidate], sources: Sequence[Source], extra_costs: Sequence[Decimal] = ()):
    sources = sorted(sources, key=lambda s: s.id)
    index = {s.id: i for i, s in enumerate(sources)}
    if len(index) != len(sources):
        raise ValueError("id sumber dana ganda")
    keys = {c.key for c in candidates}
    if len(keys) != len(candidates):
        raise ValueError("kunci peserta ganda")
    order = sorted(candidates, key=lambda c: (c.priority, c.key))
    costs_known = all(c.cost is not None for c in order)
    if any(s.budget is not None for s in sources) and not costs_known:
        raise ValueError("sumber dana dengan pagu membutuhkan biaya tahunan setiap peserta (Candidate.cost)")
    if costs_known:
        costs = [Decimal(c.cost) for c in order]
        if any(c < 0 for c in costs):
            raise ValueError("biaya peserta negatif")
        all_units, budgets, unit = _units(costs + list(extra_costs), [s.budget for s in sources])
        units, extra_units = all_units[: len(order)], all_units[len(order):]
    else:
        units, budgets, unit = [1] * len(order), [None] * len(sources), Fraction(1)
        extra_units = [1] * len(extra_costs)
    seen: dict[tuple, tuple[int, ...]] = {}
    eligible = []
    for c in order:
        profile = (c.occupation, c.region, c.payer)
        elig = seen.get(profile)
        if elig is None:
            elig = seen[profile] = tuple(i for i, s in enumerate(sources) if s.accepts(*profile))
        eligible.append(elig)
    return _Prepared(sources, index, order, eligible, units, budgets, unit, costs_known, extra_units)


def allocate(
    candidates: Sequence[Candidate],
    sources: Sequence[Source],
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    verify_each_step: bool = False,
) -> Allocation:
    """Assign each candidate at most one source: the most funded, then Pasal 5(2) priority, then the
    sources' order of use, then the fewest moves (module docstring). Raises SolverError if the solver
    cannot prove an answer within `time_limit` seconds per solve (nothing is then assigned).
    `verify_each_step` forces the slower exact path of the priority step (tests compare the two)."""
    started = time.perf_counter()
    p = _prepare(candidates, sources)
    result = Allocation(used={s.id: 0 for s in p.sources})
    if p.costs_known:
        result.spent = {s.id: Decimal(0) for s in p.sources}
    result.stats.candidates = len(p.order)

    # Classes of interchangeable participants: same eligible sources, same cost.
    class_of: dict[tuple, int] = {}
    members: list[list[int]] = []  # candidate positions (priority order), ascending
    for pos, (elig, unit) in enumerate(zip(p.eligible, p.units, strict=True)):
        if not elig or (p.costs_known and unit == 0):
            continue
        k = class_of.setdefault((elig, unit), len(members))
        if k == len(members):
            members.append([])
        members[k].append(pos)
    class_keys = sorted(class_of, key=lambda ck: class_of[ck])
    # Canonical class order (independent of input order): by (eligible set, cost).
    canon = sorted(range(len(class_keys)), key=lambda k: class_keys[k])
    class_keys = [class_keys[k] for k in canon]
    members = [members[k] for k in canon]
    result.stats.classes = len(members)

    model = ClassModel(
        sizes=[len(m) for m in members],
        costs=[ck[1] for ck in class_keys],
        eligible=[ck[0] for ck in class_keys],
        quotas=[s.quota for s in p.sources],
        budgets=p.budgets,
        time_limit=time_limit,
    )
    x = _solve_lexicographic(model, members, p, verify_each_step=verify_each_step)
    result.stats.solves = model.stats.solves
    result.stats.lps = model.stats.lps
    result.stats.checked_each_step = model.stats.checked_each_step
    result.stats.solver_seconds = model.stats.seconds

    # Individuals within each class: the first n_k in priority order are funded; those whose current
    # source is among the class's shares keep it, the rest fill the shares in the sources' order of use.
    use_rank = sorted(range(len(p.sources)), key=lambda i: (p.sources[i].use_order, p.sources[i].id))
    source_of = [-1] * len(p.order)  # per candidate position: source index, -1 none
    shares: list[dict[int, int]] = [{} for _ in members]
    for j in np.flatnonzero(x):
        share = shares[int(model.pair_class[j])]
        share[int(model.pair_source[j])] = share.get(int(model.pair_source[j]), 0) + int(x[j])
    for k, positions in enumerate(members):
        share = shares[k]
        waiting = []
        for pos in positions[: sum(share.values())]:
            cur = p.order[pos].current
            s = p.index.get(cur) if cur is not None else None
            if s is not None and share.get(s, 0) > 0:
                source_of[pos] = s
                share[s] -= 1
            else:
                waiting.append(pos)
        slots = iter([s for s in use_rank for _ in range(share.get(s, 0))])
        for pos in waiting:
            source_of[pos] = next(slots)

    matched: dict[tuple, tuple[str, ...]] = {}
    money: dict[tuple[int, Decimal], int] = {}
    for pos, c in enumerate(p.order):
        s = source_of[pos]
        if s < 0:
            continue
        source = p.sources[s]
        result.assigned[c.key] = source.id
        result.used[source.id] += 1
        if p.costs_known:
            money[(source.id, c.cost)] = money.get((source.id, c.cost), 0) + 1
        why = (s, c.occupation, c.region, c.payer)
        if why not in matched:
            matched[why] = source.matched(c)
        result.decisions[c.key] = Decision(c.key, DIBIAYAI, source.id, matched[why], c.current, (), c.cost)
    for (sid, cost), count in money.items():
        result.spent[sid] += Decimal(cost) * count

    for pos, c in enumerate(p.order):
        if source_of[pos] >= 0:
            continue
        if p.costs_known and p.units[pos] == 0:
            result.not_billed.append(c.key)
            result.decisions[c.key] = Decision(c.key, TIDAK_DITAGIH, previous=c.current, cost=c.cost)
            continue
        result.unfunded.append(c.key)
        if not p.eligible[pos]:
            result.decisions[c.key] = Decision(c.key, TIDAK_ADA_SUMBER, previous=c.current, cost=c.cost)
            continue
        blocked = []
        for s in p.eligible[pos]:
            source = p.sources[s]
            if source.quota is not None and result.used[source.id] >= source.quota:
                blocked.append((source.id, KUOTA))
            elif source.budget is not None and Decimal(source.budget) - result.spent[source.id] < Decimal(c.cost):
                blocked.append((source.id, PAGU))
        result.decisions[c.key] = Decision(c.key, SUMBER_PENUH, previous=c.current, blocked=tuple(blocked), cost=c.cost)
    result.stats.seconds = time.perf_counter() - started
    return result


def _solve_lexicographic(model: ClassModel, members: list[list[int]], p: _Prepared, *, verify_each_step=False):
    sizes = np.asarray([len(m) for m in members], dtype=np.int64)
    K = len(members)
    zeros = np.zeros(K, dtype=np.int64)
    if K == 0:
        return np.zeros(0, dtype=np.int64)

    # 1. The most participants funded.
    x = model.solve(model.ones(), zeros, sizes)
    best = int(x.sum())
    count_row = (model.ones(), best, best)

    # 2. Pasal 5(2): among plans funding `best`, the funded set that is lexicographically best in
    # priority order (fund the next person whenever some such plan still can).
    if best < int(sizes.sum()):
        funded = _priority(model, members, sizes, count_row, verify_each_step)
        if funded is None:  # the fast path's final check failed: decide every step with integer plans
            funded = _priority(model, members, sizes, count_row, True)
            model.stats.checked_each_step = True
    else:
        funded = sizes
    x = None

    # 3. Order of use: the most money from the first level of sources, then the next, ...
    levels = sorted({s.use_order for s in p.sources})
    level_of_pair = np.asarray([p.sources[s].use_order for s in model.pair_source], dtype=np.int64)
    fixed_rows: list[tuple[np.ndarray, float, float]] = []
    for level in levels[:-1]:
        coeffs = np.where(level_of_pair == level, model.pair_cost, 0)
        if not coeffs.any():
            continue
        x = model.solve(coeffs, funded, funded, fixed_rows)
        fixed_rows.append((coeffs, int(coeffs @ x), np.inf))

    # 4. Stability: the most participants keep their current source. The share of pair (k, s) is split
    # into a part capped at the funded members of k now paid by s (worth 1 each) and a free part.
    current: dict[tuple[int, int], int] = {}
    for k, positions in enumerate(members):
        allowed = set(model.eligible[k])
        for pos in positions[: funded[k]]:
            cur = p.order[pos].current
            s = p.index.get(cur) if cur is not None else None
            if s is not None and s in allowed:
                current[(k, s)] = current.get((k, s), 0) + 1
    if not current:
        return x if x is not None else model.solve(np.zeros(model.n, dtype=np.int64), funded, funded)
    eligible = [list(e) for e in model.eligible]
    for k, s in sorted(current):
        eligible[k].append(s)
    stable = ClassModel(model.sizes, model.costs, eligible, model.quotas, model.budgets, model.time_limit, model.stats)
    is_kept = np.zeros(stable.n, dtype=np.int64)
    cap = np.full(stable.n, np.iinfo(np.int64).max // 4, dtype=np.int64)
    column = 0
    for k in range(K):
        base = len(model.eligible[k])
        for i, s in enumerate(eligible[k]):
            if i >= base:
                is_kept[column] = 1
                cap[column] = current[(k, s)]
            column += 1
    level_of_stable = np.asarray([p.sources[s].use_order for s in stable.pair_source], dtype=np.int64)
    rows = []
    for coeffs, value, _ in fixed_rows:
        level = int(level_of_pair[np.flatnonzero(coeffs)[0]])
        rows.append((np.where(level_of_stable == level, stable.pair_cost, 0), value, np.inf))
    y = stable.solve(is_kept, funded, funded, rows, var_hi=cap)
    merged: dict[tuple[int, int], int] = {}
    for j in range(stable.n):
        pair = (int(stable.pair_class[j]), int(stable.pair_source[j]))
        merged[pair] = merged.get(pair, 0) + int(y[j])
    return np.asarray([merged.get((int(k), int(s)), 0) for k, s in zip(model.pair_class, model.pair_source,
                                                                     strict=True)], dtype=np.int64)


def _priority(model: ClassModel, members: list[list[int]], sizes: np.ndarray, count_row, verify_each_step: bool):
    """How many of each class are funded in the lexicographically best plan (Pasal 5(2)).

    The greedy definition — walk down the priority order and fund each person if some plan funding the
    most people still can, given every decision before — only changes course at a few places: where a
    class (same sources, same cost) can take nobody more. Between those places everyone of the classes
    still open is funded. So the walk jumps: a galloping then binary search over the priority order
    finds, with the linear relaxation, the first person who cannot be added ("prefix r + 1 infeasible"):
    relaxation-infeasible proves integer-infeasible, so that person's class is closed at its current count
    (members of a class are interchangeable: nobody later in it can be funded either). At the end one
    integer programme checks the resulting counts; if they are feasible they are exactly the greedy's
    (each funded person is certified by that plan, each closure by an infeasibility proof). If not — the
    relaxation let someone in whom only a fraction could fund — the walk is redone checking an integer
    plan at every jump (`verify_each_step`), which is exact by the same argument, only slower.
    Returns None when the fast path's final check fails."""
    K = len(members)
    order = sorted((pos, k) for k in range(K) for pos in members[k])  # every class member, priority order
    owner = np.asarray([k for _, k in order], dtype=np.int64)
    T = len(order)
    index_of = [[] for _ in range(K)]  # per class: its members' indices in `order`
    for i, k in enumerate(owner):
        index_of[int(k)].append(i)
    closed: dict[int, int] = {}

    def bounds(r: int):
        lo = np.asarray([closed[k] if k in closed else bisect.bisect_left(index_of[k], r) for k in range(K)])
        hi = np.asarray([closed.get(k, int(sizes[k])) for k in range(K)])
        return lo, hi

    def relaxed(r: int) -> bool:
        return model.feasible_relaxed(*bounds(r), [count_row])

    def integer(r: int) -> bool:
        return model.solve(np.zeros(model.n, dtype=np.int64), *bounds(r), [count_row]) is not None

    pos = 0
    while True:
        if relaxed(T):
            g = T
        else:
            good, step, bad = pos, 1, T
            while good + step < T:
                if relaxed(good + step):
                    good, step = good + step, step * 2
                else:
                    bad = good + step
                    break
            while bad - good > 1:
                mid = (good + bad) // 2
                if relaxed(mid):
                    good = mid
                else:
                    bad = mid
            g = good
        if verify_each_step and not integer(g):
            good, bad = pos, g  # prefix `pos` has an integer plan (invariant), prefix `g` has none
            while bad - good > 1:
                mid = (good + bad) // 2
                if integer(mid):
                    good = mid
                else:
                    bad = mid
            g = good
        if g == T:
            break
        k = int(owner[g])
        if k in closed:  # cannot happen: adding a closed class's member changes no bound
            raise SolverError("urutan prioritas tidak konsisten")
        closed[k] = bisect.bisect_left(index_of[k], g)
        pos = g + 1
    funded = np.asarray([closed.get(k, int(sizes[k])) for k in range(K)], dtype=np.int64)
    if not verify_each_step and (
        int(funded.sum()) != count_row[1] or model.solve(np.zeros(model.n, dtype=np.int64), funded, funded) is None
    ):
        return None
    return funded


# --- Reasons ----------------------------------------------------------------------------------------


def reason_text(decision: Decision, sources: Mapping[int, Source] | Iterable[Source]) -> str:
    """The short Indonesian reason shown beside a participant ("DBHCHT: petani")."""
    by_id = sources if isinstance(sources, Mapping) else {s.id: s for s in sources}

    def name(source_id: int) -> str:
        source = by_id.get(source_id)
        return source.name if source is not None else f"Sumber {source_id}"

    moved = ""
    if decision.previous is not None and decision.previous != decision.source and decision.previous in by_id:
        moved = f" (sebelumnya {name(decision.previous)})"
    if decision.code == DIBIAYAI:
        restriction = ", ".join(decision.matched) if decision.matched else "tanpa batasan"
        return f"{name(decision.source)}: {restriction}{moved}"
    if decision.code == TIDAK_DITAGIH:
        return "Tidak memerlukan dana: tidak ada bulan yang ditagih pada tahun ini"
    if decision.code == TIDAK_ADA_SUMBER:
        return f"Tidak terdanai: tidak ada sumber dana yang boleh membiayai pekerjaan/wilayah peserta ini{moved}"
    kinds = {kind for _, kind in decision.blocked}
    if kinds == {KUOTA}:
        head = "kuota semua sumber yang dapat membiayai sudah penuh"
    elif kinds == {PAGU}:
        head = "sisa pagu semua sumber yang dapat membiayai tidak cukup"
    else:
        head = "kuota atau pagu semua sumber yang dapat membiayai sudah habis"
    detail = ", ".join(f"{name(s)}: {'kuota penuh' if kind == KUOTA else 'pagu tidak cukup'}"
                       for s, kind in decision.blocked)
    return f"Tidak terdanai: {head}" + (f" ({detail})" if detail else "") + moved


# --- Room left for new participants (the decree quota) ---------------------------------------------


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
