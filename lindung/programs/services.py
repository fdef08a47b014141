"""Writing programmes, their funding sources and saved column mappings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from lindung.accounts.permissions import can_manage_programmes, is_operator
from lindung.audit import services as audit
from lindung.domain import billing as billing_rules
from lindung.domain.exchange import CLAIMS, INVOICE, PARTICIPANTS, Layout
from lindung.domain.money import format_rupiah
from lindung.domain.rules import ruleset as rulesets
from lindung.platform.errors import require
from lindung.regions.models import Region
from lindung.tenants.models import Occupation, Tenant

from .actions import Action
from .models import ColumnMapping, FundingSource, Programme


class ProgrammeError(ValueError):
    """A programme request that cannot be carried out; the message says why, in Bahasa Indonesia."""


def require_manager(actor, *, tenant: Tenant | None = None) -> None:
    """The labour agency of the tenant manages programmes (and the system itself: actor None, or the
    command-line operator)."""
    if actor is None or is_operator(actor):
        return
    require(can_manage_programmes(actor))
    if tenant is not None and not actor.is_superuser:
        require(actor.tenant_id == tenant.pk, "Program ini milik pemerintah daerah lain.")


def _tenant_for(ruleset: rulesets.RuleSet, tenant_code: str | None) -> Tenant:
    if tenant_code:
        tenant = Tenant.objects.filter(code=tenant_code).first()
        if tenant is None:
            raise ProgrammeError(f"pemerintah daerah {tenant_code!r} tidak dikenal")
        return tenant
    tenant = Tenant.objects.filter(region_id=ruleset.jurisdiction).first()
    if tenant is None:
        raise ProgrammeError(
            f"tidak ada pemerintah daerah untuk wilayah {ruleset.jurisdiction} (aturan {ruleset.id}); sebutkan --tenant"
        )
    return tenant


@transaction.atomic
def create_programme(
    actor,
    *,
    code: str,
    name: str,
    ruleset_id: str,
    year: int,
    tenant_code: str | None = None,
    coverage_start: date | None = None,
    coverage_end: date | None = None,
    **parties: str,
) -> Programme:
    try:
        ruleset = rulesets.load(ruleset_id)
    except rulesets.RuleSetError as exc:
        raise ProgrammeError(str(exc)) from exc
    tenant = _tenant_for(ruleset, tenant_code)
    require_manager(actor, tenant=tenant)
    if Programme.objects.filter(code=code).exists():
        raise ProgrammeError(f"kode program {code!r} sudah dipakai")
    if (coverage_start is None) != (coverage_end is None):
        raise ProgrammeError("jendela pertanggungan perlu tanggal mulai dan tanggal akhir")
    if coverage_start is not None:
        try:
            billing_rules.CoverageWindow(coverage_start, coverage_end)
        except ValueError as exc:
            raise ProgrammeError(str(exc)) from exc
    programme = Programme(code=code, name=name, tenant=tenant, ruleset_id=ruleset_id, year=year,
                          coverage_start=coverage_start, coverage_end=coverage_end, **parties)
    first = programme.first_month(year)
    try:
        programme.billing_rules(first)
    except (rulesets.RuleSetError, ValueError) as exc:
        raise ProgrammeError(f"aturan {ruleset_id} belum memuat iuran atau batas usia untuk {first}: {exc}") from exc
    programme.save()
    audit.record(actor, Action.PROGRAMME_CREATE, programme, after=audit.snapshot(programme), tenant=tenant)
    return programme


def months_in_year(programme: Programme, year: int) -> int:
    """How many months of `year` the programme can bill (a time-boxed one: its window's)."""
    if programme.window is None:
        return 12
    return sum(1 for m in programme.window.months() if m.year == year)


@transaction.atomic
def add_funding_source(
    actor,
    *,
    programme: Programme,
    kind: str,
    amount: Decimal,
    year: int | None = None,
    months: int | None = None,
    fixed_quota: int | None = None,
    label: str = "",
    payer_code: str | None = None,
    occupations: list[str] | tuple[str, ...] = (),
    regions: list[str] | tuple[str, ...] = (),
    revision_amount: Decimal = Decimal(0),
    preference: int | None = None,
) -> FundingSource:
    """A funding source of a budget year. Refused, naming the value, when a restriction names an unknown
    occupation or region, or when the fixed quota is more people than the budget pays for a year."""
    require_manager(actor, tenant=programme.tenant)
    year = year or programme.year
    if kind not in FundingSource.Kind.values:
        raise ProgrammeError(f"sumber dana {kind!r} tidak dikenal; pilih: {', '.join(FundingSource.Kind.values)}")
    if amount < 0 or revision_amount < 0:
        raise ProgrammeError("pagu anggaran tidak boleh negatif")
    months = months or months_in_year(programme, year)
    if not 1 <= months <= 12:
        raise ProgrammeError("jumlah bulan dibiayai harus 1-12")
    if fixed_quota is not None:
        _check_quota(programme, year, fixed_quota, amount + revision_amount, months)
    payer = None
    if payer_code:
        payer = Tenant.objects.filter(code=payer_code).first()
        if payer is None:
            raise ProgrammeError(f"pemerintah daerah pembayar {payer_code!r} tidak dikenal")
    known_occupations = Occupation.objects.filter(code__in=occupations).values_list("code", flat=True)
    unknown_occupations = set(occupations) - set(known_occupations)
    if unknown_occupations:
        raise ProgrammeError(f"kode pekerjaan tidak dikenal: {', '.join(sorted(unknown_occupations))}")
    unknown_regions = set(regions) - set(Region.objects.filter(code__in=regions).values_list("code", flat=True))
    if unknown_regions:
        raise ProgrammeError(f"kode wilayah tidak dikenal: {', '.join(sorted(unknown_regions))}")
    source = FundingSource.objects.create(
        programme=programme, year=year, kind=kind, amount=amount, revision_amount=revision_amount, months=months,
        fixed_quota=fixed_quota, label=label, payer=payer, preference=preference,
    )
    source.occupations.set(occupations)
    source.regions.set(regions)
    audit.record(actor, Action.FUNDING_SOURCE_CREATE, source, tenant=programme.tenant,
                 after={**audit.snapshot(source), "occupations": list(occupations), "regions": list(regions)})
    return source


def _check_quota(programme: Programme, year: int, quota: int, budget: Decimal, months: int) -> None:
    if quota < 0:
        raise ProgrammeError(f"kuota {quota} tidak boleh negatif")
    first = programme.first_month(year)
    try:
        monthly = programme.billing_rules(first).contribution.total
    except (rulesets.RuleSetError, ValueError) as exc:
        raise ProgrammeError(f"aturan {programme.ruleset_id} belum memuat iuran untuk {first}: {exc}") from exc
    pays_for = billing_rules.quota(budget, monthly, months)
    if quota > pays_for:
        raise ProgrammeError(
            f"kuota {quota} peserta melebihi yang dapat dibayar pagu {format_rupiah(budget)}: paling banyak "
            f"{pays_for} peserta × {months} bulan × {format_rupiah(monthly)}")


MAPPING_LAYOUTS: dict[str, Layout] = {
    ColumnMapping.Layout.PESERTA: PARTICIPANTS,
    ColumnMapping.Layout.TAGIHAN: INVOICE,
    ColumnMapping.Layout.KLAIM: CLAIMS,
}


@transaction.atomic
def save_column_mapping(actor, *, programme: Programme, layout: str, mapping: dict[str, str]) -> ColumnMapping:
    """Remember how this programme's counterpart names a file's columns (header -> contract column)."""
    require_manager(actor, tenant=programme.tenant)
    contract = MAPPING_LAYOUTS.get(layout)
    if contract is not None:
        unknown = sorted(set(mapping.values()) - set(contract.columns))
        if unknown:
            raise ProgrammeError(
                f"kolom kontrak tidak dikenal: {', '.join(unknown)} (kolom: {', '.join(contract.columns)})")
    saved, _ = ColumnMapping.objects.get_or_create(programme=programme, layout=layout)
    before = saved.mapping
    saved.mapping = mapping
    saved.save()
    audit.record(actor, Action.COLUMN_MAPPING_SAVE, saved, before={"mapping": before}, after={"mapping": mapping},
                 tenant=programme.tenant)
    return saved
