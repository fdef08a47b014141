"""Assigning participants to the funding sources of a budget year (Perwali 3/2025 Pasal 14)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q

from lindung.audit import services as audit
from lindung.domain import funding
from lindung.programs.models import FundingSource, Programme
from lindung.programs.selectors import source_quota
from lindung.programs.services import ProgrammeError, require_manager

from ..actions import Action
from ..models import Participant


@dataclass
class FundingResult:
    assigned: int
    changed: int
    unfunded: int
    used: dict[int, int]


@transaction.atomic
def assign_funding(actor, *, programme: Programme, year: int) -> FundingResult:
    """Give every participant covered in `year` exactly one funding source of that year, respecting
    each source's quota and restriction; participants keep their source while it still fits."""
    require_manager(actor, tenant=programme.tenant)
    sources = list(FundingSource.objects.filter(programme=programme, year=year).prefetch_related("occupations", "regions"))
    if not sources:
        raise ProgrammeError(f"program {programme.code} belum mempunyai sumber dana tahun {year}")
    domain_sources = [
        funding.Source(s.id, source_quota(s), frozenset(o.code for o in s.occupations.all()),
                       tuple(r.code for r in s.regions.all()))
        for s in sources
    ]
    year_ids = {s.id for s in sources}
    start, end = date(year, 1, 1), date(year, 12, 31)
    covered = (Participant.objects.filter(programme=programme, periods__start__lte=end)
               .filter(Q(periods__end__isnull=True) | Q(periods__end__gte=start)).distinct().order_by("id")
               .values_list("id", "person__occupation_id", "person__kelurahan_id", "funding_source_id"))
    candidates = [funding.Candidate(pk, occ, region, current if current in year_ids else None)
                  for pk, occ, region, current in covered]
    allocation = funding.allocate(candidates, domain_sources)
    changes = allocation.changed(candidates)
    Participant.objects.bulk_update([Participant(id=pk, funding_source_id=src) for pk, src in changes.items()],
                                    ["funding_source"], batch_size=500)
    audit.record(actor, Action.FUNDING_ASSIGN, programme, tenant=programme.tenant,
                 after={"year": year, "assigned": len(allocation.assigned), "changed": len(changes),
                        "unfunded": len(allocation.unfunded), "used": {str(k): v for k, v in allocation.used.items()}})
    return FundingResult(len(allocation.assigned), len(changes), len(allocation.unfunded), allocation.used)
