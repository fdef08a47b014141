"""Draw docs/tiers.svg from the table that tests/architecture/test_layers.py enforces, so the picture in
docs/ARCHITECTURE.md can never drift from the rule:

    .venv/bin/python docs/draw_tiers.py
"""

from __future__ import annotations

import ast
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = ROOT / "tests" / "architecture" / "test_layers.py"


def tiers() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """TIERS as the test defines it, read from its source (no Django needed to draw)."""
    for node in ast.parse(TEST.read_text()).body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "TIERS":
            return ast.literal_eval(node.value)
    raise SystemExit("TIERS not found in " + str(TEST))


NOTES = {
    "domain": "pure Python: NIK, calendar, money, rules and their two executors, billing maths",
    "tools": "synth: the data generator (pure) · platform: files, bulk SQL, storage, CLI, errors, registries",
    "reference": "each may import those to its left",
    "programmes": "programmes, funding sources, budget",
    "membership": "participants, membership periods, terminations",
    "applications": "Pasal 6-8: submit, bulk intake, verify, BPJS check, consolidate, decree, enrol",
    "money": "monthly bill, reconciliation, berita acara, payment",
    "after enrolment": "complaints (Pasal 13), benefit claims",
    "monitoring": "indicators and reports (Pasal 12)",
    "interfaces": "REST API, pages, demo city",
}


def draw() -> str:
    rows = list(reversed(tiers()))
    width, row_h, gap, left = 980, 58, 10, 170
    height = len(rows) * (row_h + gap) + 60
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="DejaVu Sans, Arial, sans-serif" font-size="13">',
           '<rect width="100%" height="100%" fill="#ffffff"/>',
           f'<text x="20" y="28" font-size="16" font-weight="bold">Lindung: tiers that only import downward</text>']
    for i, (name, apps) in enumerate(rows):
        y = 44 + i * (row_h + gap)
        shade = "#e6f2ef" if i % 2 else "#d5ebe5"
        out.append(f'<rect x="20" y="{y}" width="{width - 40}" height="{row_h}" rx="6" fill="{shade}" stroke="#5a8f81"/>')
        out.append(f'<text x="32" y="{y + 24}" font-weight="bold">{escape(name)}</text>')
        x = left
        for app in apps:
            w = 16 + 8.5 * len(app)
            out.append(f'<rect x="{x}" y="{y + 8}" width="{w}" height="24" rx="4" fill="#ffffff" stroke="#2f6b5e"/>')
            out.append(f'<text x="{x + 6}" y="{y + 25}">{escape(app)}</text>')
            x += w + 8
        out.append(f'<text x="{left}" y="{y + 50}" font-size="11" fill="#35524b">{escape(NOTES.get(name, ""))}</text>')
    for i in range(len(rows) - 1):  # drawn last, over the bands: each tier imports the ones below
        y, ax = 44 + i * (row_h + gap), width - 60
        out.append(f'<path d="M{ax} {y + row_h - 14} L{ax} {y + row_h + gap + 2}" stroke="#2f6b5e" stroke-width="2"/>')
        out.append(f'<path d="M{ax - 6} {y + row_h + gap} L{ax} {y + row_h + gap + 10} L{ax + 6} {y + row_h + gap} Z" '
                   f'fill="#2f6b5e"/>')
    out.append(f'<text x="{width - 250}" y="{height - 10}" font-size="11" fill="#35524b">'
               f'arrows: "imports"; never upward</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    target = Path(__file__).resolve().parent / "tiers.svg"
    target.write_text(draw())
    print(target)
