"""Integer programmes over classes of interchangeable participants, solved exactly by HiGHS
(`scipy.optimize.milp`). The funding allocation (`funding.py`) states its objectives in these terms;
this module builds the matrices, calls the solver and checks every answer in exact integers.

The model (docs/BILLING.md, "Funding allocation"). Participants with the same set of sources that may
pay for them and the same yearly cost form a class k of m_k members; u_c is a cost in integer money
units (the greatest common divisor of all costs: Rp16.800 × months becomes months).

    x[k, s] >= 0   how many of class k source s pays for             (continuous in the model)
    y[s, c] >= 0   how many people of cost c source s pays for        (integer)

    class k:     lo_k <= sum_s x[k, s] <= hi_k
    link s, c:   sum_{k of cost c} x[k, s] = y[s, c]
    quota s:     sum_c y[s, c] <= q_s
    budget s:    sum_c u_c y[s, c] <= b_s
    extra rows:  lo <= sum a[k, s] x[k, s] <= hi        (count fixed, money per preference level, ...)

Why this is exact although x is continuous: once the integers y are fixed, what is left splits by cost
into transportation problems (class rows and the capacities y[., c]) whose constraint matrix is the
incidence matrix of a bipartite graph — totally unimodular — with integer bounds; so every vertex has an
integer x, and the simplex method returns vertices. Branching therefore only happens on the |S| × |costs|
budget-mix variables, not on every (class, source) pair, which is what makes 100,000 participants a
matter of tens of milliseconds per solve. The answer is nevertheless rounded and checked against every
row in integer arithmetic; if x came back fractional (it should not), the same model is solved again with
x integer too. Every objective has integer coefficients and is solved with a relative gap of 0, so
"optimal" means optimal exactly (HiGHS's absolute gap tolerance, 1e-6, is below 1).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

# How long one solve may take before the allocation gives up with a clear error (seconds).
DEFAULT_TIME_LIMIT = 120.0
_BIG = float(np.iinfo(np.int64).max // 4)


class SolverError(RuntimeError):
    """The solver did not prove an answer (time limit, numerical trouble): nothing is assigned."""


@dataclass
class Stats:
    solves: int = 0  # integer programmes
    lps: int = 0  # linear relaxations (feasibility questions)
    checked_each_step: bool = False
    seconds: float = 0.0


@dataclass
class ClassModel:
    """Classes (size, cost units, eligible source indices) and sources (quota, budget units).

    A class may list a source twice: the second column is then a separately capped share of the same
    pair (`var_hi`), which is how "keeps their current source" is counted."""

    sizes: Sequence[int]
    costs: Sequence[int]
    eligible: Sequence[Sequence[int]]
    quotas: Sequence[int | None]
    budgets: Sequence[int | None]
    time_limit: float = DEFAULT_TIME_LIMIT
    stats: Stats = field(default_factory=Stats)

    def __post_init__(self) -> None:
        pair_class, pair_source = [], []
        for k, sources in enumerate(self.eligible):
            for s in sources:
                pair_class.append(k)
                pair_source.append(s)
        self.pair_class = np.asarray(pair_class, dtype=np.int64)
        self.pair_source = np.asarray(pair_source, dtype=np.int64)
        self.n = len(pair_class)
        self.K = len(self.sizes)
        self.S = len(self.quotas)
        cost = np.asarray(self.costs, dtype=np.int64)
        self.pair_cost = cost[self.pair_class] if self.n else np.zeros(0, dtype=np.int64)
        # The budget-mix variables y[s, c], one per (source, cost) that some pair uses.
        mix = sorted({(int(s), int(c)) for s, c in zip(self.pair_source, self.pair_cost, strict=True)})
        self.mix = mix
        mix_index = {m: i for i, m in enumerate(mix)}
        self.m = len(mix)
        n, m = self.n, self.m
        cols = np.arange(n)
        pair_mix = np.asarray([mix_index[(int(s), int(c))] for s, c in zip(self.pair_source, self.pair_cost,
                                                                           strict=True)], dtype=np.int64)
        mix_source = np.asarray([s for s, _ in mix], dtype=np.int64)
        mix_cost = np.asarray([c for _, c in mix], dtype=np.int64)
        blocks = [
            sparse.csr_matrix((np.ones(n), (self.pair_class, cols)), shape=(self.K, n + m)),
            sparse.csr_matrix((np.r_[np.ones(n), -np.ones(m)], (np.r_[pair_mix, np.arange(m)], np.r_[cols, n + np.arange(m)])),
                              shape=(m, n + m)),
        ]
        lo, hi = [np.zeros(m)], [np.zeros(m)]
        self.quota_rows = [s for s in range(self.S) if self.quotas[s] is not None]
        self.budget_rows = [s for s in range(self.S) if self.budgets[s] is not None]
        for s in self.quota_rows:
            row = np.r_[np.zeros(n), (mix_source == s).astype(float)]
            blocks.append(sparse.csr_matrix(row[None, :]))
            lo.append([-np.inf])
            hi.append([float(self.quotas[s])])
        for s in self.budget_rows:
            row = np.r_[np.zeros(n), np.where(mix_source == s, mix_cost, 0).astype(float)]
            blocks.append(sparse.csr_matrix(row[None, :]))
            lo.append([-np.inf])
            hi.append([float(self.budgets[s])])
        self._fixed = sparse.vstack(blocks[1:], format="csr")
        self._class_block = blocks[0]
        self._fixed_lo = np.concatenate([np.asarray(v, dtype=float) for v in lo])
        self._fixed_hi = np.concatenate([np.asarray(v, dtype=float) for v in hi])
        # Integer copies of the source rows over x, for the exact check.
        self._int_source_rows = [(self.pair_source == s).astype(np.int64) for s in self.quota_rows] + [
            np.where(self.pair_source == s, self.pair_cost, 0) for s in self.budget_rows
        ]
        self._int_source_hi = [int(self.quotas[s]) for s in self.quota_rows] + [
            int(self.budgets[s]) for s in self.budget_rows
        ]

    # --- building blocks for objectives and extra rows -------------------------------------------

    def ones(self) -> np.ndarray:
        return np.ones(self.n, dtype=np.int64)

    def class_totals(self, x: np.ndarray) -> np.ndarray:
        return np.bincount(self.pair_class, weights=x, minlength=self.K).astype(np.int64)

    # --- solving ----------------------------------------------------------------------------------

    def _run(self, objective, class_lo, class_hi, extra, var_hi, *, integer_x: bool, relax: bool):
        n, m = self.n, self.m
        rows = [self._class_block, self._fixed]
        lo = [np.asarray(class_lo, dtype=float), self._fixed_lo]
        hi = [np.asarray(class_hi, dtype=float), self._fixed_hi]
        for coeffs, row_lo, row_hi in extra:
            rows.append(sparse.csr_matrix(np.r_[np.asarray(coeffs, dtype=float), np.zeros(m)][None, :]))
            lo.append(np.asarray([row_lo], dtype=float))
            hi.append(np.asarray([row_hi], dtype=float))
        A = sparse.vstack(rows, format="csr")
        cap = np.asarray(class_hi, dtype=np.int64)[self.pair_class]
        if var_hi is not None:
            cap = np.minimum(cap, np.asarray(var_hi, dtype=np.int64))
        upper = np.r_[cap.astype(float), np.full(m, np.inf)]
        if relax:
            integrality = np.zeros(n + m)
        else:
            integrality = np.r_[np.full(n, 1 if integer_x else 0), np.ones(m)]
        c = np.r_[-np.asarray(objective, dtype=float), np.zeros(m)]
        # Objectives have integer coefficients and, at an integral plan, integer values: a gap below 1
        # proves optimality (`solve` checks the bound against the plan's exact value).
        options = {"mip_rel_gap": 0.0, "mip_abs_gap": 0.999, "time_limit": self.time_limit, "presolve": True,
                   "random_seed": 0}
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # random_seed is passed to HiGHS verbatim
            result = milp(c, integrality=integrality, bounds=Bounds(np.zeros(n + m), upper),
                          constraints=LinearConstraint(A, np.concatenate(lo), np.concatenate(hi)), options=options)
        self.stats.seconds += time.perf_counter() - started
        if relax:
            self.stats.lps += 1
        else:
            self.stats.solves += 1
        return result, cap

    def feasible_relaxed(self, class_lo, class_hi, extra=()) -> bool:
        """Whether the linear relaxation has a solution. False proves no integer plan exists either."""
        if self.n == 0:
            return all(v <= 0 for v in class_lo)
        if np.any(np.asarray(class_lo) > np.asarray(class_hi)):
            return False
        result, _ = self._run(np.zeros(self.n), class_lo, class_hi, extra, None, integer_x=False, relax=True)
        if result.status == 2:
            return False
        if result.status != 0:
            raise SolverError(f"penyelesai HiGHS tidak menemukan jawaban pasti: {result.message}")
        return True

    def solve(self, objective, class_lo, class_hi, extra=(), *, var_hi=None) -> np.ndarray | None:
        """Maximise `objective . x` (integer coefficients) over integer plans; None when there is none."""
        if self.n == 0:
            return np.zeros(0, dtype=np.int64) if all(v <= 0 for v in class_lo) else None
        class_lo = np.asarray(class_lo, dtype=np.int64)
        class_hi = np.asarray(class_hi, dtype=np.int64)
        if np.any(class_lo > class_hi):
            return None
        for integer_x in (False, True):
            result, cap = self._run(objective, class_lo, class_hi, extra, var_hi, integer_x=integer_x, relax=False)
            if result.status == 2:  # infeasible, proven
                return None
            if result.status != 0 or result.x is None:
                raise SolverError(f"penyelesai HiGHS tidak menemukan jawaban pasti: {result.message}")
            raw = result.x[: self.n]
            x = np.rint(raw).astype(np.int64)
            if np.all(np.abs(raw - x) <= 1e-6) and self._fits(x, class_lo, class_hi, extra, cap):
                value = int(np.asarray(objective, dtype=np.int64) @ x)
                dual = getattr(result, "mip_dual_bound", None)
                bound = np.inf if dual is None or np.isnan(dual) else -float(dual)
                if bound < value + 1 - 1e-6:  # no integral plan is better: optimal exactly
                    return x
        raise SolverError("jawaban penyelesai tidak lolos pemeriksaan bilangan bulat")

    def _fits(self, x, class_lo, class_hi, extra, cap) -> bool:
        """Every row, in exact integer arithmetic: a plan is used only if it truly fits."""
        if np.any(x < 0) or np.any(x > cap):
            return False
        totals = self.class_totals(x)
        if np.any(totals < class_lo) or np.any(totals > class_hi):
            return False
        for row, limit in zip(self._int_source_rows, self._int_source_hi, strict=True):
            if int(row @ x) > limit:
                return False
        for coeffs, row_lo, row_hi in extra:
            value = int(np.asarray(coeffs, dtype=np.int64) @ x)
            if value < row_lo or value > row_hi:
                return False
        return True
