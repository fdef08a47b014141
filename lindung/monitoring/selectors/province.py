"""What leaves a tenant: the province's view of its kab/kota (co-funding under Pergub Kaltim 40/2025)
and the public transparency page. Counts, rates and amounts only — never a person — and published:
counts under 5 hidden."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from lindung.domain import indicators
from lindung.regions.models import Region
from lindung.tenants.models import Tenant

from ..models import Topic, WorkforceFigure
from ..panels import Column, Panel, bars
from .coverage import latest_figure
from .figures import Figures, latest_snapshot, read_by_region, region_names
from .programme import ALL
from .scope import OutOfScope, View

PAID_TOPICS = (Topic.REALISASI, Topic.PESERTA_DIBAYAR)


def _paid(figures: Figures, year: int, match) -> tuple[int, Decimal]:
    people = sum(r.count for r in figures.rows(Topic.PESERTA_DIBAYAR, key=str(year)) if match(r))
    amount = sum((r.amount or 0 for r in figures.rows(Topic.REALISASI) if r.month.year == year and match(r)), Decimal(0))
    return people, amount


def province_panels(view: View) -> list[Panel]:
    """Each kab/kota of the province: participants of its own programmes and of the province's who live
    there, those the province pays for, this year's applications, payments, and PBI coverage against the
    province's BPS figures."""
    if not view.is_province:
        raise OutOfScope("Halaman ini untuk pemerintah provinsi.")
    province = view.tenant
    tenants = [province, *Tenant.objects.filter(region__code__startswith=province.region_id + ".")]
    where = (Q(topic__in=PAID_TOPICS) | Q(key__in=[ALL, "pembayar"])) & (Q(cycle__isnull=True) | Q(cycle__year=view.year))
    figures = read_by_region(view.snapshot, topics=(Topic.PESERTA_PROFIL, Topic.USULAN_PROFIL, *PAID_TOPICS),
                             level=Region.Level.KABUPATEN_KOTA, per_tenant=True, tenants=tenants, where=where)
    regions = list(Region.objects.filter(parent_id=province.region_id, level=Region.Level.KABUPATEN_KOTA).order_by("code"))
    workforce = {(f.region_id, f.year): f for f in WorkforceFigure.objects.filter(tenant=province, region__in=regions)}
    rows, coverage = [], []
    for region in regions:
        def here(r, code=region.code):
            return r.region == code

        own = sum(r.count for r in figures.rows(Topic.PESERTA_PROFIL, key=ALL) if here(r) and r.tenant_id != province.pk)
        theirs = sum(r.count for r in figures.rows(Topic.PESERTA_PROFIL, key=ALL) if here(r) and r.tenant_id == province.pk)
        co_funded = sum(r.count for r in figures.rows(Topic.PESERTA_PROFIL, key="pembayar", key2=province.code) if here(r))
        applied = [r for r in figures.rows(Topic.USULAN_PROFIL, key=ALL) if here(r)]
        people, amount = _paid(figures, view.year, here)
        w = latest_figure(workforce, region.code, view.year)
        row = indicators.coverage_row(region.code, region.name, own + theirs,
                                      indicators.Workforce(w.workers, w.informal_workers) if w else None, None)
        coverage.append(row)
        rows.append([region.name, region.code, own, theirs, co_funded, sum(r.count for r in applied),
                     sum(r.count for r in applied if r.key3 == "ditetapkan"), people, amount, row.informal, row.pbi,
                     _("BPS %(year)s (%(source)s)") % {"year": w.year, "source": w.source} if w else row.pbi.why])
    total = None
    if rows:
        t = indicators.total_row(coverage)
        total = [_("Jumlah"), "", *(sum(r[i] for r in rows) for i in range(2, 8)),
                 sum((r[8] for r in rows), Decimal(0)), t.informal, t.pbi, "; ".join(t.notes)]
    panel = Panel("kabupaten-kota", _("Kabupaten/kota di %(province)s, %(year)s") % {"province": province.region.name, "year": view.year}, [
        Column("wilayah", _("Kabupaten/kota")), Column("kode_wilayah", _("Kode")),
        Column("peserta_program_kab_kota", _("Peserta program kab/kota"), "count"),
        Column("peserta_program_provinsi", _("Peserta program provinsi"), "count"),
        Column("dibiayai_provinsi", _("Dibiayai provinsi"), "count"),
        Column("usulan", _("Usulan tahun ini"), "count"), Column("ditetapkan", _("Ditetapkan/terdaftar"), "count"),
        Column("peserta_dibayar", _("Peserta dibayar"), "count"), Column("realisasi", _("Iuran dibayar"), "money"),
        Column("pekerja_informal", _("Pekerja informal (BPS)"), "count"),
        Column("cakupan_pbi_persen", _("Cakupan PBI"), "percent"), Column("sumber", _("Sumber")),
    ], rows, total, chart=bars(["peserta_program_kab_kota", "peserta_program_provinsi"]),
        empty=_("Belum ada kabupaten/kota."),
        notes=[_("Hanya angka agregat; tidak ada data perorangan yang keluar dari kabupaten/kota. Peserta dihitung "
                 "menurut alamat KTP-el; seseorang tidak dibayar dua kali (konsolidasi TVEM)."),
               _("Cakupan PBI: peserta program kab/kota dan provinsi ÷ pekerja informal (angka BPS yang diimpor "
                 "provinsi, tahun terakhir sampai tahun ini).")])
    return [panel.published()]


# --- The public page -------------------------------------------------------------------------------------------


def public_tenants() -> list[Tenant]:
    return list(Tenant.objects.filter(programmes__isnull=False).distinct().select_related("region").order_by("kind", "name"))


def public_panels(tenant: Tenant) -> tuple[object, list[Panel]]:
    """Participants and payments by kecamatan (by kab/kota for a province), published."""
    snapshot = latest_snapshot()
    level = Region.Level.KABUPATEN_KOTA if tenant.kind == Tenant.Kind.PROVINSI else Region.Level.KECAMATAN
    year = snapshot.as_of.year if snapshot else None
    figures = read_by_region(snapshot, topics=(Topic.PESERTA_PROFIL, *PAID_TOPICS), level=level, tenant=tenant,
                             where=Q(topic__in=PAID_TOPICS) | Q(key=ALL))
    active = defaultdict(int)
    for r in figures.rows(Topic.PESERTA_PROFIL, key=ALL):
        active[r.region] += r.count
    codes = sorted(set(active) | {r.region for r in figures.rows(Topic.REALISASI)})
    names = region_names(codes)
    rows = []
    for code in codes:
        people, amount = _paid(figures, year, lambda r, c=code: r.region == c) if year else (0, Decimal(0))
        rows.append([names.get(code, code or _("Alamat tidak tercatat")), code, active[code], people, amount])
    total = [_("Jumlah"), "", sum(r[2] for r in rows), sum(r[3] for r in rows), sum((r[4] for r in rows), Decimal(0))] if rows else None
    label = str(Region.Level(level).label)
    panel = Panel("peserta-anggaran", _("Peserta dan realisasi anggaran per %(level)s") % {"level": label.lower()}, [
        Column("wilayah", label), Column("kode_wilayah", _("Kode")), Column("peserta_aktif", _("Peserta aktif"), "count"),
        Column("peserta_dibayar", _("Peserta dibayar tahun %(year)s") % {"year": year or "-"}, "count"),
        Column("realisasi", _("Realisasi iuran tahun %(year)s") % {"year": year or "-"}, "money"),
    ], rows, total, chart=bars(["peserta_aktif"]), empty=_("Belum ada angka untuk pemerintah daerah ini."))
    return snapshot, [panel.published()]
