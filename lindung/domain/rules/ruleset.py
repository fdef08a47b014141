"""Loading rule sets and reading their effective-dated parameters.

A parameter is a history of values, each with the date it starts and the legal reference it rests on
(OpenFisca style). `ruleset.value("umk", on=date(2026, 3, 1))` gives the value in force on that date;
`ruleset.parameter("umk").at(on)` gives it with its reference, for the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

RULESET_DIR = Path(__file__).resolve().parent.parent.parent / "rulesets"


class RuleSetError(ValueError):
    """A rule-set file that cannot be used, or a question it cannot answer (no value on a date)."""


@dataclass(frozen=True)
class ParameterValue:
    start: date
    value: Any
    ref: str


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    cite: str
    history: tuple[ParameterValue, ...]  # sorted by start

    def at(self, on: date) -> ParameterValue:
        current = None
        for item in self.history:
            if item.start <= on:
                current = item
            else:
                break
        if current is None:
            raise RuleSetError(f"parameter {self.name!r} has no value on {on.isoformat()}")
        return current


OUTCOMES = ("TIDAK_LAYAK", "PERLU_VERIFIKASI")


@dataclass(frozen=True)
class Criterion:
    """A condition of the regulation (or, in `RuleSet.priorities`, a priority flag).

    `check` names a kind of lindung.domain.rules.checks and binds its roles to parameter names;
    `failure` is the plain-Indonesian message shown when it fails, with {parameter} placeholders
    filled with the values in force on the application date."""

    code: str  # reason code of DESIGN.md §4, e.g. USIA_DI_LUAR_BATAS
    cite: str  # "Pasal 5 ayat (1) huruf c"
    description: str  # plain Bahasa Indonesia, shown to users
    outcome: str  # decision when the criterion fails: TIDAK_LAYAK or PERLU_VERIFIKASI
    raw: dict = field(default_factory=dict, compare=False)  # the rest of the YAML entry, for executors
    check: dict = field(default_factory=dict, compare=False)  # {kind: ..., role: parameter name, ...}
    failure: str = ""
    outcome_from: str = ""  # a parameter holding the outcome instead (e.g. poverty_when_missing)

    @property
    def kind(self) -> str:
        return self.check.get("kind", "")

    @property
    def bindings(self) -> dict[str, str]:
        """role -> parameter name"""
        return {k: v for k, v in self.check.items() if k != "kind"}

    @property
    def parameter_names(self) -> list[str]:
        names = list(self.bindings.values())
        return names + ([self.outcome_from] if self.outcome_from else [])


@dataclass(frozen=True)
class RuleSet:
    id: str
    title: str
    instrument: str
    jurisdiction: str  # region code the programme serves: "64.71" (a city), "64" (a province)
    status: str  # "final" or "provisional"
    effective_from: date
    effective_to: date | None
    source: str
    parameters: dict[str, Parameter]
    criteria: tuple[Criterion, ...]
    notes: str = ""
    priorities: tuple[Criterion, ...] = ()  # Pasal 5 ayat (2) flags; ranked in `priority_order`
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def basis_note(self) -> str:
        """What every decision under a provisional set says about its basis, so that nobody signs off a
        screening or a decree believing it rests on confirmed articles (issue 15); empty for a final set."""
        if self.status == "final":
            return ""
        return (f"Dasar: ketentuan sementara {self.instrument} - kriteria bertanda SEMENTARA (antara lain batas "
                f"usia) belum dikonfirmasi dengan teks pasal")

    def parameter(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise RuleSetError(f"rule set {self.id!r} has no parameter {name!r}") from None

    def value(self, name: str, on: date) -> Any:
        return self.parameter(name).at(on).value

    def values_on(self, on: date) -> dict[str, ParameterValue]:
        """Every parameter in force on a date (for `lindung rules show ID --on DATE`)."""
        out = {}
        for name, p in self.parameters.items():
            try:
                out[name] = p.at(on)
            except RuleSetError:
                continue
        return out

    def is_in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RuleSetError(f"{where}: not a date (YYYY-MM-DD): {value!r}") from None


def _as_value(value: Any) -> Any:
    # Money and other decimals are written as strings in YAML so that no float ever touches them.
    if isinstance(value, float):
        raise RuleSetError(f"write decimal values as quoted strings, not floats: {value!r}")
    if isinstance(value, str):
        try:
            return Decimal(value) if value.replace(".", "", 1).isdigit() else value
        except ArithmeticError:
            return value
    return value


def parse(data: dict, origin: str = "<memory>") -> RuleSet:
    """Build a RuleSet from the YAML structure, rejecting anything incomplete with a clear message."""
    try:
        meta_missing = [k for k in ("id", "title", "instrument", "jurisdiction", "status", "effective") if k not in data]
        if meta_missing:
            raise RuleSetError(f"{origin}: missing {', '.join(meta_missing)}")
        if data["status"] not in {"final", "provisional"}:
            raise RuleSetError(f"{origin}: status must be final or provisional")
        params = {}
        for name, spec in (data.get("parameters") or {}).items():
            history = []
            for item in spec.get("values") or []:
                if "ref" not in item or not item["ref"]:
                    raise RuleSetError(f"{origin}: parameter {name} value from {item.get('from')} has no ref")
                history.append(
                    ParameterValue(_as_date(item["from"], f"{origin}:{name}"), _as_value(item["value"]), item["ref"])
                )
            if not history:
                raise RuleSetError(f"{origin}: parameter {name} has no values")
            history.sort(key=lambda v: v.start)
            params[name] = Parameter(name, spec.get("description", ""), spec.get("cite", ""), tuple(history))
        criteria = [_criterion(c, origin) for c in data.get("criteria") or []]
        priorities = [_criterion(c, origin) for c in data.get("priorities") or []]
        effective = data["effective"]
        ruleset = RuleSet(
            id=data["id"],
            title=data["title"],
            instrument=data["instrument"],
            jurisdiction=str(data["jurisdiction"]),
            status=data["status"],
            effective_from=_as_date(effective["from"], f"{origin}:effective.from"),
            effective_to=_as_date(effective["to"], f"{origin}:effective.to") if effective.get("to") else None,
            source=data.get("source", ""),
            parameters=params,
            criteria=tuple(criteria),
            notes=data.get("notes", ""),
            raw=data,
            priorities=tuple(priorities),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise RuleSetError(f"{origin}: malformed rule set ({exc})") from exc
    _check_bindings(ruleset, origin)
    return ruleset


def _criterion(c: dict, origin: str) -> Criterion:
    for key in ("code", "cite", "description"):
        if not c.get(key):
            raise RuleSetError(f"{origin}: a criterion lacks {key}: {c}")
    outcome = c.get("outcome", "TIDAK_LAYAK")
    if outcome not in OUTCOMES:
        raise RuleSetError(f"{origin}: {c['code']}: outcome must be one of {', '.join(OUTCOMES)}")
    return Criterion(
        c["code"], c["cite"], c["description"], outcome, c,
        check=dict(c.get("check") or {}), failure=c.get("failure") or c["description"],
        outcome_from=c.get("outcome_from", ""),
    )


def _check_bindings(ruleset: RuleSet, origin: str) -> None:
    """Every check is a known kind with each role bound to a parameter in force for the whole life of
    the rule set: a record can then never meet a criterion that has no value to compare with."""
    from .checks import KINDS  # checks.py knows nothing of rule sets; only this validation needs it

    for c in (*ruleset.criteria, *ruleset.priorities):
        kind = KINDS.get(c.kind)
        if kind is None:
            raise RuleSetError(f"{origin}: {c.code}: unknown check kind {c.kind!r}; known: {', '.join(KINDS)}")
        if set(c.bindings) != set(kind.roles):
            raise RuleSetError(f"{origin}: {c.code}: check {c.kind} needs exactly {', '.join(kind.roles) or 'no roles'}")
        for name in c.parameter_names:
            parameter = ruleset.parameter(name)
            if parameter.history[0].start > ruleset.effective_from:
                raise RuleSetError(
                    f"{origin}: {c.code}: parameter {name} has no value from {ruleset.effective_from} "
                    f"(first value {parameter.history[0].start})"
                )
        if c.outcome_from and any(v.value not in OUTCOMES for v in ruleset.parameter(c.outcome_from).history):
            raise RuleSetError(f"{origin}: {c.code}: {c.outcome_from} must hold one of {', '.join(OUTCOMES)}")
    if ruleset.priorities:
        codes = {p.code for p in ruleset.priorities}
        for item in ruleset.parameter("priority_order").history:
            if set(item.value) != codes:
                raise RuleSetError(f"{origin}: priority_order from {item.start} must list exactly {', '.join(sorted(codes))}")


def available(directory: Path = RULESET_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yaml"))


@cache
def load(ruleset_id: str, directory: Path = RULESET_DIR) -> RuleSet:
    path = directory / f"{ruleset_id}.yaml"
    if not path.is_file():
        raise RuleSetError(f"unknown rule set {ruleset_id!r}; available: {', '.join(available(directory))}")
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    ruleset = parse(data, origin=path.name)
    if ruleset.id != ruleset_id:
        raise RuleSetError(f"{path.name}: id {ruleset.id!r} does not match the file name")
    return ruleset
