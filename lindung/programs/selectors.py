"""Reading programmes, always through the user's tenant (DESIGN.md §3)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from lindung.accounts.permissions import can_follow_programmes, is_staff_user
from lindung.domain import billing as billing_rules
from lindung.domain import funding
from lindung.platform.errors import PermissionDenied

from .models import ColumnMapping, FundingSource, Programme

# Who may look at programmes, their participants and their money.


def visible_programmes(user) -> QuerySet[Programme]:
    if not is_staff_user(user):
        raise PermissionDenied("Silakan masuk terlebih dahulu.")
    qs = Programme.objects.select_related("tenant")
    if user.is_superuser and not user.tenant_id:
        return qs
    if not can_follow_programmes(user):
        raise PermissionDenied("Peran Anda tidak mengelola program.")
    return qs.filter(tenant_id=user.tenant_id)


def get_programme(user, pk: int) -> Programme:
    programme = visible_programmes(user).filter(pk=pk).first()
    if programme is None:
        raise Programme.DoesNotExist
    return programme


def programme_by_code(code: str) -> Programme:
    """For the command line, which runs as the system (no user scope)."""
    try:
        return Programme.objects.select_related("tenant").get(code=code)
    except Programme.DoesNotExist:
        known = ", ".join(Programme.objects.values_list("code", flat=True)[:20]) or "belum ada"
        raise Programme.DoesNotExist(f"program {code!r} tidak ada (program: {known})") from None


def column_mapping(programme: Programme, layout: str) -> dict[str, str]:
    saved = ColumnMapping.objects.filter(programme=programme, layout=layout).first()
    return dict(saved.mapping) if saved else {}


def source_quota(source: FundingSource) -> int:
    """The fixed quota, or what the budget pays for: budget ÷ (contribution of the year's first month × months)."""
    if source.fixed_quota is not None:
        return source.fixed_quota
    programme = source.programme
    monthly = programme.billing_rules(programme.first_month(source.year)).contribution.total
    return billing_rules.quota(source.budget, monthly, source.months)


def funding_sources(programme: Programme, year: int) -> list[FundingSource]:
    """The sources of a budget year, with what the allocation and the pages read of them."""
    return list(FundingSource.objects.filter(programme=programme, year=year)
                .select_related("payer", "programme__tenant").prefetch_related("occupations", "regions"))


def domain_source(source: FundingSource, *, budget: Decimal | None = None) -> funding.Source:
    """The source as the allocation sees it: its quota (only a fixed one: the budget limits by each
    participant's own cost), its budget, restrictions, payer (tenant code) and order of use."""
    return funding.Source(
        id=source.id,
        quota=source.fixed_quota,
        occupations=frozenset(o.code for o in source.occupations.all()),
        region_prefixes=tuple(sorted(r.code for r in source.regions.all())),
        budget=source.budget if budget is None else budget,
        payer=source.paying_tenant.code,
        preference=source.preference,
        label=source.short_name,
    )
