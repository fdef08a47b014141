"""Region-code syntax (pure; the database says whether a well-formed code exists)."""

import re

_PATTERNS = {
    1: re.compile(r"^\d{2}$"),
    2: re.compile(r"^\d{2}\.\d{2}$"),
    3: re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    4: re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
}


def level_of(code: str) -> int | None:
    """1..4 for a well-formed code, None otherwise."""
    for level, pattern in _PATTERNS.items():
        if pattern.match(code):
            return level
    return None


def parent_of(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def normalize(raw: object) -> str:
    """'6471011001' or ' 64.71.01.1001 ' -> '64.71.01.1001' (staff type codes both ways)."""
    text = "" if raw is None else str(raw).strip()
    digits = text.replace(".", "")
    if digits.isdigit() and len(digits) in (2, 4, 6, 10) and "." not in text:
        parts = [digits[:2], digits[2:4], digits[4:6], digits[6:10]]
        return ".".join(p for p in parts if p)
    return text
