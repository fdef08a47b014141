"""The TVEM's programme page (Pasal 12): the cycle funnel and the time spent in each stage, where
applications wait (by agency and by region), the rule set's decisions and the articles behind refusals,
participants and applicants by region and by who they are, and the month-by-month trend with
terminations by Pasal 10 reason. Read from the latest snapshot in two or three grouped queries."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from lindung.domain import indicators
from lindung.domain.rules import reasons as R
from lindung.domain.rules.ruleset import RuleSetError
from lindung.membership.models import EndReason
from lindung.platform import charts
from lindung.regions.models import Region

from ..models import Topic
from ..panels import Column, Panel, bars, columns_chart, number, text_of
from ..stages import DITETAPKAN, DITOLAK, KELUAR, PROSES, RANK, STAGES, WAITING, WAITING_STATUSES
from . import labels
from .figures import Figures, read, read_by_region, region_names
from .scope import View

APPLICATION_TOPICS = (Topic.USULAN_STATUS, Topic.USULAN_TAHAP, Topic.LAMA_SELESAI, Topic.LAMA_MENUNGGU,
                      Topic.KEPUTUSAN, Topic.ALASAN, Topic.USULAN_PROFIL)
MEMBER_TOPICS = (Topic.PESERTA_PROFIL, Topic.PESERTA_BULAN)
ALL = "semua"


def _mean(days, count) -> Decimal | None:
    """Mean days, to one decimal (half up)."""
    return (Decimal(days or 0) / count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if count else None


# --- The cycle ----------------------------------------------------------------------------------------


def funnel(apps: Figures) -> Panel:
    reached = {int(r.key): r.count for r in apps.rows(Topic.USULAN_TAHAP) if r.key.isdigit()}
    waiting = defaultdict(int)
    for r in apps.rows(Topic.USULAN_STATUS):
        if r.key in WAITING_STATUSES:
            waiting[RANK[r.key]] += r.count
    proposed = sum(reached.values())
    rows = []
    for stage in STAGES:
        at_least = sum(n for rank, n in reached.items() if rank >= stage.rank)
        rows.append([str(stage.label), at_least, indicators.percent(at_least, proposed),
                     waiting[stage.rank] if stage.rank < 6 else None])
    return Panel("tahapan", _("Alur usulan: sampai tahap mana"), [
        Column("tahap", _("Tahap")), Column("mencapai", _("Mencapai tahap ini"), "count"),
        Column("persen_dari_usulan", _("% dari usulan"), "percent"),
        Column("menunggu", _("Sedang menunggu langkah berikutnya"), "count"),
    ], rows if proposed else [], chart=bars(["mencapai"]), empty=_("Belum ada usulan pada siklus ini."),
        notes=[_("Tahap terjauh dibaca dari jejak audit setiap usulan; usulan yang ditolak dihitung sampai tahap "
                 "ia ditolak.")])


def stays(apps: Figures) -> Panel:
    done = apps.sums(Topic.LAMA_SELESAI, "key")
    open_ = apps.sums(Topic.LAMA_MENUNGGU, "key")
    rows = []
    for status, label in WAITING:
        d, o = done.get(status, (0, 0, 0)), open_.get(status, (0, 0, 0))
        if d[0] or o[0]:
            rows.append([str(label), d[0], _mean(d[2], d[0]), d[1], o[0], _mean(o[2], o[0]), o[1]])
    return Panel("lama", _("Lama di setiap tahap (hari)"), [
        Column("tahap", _("Tahap")), Column("selesai", _("Sudah lewat: usulan"), "count"),
        Column("selesai_rata_hari", _("Sudah lewat: rata-rata hari"), "days"),
        Column("selesai_lebih_30", _("> 30 hari"), "count"),
        Column("menunggu", _("Masih menunggu: usulan"), "count"),
        Column("menunggu_rata_hari", _("Masih menunggu: rata-rata hari"), "days"),
        Column("menunggu_lebih_30", _("> 30 hari"), "count"),
    ], rows, chart=bars(["selesai_rata_hari", "menunggu_rata_hari"], kind="days"),
        empty=_("Belum ada usulan pada siklus ini."),
        notes=[_("Waktu masuk setiap status dibaca dari jejak audit (setiap perubahan status tercatat dengan "
                 "waktunya); usulan yang masih menunggu dihitung sampai saat angka dihitung.")])


def waiting_by_agency(apps: Figures, view: View) -> Panel:
    names = labels.agencies([view.tenant.pk])
    order = {s: i for i, s in enumerate(WAITING_STATUSES)}
    rows = []
    for r in sorted(apps.rows(Topic.LAMA_MENUNGGU), key=lambda r: (names.get(r.key2, r.key2), order.get(r.key, 99))):
        rows.append([names.get(r.key2, r.key2), labels.status(r.key), r.count, _mean(r.amount, r.count), r.count2])
    return Panel("menunggu-instansi", _("Usulan yang menunggu, menurut penanggung jawab pendataan"), [
        Column("penanggung_jawab", _("Penanggung jawab")), Column("status", _("Menunggu pada")),
        Column("usulan", _("Usulan"), "count"), Column("rata_hari", _("Rata-rata hari"), "days"),
        Column("lebih_30_hari", _("> 30 hari"), "count"),
    ], rows, chart=_agency_chart, empty=_("Tidak ada usulan yang menunggu."))


def _agency_chart(panel: Panel):
    totals: dict[str, float] = defaultdict(float)
    for row in panel.rows:
        totals[row[0]] += number(row[2])
    return charts.horizontal_bars(panel.title, list(totals), [(_("Usulan menunggu"), list(totals.values()))],
                                  text=lambda v: text_of(v, "count"))


def waiting_by_region(regional: Figures, level: int) -> Panel:
    sums = regional.sums(Topic.LAMA_MENUNGGU, "region")
    names = region_names(sums)
    rows = [[names.get(code, code), code, n, _mean(days, n), long_]
            for code, (n, long_, days) in sorted(sums.items())]
    return Panel("menunggu-wilayah", _("Usulan yang menunggu, menurut %(level)s") % {"level": _level_name(level).lower()}, [
        Column("wilayah", _("Wilayah")), Column("kode_wilayah", _("Kode")), Column("usulan", _("Usulan menunggu"), "count"),
        Column("rata_hari", _("Rata-rata hari"), "days"), Column("lebih_30_hari", _("> 30 hari"), "count"),
    ], rows, chart=bars(["usulan"]), empty=_("Tidak ada usulan yang menunggu."))


def decisions(apps: Figures) -> Panel:
    by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in apps.rows(Topic.KEPUTUSAN):
        by[r.key][r.key3] += r.count
    order = [*R.DECISIONS, ""]
    rows = [[str(labels.DECISIONS.get(k, k)), sum(v.values()), v[DITETAPKAN], v[DITOLAK], v[PROSES], v[KELUAR]]
            for k, v in sorted(by.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)]
    return Panel("keputusan", _("Hasil penilaian menurut aturan"), [
        Column("hasil_penilaian", _("Hasil penilaian")), Column("usulan", _("Usulan"), "count"),
        Column("ditetapkan", _("Ditetapkan/terdaftar"), "count"), Column("ditolak", _("Ditolak"), "count"),
        Column("dalam_proses", _("Dalam proses"), "count"), Column("lainnya", _("Sudah peserta/dicabut"), "count"),
    ], rows, chart=bars(["usulan"]), empty=_("Belum ada usulan pada siklus ini."),
        notes=[_("Penolakan usulan yang dinilai layak adalah keputusan petugas atau TVEM (mis. dugaan ganda), "
                 "dengan alasan tertulis pada usulan.")])


ARTICLE = re.compile(r"^(Pasal\s+\d+)")


def _article_key(cite: str) -> tuple:
    m = re.match(r"Pasal\s+(\d+)", cite or "")
    return (int(m.group(1)) if m else 999, cite or "")


def reasons(apps: Figures, view: View) -> Panel:
    described = dict(R.TEXT)
    try:
        ruleset = view.programme.ruleset if view.programme else None
        described.update({c.code: c.description for c in (*ruleset.criteria, *ruleset.priorities)} if ruleset else {})
    except RuleSetError:
        pass
    by: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in apps.rows(Topic.ALASAN):
        acc = by[(r.key2, r.key)]
        acc[0] += r.count
        acc[1] += r.count if r.key3 == DITOLAK else 0
    rows = []
    for (cite, code), (n, rejected) in sorted(by.items(), key=lambda kv: (_article_key(kv[0][0]), -kv[1][0])):
        article = m.group(1) if (m := ARTICLE.match(cite or "")) else _("Keabsahan data")
        rows.append([article, cite or "—", code, described.get(code, code).replace("{}", "…"), n, rejected])
    return Panel("alasan", _("Mengapa tidak memenuhi syarat: alasan per pasal"), [
        Column("pasal", _("Pasal")), Column("ketentuan", _("Ketentuan")), Column("kode", _("Kode alasan")),
        Column("uraian", _("Uraian")), Column("usulan", _("Usulan dengan alasan ini"), "count"),
        Column("ditolak", _("di antaranya ditolak"), "count"),
    ], rows, chart=bars(["usulan"], label_column=2), empty=_("Tidak ada usulan yang gagal memenuhi kriteria."),
        notes=[_("Satu usulan dapat gagal pada lebih dari satu kriteria; setiap alasan dihitung sekali per usulan.")])


# --- Who: by region and by profile ----------------------------------------------------------------------


PROFILE_COLUMNS = lambda first: [  # noqa: E731 - the same table shape for every breakdown
    Column("kategori", first), Column("peserta_aktif", _("Peserta aktif"), "count"),
    Column("persen_peserta", _("% peserta"), "percent"), Column("usulan", _("Usulan siklus"), "count"),
    Column("ditetapkan", _("Ditetapkan/terdaftar"), "count"), Column("ditolak", _("Ditolak"), "count"),
]


def _profile_rows(values: list[str], names: dict[str, str], members: dict, applied: dict) -> tuple[list, list]:
    active_total = sum(members.values())
    rows = []
    for v in values:
        a = applied.get(v, {})
        rows.append([names.get(v, v) or "—", members.get(v, 0), indicators.percent(members.get(v, 0), active_total),
                     sum(a.values()), a.get(DITETAPKAN, 0), a.get(DITOLAK, 0)])
    total = [_("Jumlah"), active_total, indicators.percent(active_total, active_total) if active_total else None,
             sum(r[3] for r in rows), sum(r[4] for r in rows), sum(r[5] for r in rows)]
    return rows, total


def profile(dimension: str, apps: Figures, members: Figures, view: View) -> Panel:
    active = {r.key2: r.count for r in members.rows(Topic.PESERTA_PROFIL, key=dimension)}
    applied: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in apps.rows(Topic.USULAN_PROFIL, key=dimension):
        applied[r.key2][r.key3] += r.count
    names = labels.values_of(dimension, [view.tenant.pk])
    values = sorted(set(active) | set(applied), key=_sorter(dimension, names))
    rows, total = _profile_rows(values, names, active, applied)
    title = str(labels.DIMENSIONS[dimension])
    return Panel(dimension.replace("_", "-"), _("Menurut %(what)s") % {"what": title.lower()}, PROFILE_COLUMNS(title),
                 rows, total if rows else None, chart=bars(["peserta_aktif", "usulan"]),
                 empty=_("Belum ada peserta atau usulan."), notes=_profile_notes(dimension))


def _profile_notes(dimension: str) -> list[str]:
    if dimension == "kelompok_umur":
        return [_("Umur dalam tahun penuh pada tanggal keadaan angka.")]
    if dimension == "miskin_ekstrem":
        return [_("Peserta: tanda miskin ekstrem (P3KE) pada data DTSEN terbaru; usulan: tanda prioritas Pasal 5 "
                  "ayat (2) pada penilaiannya.")]
    if dimension == "perangkat_daerah":
        return [_("Peserta: penanggung jawab pekerjaannya menurut Lampiran I yang berlaku; usulan: penanggung "
                  "jawab saat diusulkan.")]
    return []


def _sorter(dimension: str, names: dict[str, str]):
    if dimension == "kelompok_umur":
        order = [code for code, _low, _high in indicators.AGE_BANDS]
        return lambda v: order.index(v) if v in order else 99
    return lambda v: (v == "", str(names.get(v, v)).casefold())


def by_region(regional: Figures, level: int, key: str) -> Panel:
    active = {r.region: r.count for r in regional.rows(Topic.PESERTA_PROFIL, key=ALL)}
    applied: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in regional.rows(Topic.USULAN_PROFIL, key=ALL):
        applied[r.region][r.key3] += r.count
    codes = sorted(set(active) | set(applied))
    names = {c: f"{n}" for c, n in region_names(codes).items()}
    rows, total = _profile_rows(codes, names, active, applied)
    for row, code in zip(rows, codes, strict=True):
        row.insert(1, code)
    if total:
        total.insert(1, "")
    columns = PROFILE_COLUMNS(_level_name(level))
    columns.insert(1, Column("kode_wilayah", _("Kode")))
    return Panel(key, _("Menurut %(level)s") % {"level": _level_name(level).lower()}, columns, rows,
                 total if rows else None, chart=bars(["peserta_aktif", "usulan"]), empty=_("Belum ada peserta atau usulan."),
                 notes=[_("Wilayah alamat KTP-el (kelurahan), bukan kode wilayah pada NIK.")])


def _level_name(level: int) -> str:
    return str(Region.Level(level).label)


# --- When: month by month -----------------------------------------------------------------------------------


def trend(members: Figures) -> Panel:
    by: dict = defaultdict(lambda: defaultdict(int))
    for r in members.rows(Topic.PESERTA_BULAN):
        by[r.month][r.key] += r.count
    rows = [[m.strftime("%Y-%m"), v["aktif"], v["masuk"], v["keluar"]] for m, v in sorted(by.items())]
    return Panel("tren", _("Peserta aktif, masuk dan berhenti per bulan"), [
        Column("bulan", _("Bulan")), Column("peserta_aktif", _("Peserta aktif (akhir bulan)"), "count"),
        Column("masuk", _("Masuk"), "count"), Column("berhenti", _("Berhenti"), "count"),
    ], rows, chart=columns_chart(["peserta_aktif"]), empty=_("Belum ada peserta."),
        notes=[_("Bulan berjalan: keadaan pada tanggal angka dihitung.")])


def terminations(members: Figures) -> Panel:
    reasons_ = list(EndReason.values)
    by: dict = defaultdict(lambda: defaultdict(int))
    months = sorted({r.month for r in members.rows(Topic.PESERTA_BULAN)})
    for r in members.rows(Topic.PESERTA_BULAN, key="keluar"):
        by[r.month][r.key2] += r.count
    rows = [[m.strftime("%Y-%m"), *(by[m][reason] for reason in reasons_), sum(by[m].values())] for m in months]
    total = [_("Jumlah"), *(sum(r[i + 1] for r in rows) for i in range(len(reasons_))), sum(r[-1] for r in rows)]
    return Panel("berhenti", _("Penghentian kepesertaan per bulan, menurut alasan (Pasal 10)"), [
        Column("bulan", _("Bulan")),
        *(Column(reason, labels.end_reason(reason), "count") for reason in reasons_),
        Column("jumlah", _("Jumlah"), "count"),
    ], rows, total if rows else None, chart=columns_chart(reasons_, stacked=True), empty=_("Belum ada peserta."))


# --- The page -----------------------------------------------------------------------------------------------


def sub_level(view: View) -> int:
    """The level one below the filter: kelurahan inside a kecamatan, kecamatan inside a kab/kota."""
    return min(view.region.level + 1, Region.Level.KELURAHAN_DESA) if view.region else view.area_level + 1


def programme_panels(view: View) -> list[Panel]:
    scope = {"region": view.region_code}
    apps = read(view.snapshot, topics=APPLICATION_TOPICS, cycle=view.cycle, **scope) if view.cycle else Figures({})
    members = (read(view.snapshot, topics=MEMBER_TOPICS, programme=view.programme, **scope)
               if view.programme else Figures({}))
    level = view.region.level if view.region else view.area_level
    regional_topics = (Topic.PESERTA_PROFIL, Topic.USULAN_PROFIL, Topic.LAMA_MENUNGGU)
    where = Q(key=ALL) | Q(topic=Topic.LAMA_MENUNGGU)
    finest = _regional(view, regional_topics, sub_level(view), where)
    regional = {sub_level(view): finest, level: finest.rolled_up(level)}
    return [
        funnel(apps), stays(apps), waiting_by_agency(apps, view), waiting_by_region(regional[sub_level(view)], sub_level(view)),
        decisions(apps), reasons(apps, view),
        by_region(regional[level], level, "wilayah"), by_region(regional[sub_level(view)], sub_level(view), "subwilayah"),
        *(profile(d, apps, members, view) for d in labels.DIMENSIONS),
        trend(members), terminations(members),
    ]


def _regional(view: View, topics, level: int, where: Q) -> Figures:
    """Applications of the cycle and participants of the programme, per region of `level`."""
    if view.snapshot is None or view.programme is None:
        return Figures({})
    scope = Q(programme=view.programme) & (Q(cycle=view.cycle) | Q(cycle__isnull=True)) if view.cycle else \
        Q(programme=view.programme, cycle__isnull=True)
    return read_by_region(view.snapshot, topics=topics, level=level, region=view.region_code, where=where & scope,
                          by=("key", "key3"))


def summary(view: View, panels: list[Panel]) -> dict:
    """The number cards above the page."""
    by_key = {p.key: p for p in panels}
    wait = by_key["lama"]
    return {
        "active": by_key["wilayah"].total[2] if by_key["wilayah"].total else 0,
        "applications": sum(r[1] for r in by_key["keputusan"].rows),
        "fixed": sum(r[2] for r in by_key["keputusan"].rows),
        "rejected": sum(r[3] for r in by_key["keputusan"].rows),
        "waiting_long": sum(number(r[6]) for r in wait.rows),
    }
