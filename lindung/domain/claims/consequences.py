"""What a claim means for the membership: a death claim proposes the Pasal 10 huruf a termination, the
JKM funeral-only rule by months of membership, and BPJS's payment deadline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..calendar import completed_months
from ..workdays import WorkCalendar
from .policy import ClaimsPolicy
from .rows import ClaimRow
from .vocabulary import (
    DIAJUKAN,
    DIBAYAR,
    JKK,
    JKM,
    KEMATIAN,
    PEMAKAMAN,
    TERMINATION_CITE,
    TERMINATION_REASON,
)


@dataclass(frozen=True)
class TerminationProposal:
    """Pasal 10 huruf a: membership ends on death. A proposal: an officer confirms it in the membership app."""

    nik: str
    end_date: date
    reason: str
    cite: str
    evidence: str  # Indonesian: which claim says so


def termination_for(row: ClaimRow) -> TerminationProposal | None:
    """A death claim (JKM, or JKK KEMATIAN) that is submitted or paid proposes ending the membership on
    the event date. A refused (DITOLAK) claim proposes nothing: BPJS did not accept what it says."""
    if not row.ok or not row.is_death or row.status not in (DIAJUKAN, DIBAYAR) or row.event_date is None:
        return None
    what = f"klaim {row.kind}" + (f" {row.benefit}" if row.kind == JKK else "")
    ref = f", referensi BPJS {row.bpjs_reference}" if row.bpjs_reference else ""
    return TerminationProposal(
        row.nik,
        row.event_date,
        TERMINATION_REASON,
        TERMINATION_CITE,
        f"{what} berstatus {row.status}{ref} (tanggal kejadian {row.event_date.isoformat()})",
    )


def jkm_benefit(membership_start: date, death_date: date, *, policy: ClaimsPolicy) -> str:
    """KEMATIAN (full benefit) or PEMAKAMAN (funeral costs only) by completed months of membership."""
    months = completed_months(membership_start, death_date)
    return PEMAKAMAN if months < policy.funeral_only_below_months(death_date) else KEMATIAN


Period = tuple[date, date | None]  # first and last day of a membership (None: still running)


def check_against_membership(row: ClaimRow, periods: Iterable[Period], *, policy: ClaimsPolicy) -> list[str]:
    """Warnings (Indonesian) comparing a checked claim with the participant's memberships in the programme."""
    if not row.ok or row.event_date is None:
        return []
    event = row.event_date
    covering = [p for p in periods if p[0] <= event and (p[1] is None or event <= p[1])]
    if not covering:
        return [f"tanggal_kejadian {event.isoformat()} di luar masa kepesertaan program"]
    out = []
    if row.kind == JKM:
        start = min(p[0] for p in covering)
        due = jkm_benefit(start, event, policy=policy)
        limit = policy.funeral_only_below_months(event)
        if due == PEMAKAMAN and row.benefit != PEMAKAMAN:
            out.append(
                f"kepesertaan kurang dari {limit} bulan saat meninggal: manfaat JKM hanya biaya pemakaman"
            )
        elif due == KEMATIAN and row.benefit == PEMAKAMAN:
            out.append(
                f"kepesertaan sudah {limit} bulan atau lebih saat meninggal: berhak santunan kematian penuh"
            )
    return out


def jkm_payment_due(complete_file_on: date, *, calendar: WorkCalendar, policy: ClaimsPolicy) -> date:
    """The last day BPJS should pay a JKM claim whose file was complete on that date."""
    return calendar.add_working_days(complete_file_on, policy.jkm_payment_working_days(complete_file_on))
