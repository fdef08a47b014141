"""Server-rendered charts: geometry computed here, never in the browser (no JavaScript, no inline style:
the CSP forbids both). `grouped_bars` is drawn by a template with the stylesheet's colours; a `Drawing`
(`horizontal_bars`, `monthly_columns`) draws itself as SVG, inline or as a file, and as PNG."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

LABEL_WIDTH = 260
BAR_AREA = 470
BAR_HEIGHT = 16
GAP = 14


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    css: str
    value: Decimal
    label: str


@dataclass(frozen=True)
class Group:
    label: str
    y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    groups: list[Group]
    width: int
    height: int
    label_width: int
    series: list[tuple[str, str]]  # (css class, legend label)


def grouped_bars(groups: list[tuple[str, list[Decimal]]], series: list[tuple[str, str]]) -> Chart:
    """One group per row label, one bar per series value, all on one scale (the largest value)."""
    largest = max((v for _, values in groups for v in values), default=Decimal(0)) or Decimal(1)
    out, y = [], GAP
    for label, values in groups:
        bars = []
        for i, ((css, name), value) in enumerate(zip(series, values, strict=True)):
            width = int(BAR_AREA * value / largest) if value > 0 else 0
            bars.append(Bar(y + i * (BAR_HEIGHT + 2), max(width, 1 if value > 0 else 0), css, value, name))
        out.append(Group(label, y, bars))
        y += len(series) * (BAR_HEIGHT + 2) + GAP
    return Chart(out, LABEL_WIDTH + BAR_AREA + 150, y, LABEL_WIDTH, series)


# --- Drawings: one geometry, drawn as SVG (inline or downloaded) and as PNG -------------------------
#
# A drawing is a list of shapes in pixel coordinates. `svg()` writes presentation attributes only (no
# style element, no style attribute: the page's Content-Security-Policy allows them inline), and
# `png()` draws the same shapes with Pillow, so a chart downloaded as an image is the one on the page.

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D1F", "#444444")
INK, MUTED, GRID = "#1f2933", "#52606d", "#d9dee3"
FONT = "Helvetica, Arial, sans-serif"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    tooltip: str = ""


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: int = 11
    anchor: str = "start"  # start | middle | end
    fill: str = INK
    bold: bool = False


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID
    width: float = 1
    points: tuple[tuple[float, float], ...] = ()  # a polyline when given


@dataclass
class Drawing:
    width: int
    height: int
    title: str
    shapes: list = field(default_factory=list)

    def svg(self, *, element_id: str = "", standalone: bool = False) -> str:
        from xml.sax.saxutils import escape, quoteattr

        ident = f' id="{element_id}"' if element_id else ""
        head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
        out = [f'{head}<svg xmlns="http://www.w3.org/2000/svg"{ident} viewBox="0 0 {self.width} {self.height}" '
               f'width="{self.width}" height="{self.height}" role="img" font-family="{FONT}">',
               f"<title>{escape(self.title)}</title>",
               f'<rect x="0" y="0" width="{self.width}" height="{self.height}" fill="#ffffff"/>']
        for s in self.shapes:
            if isinstance(s, Rect):
                tip = f"<title>{escape(s.tooltip)}</title>" if s.tooltip else ""
                out.append(f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.width:.1f}" height="{s.height:.1f}" '
                           f'fill="{s.fill}">{tip}</rect>')
            elif isinstance(s, Text):
                weight = ' font-weight="bold"' if s.bold else ""
                out.append(f'<text x="{s.x:.1f}" y="{s.y:.1f}" font-size="{s.size}" text-anchor="{s.anchor}" '
                           f'fill="{s.fill}"{weight}>{escape(s.text)}</text>')
            elif s.points:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in s.points)
                out.append(f'<polyline points={quoteattr(points)} fill="none" stroke="{s.stroke}" '
                           f'stroke-width="{s.width}"/>')
            else:
                out.append(f'<line x1="{s.x1:.1f}" y1="{s.y1:.1f}" x2="{s.x2:.1f}" y2="{s.y2:.1f}" '
                           f'stroke="{s.stroke}" stroke-width="{s.width}"/>')
        out.append("</svg>")
        return "\n".join(out)

    def png(self, scale: int = 2) -> bytes:
        import io

        from PIL import Image, ImageDraw, ImageFont

        image = Image.new("RGB", (self.width * scale, self.height * scale), "#ffffff")
        draw = ImageDraw.Draw(image)
        fonts: dict[int, ImageFont.FreeTypeFont] = {}
        anchors = {"start": "ls", "middle": "ms", "end": "rs"}
        for s in self.shapes:
            if isinstance(s, Rect):
                if s.width > 0 and s.height > 0:
                    draw.rectangle([s.x * scale, s.y * scale, (s.x + s.width) * scale - 1,
                                    (s.y + s.height) * scale - 1], fill=s.fill)
            elif isinstance(s, Text):
                font = fonts.setdefault(s.size, ImageFont.load_default(size=s.size * scale))
                draw.text((s.x * scale, s.y * scale), s.text, fill=s.fill, font=font, anchor=anchors[s.anchor],
                          stroke_width=1 if s.bold else 0, stroke_fill=s.fill)
            elif s.points:
                draw.line([(x * scale, y * scale) for x, y in s.points], fill=s.stroke, width=int(s.width * scale))
            else:
                draw.line([(s.x1 * scale, s.y1 * scale), (s.x2 * scale, s.y2 * scale)], fill=s.stroke,
                          width=max(1, int(s.width * scale)))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()


def _legend(drawing: Drawing, names: list[str], y: float, x: float = 12) -> None:
    """Colour keys in rows that fit the drawing's width (it grows to hold them)."""
    start = x
    for i, name in enumerate(names):
        width = 30 + 6 * len(name)
        if x > start and x + width > drawing.width:
            x, y = start, y + 18
        drawing.shapes.append(Rect(x, y - 10, 12, 12, PALETTE[i % len(PALETTE)]))
        drawing.shapes.append(Text(x + 18, y, name))
        x += width
    drawing.height = max(drawing.height, int(y + 10))


