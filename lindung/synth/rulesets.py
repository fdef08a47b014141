"""The figures the generator takes from the rule set instead of repeating them: the minimum wage
(income distribution, people stating exactly the UMK) and the monthly contribution (invoices)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lindung.domain.rules import load

RULESET = "balikpapan-perwali-3-2025"


def minimum_wage(year: int, ruleset: str = RULESET) -> Decimal:
    """The UMK in force during the data-collection window of `year`."""
    return Decimal(load(ruleset).value("umk", date(year, 7, 1)))


def contributions(on: date, ruleset: str = RULESET) -> tuple[Decimal, Decimal]:
    """(JKK, JKM) per participant per month on a date."""
    rules = load(ruleset)
    return Decimal(rules.value("contribution_jkk", on)), Decimal(rules.value("contribution_jkm", on))


def billing_age_limit_months(on: date, ruleset: str = RULESET) -> int:
    """Contributions are paid while the participant is at most this many completed months old."""
    return int(load(ruleset).value("billing_age_limit_months", on))
