"""Indonesian mobile numbers as gateways want them: 0812-3456-7890, +62 812 3456 7890, 62812... -> +6281234567890."""

from __future__ import annotations

import re


def normalize_phone(text: str | None) -> str:
    digits = re.sub(r"\D", "", text or "")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    if not (digits.startswith("08") and 10 <= len(digits) <= 13):
        return ""  # not a mobile number: a landline cannot take an SMS
    return "+62" + digits[1:]