def nice_step(largest: float, *, whole: bool = False) -> float:
    """A grid step of 1, 2, 2.5 or 5 times a power of ten giving four steps up to `largest` (whole
    numbers only for counts)."""
    import math

    raw = max(largest, 1e-9) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return max(1.0, math.ceil(step)) if whole else step


def horizontal_bars(title: str, labels: list[str], series: list[tuple[str, list]], *,
                    text: Callable[[object], str] = str, label_width: int = 230) -> Drawing:
    """One row per label, one bar per series, all on one scale; the value written after each bar."""
    bar, gap, area = 14, 10, 420
    rows_height = len(labels) * (len(series) * (bar + 2) + gap)
    drawing = Drawing(label_width + area + 110, int(rows_height + gap + (34 if len(series) > 1 else 6)), title)
    largest = max((v or 0 for _, values in series for v in values), default=0) or 1
    y = gap
    for row, label in enumerate(labels):
        drawing.shapes.append(Text(label_width - 8, y + bar - 3, _clip(label, 36), anchor="end"))
        for i, (name, values) in enumerate(series):
            top = y + i * (bar + 2)
            if values[row] is None:  # an empty cell: no bar and no label (never a false zero)
                continue
            value = values[row]
            width = area * float(value) / float(largest) if value > 0 else 0
            drawing.shapes.append(Rect(label_width, top, max(width, 1 if value else 0), bar,
                                       PALETTE[i % len(PALETTE)], f"{label} — {name}: {text(values[row])}"))
            drawing.shapes.append(Text(label_width + width + 5, top + bar - 3, text(values[row]), fill=MUTED))
        y += len(series) * (bar + 2) + gap
    drawing.shapes.append(Line(label_width, gap / 2, label_width, y - gap / 2, MUTED))
    if len(series) > 1:
        _legend(drawing, [name for name, _ in series], y + 18)
    return drawing


def monthly_columns(title: str, months: list[str], series: list[tuple[str, list]], *, stacked: bool = False,
                    lines: list[tuple[str, list]] = (), text: Callable[[object], str] = str,
                    whole: bool = False) -> Drawing:
    """Columns per month (side by side, or stacked), optionally with lines over them (a plan, a
    cumulative total), on one scale with four grid lines."""
    left, top, plot_h = 70, 16, 220
    step = max(26, min(60, 720 // max(len(months), 1)))
    drawing = Drawing(left + step * len(months) + 20, top + plot_h + 70, title)
    column_totals = [sum(float(values[i] or 0) for _, values in series) for i in range(len(months))]
    peaks = column_totals if stacked else [max((float(v[i] or 0) for _, v in series), default=0) for i in range(len(months))]
    highest = max([*peaks, *(float(v or 0) for _, values in lines for v in values)], default=0) or 1
    grid = nice_step(highest, whole=whole)
    largest = grid * 4
    base = top + plot_h
    for k in range(5):
        y = base - plot_h * k / 4
        drawing.shapes.append(Line(left, y, left + step * len(months), y))
        drawing.shapes.append(Text(left - 6, y + 4, text(grid * k), size=10, anchor="end", fill=MUTED))
    width = (step - 6) / (1 if stacked else max(len(series), 1))
    for i, month in enumerate(months):
        x, height_so_far = left + step * i + 3, 0.0
        for j, (name, values) in enumerate(series):
            value = float(values[i] or 0)
            h = plot_h * value / largest
            if stacked:
                y = base - height_so_far - h
                height_so_far += h
                bar_x = x
            else:
                y, bar_x = base - h, x + j * width
            drawing.shapes.append(Rect(bar_x, y, width, h, PALETTE[j % len(PALETTE)], f"{month} — {name}: {text(values[i])}"))
        if len(months) <= 18 or i % 3 == 0:
            drawing.shapes.append(Text(x + (step - 6) / 2, base + 14, month, size=10, anchor="middle", fill=MUTED))
    for j, (name, values) in enumerate(lines):
        colour = PALETTE[(len(series) + j) % len(PALETTE)]
        # A line joins the months that have a value (a year without a target draws no point at zero).
        points = tuple((left + step * i + step / 2, base - plot_h * float(v) / largest)
                       for i, v in enumerate(values) if v is not None)
        if len(points) == 1:
            x, y = points[0]
            drawing.shapes.append(Rect(x - 3, y - 3, 6, 6, colour, f"{name}: {text(next(v for v in values if v is not None))}"))
        elif points:
            drawing.shapes.append(Line(0, 0, 0, 0, colour, 2, points))
    _legend(drawing, [name for name, _ in series] + [name for name, _ in lines], base + 40)
    return drawing


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
