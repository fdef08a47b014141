"""Reading the coverage reference files (DESIGN.md §4): BPS workforce figures (`kode_wilayah, tahun,
pekerja, pekerja_informal`) and BPJS aggregates (`kode_wilayah, tahun, peserta_pu, peserta_bpu`).

Every row that cannot be used comes back with its reason (an unknown region code, a year or a number
that cannot be read, the same region and year twice); a region whose numbers are unreadable stays
listed, with no figure, so that a report shows it as such instead of dropping it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

from lindung.domain import indicators
from lindung.domain.exchange import BPJS_AGGREGATE, WORKFORCE, Layout
from lindung.platform.files import ROW
from lindung.regions.codes import level_of, normalize
from lindung.regions.models import Region

KINDS: dict[str, tuple[Layout, tuple[str, str]]] = {
    "workforce": (WORKFORCE, ("pekerja", "pekerja_informal")),
    "aggregate": (BPJS_AGGREGATE, ("peserta_pu", "peserta_bpu")),
}


@dataclass(frozen=True)
class Problem:
    row: int
    code: str
    reason: str


@dataclass
class FigureFile:
    """What a file says, region by region and year by year."""

    kind: str
    figures: dict[tuple[str, int], indicators.Workforce | indicators.Aggregate] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)  # known code -> name, in file order
    years: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # code -> years with a row
    problems: list[Problem] = field(default_factory=list)

    def at(self, code: str, year: int):
        return self.figures.get((code, year))

    def codes_at(self, level: int) -> list[str]:
        return sorted(code for code in self.regions if level_of(code) == level)

    def why_missing(self, code: str, year: int) -> str:
        """Why `code` has no figure for `year`, in words."""
        label = "angka BPS" if self.kind == "workforce" else "agregat BPJS"
        if code not in self.regions:
            return f"wilayah ini tidak ada pada berkas {label}"
        others = sorted(self.years.get(code, set()) - {year})
        if year in self.years.get(code, set()):
            return f"{label} tahun {year} tidak terbaca (lihat masalah baris)"
        if others:
            return f"tidak ada {label} tahun {year} (ada: {', '.join(map(str, others))})"
        return f"tidak ada {label} yang terbaca untuk wilayah ini"


def parse_figures(rows: pl.DataFrame, kind: str) -> FigureFile:
    """The rows of a workforce or BPJS aggregate file (text columns and `_baris`, as read by
    lindung.platform.files.read_table with the layout of `kind`)."""
    _layout, (first, second) = KINDS[kind]
    out = FigureFile(kind)
    codes = {normalize(c) for c in rows.get_column("kode_wilayah").to_list() if c}
    names = dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))
    seen: dict[tuple[str, int], int] = {}
    for values in rows.iter_rows(named=True):
        number, raw = values[ROW], (values["kode_wilayah"] or "").strip()
        code = normalize(raw)
        if not raw:
            out.problems.append(Problem(number, raw, "kode_wilayah kosong"))
            continue
        if level_of(code) is None or code not in names:
            out.problems.append(Problem(number, raw, "kode wilayah tidak dikenal (daftar Kemendagri)"))
            continue
        out.regions.setdefault(code, names[code])
        try:
            year = indicators.parse_year(values["tahun"])
        except indicators.InvalidCount as exc:
            out.problems.append(Problem(number, code, f"tahun: {exc}"))
            continue
        out.years[code].add(year)
        if (code, year) in seen:
            out.problems.append(Problem(number, code, f"wilayah dan tahun {year} sudah ada pada baris {seen[(code, year)]}; "
                                                      f"baris ini diabaikan"))
            continue
        seen[(code, year)] = number
        counts, errors = [], []
        for column in (first, second):
            try:
                counts.append(indicators.parse_count(values[column]))
            except indicators.InvalidCount as exc:
                errors.append(f"{column}: {exc}")
        if errors:
            out.problems.append(Problem(number, code, "; ".join(errors)))
            continue
        a, b = counts
        out.figures[(code, year)] = indicators.Workforce(a, b) if kind == "workforce" else indicators.Aggregate(a, b)
    return out
