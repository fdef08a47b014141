"""Ticket numbers a reporter can quote on the phone: PGD-YY-XXXXXXC."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from typing import Any

from ..workdays import as_day

# PGD-YY-XXXXXXC: "PGD" (pengaduan), the two-digit year of receipt, six random symbols from an alphabet
# without look-alikes (no 0/O, 1/I/L, U), then one Luhn mod 30 check symbol over the year and the random
# part: any single misheard symbol or swapped neighbours on the phone makes the number invalid instead of
# finding another person's complaint. 30^6 = 729 million random numbers a year, so a guessed number hits
# one of 10,000 complaints with probability 1.4e-5; the database keeps them unique (retry on collision).

TICKET_PREFIX = "PGD"
TICKET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
TICKET_RANDOM_LENGTH = 6
_TICKET_RE = re.compile(rf"PGD([0-9]{{2}})([{TICKET_ALPHABET}]{{{TICKET_RANDOM_LENGTH + 1}}})")
_TICKET_INDEX = {c: i for i, c in enumerate(TICKET_ALPHABET)}


def _check_symbol(year: str, body: str) -> str:
    """Luhn mod N (N = 30) over the year's digits (values 0-9) and the body's symbols (alphabet index)."""
    n = len(TICKET_ALPHABET)
    values = [int(c) for c in year] + [_TICKET_INDEX[c] for c in body]
    total, factor = 0, 2
    for code in reversed(values):
        addend = factor * code
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return TICKET_ALPHABET[(n - total % n) % n]


def new_ticket_number(received_at: date | datetime, *, rng: Any = None) -> str:
    """A random ticket number, e.g. PGD-26-7KQ2M4H; `rng` (a random.Random) only for reproducible tests."""
    pick = (rng or secrets.SystemRandom()).choice
    year = f"{as_day(received_at).year % 100:02d}"
    body = "".join(pick(TICKET_ALPHABET) for _ in range(TICKET_RANDOM_LENGTH))
    return f"{TICKET_PREFIX}-{year}-{body}{_check_symbol(year, body)}"


def normalize_ticket_number(text: object) -> str | None:
    """The canonical number for what a person typed or said ('pgd 26 7kq2m4h', 'PGD267KQ2M4H'), or None
    when it is not a valid number (wrong shape or check symbol). 0, O, 1, I, L and U are not in the
    alphabet, so a number containing one is invalid rather than guessed."""
    compact = re.sub(r"[\s\-_./]+", "", str(text or "")).upper()
    m = _TICKET_RE.fullmatch(compact)
    if not m:
        return None
    year, body = m.group(1), m.group(2)
    if _check_symbol(year, body[:-1]) != body[-1]:
        return None
    return f"{TICKET_PREFIX}-{year}-{body}"
