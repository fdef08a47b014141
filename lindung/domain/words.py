"""How Indonesian official documents write dates and amounts, and text a core PDF font can print.

Shared by every generated document (berita acara, decree annex). Pure Python."""

from __future__ import annotations

import unicodedata
from datetime import date

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def long_date(d: date) -> str:
    """`17 Agustus 2026`."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def terbilang(n: int) -> str:
    """An amount in words, as Indonesian financial documents write it beside the figure."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _UNITS[n] or "nol"
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        return f"{_UNITS[n // 10]} puluh {_UNITS[n % 10]}".strip()
    if n < 1000:
        head = "seratus" if n < 200 else f"{_UNITS[n // 100]} ratus"
        return f"{head} {terbilang(n % 100) if n % 100 else ''}".strip()
    if n < 10**6:
        head = "seribu" if n < 2000 else f"{terbilang(n // 1000)} ribu"
        return f"{head} {terbilang(n % 1000) if n % 1000 else ''}".strip()
    for scale, word in _SCALES:
        if n >= scale:
            return f"{terbilang(n // scale)} {word} {terbilang(n % scale) if n % scale else ''}".strip()
    raise AssertionError("unreachable")


def latin1(text: object) -> str:
    """Core PDF fonts are Latin-1, which Bahasa Indonesia needs no more than; typographic quotes and
    dashes are replaced and any other character in a name is transliterated, never fatal."""
    text = str(text if text is not None else "")
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2013: "-", 0x2014: "-", 0x2026: "..."})
    try:
        return text.encode("latin-1").decode("latin-1")
    except UnicodeEncodeError:
        folded = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in folded if not unicodedata.combining(ch)).encode("latin-1", "replace").decode("latin-1")
