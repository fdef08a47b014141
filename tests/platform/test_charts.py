"""Charts drawn on the server: one geometry, as SVG (no style: the CSP allows presentation attributes
only) and as PNG; an empty cell draws nothing, never a bar at zero."""

import io
import xml.etree.ElementTree as ET

from PIL import Image

from lindung.platform import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_horizontal_bars_as_svg_and_png():
    drawing = charts.horizontal_bars("Peserta & usulan <2026>", ["Manggar", "Lamaru"],
                                     [("Peserta", [10, 5]), ("Usulan", [20, None])])
    root = ET.fromstring(drawing.svg(element_id="grafik-x"))
    assert root.get("id") == "grafik-x" and root.find(f"{SVG}title").text == "Peserta & usulan <2026>"
    assert "style" not in drawing.svg()
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [r.find(f"{SVG}title").text for r in bars] == ["Manggar — Peserta: 10", "Manggar — Usulan: 20",
                                                         "Lamaru — Peserta: 5"]  # no bar for the empty cell
    assert float(bars[1].get("width")) == 2 * float(bars[0].get("width"))
    image = Image.open(io.BytesIO(drawing.png(scale=2)))
    assert image.size == (drawing.width * 2, drawing.height * 2)
    assert drawing.svg(standalone=True).startswith('<?xml version="1.0"')


def test_monthly_columns_with_a_line_and_a_wrapped_legend():
    names = [f"Alasan berhenti yang panjang sekali nomor {i}" for i in range(5)]
    drawing = charts.monthly_columns("Penghentian", ["2025-01", "2025-02"], [(n, [1, 0]) for n in names],
                                     stacked=True, lines=[("Rencana", [None, 3])], whole=True)
    texts = [t.text for t in ET.fromstring(drawing.svg()).iter(f"{SVG}text")]
    assert texts[:5] == ["0", "2", "4", "6", "8"]  # five stacked ones: whole steps of 2 for counts
    keys = [s for s in drawing.shapes if isinstance(s, charts.Text) and s.text in (*names, "Rencana")]
    assert len({k.y for k in keys}) > 1 and all(k.x < drawing.width for k in keys)  # the legend wraps
    assert drawing.height >= max(k.y for k in keys)


def test_grid_steps_are_round():
    assert charts.nice_step(1, whole=True) == 1
    assert charts.nice_step(1) == 0.25
    assert charts.nice_step(2016000) == 1000000
    assert charts.nice_step(67.2) == 20
