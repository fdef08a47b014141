"""Opening a programme's yearly cycle (Perwali 3/2025 Pasal 8 ayat (1) and (6))."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from lindung.audit import services as audit
from lindung.domain.rules import RuleSetError
from lindung.programs.models import Programme

from ..actions import Action
from ..models import Cycle
from ..permissions import require_programme_owner
from .status import ApplicationInvalid


def default_window(year: int) -> tuple[date, date]:
    """Pasal 8 ayat (1): the candidate list is updated once a year, in the third quarter."""
    return date(year, 7, 1), date(year, 9, 30)


def default_enrolment(programme: Programme, year: int) -> date:
    """Pasal 8 ayat (6): enrolled the following year, on 1 January (delay is a rule-set parameter)."""
    ruleset = programme.ruleset
    try:
        delay = int(ruleset.value("enrolment_delay_years", date(year, 12, 31)))
    except RuleSetError:  # a rule set without the parameter: the regulation's own default
        delay = 1
    return date(year + delay, 1, 1)


@transaction.atomic
def create_cycle(actor, *, programme: Programme, year: int, collection_start: date | None = None,
                 collection_end: date | None = None, enrolment_date: date | None = None,
                 quota: int | None = None) -> Cycle:
    cycle = Cycle(programme=programme, year=year)
    require_programme_owner(actor, cycle)
    start, end = default_window(year)
    cycle.collection_start = collection_start or start
    cycle.collection_end = collection_end or end
    cycle.enrolment_date = enrolment_date or default_enrolment(programme, year)
    cycle.quota = quota
    errors = {}
    if cycle.collection_end < cycle.collection_start:
        errors["collection_end"] = "Akhir pendataan sebelum awal pendataan"
    if cycle.enrolment_date <= cycle.collection_end:
        errors["enrolment_date"] = "Kepesertaan harus mulai setelah pendataan berakhir"
    if Cycle.objects.filter(programme=programme, year=year).exists():
        errors["year"] = f"Program ini sudah mempunyai siklus tahun {year}"
    if errors:
        raise ApplicationInvalid(errors)
    cycle.created_by = actor if getattr(actor, "is_authenticated", False) else None
    cycle.save()
    audit.record(actor, Action.CYCLE_CREATE, cycle, after=audit.snapshot(cycle), tenant=programme.tenant)
    return cycle
