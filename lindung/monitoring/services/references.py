"""Writing the reference figures coverage is measured against: BPS workforce figures and BPJS
aggregates per region and year (a later import of a region and year replaces it), and the tenant's
coverage targets (effective-dated: a revision is a new row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import polars as pl
from django.db import transaction

from lindung.audit import services as audit
from lindung.programs.services import require_manager
from lindung.tenants.models import Tenant

from ..actions import Action
from ..denominators import FigureFile, Problem, parse_figures
from ..models import BpjsAggregate, CoverageTarget, Indicator, WorkforceFigure


class IndicatorError(ValueError):
    """A reference figure or target that cannot be recorded; the message says why."""


@dataclass
class ImportOutcome:
    created: int = 0
    replaced: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.created + self.replaced


MODELS = {"workforce": (WorkforceFigure, Action.WORKFORCE_IMPORT),
          "aggregate": (BpjsAggregate, Action.BPJS_AGGREGATE_IMPORT)}


@transaction.atomic
def import_figures(actor, *, tenant: Tenant, kind: str, rows: pl.DataFrame, source: str, file_name: str = "") -> ImportOutcome:
    """Store the readable figures of a workforce (`kind="workforce"`) or BPJS aggregate file for the
    regions of the tenant; every other row comes back with its reason."""
    require_manager(actor, tenant=tenant)
    source = (source or "").strip()
    if not source:
        raise IndicatorError("Tuliskan sumber angka, mis. \"BPS, Sakernas Agustus 2025\".")
    model, action = MODELS[kind]
    parsed: FigureFile = parse_figures(rows, kind)
    outcome = ImportOutcome(problems=list(parsed.problems))
    inside = tenant.region_id + "."
    user = actor if getattr(actor, "is_authenticated", False) else None
    for (code, year), figure in parsed.figures.items():
        if code != tenant.region_id and not code.startswith(inside):
            outcome.problems.append(Problem(0, code, f"di luar wilayah {tenant.name}; tidak disimpan"))
            continue
        values = ({"workers": figure.workers, "informal_workers": figure.informal} if kind == "workforce"
                  else {"pu": figure.pu, "bpu": figure.bpu})
        _, created = model.objects.update_or_create(tenant=tenant, region_id=code, year=year,
                                                    defaults={**values, "source": source[:200], "imported_by": user})
        outcome.created += created
        outcome.replaced += not created
    audit.record(actor, action, tenant=tenant, target_type=model._meta.label_lower, target_repr=file_name or source,
                 after={"file": file_name, "source": source, "created": outcome.created, "replaced": outcome.replaced,
                        "problems": len(outcome.problems)})
    return outcome


def set_target(actor, *, tenant: Tenant, indicator: str, year: int, percent: str | Decimal, valid_from: date,
               reference: str) -> CoverageTarget:
    """Record a coverage target for the end of `year`, in force from `valid_from`."""
    require_manager(actor, tenant=tenant)
    if indicator not in Indicator.values:
        raise IndicatorError("Indikator tidak dikenal.")
    try:
        value = Decimal(str(percent).replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise IndicatorError("Sasaran harus berupa angka persen, mis. 50 atau 12,5.") from None
    if not Decimal(0) <= value <= Decimal(100):
        raise IndicatorError("Sasaran harus antara 0 dan 100 persen.")
    reference = (reference or "").strip()
    if not reference:
        raise IndicatorError("Tuliskan dasar sasaran, mis. RPJMD atau Renstra.")
    before = CoverageTarget.objects.filter(tenant=tenant, indicator=indicator, year=year, valid_from=valid_from).first()
    target, _ = CoverageTarget.objects.update_or_create(
        tenant=tenant, indicator=indicator, year=year, valid_from=valid_from,
        defaults={"percent": value, "reference": reference[:200],
                  "created_by": actor if getattr(actor, "is_authenticated", False) else None})
    audit.record(actor, Action.COVERAGE_TARGET_SET, target, tenant=tenant,
                 before={"percent": before.percent, "reference": before.reference} if before else None,
                 after={"indicator": indicator, "year": year, "percent": value, "valid_from": valid_from,
                        "reference": reference})
    return target
