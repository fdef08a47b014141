"""`allocate`: the lexicographic integer programme over classes of interchangeable participants
(objectives in the package docstring; the model in `lindung.domain.optimise`)."""

from __future__ import annotations

import bisect
import time
from collections.abc import Hashable, Iterable, Sequence
from decimal import Decimal

import numpy as np

from ..optimise import DEFAULT_TIME_LIMIT, ClassModel, SolverError
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
    _prepare,
    _Prepared,
)


def allocate(
    candidates: Sequence[Candidate],
    sources: Sequence[Source],
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    verify_each_step: bool = False,
    required: Iterable[Hashable] = (),
) -> Allocation:
    """Assign each candidate at most one source: the most funded, then Pasal 5(2) priority, then the
    sources' order of use, then the fewest moves (module docstring). Raises SolverError if the solver
    cannot prove an answer within `time_limit` seconds per solve (nothing is then assigned).
    `verify_each_step` forces the slower exact path of the priority step (tests compare the two).

    `required`: keys of candidates that must be funded before anyone else counts (participants
    continuing into the year, when the question is who of the newcomers fits: `room.select_newcomers`);
    they rank before every other candidate. ValueError when the sources cannot pay for them all."""
    started = time.perf_counter()
    required = frozenset(required)
    p = _prepare(candidates, sources, required=required)
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
    must = [sum(1 for pos in positions if p.order[pos].key in required) for positions in members]
    x = _solve_lexicographic(model, members, p, must, verify_each_step=verify_each_step)
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


def _solve_lexicographic(model: ClassModel, members: list[list[int]], p: _Prepared, must: Sequence[int], *,
                         verify_each_step=False):
    sizes = np.asarray([len(m) for m in members], dtype=np.int64)
    K = len(members)
    if K == 0:
        return np.zeros(0, dtype=np.int64)

    # 1. The most participants funded (the required ones among them).
    x = model.solve(model.ones(), np.asarray(must, dtype=np.int64), sizes)
    if x is None:
        raise ValueError("sumber dana tidak cukup untuk membiayai semua peserta yang wajib dibiayai")
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
        if k in closed:
            # Adding a closed class's member changes no bound, so with integer plans checked at every jump
            # this cannot happen. On the fast path it can: closing a class at a count the relaxation had
            # exceeded by a fraction can leave the prefix already walked relaxation-infeasible. Then the
            # relaxation is no guide here, and the walk is redone checking integer plans.
            if not verify_each_step:
                return None
            raise SolverError("urutan prioritas tidak konsisten")
        closed[k] = bisect.bisect_left(index_of[k], g)
        pos = g + 1
    funded = np.asarray([closed.get(k, int(sizes[k])) for k in range(K)], dtype=np.int64)
    if not verify_each_step and (
        int(funded.sum()) != count_row[1] or model.solve(np.zeros(model.n, dtype=np.int64), funded, funded) is None
    ):
        return None
    return funded
