"""What every `lindung` command shares: argument parsing into domain values with clear errors, and the
one rule of the CLI contract — fail (non-zero) only when the request or the file itself cannot be
used; bad rows are listed with reasons and the command succeeds."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import CommandError

from lindung.domain.calendar import Month
from lindung.domain.money import InvalidAmount, parse_amount

from .errors import PermissionDenied
from .files import TableError

SHOWN = 20  # rows listed on the terminal; the rest are in the report file


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


def optional_day(text: str | None) -> date | None:
    return day(text) if text else None


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
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from None
    except ValueError as exc:  # ProgrammeError, BillingError and friends are ValueErrors with a message
        raise CommandError(str(exc)) from None



def found(getter, *args):
    """`getter(*args)`, with "not found" (the selector's message names what exists) as a CommandError."""
    try:
        return getter(*args)
    except ObjectDoesNotExist as exc:
        raise CommandError(str(exc)) from None


@dataclass
class Subcommand:
    name: str
    help: str
    arguments: Callable
    run: Callable


class CommandGroup:
    """A `lindung NAME ACTION` command whose actions come from several apps: each app registers its own
    (in its AppConfig.ready), so `lindung program budget` can belong to billing while `lindung program
    create` belongs to programs, and no app imports one above it."""

    def __init__(self) -> None:
        self.subcommands: dict[str, Subcommand] = {}

    def action(self, name: str, help: str, arguments: Callable | None = None) -> Callable:
        """Register `run(command, **options)` as action `name`; `arguments(parser)` declares its options."""

        def register(run: Callable) -> Callable:
            self.subcommands[name] = Subcommand(name, help, arguments or (lambda parser: None), run)
            return run

        return register

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for subcommand in self.subcommands.values():
            subcommand.arguments(sub.add_parser(subcommand.name, help=subcommand.help))

    def run(self, command, action: str, options: dict) -> None:
        with failures():
            self.subcommands[action].run(command, **options)
