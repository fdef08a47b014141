"""Routing and service levels as effective-dated data: lindung/data/grievance.yaml (the shipped
defaults) plus a tenant's overrides of the same shape. The rules that apply to a complaint are those in
force on the day it was received."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from ..params import DATA_DIR, ParameterFileError, ParameterSet, load_parameter_set, parse_parameter_set
from .vocabulary import (
    CATEGORIES,
    H_AGENCY_HEAD,
    HAMPIR_JATUH_TEMPO,
    HANDLER_KINDS,
    PUNGLI,
    TERLAMBAT,
    GrievanceError,
)

POLICY_PATH = DATA_DIR / "grievance.yaml"

@dataclass(frozen=True)
class CategoryRule:
    category: str
    handler: str  # one of HANDLER_KINDS
    sealed: bool
    emergency: bool
    cite: str
    ref: str  # the reference of the routing table in force


@dataclass(frozen=True)
class ServiceLevel:
    category: str
    response_days: int
    follow_up_days: int
    auto_close_days: int
    at_risk_days: int
    escalate_at: str  # HAMPIR_JATUH_TEMPO or TERLAMBAT
    ref: str


_LEVEL_KEYS = {
    "response": "response_days",
    "follow_up": "follow_up_days",
    "auto_close": "auto_close_days",
    "at_risk": "at_risk_days",
    "escalate_at": "escalate_at",
}
MAX_LEVEL_DAYS = 60


def _check_routing(value: Any, where: str) -> None:
    if not isinstance(value, Mapping):
        raise ParameterFileError(f"{where}: routing harus mapping kategori -> aturan")
    unknown = sorted(set(value) - set(CATEGORIES))
    missing = [c for c in CATEGORIES if c not in value]
    if unknown or missing:
        raise ParameterFileError(
            f"{where}: routing harus memuat tepat kategori {', '.join(CATEGORIES)}"
            + (f"; tidak dikenal: {', '.join(unknown)}" if unknown else "")
            + (f"; kurang: {', '.join(missing)}" if missing else "")
        )
    for category, rule in value.items():
        if not isinstance(rule, Mapping) or rule.get("handler") not in HANDLER_KINDS:
            raise ParameterFileError(
                f"{where}: {category}: handler harus salah satu dari {', '.join(HANDLER_KINDS)}"
            )
        extra = set(rule) - {"handler", "sealed", "emergency", "cite"}
        if extra:
            raise ParameterFileError(f"{where}: {category}: kunci tidak dikenal {', '.join(sorted(extra))}")
        for flag in ("sealed", "emergency"):
            if not isinstance(rule.get(flag, False), bool):
                raise ParameterFileError(f"{where}: {category}: {flag} harus true atau false")
        if rule.get("sealed") and rule["handler"] != H_AGENCY_HEAD:
            raise ParameterFileError(
                f"{where}: {category}: pengaduan yang dirahasiakan hanya ditangani {H_AGENCY_HEAD}"
            )
    # Protection of whistle-blowers is not a setting: an override cannot unseal illegal-levy reports.
    if not value[PUNGLI].get("sealed"):
        raise ParameterFileError(f"{where}: PUNGLI harus dirahasiakan (sealed: true)")


def _check_levels(value: Any, where: str) -> None:
    if not isinstance(value, Mapping) or not isinstance(value.get("default"), Mapping):
        raise ParameterFileError(f"{where}: service_levels harus memuat default")
    unknown = sorted(set(value) - {"default", *CATEGORIES})
    if unknown:
        raise ParameterFileError(f"{where}: kategori tidak dikenal: {', '.join(unknown)}")
    missing = [k for k in _LEVEL_KEYS if k not in value["default"]]
    if missing:
        raise ParameterFileError(f"{where}: default kurang {', '.join(missing)}")
    for key, level in value.items():
        if not isinstance(level, Mapping):
            raise ParameterFileError(f"{where}: {key} harus mapping")
        extra = set(level) - set(_LEVEL_KEYS)
        if extra:
            raise ParameterFileError(f"{where}: {key}: kunci tidak dikenal {', '.join(sorted(extra))}")
        for name, item in level.items():
            if name == "escalate_at":
                if item not in (HAMPIR_JATUH_TEMPO, TERLAMBAT):
                    raise ParameterFileError(
                        f"{where}: {key}.escalate_at harus HAMPIR_JATUH_TEMPO atau TERLAMBAT"
                    )
            elif isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= MAX_LEVEL_DAYS:
                raise ParameterFileError(
                    f"{where}: {key}.{name} harus bilangan bulat 0..{MAX_LEVEL_DAYS} hari kerja"
                )


@dataclass(frozen=True)
class GrievancePolicy:
    """The routing table, service levels and labour agency of one tenant (defaults + its overrides)."""

    params: ParameterSet

    def __post_init__(self) -> None:
        checks = {"labour_agency": _check_agency, "routing": _check_routing, "service_levels": _check_levels}
        for name, check in checks.items():
            for item in self.params.parameter(name).history:
                check(item.value, f"{self.params.origin}: {name} mulai {item.start.isoformat()}")

    def labour_agency(self, on: date) -> str:
        return self.params.value("labour_agency", on)

    def rule(self, category: str, on: date) -> CategoryRule:
        _known_category(category)
        item = self.params.at("routing", on)
        spec = item.value[category]
        return CategoryRule(
            category,
            spec["handler"],
            bool(spec.get("sealed", False)),
            bool(spec.get("emergency", False)),
            str(spec.get("cite", "")),
            item.ref,
        )

    def service_level(self, category: str, on: date) -> ServiceLevel:
        _known_category(category)
        item = self.params.at("service_levels", on)
        merged = {**item.value["default"], **(item.value.get(category) or {})}
        return ServiceLevel(category, ref=item.ref, **{_LEVEL_KEYS[k]: v for k, v in merged.items()})

    def with_overrides(
        self, overrides: Mapping[str, Sequence[Mapping]] | None, origin: str = "override"
    ) -> GrievancePolicy:
        """A tenant's policy: `{"service_levels": [{"from": ..., "value": ..., "ref": ...}], ...}`;
        raises ParameterFileError (Indonesian message) when an override is not usable."""
        return GrievancePolicy(self.params.with_overrides(overrides, origin))


def _check_agency(value: Any, where: str) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", value):
        raise ParameterFileError(f"{where}: labour_agency harus kode instansi (huruf kecil), mis. disnaker")


def _known_category(category: str) -> None:
    if category not in CATEGORIES:
        raise GrievanceError(f"kategori {category!r} tidak dikenal")


def parse_policy(data: Any, origin: str = "<memory>") -> GrievancePolicy:
    return GrievancePolicy(parse_parameter_set(data, origin))


@cache
def _default_policy(path: Path) -> GrievancePolicy:
    return GrievancePolicy(load_parameter_set(path))


def load_policy(path: Path = POLICY_PATH) -> GrievancePolicy:
    """The shipped defaults (cached); apply a tenant's overrides with `.with_overrides(...)`."""
    return _default_policy(path)
