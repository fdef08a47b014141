"""Money and service (what the city's money bought): contributions paid month by month and by funding
source against the plan, the cost per participant, claims paid by type against contributions paid, and
complaints by category with their service level.

Claims and complaints come from their own apps, read through their statistics selectors (the same
figures as the claims and complaint statistics pages), in the reader's scope."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from lindung.claims.selectors import claim_statistics
from lindung.domain import indicators
from lindung.domain.calendar import Month
from lindung.domain.claims import BENEFITS, CLAIM_TYPES
from lindung.domain.grievance import CATEGORIES
from lindung.grievance.statistics import statistics_for
from lindung.programs.models import FundingSource
from lindung.programs.selectors import funding_sources

from ..models import Topic
from ..panels import Column, Panel, bars, columns_chart
from .figures import read
from .scope import View


def _rupiah(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def sources_of(view: View) -> list[FundingSource]:
    """The year's sources in their order of use, with the budget page's ceiling (APBD + APBD-P)."""
    return sorted(funding_sources(view.programme, view.year), key=lambda s: (s.preference, s.id)) if view.programme else []


def planned_by_month(view: View, sources: list[FundingSource]) -> dict[Month, Decimal]:
    """The plan: each source's ceiling spread evenly over the months it funds, from the programme's
    first billable month of the year (and never past December: the ceiling is the year's)."""
    plan: dict[Month, Decimal] = defaultdict(Decimal)
    for source in sources:
        first = view.programme.first_month(source.year)
        months = max(1, min(source.months, 13 - first.month))
        for i in range(months):
            plan[first + i] += source.budget / months
    return plan


def realisation_by_month(view: View, money) -> Panel:
    sources = sources_of(view)
    label = {str(s.pk): str(s) for s in sources}
    paid: dict[Month, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for r in money.rows(Topic.REALISASI):
        if r.month.year == view.year:
            paid[Month.of(r.month)][r.key] += r.amount or 0
            label.setdefault(r.key, _("Tanpa sumber dana") if not r.key else _("Sumber #%(id)s") % {"id": r.key})
    keys = list(label)
    regional = bool(view.region)
    plan = {} if regional else planned_by_month(view, sources)
    if not paid and not plan:
        months = []
    else:  # every month of the year that has a plan or a payment
        months = [m for m in (Month(view.year, i) for i in range(1, 13)) if m in paid or m in plan]
    rows, running, running_plan = [], Decimal(0), Decimal(0)
    for month in months:
        total = sum(paid[month].values(), Decimal(0))
        running += total
        running_plan += plan.get(month, Decimal(0))
        row = [str(month), *(_rupiah(paid[month][k]) for k in keys), _rupiah(total)]
        if not regional:
            row += [_rupiah(plan.get(month)), _rupiah(running), _rupiah(running_plan)]
        rows.append(row)
    columns = [Column("bulan", _("Bulan")), *(Column(f"sumber_{k or 'tanpa'}", label[k], "money") for k in keys),
               Column("realisasi", _("Realisasi"), "money")]
    if not regional:
        columns += [Column("rencana", _("Rencana"), "money"), Column("realisasi_kumulatif", _("Realisasi kumulatif"), "money"),
                    Column("rencana_kumulatif", _("Rencana kumulatif"), "money")]
    notes = [_("Realisasi: iuran baris rekonsiliasi COCOK pada bulan yang sudah dibayar (SP2D dicatat). Rencana: "
               "pagu setiap sumber dana dibagi rata atas bulan yang dibiayainya.")]
    if regional:
        notes.append(_("Rencana tidak dibagi per wilayah: pilih seluruh wilayah untuk membandingkan dengan rencana."))
    return Panel("realisasi-bulanan", _("Realisasi iuran per bulan dan sumber dana, %(year)s") % {"year": view.year},
                 columns, rows,
                 chart=columns_chart([c.code for c in columns[1:1 + len(keys)]], stacked=True, kind="money",
                                     lines=[] if regional else ["rencana"]),
                 empty=_("Belum ada bulan yang dibayar pada tahun ini."), notes=notes)


def realisation_by_source(view: View, money) -> Panel:
    sources = sources_of(view)
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for r in money.rows(Topic.REALISASI):
        if r.month.year == view.year:
            paid[r.key] += r.amount or 0
    rows = []
    for s in sources:
        realised = _rupiah(paid.pop(str(s.pk), 0))
        rows.append([str(s), str(s.paying_tenant), _rupiah(s.budget), realised,
                     indicators.percent(realised, s.budget),
                     _rupiah(s.budget) - realised])
    for key, amount in paid.items():  # paid from a source of another year, or none
        rows.append([_("Tanpa sumber dana tahun ini") if key else _("Tanpa sumber dana"), "", None, _rupiah(amount), None, None])
    ceiling = _rupiah(sum((s.budget for s in sources), Decimal(0)))
    realised = sum((r[3] for r in rows), Decimal(0))
    total = [_("Jumlah"), "", ceiling, realised, indicators.percent(realised, ceiling),
             ceiling - realised] if rows else None
    return Panel("realisasi-sumber", _("Pagu dan realisasi per sumber dana, %(year)s") % {"year": view.year}, [
        Column("sumber", _("Sumber dana")), Column("pembayar", _("Pembayar")), Column("pagu", _("Pagu"), "money"),
        Column("realisasi", _("Realisasi"), "money"), Column("persen_realisasi", _("% realisasi"), "percent"),
        Column("sisa", _("Sisa"), "money"),
    ], rows, total, chart=bars(["pagu", "realisasi"], kind="money"),
        empty=_("Belum ada sumber dana maupun realisasi pada tahun ini."))


def cost(view: View, money) -> Panel:
    """Cost per participant: what was paid ÷ the participants it paid for (and per participant-month)."""
    paid: dict[int, list] = defaultdict(lambda: [Decimal(0), 0])
    for r in money.rows(Topic.REALISASI):
        paid[r.month.year][0] += r.amount or 0
        paid[r.month.year][1] += r.count
    persons = {int(r.key): r.count for r in money.rows(Topic.PESERTA_DIBAYAR) if r.key.isdigit()}
    rows = []
    for year in sorted(paid):
        amount, person_months = paid[year]
        people = persons.get(year, 0)
        rows.append([str(year), _rupiah(amount), people, person_months,
                     _rupiah(amount / people) if people else None, _rupiah(amount / person_months) if person_months else None])
    return Panel("biaya", _("Biaya per peserta"), [
        Column("tahun", _("Tahun")), Column("realisasi", _("Iuran dibayar"), "money"),
        Column("peserta_dibayar", _("Peserta yang dibayar"), "count"), Column("peserta_bulan", _("Peserta-bulan"), "count"),
        Column("biaya_per_peserta", _("Biaya per peserta"), "money"),
        Column("biaya_per_peserta_bulan", _("Biaya per peserta-bulan"), "money"),
    ], rows, chart=bars(["peserta_dibayar"]), empty=_("Belum ada bulan yang dibayar."),
        notes=[_("Dari tagihan bulanan yang sudah dibayar (baris rekonsiliasi COCOK).")])


# --- Claims and complaints: from their own apps ------------------------------------------------------


def claims_statistics(view: View) -> list[dict]:
    """The programme's claims submitted in the year, by type and benefit (lindung.claims.selectors)."""
    if view.programme is None:
        return []
    totals: dict[tuple[str, str], list] = {}
    for s in claim_statistics(view.user, programme=view.programme, start=date(view.year, 1, 1),
                              end=date(view.year, 12, 31), by_benefit=True):
        t = totals.setdefault((s.kind, s.benefit), [0, 0, 0, Decimal(0)])
        t[0], t[1], t[2], t[3] = t[0] + s.submitted, t[1] + s.paid, t[2] + s.refused, t[3] + s.amount_paid
    return [{"jenis": kind, "manfaat": benefit, "diajukan": n, "dibayar": paid, "ditolak": refused,
             "jumlah_dibayar": amount} for (kind, benefit), (n, paid, refused, amount) in totals.items()]


def complaint_statistics(view: View) -> list[dict]:
    """The tenant's complaints received in the year, by category (lindung.grievance.statistics): on time
    = within the service level (answered by the deadline, or its deadline not yet passed)."""
    stats = statistics_for(view.user, start=date(view.year, 1, 1), end=date(view.year, 12, 31))
    return [{"kategori": row.code, "diterima": row.count, "selesai": stats.closed_by_category.get(row.code, 0),
             "tepat_waktu": row.met, "terlambat": row.count - row.met} for row in stats.by_category]


def claims_panel(view: View, money) -> Panel:
    stats = claims_statistics(view)
    columns = [Column("jenis", _("Jenis")), Column("manfaat", _("Manfaat")), Column("diajukan", _("Diajukan"), "count"),
               Column("dibayar", _("Dibayar"), "count"), Column("ditolak", _("Ditolak"), "count"),
               Column("jumlah_dibayar", _("Jumlah dibayar"), "money")]
    rows = [[str(CLAIM_TYPES.get(s["jenis"], s["jenis"])), str(BENEFITS.get(s["jenis"], {}).get(s.get("manfaat", ""), s.get("manfaat", "") or "—")),
             int(s.get("diajukan", 0)), int(s.get("dibayar", 0)), int(s.get("ditolak", 0)), _rupiah(s.get("jumlah_dibayar"))]
            for s in stats]
    claimed = sum((r[5] for r in rows), Decimal(0))
    contributions = sum((r.amount or 0 for r in money.rows(Topic.REALISASI) if r.month.year == view.year), Decimal(0))
    total = [_("Jumlah"), "", sum(r[2] for r in rows), sum(r[3] for r in rows), sum(r[4] for r in rows), claimed]
    ratio = indicators.percent(claimed, contributions)
    notes = [_("Iuran dibayar tahun %(year)s: %(paid)s; klaim dibayar: %(claims)s (%(ratio)s dari iuran).") % {
        "year": view.year, "paid": _format_money(contributions), "claims": _format_money(claimed),
        "ratio": f"{ratio.text}%" if ratio.value is not None else ratio.why}]
    return Panel("klaim", _("Klaim manfaat dibayar dibanding iuran dibayar"), columns, rows, total if rows else None,
                 chart=bars(["jumlah_dibayar"], kind="money"), notes=notes, empty=_("Belum ada klaim pada tahun ini."))


def _format_money(value) -> str:
    from lindung.domain.money import format_rupiah

    return format_rupiah(_rupiah(value))


def complaints_panel(view: View) -> Panel:
    stats = complaint_statistics(view)
    columns = [Column("kategori", _("Kategori")), Column("diterima", _("Diterima"), "count"),
               Column("selesai", _("Selesai"), "count"), Column("tepat_waktu", _("Ditanggapi tepat waktu"), "count"),
               Column("terlambat", _("Terlambat"), "count"), Column("persen_tepat_waktu", _("% tepat waktu"), "percent")]
    rows = []
    for s in stats:
        on_time, late = int(s.get("tepat_waktu", 0)), int(s.get("terlambat", 0))
        rows.append([str(CATEGORIES.get(s["kategori"], s["kategori"])), int(s.get("diterima", 0)), int(s.get("selesai", 0)),
                     on_time, late, indicators.percent(on_time, on_time + late)])
    total = [_("Jumlah"), *(sum(r[i] for r in rows) for i in range(1, 5))]
    total.append(indicators.percent(total[3], total[3] + total[4]))
    return Panel("pengaduan", _("Pengaduan menurut kategori dan ketepatan waktu"), columns, rows, total if rows else None,
                 chart=bars(["diterima"]), empty=_("Belum ada pengaduan pada tahun ini."),
                 notes=[_("Tepat waktu: ditanggapi paling lambat pada batas tanggapan (hari kerja), atau batasnya belum "
                          "lewat; terlambat: melewati batas.")])


def money_panels(view: View) -> list[Panel]:
    money = read(view.snapshot, topics=(Topic.REALISASI, Topic.PESERTA_DIBAYAR), programme=view.programme,
                 region=view.region_code) if view.programme else read(None, topics=())
    return [realisation_by_month(view, money), realisation_by_source(view, money), cost(view, money),
            claims_panel(view, money), complaints_panel(view)]
