"""Coverage indicators (DOMAIN.md §4): PBI coverage = participants covered on a date ÷ informal workers;
total coverage = (PU + BPU) ÷ employed workers; by region, over the years, against the tenant's targets,
with the source and year of every denominator beside the rate.

`coverage_report` is the contract's `lindung report coverage` (DESIGN.md §4), counted live for any
date; the coverage page reads the same arithmetic from the day's figures and the imported references."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from lindung.domain import indicators
from lindung.domain.indicators import CoverageRow
from lindung.programs.models import Programme
from lindung.regions.models import Region

from ..compute.participants import active_on
from ..denominators import FigureFile
from ..models import BpjsAggregate, CoverageTarget, Indicator, Topic, WorkforceFigure
from ..panels import Column, Panel, bars, columns_chart
from .figures import read, read_by_region, region_names
from .scope import View

# --- The contract report ----------------------------------------------------------------------------------


@dataclass
class CoverageReport:
    rows: list[CoverageRow]
    total: CoverageRow
    notes: list[str] = field(default_factory=list)  # for the terminal: what is empty and why


def active_by_kelurahan(programme: Programme, on: date) -> dict[str, int]:
    """Participants of a programme covered on `on`, by the kelurahan of their address (one GROUP BY)."""
    return dict(active_on(on).filter(programme=programme).values_list(F("person__kelurahan_id"))
                .annotate(n=Count("id")).values_list("person__kelurahan_id", "n").order_by())


def within(counts: dict[str, int], code: str) -> int:
    return sum(n for kelurahan, n in counts.items() if kelurahan == code or kelurahan.startswith(code + "."))


def coverage_report(programme: Programme, on: date, workforce: FigureFile, aggregate: FigureFile | None,
                    level: int) -> CoverageReport:
    """One row per region of the workforce file at `level`, figures of the year of `on`, then the total."""
    year = on.year
    active = active_by_kelurahan(programme, on)
    rows, notes = [], []
    for code in workforce.codes_at(level):
        figures = workforce.at(code, year)
        totals = aggregate.at(code, year) if aggregate else None
        row = indicators.coverage_row(code, workforce.regions[code], within(active, code), figures, totals)
        if figures is None:
            row.notes.append(workforce.why_missing(code, year))
        if aggregate is not None and totals is None:
            row.notes.append(aggregate.why_missing(code, year))
        for rate in (row.pbi, row.total):
            if rate.reason == indicators.ZERO_DENOMINATOR:
                row.notes.append(rate.why)
        rows.append(row)
        notes.extend(f"{code} {row.name}: {note}" for note in dict.fromkeys(row.notes))
    if not rows:
        notes.append(f"berkas angka BPS tidak memuat wilayah tingkat {Region.Level(level).label.lower()}")
    total = indicators.total_row(rows)
    notes.extend(f"TOTAL: {note}" for note in total.notes)
    outside = sum(active.values()) - total.active
    if outside:
        notes.append(f"{outside} peserta aktif beralamat di luar wilayah berkas (tidak masuk TOTAL)")
    if aggregate is None:
        notes.append("tanpa --bpjs-aggregate: cakupan total tidak dihitung")
    return CoverageReport(rows, total, notes)


def contract_row(row: CoverageRow) -> list[str]:
    """A row in the contract's columns (DESIGN.md §4), empty cells where there is no figure."""
    def cell(value):
        return "" if value is None else str(value)

    return [row.code, row.name, cell(row.workers), cell(row.informal), str(row.active), row.pbi.text,
            cell(row.pu), cell(row.bpu), row.total.text]


# --- The coverage page ---------------------------------------------------------------------------------------


def _imported(model, tenant, codes) -> dict[tuple[str, int], object]:
    return {(f.region_id, f.year): f for f in model.objects.filter(tenant=tenant, region_id__in=list(codes))}


