"""Effective-dated parameter files that are not eligibility rule sets: complaint service levels and
routing (lindung/data/grievance.yaml), claim parameters (lindung/data/claims.yaml).

Same shape as a rule set's parameters (lindung/domain/rules/ruleset.py): every parameter is a history of
values, each with the date it starts (`from`) and the legal or documentary reference it rests on (`ref`).
A tenant's overrides are more history entries for the same parameters (stored by the Django side); an
override starting on the same date as a shipped value replaces it. Validation of the values themselves
belongs to the module that uses them (grievance.py, claims.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .rules.ruleset import Parameter, ParameterValue, RuleSetError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
STATUSES = ("final", "provisional")


class ParameterFileError(RuleSetError):
    """A parameter file or override that cannot be used, or a question it cannot answer."""


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ParameterFileError(f"{where}: bukan tanggal (YYYY-MM-DD): {value!r}") from None


def _no_floats(value: Any, where: str) -> None:
    """Numbers with decimals are written as quoted strings so that no float touches money."""
    if isinstance(value, float):
        raise ParameterFileError(f"{where}: tulis angka desimal sebagai teks, bukan float: {value!r}")
    if isinstance(value, Mapping):
        for k, v in value.items():
            _no_floats(v, f"{where}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _no_floats(v, f"{where}[{i}]")


def parse_history(name: str, entries: Any, origin: str) -> tuple[ParameterValue, ...]:
    """`[{from, value, ref}, ...]` -> the sorted history; every entry needs a start and a reference."""
    if not isinstance(entries, list) or not entries:
        raise ParameterFileError(f"{origin}: parameter {name} tidak punya nilai (values)")
    history: dict[date, ParameterValue] = {}
    for i, item in enumerate(entries):
        where = f"{origin}: {name}[{i}]"
        if not isinstance(item, Mapping):
            raise ParameterFileError(f"{where}: harus berisi from, value, ref")
        for key in ("from", "value", "ref"):
            if key not in item or item[key] in (None, ""):
                raise ParameterFileError(f"{where}: {key} wajib diisi")
        start = _as_date(item["from"], where)
        if start in history:
            raise ParameterFileError(f"{where}: dua nilai mulai {start.isoformat()}")
        _no_floats(item["value"], where)
        history[start] = ParameterValue(start, item["value"], str(item["ref"]))
    return tuple(history[d] for d in sorted(history))


@dataclass(frozen=True)
class ParameterSet:
    id: str
    title: str
    status: str  # final | provisional
    source: str
    notes: str
    parameters: dict[str, Parameter]
    origin: str = field(default="<memory>", compare=False)

    def parameter(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise ParameterFileError(f"{self.id}: tidak ada parameter {name!r}") from None

    def at(self, name: str, on: date) -> ParameterValue:
        try:
            return self.parameter(name).at(on)
        except RuleSetError as exc:
            if isinstance(exc, ParameterFileError):
                raise
            raise ParameterFileError(
                f"{self.id}: parameter {name!r} belum berlaku pada {on.isoformat()}"
            ) from None

    def value(self, name: str, on: date) -> Any:
        return self.at(name, on).value

    def with_overrides(
        self, overrides: Mapping[str, Sequence[Mapping]] | None, origin: str = "override"
    ) -> ParameterSet:
        """A copy with a tenant's history entries added (same start date: the override wins). Only
        parameters the file already has may be overridden: a typo must not be silently ignored."""
        if not overrides:
            return self
        params = dict(self.parameters)
        for name, entries in overrides.items():
            base = self.parameter(name)
            extra = parse_history(name, list(entries), origin)
            merged = {v.start: v for v in base.history}
            merged.update({v.start: v for v in extra})
            params[name] = replace(base, history=tuple(merged[d] for d in sorted(merged)))
        return replace(self, parameters=params, origin=f"{self.origin}+{origin}")


def parse_parameter_set(data: Any, origin: str = "<memory>") -> ParameterSet:
    if not isinstance(data, Mapping):
        raise ParameterFileError(f"{origin}: isi berkas harus berupa mapping YAML")
    missing = [k for k in ("id", "title", "status", "parameters") if not data.get(k)]
    if missing:
        raise ParameterFileError(f"{origin}: {', '.join(missing)} wajib diisi")
    if data["status"] not in STATUSES:
        raise ParameterFileError(f"{origin}: status harus final atau provisional")
    if not isinstance(data["parameters"], Mapping):
        raise ParameterFileError(f"{origin}: parameters harus berupa mapping")
    params = {}
    for name, spec in data["parameters"].items():
        if not isinstance(spec, Mapping):
            raise ParameterFileError(f"{origin}: parameter {name} harus berupa mapping")
        params[name] = Parameter(
            name,
            str(spec.get("description", "")),
            str(spec.get("cite", "")),
            parse_history(name, spec.get("values"), origin),
        )
    return ParameterSet(
        id=str(data["id"]),
        title=str(data["title"]),
        status=data["status"],
        source=str(data.get("source", "")),
        notes=str(data.get("notes", "")),
        parameters=params,
        origin=origin,
    )


def load_parameter_set(path: Path) -> ParameterSet:
    if not path.is_file():
        raise ParameterFileError(f"berkas parameter tidak ditemukan: {path}")
    with path.open(encoding="utf-8") as fh:
        try:
            data = yaml.safe_load(fh)
        except yaml.YAMLError as exc:
            raise ParameterFileError(f"{path.name}: YAML tidak terbaca ({exc})") from None
    return parse_parameter_set(data, origin=path.name)
