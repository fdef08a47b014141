"""Server-rendered bar charts: geometry computed here, drawn as inline SVG by the template (no
JavaScript, no inline style: the CSP forbids both; colours come from classes in the stylesheet)."""

from __future__ import annotations

from dataclasses import dataclass
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
