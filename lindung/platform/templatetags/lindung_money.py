"""Template filters for money pages: `{{ amount|rupiah }}`, `{{ nik|masked_nik }}`, `{{ n|angka }}`."""

from decimal import Decimal, InvalidOperation

from django import template

from lindung.domain import nik as nik_rules
from lindung.domain.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    if value in (None, ""):
        return "—"
    try:
        return format_rupiah(Decimal(value))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


@register.filter
def angka(value) -> str:
    """12.345 — counts with the Indonesian thousands separator, whatever the active language."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(value)


@register.filter
def masked_nik(value) -> str:
    return nik_rules.mask(str(value or ""))


@register.filter
def ukuran_berkas(size) -> str:
    """392 -> "392 byte", 5242880 -> "5,0 MB": file sizes as Indonesian readers write them (not "bita")."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return f"{size} byte"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}".replace(".", ",")
    return ""
