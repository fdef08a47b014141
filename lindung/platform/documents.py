"""Documents as Pemdas print them: A4, "Halaman x dari y" on every page, tables whose cells wrap (never
clip a kelurahan or an occupation) with the heading repeated on each page, and signature blocks with the
place, the date, the office, the name and the NIP.

fpdf2 with its core fonts only (pip-only, no system fonts): text goes through `latin1`, which Bahasa
Indonesia needs no more than. The grid wraps words itself because fpdf2's `table()` lays out every cell
through its full text engine, which takes seconds for an annex of thousands of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lindung.domain.words import latin1, long_date


@dataclass(frozen=True)
class Signatory:
    office: str  # "WALI KOTA BALIKPAPAN", "Kepala Dinas Tenaga Kerja"
    name: str = ""  # blank: a dotted line to write the name by hand
    nip: str = ""  # civil servants only (an elected head of region has none)


class OfficialDocument(FPDF):
    def __init__(self, title: str, *, landscape: bool = False):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.document_title = title
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_title(latin1(title))
        self.set_creator("Lindung")
        self.alias_nb_pages()
        self.add_page()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, latin1(f"{self.document_title} - Halaman {self.page_no()} dari {{nb}}"), align="C")

    # --- text --------------------------------------------------------------------------------------

    def paragraph(self, text: str, *, size: float = 11, style: str = "", align: str = "L", height: float = 6) -> None:
        self.set_font("Helvetica", style=style, size=size)
        self.multi_cell(0, height, latin1(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def facts(self, pairs: Iterable[tuple[str, str]], *, label_width: float = 55, size: float = 11) -> None:
        """`Nama        : Siti Aminah`, the label column fixed, the value wrapping."""
        for label, value in pairs:
            self.set_font("Helvetica", size=size)
            self.cell(label_width, 6, latin1(label))
            self.cell(4, 6, ":")
            self.multi_cell(0, 6, latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def signature(self, signatory: Signatory, *, place: str = "", on: date | None = None, right: bool = True,
                  note: str = "") -> None:
        """Place and date, the office, room to sign, the name (or a dotted line), the NIP."""
        width = 85
        x = self.w - self.r_margin - width if right else self.l_margin
        if self.get_y() + 45 > self.page_break_trigger:
            self.add_page(orientation=self.cur_orientation)
        self.ln(4)
        self.set_font("Helvetica", size=10)
        lines = []
        if place or on:
            lines.append(f"{place}, {long_date(on) if on else '........................'}".lstrip(", "))
        if note:
            lines.append(note)
        lines.append(signatory.office)
        for text in lines:
            self.set_x(x)
            self.multi_cell(width, 5, latin1(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(18)
        self.set_x(x)
        self.set_font("Helvetica", style="BU" if signatory.name else "", size=10)
        self.multi_cell(width, 5, latin1(signatory.name or "(.........................................)"), align="C",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if signatory.nip:
            self.set_font("Helvetica", size=10)
            self.set_x(x)
            self.multi_cell(width, 5, latin1(f"NIP. {signatory.nip}"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    # --- tables ------------------------------------------------------------------------------------

    def grid(self, widths: Sequence[float], header: Sequence[str], rows: Iterable[Sequence[object]], *,
             size: float = 8, align: Sequence[str] = ()) -> None:
        """A table whose cells wrap at word boundaries, the heading repeated on each page."""
        line_h = size * 0.45
        align = tuple(align) or ("L",) * len(widths)

        def draw(cells: Sequence[str], *, bold: bool = False, fill: bool = False) -> None:
            self.set_font("Helvetica", style="B" if bold else "", size=size)
            wrapped = [self.wrap(latin1(c), w - 2 * self.c_margin) for c, w in zip(cells, widths, strict=True)]
            height = max(len(lines) for lines in wrapped) * line_h + 1.5
            if self.get_y() + height > self.page_break_trigger:
                self.add_page(orientation=self.cur_orientation)
                if not bold:
                    draw(header, bold=True, fill=True)
            x, y = self.l_margin, self.get_y()
            if fill:
                self.set_fill_color(230, 242, 239)
            for lines, w, a in zip(wrapped, widths, align, strict=True):
                self.rect(x, y, w, height, style="DF" if fill else "D")
                for i, text in enumerate(lines):
                    self.set_xy(x, y + 0.75 + i * line_h)
                    self.cell(w, line_h, text, align=a)
                x += w
            self.set_xy(self.l_margin, y + height)

        draw(header, bold=True, fill=True)
        for row in rows:
            draw(["" if v is None else str(v) for v in row])

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap by the current font's widths; a word longer than the cell is cut into pieces."""
        lines: list[str] = []
        for paragraph in text.split("\n") or [""]:
            current = ""
            for word in paragraph.split(" "):
                candidate = f"{current} {word}" if current else word
                if self.get_string_width(candidate) <= width:
                    current = candidate
                    continue
                if current:
                    lines.append(current)
                while self.get_string_width(word) > width and len(word) > 1:
                    cut = len(word)
                    while cut > 1 and self.get_string_width(word[:cut]) > width:
                        cut -= 1
                    lines.append(word[:cut])
                    word = word[cut:]
                current = word
            lines.append(current)
        return lines or [""]

    def output_bytes(self) -> bytes:
        return bytes(self.output())
