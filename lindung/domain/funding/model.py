"""The allocation's data: sources, candidates, decisions and results, and the exact integer money units
the model works in (see the package docstring for what is optimised)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import floor, gcd, lcm
from typing import Any

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


def _prepare(candidates: Sequence[Candidate], sources: Sequence[Source], extra_costs: Sequence[Decimal] = (),
             required: frozenset = frozenset()):
    sources = sorted(sources, key=lambda s: s.id)
    index = {s.id: i for i, s in enumerate(sources)}
    if len(index) != len(sources):
        raise ValueError("id sumber dana ganda")
    keys = {c.key for c in candidates}
    if len(keys) != len(candidates):
        raise ValueError("kunci peserta ganda")
    # Those who must be funded (`allocate(required=...)`) come first: members of a class are funded in
    # this order, so a class's required members are always among its funded.
    order = sorted(candidates, key=lambda c: (c.key not in required, c.priority, c.key))
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


