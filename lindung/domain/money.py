"""Exact money. Rupiah amounts are `Decimal`, never float; the exchange files write them as integer
rupiah or a decimal with '.' (DESIGN.md §4)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_AMOUNT_RE = re.compile(r"^-?\d+(\.\d+)?$")
CENT = Decimal("0.01")


class InvalidAmount(ValueError):
    pass


def parse_amount(raw: object) -> Decimal:
    """'16800', '3701508.68', 16800 -> Decimal. Thousand separators are refused, not guessed:
    '16.800' could be sixteen rupiah or sixteen thousand."""
    if isinstance(raw, bool):
        raise InvalidAmount(f"bukan nominal uang: {raw!r}")
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise InvalidAmount(f"bukan nominal uang: {raw!r}")
        return Decimal(repr(raw))
    text = "" if raw is None else str(raw).strip()
    if not _AMOUNT_RE.match(text):
        raise InvalidAmount(f"bukan nominal uang: {text!r}")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise InvalidAmount(text) from exc


def rupiah(value: Decimal | int | str) -> Decimal:
    """Round to whole rupiah (half up), the unit every invoice and payment is made in."""
    return Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def format_rupiah(value: Decimal | int) -> str:
    """'Rp16.800' / 'Rp3.701.508,68' — the way Indonesian documents write money."""
    d = Decimal(value)
    sign = "-" if d < 0 else ""
    d = abs(d)
    whole = int(d)
    frac = d - whole
    text = f"{whole:,}".replace(",", ".")
    if frac:
        text += "," + f"{frac.quantize(CENT)}"[2:]
    return f"{sign}Rp{text}"
