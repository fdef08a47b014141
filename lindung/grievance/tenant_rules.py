"""The rules one tenant's complaints follow: the shipped policy (lindung/data/grievance.yaml) with the
tenant's overrides, its working-day calendar (weekends, national holidays and cuti bersama from the
`holidays` package, plus the tenant's own days off and days taken back), and who collects each
occupation's data on a date (Lampiran I)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from lindung.domain import grievance as g
from lindung.domain.workdays import WorkCalendar
from lindung.tenants.models import Agency, Tenant
from lindung.tenants.selectors import assignments_on

from .models import DayOff, PolicyOverride


@dataclass(frozen=True)
class TenantRules:
    """Built once per request, command or import: the lookups below are kept for its lifetime."""

    tenant: Tenant
    policy: g.GrievancePolicy
    calendar: WorkCalendar
    _collectors: dict = field(default_factory=dict, compare=False, repr=False)
    _agencies: dict = field(default_factory=dict, compare=False, repr=False)

    def data_collector(self, on: date) -> Callable[[str], str | None]:
        """Occupation code -> the agency code that collects its data on `on` (Lampiran I, as
        lindung.tenants.selectors.assignments_on reads it), or TERRITORIAL; read once per date."""
        if on not in self._collectors:
            self._collectors[on] = {a.occupation_id: g.TERRITORIAL if a.territorial else a.agency.code
                                    for a in assignments_on(self.tenant, on)}
        return self._collectors[on].get

    def agency(self, code: str) -> Agency | None:
        if code not in self._agencies:
            self._agencies[code] = Agency.objects.filter(tenant=self.tenant, code=code).first()
        return self._agencies[code]


def overrides_of(tenant: Tenant, *, extra: PolicyOverride | None = None) -> dict[str, list[dict]]:
    """The tenant's override entries by parameter (with `extra`, an entry being edited, in place of the
    stored one of the same parameter and date)."""
    rows = list(PolicyOverride.objects.filter(tenant=tenant).order_by("valid_from"))
    if extra is not None:
        same = (extra.parameter, extra.valid_from)
        rows = [r for r in rows if not (r.pk == extra.pk or (r.parameter, r.valid_from) == same)]
        rows.append(extra)
    out: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: r.valid_from):
        out.setdefault(row.parameter, []).append(row.as_entry())
    return out


def policy_of(tenant: Tenant, *, extra: PolicyOverride | None = None) -> g.GrievancePolicy:
    """The shipped policy with the tenant's overrides; ParameterFileError (Indonesian) when unusable."""
    return g.load_policy().with_overrides(overrides_of(tenant, extra=extra), origin=f"daerah:{tenant.code}")


def calendar_of(tenant: Tenant) -> WorkCalendar:
    days = list(DayOff.objects.filter(tenant=tenant))
    return WorkCalendar({d.date: d.name for d in days if not d.working_day},
                        extra_working_days=[d.date for d in days if d.working_day])


def rules_for(tenant: Tenant) -> TenantRules:
    return TenantRules(tenant, policy_of(tenant), calendar_of(tenant))


def local(moment: datetime) -> datetime:
    """A stored moment in the tenant's local time (the installation's TIME_ZONE, WITA by default):
    deadlines are counted on local calendar dates."""
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment
