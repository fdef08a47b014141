"""The annual monitoring and evaluation report (Laporan Monev, Perwali 3/2025 Pasal 12) of a programme
and year, as PDF and XLSX, and the Paritrana Award indicator sheet. Both are made to leave the tenant
(to the head of region, the DPRD, the award's jury): every count under 5 is hidden.

The year's months (trend, terminations, payments) are that year's; who the participants are (region,
occupation, sex, age, disability, extreme poverty) is as of the day the figures describe."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindung.domain.indicators import growth
from lindung.domain.rules.ruleset import RuleSetError
from lindung.domain.words import long_date

from ..panels import Column, Panel, number
from ..selectors import coverage, money, programme
from ..selectors.scope import View
from .pdf import Document, print_panel

SECTIONS = ("tahapan", "lama", "keputusan", "alasan", "wilayah", "pekerjaan", "jenis-kelamin", "kelompok-umur",
            "disabilitas", "miskin-ekstrem", "tren", "berhenti", "cakupan-tahunan", "realisasi-sumber",
            "realisasi-bulanan", "biaya", "klaim", "pengaduan")


def for_year(panel: Panel, year: int) -> Panel:
    """A month-by-month panel cut to one year, its total summed again."""
    rows = [r for r in panel.rows if str(r[0]).startswith(f"{year}-")]
    total = None
    if panel.total is not None and rows:
        total = [panel.total[0], *(sum((r[i] for r in rows), 0 if c.kind == "count" else Decimal(0))
                                   if c.kind in ("count", "money") else None
                                   for i, c in enumerate(panel.columns[1:], start=1))]
    return replace(panel, rows=rows, total=total)


def row_of(panel: Panel, first: str) -> dict | None:
    """The row whose first cell reads `first`, by column code."""
    row = next((r for r in panel.rows if str(r[0]) == first), None)
    return dict(zip((c.code for c in panel.columns), row, strict=True)) if row else None


def column_sum(panel: Panel, code: str) -> int:
    return int(sum(number(v) for v in panel.values(code))) if panel.rows else 0


def summary(view: View, panels: dict[str, Panel]) -> Panel:
    """The key figures of the year, each with where it comes from."""
    year = view.year
    trend, spending, decisions = panels["tren"], panels["realisasi-sumber"], panels["keputusan"]
    cost = row_of(panels["biaya"], str(year)) or {}
    yearly = row_of(panels["cakupan-tahunan"], str(year)) or {}
    spent = dict(zip((c.code for c in spending.columns), spending.total or [None] * len(spending.columns), strict=True))
    rows = [
        [_("Peserta aktif pada akhir periode"), trend.rows[-1][1] if trend.rows else 0, None, None,
         _("akhir %(year)s, atau tanggal keadaan bila tahun berjalan") % {"year": year}],
        [_("Peserta masuk"), column_sum(trend, "masuk"), None, None, str(year)],
        [_("Peserta berhenti (Pasal 10)"), column_sum(trend, "berhenti"), None, None, str(year)],
        [_("Usulan siklus %(year)s") % {"year": view.cycle.year if view.cycle else "-"}, column_sum(decisions, "usulan"),
         None, None, _("seluruh hasil penilaian")],
        [_("Usulan ditetapkan/terdaftar"), column_sum(decisions, "ditetapkan"), None, None, ""],
        [_("Usulan ditolak"), column_sum(decisions, "ditolak"), None, None, ""],
        [_("Pagu anggaran"), None, spent.get("pagu"), None, _("seluruh sumber dana tahun ini")],
        [_("Realisasi iuran"), None, spent.get("realisasi"), spent.get("persen_realisasi"), _("persen dari pagu")],
        [_("Biaya per peserta"), None, cost.get("biaya_per_peserta"), None, _("iuran dibayar ÷ peserta yang dibayar")],
        [_("Cakupan PBI"), yearly.get("peserta_aktif"), None, yearly.get("cakupan_pbi_persen"),
         _("peserta aktif ÷ pekerja informal (BPS)")],
        [_("Cakupan total (PU + BPU)"), None, None, yearly.get("cakupan_total_persen"), _("(PU + BPU) ÷ pekerja (BPS)")],
    ]
    return Panel("ringkasan", _("Ringkasan %(year)s") % {"year": year}, [
        Column("uraian", _("Uraian")), Column("jumlah", _("Jumlah"), "count"), Column("rupiah", _("Rupiah"), "money"),
        Column("persen", _("Persen"), "percent"), Column("keterangan", _("Keterangan")),
    ], rows)


def annual_panels(view: View) -> list[Panel]:
    """Every section of the year's report (as computed: publish before it leaves the tenant)."""
    if view.cycle is None or view.cycle.year != view.year:
        view.cycle = next((c for c in view.cycles if c.year == view.year), view.cycle)
    found = {p.key: p for p in [*programme.programme_panels(view), *coverage.coverage_panels(view),
                                *money.money_panels(view)]}
    found["tren"], found["berhenti"] = for_year(found["tren"], view.year), for_year(found["berhenti"], view.year)
    return [summary(view, found), *(found[key] for key in SECTIONS if key in found)]


