"""Times the funding allocation (DESIGN.md §5: 100,000 participants across six restricted sources, seconds).

    .venv/bin/python bench/allocation.py [--rows 100000] [--seed 1]

Synthetic but shaped like a Kaltim year: Balikpapan kelurahan codes, the occupations of Pasal 4, ages 18-66
(so some reach 64 years 11 months during the year), 12% joining mid-year, 3% with a known end date; six
sources mixing occupation and region restrictions, budgets and quotas, together short of what everyone
needs (so the Pasal 5(2) order decides who is left out). Steps timed separately:
  1. each participant's billable months and yearly cost (billing's month rule, `projection.Year`);
  2. the allocation from scratch;
  3. the same allocation re-run with everyone's current source (stability: nobody should move);
  4. next year: those funded continue into 2028 (billable months again, some reach the age limit) under a
     budget 10% larger; the room left for newcomers (general, three profiles) — the decree quota;
  5. the 2028 projection per source and the shortfall if only 90% of it is available (APBD-P not passed,
     cuts decided from October).
Pure domain core: no Django, no database.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lindung.domain.billing import Contribution, Period  # noqa: E402
from lindung.domain.calendar import Month  # noqa: E402
from lindung.domain.funding import (  # noqa: E402
    Candidate,
    Profile,
    Source,
    allocate,
    pasal_5_2_key,
    room_left,
)
from lindung.domain.projection import Insured, Year, project_year, schedule, shortfall  # noqa: E402

KELURAHAN = [
    *(f"64.71.01.{n}" for n in (1001, 1002, 1003, 1004)),
    *(f"64.71.02.{n}" for n in (1001, 1002, 1003, 1004, 1005, 1006)),
    *(f"64.71.03.{n}" for n in (1001, 1002, 1003, 1004, 1005, 1006)),
    *(f"64.71.04.{n}" for n in (1001, 1002, 1003, 1004, 1005, 1006)),
    *(f"64.71.05.{n}" for n in (1002, 1006, 1008, 1009, 1010, 1011, 1012)),
    *(f"64.71.06.{n}" for n in (1001, 1002, 1003, 1004, 1005)),
]
OCCUPATIONS = {
    "petani": 14, "nelayan": 10, "buruh_harian": 14, "pedagang_kaki_lima": 12, "tukang_ojek": 10,
    "pemulung": 6, "pekerja_serabutan": 10, "asisten_rumah_tangga_mandiri": 6, "tukang_mandiri": 8,
    "juru_parkir": 4, "pedagang_keliling": 6,
}
YEAR = 2027
MONTHLY = Decimal(16800)


def sources() -> list[Source]:
    year = MONTHLY * 12
    return [
        Source(1, None, budget=year * 52_000, label="APBD Kota Balikpapan"),
        Source(2, 15_000, payer="kaltim", preference=0, label="APBD Provinsi Kaltim"),
        Source(3, None, frozenset({"petani"}), budget=year * 4_000, label="DBHCHT"),
        Source(4, None, frozenset({"petani", "buruh_harian"}), ("64.71.02", "64.71.03"), budget=year * 6_000,
               label="DBH Sawit"),
        Source(5, 900, region_prefixes=("64.71.01.1002", "64.71.01.1003"), budget=year * 1_000, label="Dana Desa"),
        Source(6, 1_500, frozenset({"nelayan"}), ("64.71.01", "64.71.06"), budget=year * 1_600, label="CSR"),
    ]


def participants(rows: int, seed: int):
    rng = random.Random(seed)
    occupations, weights = zip(*OCCUPATIONS.items(), strict=True)
    jan1 = date(YEAR, 1, 1)
    out = []
    for key in range(1, rows + 1):
        birth = jan1 - timedelta(days=rng.randint(18 * 365, 66 * 365))
        start = date(YEAR - rng.randint(1, 3), 1, 1) if rng.random() < 0.88 else date(YEAR, rng.randint(2, 12), 1)
        end = date(YEAR, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.03 else None
        if end is not None and end < start:
            end = None
        out.append((key, birth, (Period(start, end),), rng.choices(occupations, weights)[0], rng.choice(KELURAHAN),
                    pasal_5_2_key(extreme_poverty=rng.random() < 0.08, disability=rng.random() < 0.03,
                                  order=rng.randint(1, rows))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tariff-change", action="store_true",
                        help="a (hypothetical) contribution rise in July: costs no longer multiples of one month")
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())} ({os.cpu_count()} CPUs)")
    people = participants(args.rows, args.seed)
    srcs = sources()

    t = time.perf_counter()
    tariffs = {date(2025, 1, 1): Contribution(Decimal(10000), Decimal(6800))}
    if args.tariff_change:
        tariffs[date(YEAR, 7, 1)] = Contribution(Decimal(10500), Decimal(7100))
    rules = schedule(tariffs)
    year = Year(YEAR, rules)
    candidates = []
    partial = 0
    for key, birth, periods, occupation, region, priority in people:
        months = year.billable(birth, periods)
        partial += 0 < len(months) < 12
        candidates.append(Candidate(key, occupation, region, None, year.cost(months), priority))
    cost_seconds = time.perf_counter() - t
    print(f"1. billable months and cost of {len(candidates):,} participants: {cost_seconds:.2f} s "
          f"({partial:,} billed for part of the year; {len({c.cost for c in candidates})} distinct costs)")

    t = time.perf_counter()
    result = allocate(candidates, srcs)
    first = time.perf_counter() - t
    s = result.stats
    print(f"2. allocation: {first:.2f} s wall ({s.classes} classes, {s.solves} integer + {s.lps} linear HiGHS solves, "
          f"{s.solver_seconds:.2f} s in the solver)")
    print(f"   funded {len(result.assigned):,}, unfunded {len(result.unfunded):,}, not billed {len(result.not_billed):,}")
    for src in srcs:
        limit = [] if src.quota is None else [f"kuota {src.quota:,}"]
        if src.budget is not None:
            limit.append(f"pagu {src.budget:,}")
        print(f"   {src.label:22} {result.used[src.id]:>7,} peserta  Rp{result.spent[src.id]:>15,}  ({', '.join(limit)})")
    for src in srcs:
        assert src.quota is None or result.used[src.id] <= src.quota
        assert src.budget is None or result.spent[src.id] <= src.budget

    again = [Candidate(c.key, c.occupation, c.region, result.assigned.get(c.key), c.cost, c.priority) for c in candidates]
    t = time.perf_counter()
    rerun = allocate(again, srcs)
    second = time.perf_counter() - t
    moved = len(rerun.changed(again))
    print(f"3. re-run with current sources: {second:.2f} s wall ({rerun.stats.solves} integer + {rerun.stats.lps} linear solves); moved: {moved}")

    # 4. Next year: the funded continue, at their 2028 cost, under budgets 10% larger.
    t = time.perf_counter()
    next_year = Year(YEAR + 1, rules)
    info = {key: (birth, periods) for key, birth, periods, *_ in people}
    continuing = []
    for c in again:
        if c.current is not None:
            cost = next_year.cost(next_year.billable(*info[c.key]))
            continuing.append(replace(c, cost=cost))
    grown = [replace(s, budget=None if s.budget is None else s.budget * Decimal("1.1"),
                     quota=None if s.quota is None else s.quota * 11 // 10) for s in srcs]
    profiles = [Profile("petani", "64.71.02.1001"), Profile("nelayan", "64.71.01.1001"), Profile("pemulung", "64.71.04.1001")]
    room = room_left(grown, continuing, MONTHLY * 12, profiles)
    fourth = time.perf_counter() - t
    print(f"4. 2028: {room.continuing:,} continuing funded ({len(room.continuing_unfunded):,} not); new places: "
          f"general {room.general:,}, at most {room.at_most:,}; " +
          ", ".join(f"{p.occupation} {p.region} {n:,}" for p, n in room.by_profile.items()) + f"; {fourth:.2f} s")

    # 5. The 2028 projection per source, and who loses cover first with 90% of it.
    t = time.perf_counter()
    insured = [Insured(c.key, *info[c.key], room.plan.assigned.get(c.key), c.priority) for c in continuing]
    need = project_year(insured, next_year)
    short = shortfall(insured, next_year, {sid: n.total * Decimal("0.9") for sid, n in need.items() if sid is not None},
                      cut_from=Month(YEAR + 1, 10))
    fifth = time.perf_counter() - t
    losing = sum(len(v.losing) for v in short.values())
    print(f"5. projection 2028: need Rp{sum(n.total for n in need.values()):,}; with 90% and cuts decided from "
          f"October: {losing:,} lose cover (earliest cut {min(v.cut_month for v in short.values() if v.cut_month)}); "
          f"{fifth:.2f} s")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"total {cost_seconds + first + second + fourth + fifth:.2f} s; peak RSS {peak:.0f} MiB; "
          f"load average at end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