def _with_source(row: CoverageRow, workforce, aggregate) -> list[str]:
    """Source and year of the figures beside the rate."""
    out = []
    if workforce is not None:
        out.append(_("Pekerja: %(source)s, tahun %(year)s") % {"source": workforce.source, "year": workforce.year})
    if aggregate is not None:
        out.append(_("PU/BPU: %(source)s, tahun %(year)s") % {"source": aggregate.source, "year": aggregate.year})
    for rate, label in ((row.pbi, _("Cakupan PBI")), (row.total, _("Cakupan total"))):
        if rate.value is None and rate.why:
            out.append(f"{label}: {rate.why}")
    return out


def latest_figure(found: dict, code: str, year: int):
    """The figure of `year`, else the latest earlier one (BPS publishes a year late), else None."""
    years = sorted((y for c, y in found if c == code and y <= year), reverse=True)
    return found[(code, years[0])] if years else None


def by_region_panel(view: View, level: int, active: dict[str, int]) -> Panel:
    """Coverage of each region of `level` in the view, with the latest figures up to the year of the day."""
    year = view.snapshot.as_of.year if view.snapshot else date.today().year
    codes = sorted(active) if active else []
    base = view.region.code if view.region else view.tenant.region_id
    codes = sorted(set(codes) | set(
        WorkforceFigure.objects.filter(tenant=view.tenant, region__level=level, region__code__startswith=base + ".")
        .values_list("region_id", flat=True)))
    names = region_names(codes)
    wf, agg = _imported(WorkforceFigure, view.tenant, codes), _imported(BpjsAggregate, view.tenant, codes)
    rows, coverage_rows = [], []
    for code in codes:
        w, a = latest_figure(wf, code, year), latest_figure(agg, code, year)
        row = indicators.coverage_row(code, names.get(code, code), active.get(code, 0),
                                      indicators.Workforce(w.workers, w.informal_workers) if w else None,
                                      indicators.Aggregate(a.pu, a.bpu) if a else None)
        coverage_rows.append(row)
        rows.append([row.name, code, row.workers, row.informal, row.active, row.pbi, row.pu, row.bpu, row.total,
                     "; ".join(_with_source(row, w, a))])
    total = indicators.total_row(coverage_rows) if coverage_rows else None
    total_cells = ([_("Jumlah"), "", total.workers, total.informal, total.active, total.pbi, total.pu, total.bpu,
                    total.total, "; ".join(dict.fromkeys(total.notes))] if total else None)
    return Panel(f"cakupan-{Region.Level(level).name.lower().replace('_', '-')}",
                 _("Cakupan menurut %(level)s") % {"level": str(Region.Level(level).label).lower()}, COVERAGE_COLUMNS,
                 rows, total_cells, chart=bars(["cakupan_pbi_persen", "cakupan_total_persen"], kind="percent"),
                 empty=_("Belum ada peserta maupun angka BPS untuk wilayah ini."),
                 notes=[_("Angka tahun keadaan, atau tahun terakhir sebelumnya bila belum terbit (tahun tertulis di "
                          "kolom sumber). Peserta dihitung menurut alamat KTP-el.")])


COVERAGE_COLUMNS = [
    Column("nama_wilayah", _l("Wilayah")), Column("kode_wilayah", _l("Kode")),
    Column("pekerja", _l("Pekerja (BPS)"), "count"), Column("pekerja_informal", _l("Pekerja informal (BPS)"), "count"),
    Column("peserta_aktif", _l("Peserta PBI aktif"), "count"), Column("cakupan_pbi_persen", _l("Cakupan PBI"), "percent"),
    Column("peserta_pu", _l("Peserta PU"), "count"), Column("peserta_bpu", _l("Peserta BPU"), "count"),
    Column("cakupan_total_persen", _l("Cakupan total"), "percent"), Column("sumber", _l("Sumber dan keterangan")),
]


def target_on(tenant, indicator: str, year: int, on: date) -> CoverageTarget | None:
    """The target for `year` in force on `on` (the latest revision started by then)."""
    return (CoverageTarget.objects.filter(tenant=tenant, indicator=indicator, year=year, valid_from__lte=on)
            .order_by("-valid_from").first())


