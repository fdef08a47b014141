"""Panels printed in a PDF: heading, the chart as an image, the table, the notes. fpdf2 with its core
font, as every Lindung document (the berita acara's document class, lindung.billing.documents)."""

from __future__ import annotations

import io

from lindung.domain.words import latin1
from lindung.platform.documents import OfficialDocument as Document

from ..panels import Panel, text_of

PAGE_WIDTH = 257  # A4 landscape less the margins, in mm
FIRST_COLUMN = 62


def widths(panel: Panel) -> tuple[int, ...]:
    """Column widths that fill the page: the first (the label) wider, text columns wider than numbers."""
    rest = panel.columns[1:]
    if not rest:
        return (PAGE_WIDTH,)
    weights = [2 if not c.numeric else 1 for c in rest]
    unit = (PAGE_WIDTH - FIRST_COLUMN) / sum(weights)
    out = [FIRST_COLUMN, *(max(14, int(unit * w)) for w in weights)]
    out[0] = PAGE_WIDTH - sum(out[1:])
    return tuple(out)


def print_panel(pdf: Document, panel: Panel, *, chart: bool = True) -> None:
    pdf.add_page(orientation="L")
    pdf.paragraph(panel.title, size=12, style="B")
    pdf.ln(1)
    if not panel.rows:
        pdf.paragraph(str(panel.empty or "Belum ada data."), size=10)
        return
    drawing = panel.drawing() if chart else None
    if drawing is not None:
        width = min(PAGE_WIDTH, drawing.width * 0.3)
        height = drawing.height * width / drawing.width
        if height > 95:  # keep the table on the same page when it can be
            width, height = width * 95 / height, 95
        pdf.image(io.BytesIO(drawing.png(scale=2)), w=width, h=height)
        pdf.ln(2)
    rows = [[text_of(v, c.kind) for v, c in zip(row, panel.columns, strict=True)] for row in panel.rows]
    if panel.total is not None:
        rows.append([text_of(v, c.kind) for v, c in zip(panel.total, panel.columns, strict=True)])
    pdf.grid(widths(panel), tuple(str(c.label) for c in panel.columns), rows,
             align=tuple("R" if c.numeric else "L" for c in panel.columns))
    for note in panel.notes:
        pdf.ln(1)
        pdf.paragraph(latin1(str(note)), size=8, height=4)
