"""Every list page the same way: a count, pages, sorting, the filters that matter for that list, checkbox
selection for bulk actions, and an export (CSV/XLSX) of exactly what is filtered.

A view declares its columns and filters over a queryset the selectors have already scoped to the user, and
renders `platform/listing.html` with the `Listing`. Counting is capped (`COUNT_CAP`): a list never counts a
whole large table per request (DESIGN §5) — beyond the cap it says "lebih dari 10.000" and still pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

import polars as pl
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .files import write_table
from .http import send_file
from .storage import new_output

COUNT_CAP = 10_000
PAGE_SIZE = 50
EXPORT_CAP = 100_000  # rows in one export; beyond it the user narrows the filters


def shown(value: Any) -> Any:
    """Dates as officers write them (dd-mm-yyyy, as on letters); the export keeps them typed."""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M") if timezone.is_aware(value) else value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return value


@dataclass(frozen=True)
class Column:
    key: str  # the export column name (snake_case, as the exchange files name things)
    label: str
    value: Callable[[Any], Any]  # the cell, shown and exported
    sort: str = ""  # ORM ordering field; empty: not sortable
    link: Callable[[Any], str] | None = None
    css: str = ""
    display: Callable[[Any], Any] | None = None  # the cell on screen when it differs from the export (money)


@dataclass(frozen=True)
class Filter:
    name: str  # the GET parameter
    label: str
    apply: Callable[[QuerySet, str], QuerySet]
    choices: Sequence[tuple[str, str]] | None = None  # a select; None: free text (or a date with kind="date")
    kind: str = "text"
    default: str = ""  # a select with a default offers no "all" option (the default is one of the choices)

    def read(self, raw: str) -> str:
        """The value as given, or the default ("" without one) when it is not one of the choices or not a
        date (never a 500)."""
        raw = (raw or "").strip()[:100] or self.default
        if self.choices is not None and raw not in {str(v) for v, _ in self.choices}:
            return self.default
        if self.kind == "date":
            try:
                date.fromisoformat(raw)
            except ValueError:
                return ""
        return raw


@dataclass
class Listing:
    request: Any
    queryset: QuerySet
    columns: Sequence[Column]
    filters: Sequence[Filter] = ()
    default_sort: str = "-id"
    page_size: int = PAGE_SIZE
    selectable: bool = False  # a checkbox per row, named "pilih", for a form with id `bulk_form`
    bulk_form: str = "pilihan"
    export_name: str = "daftar"
    values: dict[str, str] = field(init=False)
    sort: str = field(init=False)
    page: int = field(init=False)

    def __post_init__(self) -> None:
        params = self.request.GET
        self.values = {f.name: f.read(params.get(f.name, "")) for f in self.filters}
        sortable = {c.sort for c in self.columns if c.sort} | {f"-{c.sort}" for c in self.columns if c.sort}
        wanted = params.get("urut", "")
        self.sort = wanted if wanted in sortable else self.default_sort
        page = params.get("hal", "1")
        self.page = min(int(page), 10**6) if page.isdigit() and int(page) > 0 else 1

    # --- the data ------------------------------------------------------------------------------------

    def filtered(self) -> QuerySet:
        qs = self.queryset
        for f in self.filters:
            if self.values[f.name]:
                qs = f.apply(qs, self.values[f.name])
        field_name = self.sort.lstrip("-")
        tie = "-pk" if self.sort.startswith("-") else "pk"
        return qs.order_by(self.sort, tie) if field_name != "pk" else qs.order_by(self.sort)

    def _page_rows(self) -> tuple[list, bool]:
        start = (self.page - 1) * self.page_size
        rows = list(self.filtered()[start:start + self.page_size + 1])
        return rows[: self.page_size], len(rows) > self.page_size

    @property
    def rows(self) -> list:
        if not hasattr(self, "_rows"):
            self._rows, self._has_next = self._page_rows()
        return self._rows

    @property
    def has_next(self) -> bool:
        self.rows  # noqa: B018 - fills _has_next
        return self._has_next

    @property
    def count(self) -> int:
        """How many rows match, counted up to COUNT_CAP + 1 (an index-only scan over a LIMIT)."""
        if not hasattr(self, "_count"):
            self._count = self.filtered().order_by()[: COUNT_CAP + 1].count()
        return self._count

    @property
    def count_is_exact(self) -> bool:
        return self.count <= COUNT_CAP

    @property
    def pages(self) -> int | None:
        return -(-self.count // self.page_size) if self.count_is_exact else None

    def cells(self) -> list[tuple[Any, list[tuple[Any, str, str, str]]]]:
        """(row, [(value, link, css, column label)]) for the template (the label heads the cell on a phone)."""
        return [(row, [(c.display(row) if c.display else shown(c.value(row)), c.link(row) if c.link else "", c.css,
                         c.label) for c in self.columns])
                for row in self.rows]

    # --- links -------------------------------------------------------------------------------------

    def query(self, **changes) -> str:
        defaults = {f.name: f.default for f in self.filters}
        params = {k: v for k, v in self.values.items() if v and v != defaults[k]}
        if self.sort != self.default_sort:
            params["urut"] = self.sort
        if self.page > 1:
            params["hal"] = str(self.page)
        params.update({k: str(v) for k, v in changes.items() if v not in (None, "")})
        for k, v in changes.items():
            if v in (None, ""):
                params.pop(k, None)
        return "?" + urlencode(params) if params else "?"

    @property
    def bound_filters(self) -> list:
        """Each filter with its current value, for the form."""
        return [_Bound(f, self.values[f.name]) for f in self.filters]

    @property
    def filter_query(self) -> str:
        """Filters and sort, without the page: what page links and exports append to."""
        return self.query(hal=None)

    def headers(self) -> list[tuple[Column, str, str]]:
        """(column, sort link or "", aria-sort) for each column."""
        out = []
        for c in self.columns:
            if not c.sort:
                out.append((c, "", ""))
                continue
            current = self.sort.lstrip("-") == c.sort
            descending = self.sort.startswith("-")
            target = f"-{c.sort}" if current and not descending else c.sort
            aria = ("descending" if descending else "ascending") if current else "none"
            out.append((c, self.query(urut=target, hal=None), aria))
        return out

    def count_text(self) -> str:
        if self.count_is_exact:
            return _("%(n)s baris") % {"n": f"{self.count:,}".replace(",", ".")}
        return _("lebih dari %(n)s baris") % {"n": f"{COUNT_CAP:,}".replace(",", ".")}

    # --- export ------------------------------------------------------------------------------------

    def export(self, fmt: str):
        """What is filtered (capped at EXPORT_CAP rows), as CSV or XLSX, sent once."""
        rows = self.filtered()[:EXPORT_CAP]
        frame = pl.DataFrame({c.key: [_cell(c.value(r)) for r in rows] for c in self.columns},
                             schema={c.key: pl.Utf8 for c in self.columns})
        _, path = new_output("ekspor", fmt)
        write_table(frame, path, [c.key for c in self.columns], sheet=self.export_name[:31])
        return send_file(path, f"{self.export_name}-{date.today().isoformat()}.{fmt}")

    @property
    def export_format(self) -> str:
        fmt = self.request.GET.get("ekspor", "")
        return fmt if fmt in ("csv", "xlsx") else ""


@dataclass(frozen=True)
class _Bound:
    filter: Filter
    current: str

    def __getattr__(self, name):
        return getattr(self.filter, name)


def _cell(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def selected_ids(request, name: str = "pilih") -> list[int]:
    """The rows ticked in a list (checkbox values), as ids; anything else is ignored."""
    return sorted({int(v) for v in request.POST.getlist(name) if v.isdigit()})[:100_000]
