"""Assigning participants to the funding sources of a budget year (Perwali 3/2025 Pasal 5 ayat (2), 14;
Pergub Kaltim 40/2025; docs/BILLING.md "Funding allocation").

An optimisation, not a loop: `lindung.domain.funding.allocate` (HiGHS) funds the most participants within
each source's quota, budget and restrictions, then leaves out the lowest in Pasal 5(2) priority, uses
earmarked money before general money, and moves nobody needlessly. Each participant's cost is their own:
the months of the year this programme bills them (membership, age limit, coverage window) less the months
another programme pays for them (nobody paid twice), at the contribution in force each month. The decision
and its reason are stored per participant and year; the bills of the year follow (`funding_assigned`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lindung.audit import services as audit
from lindung.domain import funding
from lindung.domain.progress import Progress, silent
from lindung.platform.bulk import insert_rows
from lindung.programs.models import FundingSource, Programme
from lindung.programs.selectors import domain_source, funding_sources
from lindung.programs.services import ProgrammeError, require_manager

from ..actions import Action
from ..allocation import year_pool
from ..models import FundingAssignment
from ..signals import funding_assigned

CODES = {
    funding.DIBIAYAI: FundingAssignment.Code.DIBIAYAI,
    funding.SUMBER_PENUH: FundingAssignment.Code.SUMBER_PENUH,
    funding.TIDAK_ADA_SUMBER: FundingAssignment.Code.TIDAK_ADA_SUMBER,
    funding.TIDAK_DITAGIH: FundingAssignment.Code.TIDAK_DITAGIH,
}


@dataclass
class FundingResult:
    year: int
    candidates: int = 0
    assigned: int = 0
    changed: int = 0
    unfunded: int = 0
    not_billed: int = 0
    used: dict[int, int] = field(default_factory=dict)  # source id -> participants
    spent: dict[int, Decimal] = field(default_factory=dict)  # source id -> their yearly cost
    sources: list[FundingSource] = field(default_factory=list)
    stats: funding.Stats | None = None
    seconds: float = 0.0


@transaction.atomic
def assign_funding(actor, *, programme: Programme, year: int, progress: Progress = silent) -> FundingResult:
    """Give every participant covered in `year` at most one funding source of that year (the optimiser's
    plan), store each decision with its reason, and let the year's bills follow."""
    require_manager(actor, tenant=programme.tenant)
    started = time.perf_counter()
    sources = funding_sources(programme, year)
    if not sources:
        raise ProgrammeError(f"program {programme.code} belum mempunyai sumber dana tahun {year}")
    domain_sources = {s.id: domain_source(s) for s in sources}
    progress(0, 4, "membaca peserta dan biaya setahun")
    pool = year_pool(programme, year, sources)
    progress(1, 4, f"optimasi {len(pool.candidates)} peserta × {len(sources)} sumber dana")
    allocation = funding.allocate(pool.candidates, list(domain_sources.values()))
    progress(2, 4, "menyimpan keputusan dan alasannya")
    now = timezone.now()
    rows = []
    for c in pool.candidates:
        decision = allocation.decisions[c.key]
        reason = funding.reason_text(decision, domain_sources)
        if c.key in pool.notes:
            reason = f"{reason} ({pool.notes[c.key]})"
        rows.append((c.key, year, decision.source, CODES[decision.code], reason[:400], c.cost or Decimal(0), now))
    FundingAssignment.objects.filter(participant__programme=programme, year=year).delete()
    insert_rows(FundingAssignment, ["participant", "year", "funding_source", "code", "reason", "cost", "assigned_at"],
                rows)
    result = FundingResult(
        year=year, candidates=len(pool.candidates), assigned=len(allocation.assigned),
        changed=len(allocation.changed(pool.candidates)), unfunded=len(allocation.unfunded),
        not_billed=len(allocation.not_billed), used=dict(allocation.used), spent=dict(allocation.spent),
        sources=sources, stats=allocation.stats,
    )
    audit.record(actor, Action.FUNDING_ASSIGN, programme, tenant=programme.tenant, after={
        "year": year, "candidates": result.candidates, "assigned": result.assigned, "changed": result.changed,
        "unfunded": result.unfunded, "not_billed": result.not_billed,
        "used": {str(k): v for k, v in result.used.items()},
        "spent": {str(k): v for k, v in result.spent.items()},
    })
    progress(3, 4, "menyesuaikan tagihan tahun ini")
    funding_assigned.send(sender=FundingAssignment, actor=actor, programme=programme, year=year)
    progress(4, 4, "selesai")
    result.seconds = time.perf_counter() - started
    return result
