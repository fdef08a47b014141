"""Reading rule sets for people: what each criterion says, its citation, and the values in force on a
date. Rule sets are files (lindung/rulesets), not database rows, so nothing here touches the database;
the CLI (`lindung rules`) and the rule-set pages share these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lindung.domain.rules import RuleSet, available, load
from lindung.domain.rules.evaluate import format_value, period_text
from lindung.domain.rules.ruleset import Criterion, Parameter, ParameterValue


@dataclass(frozen=True)
class ParameterView:
    name: str
    description: str
    cite: str
    current: ParameterValue | None  # in force on the date asked; None if not yet
    shown: str  # current value as messages show it
    history: tuple[tuple[ParameterValue, str], ...]  # every value with how it is shown


@dataclass(frozen=True)
class CriterionView:
    code: str
    cite: str
    description: str
    outcome: str  # the decision when it fails (or PRIORITAS for a priority flag)
    parameters: tuple[ParameterView, ...]


@dataclass(frozen=True)
class RuleSetView:
    ruleset: RuleSet
    on: date
    in_force: bool
    period: str
    criteria: tuple[CriterionView, ...]
    priorities: tuple[CriterionView, ...]
    parameters: tuple[ParameterView, ...]


def list_rulesets() -> list[RuleSet]:
    return [load(ruleset_id) for ruleset_id in available()]


def get_ruleset(ruleset_id: str) -> RuleSet:
    """Raises lindung.domain.rules.RuleSetError for an unknown id."""
    return load(ruleset_id)


def ruleset_view(ruleset_id: str, on: date) -> RuleSetView:
    ruleset = get_ruleset(ruleset_id)
    parameters = {name: _parameter_view(p, on) for name, p in ruleset.parameters.items()}

    def criterion_view(c: Criterion, outcome: str) -> CriterionView:
        names = c.parameter_names
        if c.outcome_from and parameters[c.outcome_from].current is not None:
            outcome = str(parameters[c.outcome_from].current.value)
        return CriterionView(c.code, c.cite, c.description, outcome, tuple(parameters[n] for n in names))

    return RuleSetView(
        ruleset=ruleset,
        on=on,
        in_force=ruleset.is_in_force(on),
        period=period_text(ruleset),
        criteria=tuple(criterion_view(c, c.outcome) for c in ruleset.criteria),
        priorities=tuple(criterion_view(p, "PRIORITAS") for p in ruleset.priorities),
        parameters=tuple(parameters.values()),
    )


def _parameter_view(parameter: Parameter, on: date) -> ParameterView:
    current = next((v for v in reversed(parameter.history) if v.start <= on), None)
    return ParameterView(
        name=parameter.name,
        description=parameter.description,
        cite=parameter.cite,
        current=current,
        shown=format_value(current.value) if current else "",
        history=tuple((v, format_value(v.value)) for v in parameter.history),
    )
