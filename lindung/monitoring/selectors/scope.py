"""Whose figures a monitoring page shows: the user's tenant, one of its programmes and cycles, inside a
region of its territory. Anything outside the user's scope is the same "not found" as what does not
exist (DESIGN.md §3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from lindung.accounts.permissions import can_monitor, require
from lindung.applications.models import Cycle
from lindung.programs.models import Programme
from lindung.programs.selectors import visible_programmes
from lindung.regions.models import Region
from lindung.tenants.models import Tenant

from ..models import Snapshot
from .figures import latest_snapshot


class OutOfScope(ObjectDoesNotExist):
    """A programme, cycle or region the user may not see, or that does not exist."""


@dataclass
class View:
    user: object
    tenant: Tenant
    snapshot: Snapshot | None
    programme: Programme | None = None
    cycle: Cycle | None = None
    region: Region | None = None
    year: int = 0  # the budget or report year (the year of the figures by default)
    programmes: list[Programme] = field(default_factory=list)
    cycles: list[Cycle] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        """The figures describe an earlier day than today (today's are being computed)."""
        return self.snapshot is not None and self.snapshot.as_of < timezone.localdate()

    @property
    def region_code(self) -> str:
        return self.region.code if self.region else ""

    @property
    def is_province(self) -> bool:
        return self.tenant.kind == Tenant.Kind.PROVINSI

    @property
    def area_level(self) -> int:
        """The level a region filter offers: kab/kota for a province, kecamatan for a kab/kota."""
        return Region.Level.KABUPATEN_KOTA if self.is_province else Region.Level.KECAMATAN

    @property
    def area_label(self) -> str:
        from django.utils.translation import gettext as _

        return _("Kabupaten/Kota") if self.is_province else _("Kecamatan")

    @property
    def place(self) -> str:
        """What the figures cover, in words: the tenant, or the region chosen inside it."""
        return self.region.name if self.region else self.tenant.region.name

    @property
    def filters(self) -> dict[str, str]:
        """The query string that reproduces this view (download links carry it)."""
        out = {}
        if self.programme:
            out["program"] = str(self.programme.pk)
        if self.cycle:
            out["siklus"] = str(self.cycle.pk)
        if self.region:
            out["wilayah"] = self.region.code
        if self.year:
            out["tahun"] = str(self.year)
        return out

    @property
    def years(self) -> list[int]:
        """Years a budget or a report can be asked for: the programme's first year to the figures' year."""
        last = self.snapshot.as_of.year if self.snapshot else self.year
        first = min(self.programme.year, last) if self.programme else last
        return list(range(last, first - 1, -1))


def tenant_of(user) -> Tenant:
    require(can_monitor(user), "Monitoring dan evaluasi dibuka untuk TVEM, Dinas Tenaga Kerja dan auditor.")
    if user.tenant_id is None:
        raise OutOfScope("Akun ini tidak terikat pada pemerintah daerah.")
    return Tenant.objects.select_related("region").get(pk=user.tenant_id)


def _int(text) -> int | None:
    return int(text) if str(text or "").isdigit() else None


def _chosen(options: list, asked, what: str):
    """The option whose id was asked for (OutOfScope when none is), or the first (the latest) by default."""
    if asked in (None, ""):
        return options[0] if options else None
    found = next((o for o in options if o.pk == _int(asked)), None)
    if found is None:
        raise OutOfScope(f"{what} tidak ditemukan dalam cakupan Anda.")
    return found


def monitoring_view(user, *, programme: str | int | None = None, cycle: str | int | None = None,
                    region: str = "", year: str | int | None = None) -> View:
    """The view a user asked for (ids and codes as they come from the query string)."""
    tenant = tenant_of(user)
    view = View(user, tenant, latest_snapshot())
    view.year = _int(year) or (view.snapshot.as_of.year if view.snapshot else timezone.localdate().year)
    if not 2000 <= view.year <= 2100:
        raise OutOfScope("Tahun di luar jangkauan.")
    view.programmes = list(visible_programmes(user).filter(tenant=tenant).order_by("-year", "code"))
    view.programme = _chosen(view.programmes, programme, "Program")
    if view.programme:
        view.cycles = list(Cycle.objects.filter(programme=view.programme).order_by("-year"))
    view.cycle = _chosen(view.cycles, cycle, "Siklus")
    view.regions = list(Region.objects.filter(parent_id=tenant.region_id, level=view.area_level).order_by("code"))
    code = (region or "").strip()
    if code:
        view.region = Region.objects.filter(code=code, code__startswith=tenant.region_id + ".").first()
        if view.region is None:
            raise OutOfScope("Wilayah tidak ditemukan dalam cakupan Anda.")
    return view