def annual_pdf(view: View, panels: list[Panel]) -> bytes:
    p = view.programme
    pdf = Document(f"Laporan Monev {p.code} {view.year}")
    pdf.ln(30)  # the title page (the document opens on its first page)
    pdf.paragraph(view.tenant.name.upper(), size=13, style="B", align="C")
    pdf.paragraph("LAPORAN MONITORING DAN EVALUASI", size=16, style="B", align="C")
    pdf.paragraph(p.name, size=13, align="C")
    pdf.paragraph(f"TAHUN {view.year}", size=13, style="B", align="C")
    pdf.ln(10)
    try:
        instrument = p.ruleset.instrument
    except RuleSetError:
        instrument = p.ruleset_id
    as_of = view.snapshot.as_of if view.snapshot else None
    pdf.paragraph(f"Disusun oleh Tim Verifikasi, Evaluasi dan Monitoring sebagaimana dimaksud dalam Pasal 12 "
                  f"{instrument}.", size=10, align="C")
    if view.region:
        pdf.paragraph(f"Wilayah: {view.region.name}", size=10, align="C")
    if as_of:
        pdf.paragraph(f"Angka keadaan {long_date(as_of)}, dihitung {date_format(view.snapshot.finished_at, 'j F Y H:i')}.",
                      size=10, align="C")
    pdf.paragraph("Angka 1 sampai 4 disamarkan (<5): laporan ini dapat dibagikan ke luar pemerintah daerah.",
                  size=9, align="C")
    for panel in panels:
        print_panel(pdf, panel, chart=panel.key != "ringkasan")
    return bytes(pdf.output())


def annual_sheets(panels: list[Panel]) -> list[tuple[str, object]]:
    return [(str(p.title)[:31], p.frame()) for p in panels]


# --- Paritrana Award -----------------------------------------------------------------------------------------


def _target_text(percent) -> str:
    return _("sasaran: %(t)s%%") % {"t": percent} if percent is not None else _("sasaran belum ditetapkan")


def paritrana(view: View, panels: list[Panel]) -> Panel:
    """The indicators the Paritrana Award judges (regulation, budget, coverage; seed 004) for the year,
    from the report's own figures (`annual_panels`, not yet published)."""
    by = {p.key: p for p in panels}
    key = {str(r[0]): dict(zip((c.code for c in by["ringkasan"].columns), r, strict=True)) for r in by["ringkasan"].rows}
    this = row_of(by["cakupan-tahunan"], str(view.year)) or {}
    before = row_of(by["cakupan-tahunan"], str(view.year - 1)) or {}
    try:
        instrument = view.programme.ruleset.instrument
    except RuleSetError:
        instrument = view.programme.ruleset_id
    covered = this.get("peserta_pu"), this.get("peserta_bpu")
    rows = [
        [_("Regulasi"), _("Dasar hukum program"), instrument, None, None, None, view.programme.name],
        [_("Regulasi"), _("Program jaminan"), view.programme.benefits, None, None, None, _("Pasal 3")],
        [_("Anggaran"), _("Pagu anggaran"), "", None, key[_("Pagu anggaran")]["rupiah"], None,
         ", ".join(str(r[0]) for r in by["realisasi-sumber"].rows)],
        [_("Anggaran"), _("Realisasi iuran"), "", None, key[_("Realisasi iuran")]["rupiah"],
         key[_("Realisasi iuran")]["persen"], _("persen dari pagu")],
        [_("Anggaran"), _("Biaya per peserta"), "", None, key[_("Biaya per peserta")]["rupiah"], None, ""],
        [_("Kepesertaan"), _("Pekerja rentan dilindungi (peserta PBI aktif)"), "", this.get("peserta_aktif"), None, None,
         _("akhir tahun, atau tanggal keadaan bila tahun berjalan")],
        [_("Kepesertaan"), _("Pertumbuhan peserta dari tahun sebelumnya"), "", None, None,
         growth(before.get("peserta_aktif"), this.get("peserta_aktif")), ""],
        [_("Cakupan"), _("Pekerja informal (BPS)"), "", this.get("pekerja_informal"), None, None, this.get("sumber", "")],
        [_("Cakupan"), _("Cakupan PBI"), "", None, None, this.get("cakupan_pbi_persen"),
         _target_text(this.get("sasaran_pbi_persen"))],
        [_("Cakupan"), _("Peserta PU + BPU (BPJS)"), "", sum(covered) if None not in covered else None, None, None, ""],
        [_("Cakupan"), _("Cakupan total"), "", None, None, this.get("cakupan_total_persen"),
         _target_text(this.get("sasaran_total_persen"))],
    ]
    claims = by.get("klaim")
    if claims is not None and claims.total is not None:
        rows.append([_("Manfaat"), _("Klaim dibayar"), "", claims.total[3], claims.total[5], None, ""])
    complaints = by.get("pengaduan")
    if complaints is not None and complaints.total is not None:
        rows.append([_("Layanan"), _("Pengaduan ditanggapi tepat waktu"), "", complaints.total[3], None,
                     complaints.total[5], ""])
    return Panel("paritrana", _("Indikator Paritrana Award %(year)s") % {"year": view.year}, [
        Column("aspek", _("Aspek")), Column("indikator", _("Indikator")), Column("uraian", _("Uraian")),
        Column("jumlah", _("Jumlah"), "count"), Column("rupiah", _("Rupiah"), "money"), Column("persen", _("Persen"), "percent"),
        Column("sumber", _("Sumber/keterangan")),
    ], rows)
