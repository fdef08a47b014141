"""What the `program`, `participants` and `billing` commands share: argument parsing into domain values
with clear errors, and the one rule of the CLI contract — fail (non-zero) only when the request or
the file itself cannot be used; bad rows are listed with reasons and the command succeeds."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from django.core.management.base import CommandError

from lindung.accounts.permissions import PermissionDenied
from lindung.domain.calendar import Month
from lindung.domain.money import InvalidAmount, parse_amount
from lindung.engine.tables import TableError

from .models import Programme
from .selectors import programme_by_code
from .services import ProgrammeError

SHOWN = 20  # rows listed on the terminal; the rest are in the report file


def programme(code: str) -> Programme:
    try:
        return programme_by_code(code)
    except Programme.DoesNotExist as exc:
        raise CommandError(str(exc)) from None


def month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"tanggal harus berformat YYYY-MM-DD: {text!r}") from None


def amount(text: str) -> Decimal:
    try:
        return parse_amount(text)
    except InvalidAmount as exc:
        raise CommandError(f"{exc} (tulis rupiah tanpa pemisah ribuan, mis. 1431360000)") from None


def count_text(n: int) -> str:
    """12.345: Indonesian thousands separator."""
    return f"{n:,}".replace(",", ".")


def codes(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").split(",") if c.strip()]


@contextlib.contextmanager
def failures() -> Iterator[None]:
    """Turn the errors a user can fix into CommandError (exit code 1, message, no traceback)."""
    try:
        yield
    except TableError as exc:
        raise CommandError(str(exc)) from None
    except (ProgrammeError, PermissionDenied) as exc:
        raise CommandError(str(exc)) from None
    except ValueError as exc:  # BillingError, MembershipError and friends are ValueErrors with a message
        raise CommandError(str(exc)) from None

