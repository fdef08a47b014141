"""What every monitoring page shares: the scope from the query string (404 outside it), panels laid out
for the template (chart, table, download links), and a panel sent as CSV, XLSX, SVG or PNG."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lindung.platform.files import sheet_title, write_table
from lindung.platform.http import send_file

from ..panels import Panel, text_of
from ..selectors.scope import OutOfScope, View, monitoring_view
from ..services.refresh import ensure_fresh

FORMATS = ("csv", "xlsx", "svg", "png")
PUBLISH = "samarkan"  # ?samarkan=1: the published form (counts under 5 hidden)


def view_or_404(request) -> View:
    try:
        return monitoring_view(request.user, programme=request.GET.get("program"), cycle=request.GET.get("siklus"),
                               region=request.GET.get("wilayah", ""), year=request.GET.get("tahun"))
    except OutOfScope:
        raise Http404(_("Tidak ditemukan dalam cakupan Anda.")) from None


def fresh_view(request) -> View:
    """The view, after asking for today's figures when the latest are older (computed in the worker)."""
    ensure_fresh()
    return view_or_404(request)


def present(panel: Panel, page: str, filters: dict[str, str], *, url=None) -> dict:
    """A panel as the template lays it out: the chart inline, the table as text, and its downloads
    (`url(fmt)` gives a download's address; by default the monitoring page's)."""
    drawing = panel.drawing()
    query = urlencode(filters)

    def link(fmt: str, published: bool = False) -> str:
        address = url(fmt) if url else reverse("monitoring:download", args=[page, panel.key, fmt])
        extra = urlencode({**filters, PUBLISH: "1"}) if published else query
        return f"{address}?{extra}" if extra else address

    return {
        "panel": panel,
        "svg": mark_safe(drawing.svg(element_id=f"grafik-{panel.key}")) if drawing else "",  # noqa: S308 - escaped by Drawing.svg
        "rows": bool(panel.rows),
        "table": table_html(panel),
        "downloads": {fmt: link(fmt) for fmt in FORMATS},
        "published_csv": link("csv", True),
        "published_xlsx": link("xlsx", True),
    }


def table_html(panel: Panel) -> str:
    """The panel's table: a caption, column headers, a header cell per row, numbers right-aligned.
    Written here rather than by template loops: a province's page holds thousands of cells."""
    if not panel.rows:
        return ""

    def row(values, tag: str = "td") -> str:
        cells = []
        for i, (value, column) in enumerate(zip(values, panel.columns, strict=True)):
            text = escape(text_of(value, column.kind))
            if i == 0:
                cells.append(f'<th scope="row">{text}</th>')
            else:
                cells.append(f'<{tag} class="num">{text}</{tag}>' if column.numeric else f"<{tag}>{text}</{tag}>")
        return "<tr>" + "".join(cells) + "</tr>"

    head = "".join(f'<th scope="col" class="num">{escape(c.label)}</th>' if c.numeric
                   else f'<th scope="col">{escape(c.label)}</th>' for c in panel.columns)
    caption = escape(_("Tabel data: %(title)s") % {"title": panel.title})
    parts = [f'<table class="data" id="tabel-{escape(panel.key)}"><caption>{caption}</caption>',
             f"<thead><tr>{head}</tr></thead><tbody>", *(row(r) for r in panel.rows), "</tbody>"]
    if panel.total is not None:
        parts.append(f"<tfoot>{row(panel.total)}</tfoot>")
    parts.append("</table>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def send_panel(panel: Panel, fmt: str, name: str) -> HttpResponse:
    """A panel's data (CSV/XLSX, through the one table writer) or its chart (SVG/PNG)."""
    if fmt in ("csv", "xlsx"):
        path = Path(tempfile.mkdtemp(prefix="lindung-monitoring-")) / f"{name}.{fmt}"
        write_table(panel.frame(), path, sheet=sheet_title(panel.title) if fmt == "xlsx" else None)
        return send_file(path, f"{name}.{fmt}")
    drawing = panel.drawing()
    if drawing is None:
        raise Http404(_("Panel ini tidak mempunyai grafik (belum ada data)."))
    if fmt == "svg":
        response = HttpResponse(drawing.svg(standalone=True), content_type="image/svg+xml; charset=utf-8")
    else:
        response = HttpResponse(drawing.png(), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def pick(panels: list[Panel], key: str) -> Panel:
    found = next((p for p in panels if p.key == key), None)
    if found is None:
        raise Http404(_("Panel tidak dikenal."))
    return found
