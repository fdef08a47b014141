"""The claims parameters (lindung/data/claims.yaml): effective-dated values with their references, checked
when loaded, overridable per tenant with entries of the same shape."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from ..money import InvalidAmount, parse_amount
from ..params import DATA_DIR, ParameterFileError, ParameterSet, load_parameter_set, parse_parameter_set
from .vocabulary import CLAIM_TYPES, JKK, JKM

POLICY_PATH = DATA_DIR / "claims.yaml"



def _int(value: Any, where: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ParameterFileError(f"{where}: harus bilangan bulat {low}..{high}")


def _check_min_months(value: Any, where: str) -> None:
    if not isinstance(value, Mapping) or set(value) != {JKM, JKK}:
        raise ParameterFileError(f"{where}: harus memuat tepat JKM dan JKK")
    for k, v in value.items():
        _int(v, f"{where}.{k}", 0, 600)


def _check_caps(value: Any, where: str) -> None:
    if not isinstance(value, Mapping) or not set(value) <= set(CLAIM_TYPES):
        raise ParameterFileError(f"{where}: kunci harus jenis klaim ({', '.join(CLAIM_TYPES)})")
    for k, v in value.items():
        try:
            amount = parse_amount(v)
        except InvalidAmount:
            raise ParameterFileError(f"{where}.{k}: bukan nominal rupiah: {v!r}") from None
        if amount <= 0:
            raise ParameterFileError(f"{where}.{k}: harus lebih dari nol")


def _check_bool(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise ParameterFileError(f"{where}: harus true atau false")


_CHECKS = {
    "jkm_funeral_only_below_months": lambda v, w: _int(v, w, 0, 120),
    "scholarship_min_contribution_months": _check_min_months,
    "scholarship_contribution_continuous": _check_bool,
    "scholarship_max_children": lambda v, w: _int(v, w, 0, 20),
    "benefit_caps": _check_caps,
    "jkm_payment_working_days": lambda v, w: _int(v, w, 0, 60),
}


@dataclass(frozen=True)
class ClaimsPolicy:
    params: ParameterSet

    def __post_init__(self) -> None:
        for name, check in _CHECKS.items():
            for item in self.params.parameter(name).history:
                check(item.value, f"{self.params.origin}: {name} mulai {item.start.isoformat()}")

    def funeral_only_below_months(self, on: date) -> int:
        return self.params.value("jkm_funeral_only_below_months", on)

    def scholarship_min_months(self, basis: str, on: date) -> int:
        if basis not in (JKM, JKK):
            raise ValueError(f"dasar beasiswa harus JKM atau JKK: {basis!r}")
        return self.params.value("scholarship_min_contribution_months", on)[basis]

    def scholarship_continuous(self, on: date) -> bool:
        return self.params.value("scholarship_contribution_continuous", on)

    def scholarship_max_children(self, on: date) -> int:
        return self.params.value("scholarship_max_children", on)

    def cap(self, kind: str, on: date) -> Decimal | None:
        value = self.params.value("benefit_caps", on).get(kind)
        return None if value is None else parse_amount(value)

    def jkm_payment_working_days(self, on: date) -> int:
        return self.params.value("jkm_payment_working_days", on)

    def ref(self, name: str, on: date) -> str:
        return self.params.at(name, on).ref

    def with_overrides(
        self, overrides: Mapping[str, Sequence[Mapping]] | None, origin: str = "override"
    ) -> ClaimsPolicy:
        return ClaimsPolicy(self.params.with_overrides(overrides, origin))


def parse_policy(data: Any, origin: str = "<memory>") -> ClaimsPolicy:
    return ClaimsPolicy(parse_parameter_set(data, origin))


@cache
def _default_policy(path: Path) -> ClaimsPolicy:
    return ClaimsPolicy(load_parameter_set(path))


def load_policy(path: Path = POLICY_PATH) -> ClaimsPolicy:
    return _default_policy(path)