def over_time_panel(view: View, active_by_year: dict[int, int]) -> Panel:
    """Coverage of the whole area year by year (participants at the year's end, or on the day for this
    year), against the target in force, with each year's own denominators."""
    code = view.region.code if view.region else view.tenant.region_id
    wf = {f.year: f for f in WorkforceFigure.objects.filter(tenant=view.tenant, region_id=code)}
    agg = {f.year: f for f in BpjsAggregate.objects.filter(tenant=view.tenant, region_id=code)}
    on = view.snapshot.as_of if view.snapshot else date.today()
    years = sorted(set(active_by_year) | set(wf) | set(agg))
    rows = []
    for year in years:
        w, a = wf.get(year), agg.get(year)
        row = indicators.coverage_row(code, str(year), active_by_year.get(year, 0),
                                      indicators.Workforce(w.workers, w.informal_workers) if w else None,
                                      indicators.Aggregate(a.pu, a.bpu) if a else None)
        t_pbi, t_total = (target_on(view.tenant, i, year, on) for i in (Indicator.CAKUPAN_PBI, Indicator.CAKUPAN_TOTAL))
        rows.append([str(year), row.active, row.informal, row.pbi, t_pbi.percent if t_pbi else None,
                     row.pu, row.bpu, row.workers, row.total, t_total.percent if t_total else None,
                     "; ".join(_with_source(row, w, a) + [f"{_('Sasaran')}: {t.reference}" for t in (t_pbi, t_total) if t])])
    return Panel("cakupan-tahunan", _("Cakupan dari tahun ke tahun, terhadap sasaran"), [
        Column("tahun", _("Tahun")), Column("peserta_aktif", _("Peserta PBI aktif"), "count"),
        Column("pekerja_informal", _("Pekerja informal"), "count"), Column("cakupan_pbi_persen", _("Cakupan PBI"), "percent"),
        Column("sasaran_pbi_persen", _("Sasaran PBI"), "percent"), Column("peserta_pu", _("Peserta PU"), "count"),
        Column("peserta_bpu", _("Peserta BPU"), "count"), Column("pekerja", _("Pekerja"), "count"),
        Column("cakupan_total_persen", _("Cakupan total"), "percent"),
        Column("sasaran_total_persen", _("Sasaran total"), "percent"), Column("sumber", _("Sumber dan keterangan")),
    ], rows, chart=columns_chart(["cakupan_pbi_persen", "cakupan_total_persen"], kind="percent",
                                 lines=["sasaran_pbi_persen", "sasaran_total_persen"]),
        empty=_("Belum ada peserta maupun angka BPS."),
        notes=[_("Peserta aktif pada 31 Desember; tahun berjalan: pada tanggal keadaan angka.")])


def active_by_year(view: View) -> dict[int, int]:
    """Participants covered at each year's end (or on the day, this year), from the monthly figures."""
    members = read(view.snapshot, topics=[Topic.PESERTA_BULAN], programme=view.programme, region=view.region_code)
    by_month: dict = defaultdict(int)
    for r in members.rows(Topic.PESERTA_BULAN, key="aktif"):
        by_month[r.month] += r.count
    return {month.year: n for month, n in sorted(by_month.items())}  # each year's last month wins


def coverage_panels(view: View) -> list[Panel]:
    level = min((view.region.level if view.region else view.area_level) + (1 if view.region else 0),
                Region.Level.KELURAHAN_DESA)
    active = {}
    if view.programme is not None:
        regional = read_by_region(view.snapshot, topics=[Topic.PESERTA_PROFIL], level=level, programme=view.programme,
                                  region=view.region_code, where=None)
        active = {r.region: r.count for r in regional.rows(Topic.PESERTA_PROFIL, key="semua")}
    return [over_time_panel(view, active_by_year(view) if view.programme else {}), by_region_panel(view, level, active)]
