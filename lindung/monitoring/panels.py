"""A panel is what a monitoring page shows for one question: a table (accessible, copyable, the data
behind the chart), an optional chart drawn from it, and the notes that qualify it (source and year of
a denominator, why a rate is empty, when the figures were computed). The same panel is exported as
CSV/XLSX, drawn as SVG/PNG, and printed in the annual report.

`published()` is the panel as it may leave the tenant: counts of 1-4 hidden (with a complementary cell
when a total would give them away), and the rates and amounts derived from a hidden count emptied."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

import polars as pl
from django.utils.translation import gettext_lazy as _l

from lindung.domain import indicators
from lindung.domain.indicators import Rate
from lindung.platform import charts
from lindung.platform.charts import Drawing

SUPPRESSION_NOTE = _l("Angka 1 sampai 4 ditulis <5 agar tidak ada orang yang dapat dikenali; x: angka lain yang ikut "
                      "disamarkan agar angka <5 tidak dapat dihitung dari jumlahnya. Persentase dan nilai uang yang "
                      "dihitung dari angka tersebut dikosongkan.")


@dataclass(frozen=True)
class Column:
    code: str  # the column's name in CSV/XLSX
    label: str  # its heading on screen and in documents
    kind: str = "text"  # text | count | money | percent | days

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass
class Panel:
    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    chart: Callable[[Panel], Drawing | None] | None = None
    notes: list[str] = field(default_factory=list)
    empty: str = ""  # shown instead of the table when there are no rows
    is_published: bool = False

    def drawing(self) -> Drawing | None:
        return self.chart(self) if self.chart and self.rows else None

    def column(self, code: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.code == code)

    def values(self, code: str) -> list:
        i = self.column(code)
        return [row[i] for row in self.rows]

    def published(self) -> Panel:
        """The panel as it may leave the tenant (export, province view, public page)."""
        if self.is_published:
            return self
        rows = [list(r) for r in self.rows]
        total = list(self.total) if self.total is not None else None
        hidden_rows: set[int] = set()
        hidden_total = False
        for i, column in enumerate(self.columns):
            if column.kind != "count":
                continue
            cells = indicators.suppress([r[i] if isinstance(r[i], int) else None for r in rows],
                                        with_total=total is not None)
            for n, cell in enumerate(cells):
                if cell.suppressed:
                    rows[n][i] = cell.text
                    hidden_rows.add(n)
            if total is not None and isinstance(total[i], int) and indicators.suppress_total(total[i]).suppressed:
                total[i] = indicators.SUPPRESSED
                hidden_total = True
        derived = [i for i, c in enumerate(self.columns) if c.kind in ("money", "percent", "days")]
        for n in hidden_rows:
            for i in derived:
                rows[n][i] = None
        if hidden_total:
            for i in derived:
                total[i] = None
        notes = [*self.notes, SUPPRESSION_NOTE] if hidden_rows or hidden_total else list(self.notes)
        return replace(self, rows=rows, total=total, notes=notes, is_published=True)

    def frame(self) -> pl.DataFrame:
        """The table as data: numbers stay numbers (text only where a cell is hidden)."""
        rows = [*self.rows, *([self.total] if self.total is not None else [])]
        data = {}
        for i, column in enumerate(self.columns):
            cells = [_plain(r[i]) for r in rows]
            dtype = _dtype(column, cells)
            if dtype == pl.Utf8:
                cells = [None if c is None else str(c) for c in cells]
            data[column.code] = pl.Series(column.code, cells, dtype=dtype)
        return pl.DataFrame(data)


def _plain(value):
    if isinstance(value, Rate):
        return value.value
    return value


def _dtype(column: Column, cells: list):
    if not column.numeric or any(isinstance(c, str) for c in cells):
        return pl.Utf8
    if column.kind == "count":
        return pl.Int64
    return pl.Decimal(precision=22, scale=2)


def text_of(value, kind: str) -> str:
    """A cell as a person reads it: 12.345 · Rp16.800 · 12,34% · 3,5 hari · <5 · —."""
    from lindung.domain.money import format_rupiah

    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, Rate):
        return "—" if value.value is None else text_of(value.value, "percent")
    if kind == "count":
        return f"{int(value):,}".replace(",", ".")
    if kind == "money":
        return format_rupiah(Decimal(value).quantize(Decimal(1)))
    if kind == "percent":
        return f"{Decimal(value):.2f}".replace(".", ",") + "%"
    if kind == "days":
        return f"{Decimal(value):.1f}".replace(".", ",")
    return str(value)


def drawn(value) -> float | None:
    """A cell as a bar: its number, or None for an empty or hidden cell (no bar, no label: never a 0)."""
    if isinstance(value, Rate):
        value = value.value
    return float(value) if isinstance(value, int | float | Decimal) else None


def number(value) -> float:
    """A cell as a chart reads it (hidden or empty cells draw nothing)."""
    if isinstance(value, Rate):
        value = value.value
    if isinstance(value, int | float | Decimal):
        return float(value)
    return 0.0


# --- Charts drawn from a panel's own columns ------------------------------------------------------------


def bars(series_columns: list[str], label_column: int = 0, kind: str = "count"):
    """A chart function for a panel: horizontal bars of some of its count columns."""

    def draw(panel: Panel):
        labels_ = [str(r[label_column]) for r in panel.rows]
        series = [(panel.columns[panel.column(c)].label, [drawn(v) for v in panel.values(c)]) for c in series_columns]
        return charts.horizontal_bars(panel.title, labels_, series, text=lambda v: text_of(v, kind))

    return draw


def columns_chart(series_columns: list[str], *, stacked: bool = False, kind: str = "count", lines: list[str] = ()):
    def draw(panel: Panel):
        months = [str(r[0]) for r in panel.rows]
        series = [(panel.columns[panel.column(c)].label, [number(v) for v in panel.values(c)]) for c in series_columns]
        overlaid = [(panel.columns[panel.column(c)].label, [drawn(v) for v in panel.values(c)]) for c in lines]
        return charts.monthly_columns(panel.title, months, series, stacked=stacked, lines=overlaid,
                                      text=lambda v: text_of(v, kind), whole=kind == "count")

    return draw
