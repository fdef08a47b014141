"""The scholarship guard: does the contribution period the scholarship needs hold, and which unpaid
months would break it."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from ..calendar import Month
from .policy import ClaimsPolicy


@dataclass(frozen=True)
class ContributionPeriod:
    basis: str  # JKM or JKK: the death claim the scholarship follows
    as_of: Month  # month of the event (or the current month, for a living participant)
    required_months: int
    continuous: bool
    counted_months: int  # paid months counted: the run ending at as_of (continuous) or all (cumulative)
    holds: bool  # the period the scholarship needs is there now
    breaking_months: tuple[Month, ...]  # unpaid months that break it (continuous counting only)
    payable_months: tuple[Month, ...]  # months billed and not yet paid whose payment would count
    holds_if_paid: bool  # the period holds once payable_months are paid
    message: str  # Indonesian
    ref: str


def scholarship_contribution_period(
    basis: str,
    paid_months: Iterable[Month],
    *,
    on: date,
    policy: ClaimsPolicy,
    billed_months: Collection[Month] = (),
) -> ContributionPeriod:
    """Does the contribution period the scholarship needs hold on `on`?

    `paid_months`: months whose contribution was paid for the participant; `billed_months`: months billed
    (paid or not). Continuous counting (default, data): the `required` months ending with the month of `on`
    must all be paid; an unpaid month after the first contribution breaks the period and is listed, and
    marked payable when it is billed (paying the arrears restores it). A participant whose contributions
    began too recently does not hold the period, with no breaking month. Cumulative counting: the paid
    months up to `on` are added up; gaps break nothing."""
    as_of = Month.of(on)
    required = policy.scholarship_min_months(basis, on)
    continuous = policy.scholarship_continuous(on)
    ref = policy.ref("scholarship_min_contribution_months", on)
    paid = {m for m in paid_months if m <= as_of}
    billed = {m for m in billed_months if m <= as_of}
    unpaid_billed = billed - paid

    if continuous:
        run, m = 0, as_of
        while m in paid:
            run += 1
            m = m + -1
        counted = run
    else:
        counted = len(paid)
    if required == 0:
        return ContributionPeriod(
            basis,
            as_of,
            0,
            continuous,
            counted,
            True,
            (),
            (),
            True,
            f"beasiswa {basis} tidak mensyaratkan masa iur minimum",
            ref,
        )

    if continuous:
        window = [as_of + (i - required + 1) for i in range(required)]
        started = min(paid | billed) if paid or billed else None
        breaking = tuple(m for m in window if m not in paid and started is not None and m >= started)
        payable = tuple(m for m in breaking if m in unpaid_billed)
        too_recent = started is None or started > window[0]
        holds = not breaking and not too_recent
        holds_if_paid = not too_recent and len(payable) == len(breaking)
    else:
        breaking = ()
        payable = tuple(sorted(unpaid_billed))
        holds = counted >= required
        holds_if_paid = counted + len(payable) >= required

    if holds:
        message = f"masa iur {counted} bulan memenuhi syarat beasiswa {basis} ({required} bulan)"
    elif breaking:
        listed = ", ".join(str(m) for m in breaking)
        message = f"masa iur {required} bulan untuk beasiswa {basis} terputus oleh bulan yang belum dibayar: {listed}"
        if payable:
            message += f"; masih dapat dibayar: {', '.join(str(m) for m in payable)}"
    else:
        message = f"masa iur baru {counted} bulan; beasiswa {basis} mensyaratkan {required} bulan"
    return ContributionPeriod(
        basis, as_of, required, continuous, counted, holds, breaking, payable, holds_if_paid, message, ref
    )
