"""The kinds of check a rule set's criteria and priorities are made of, each in two forms side by side:
a Python predicate for the per-record evaluator and the SQL expression for the DuckDB executor.

A criterion in a rule-set file names its kind and binds the kind's roles to parameters of the rule set:

    check: {kind: age_between, min: age_min, below: age_below}

so the numbers stay effective-dated data with references, and both executors read them from there. A
check only runs when every fact it needs could be read (`inputs`); otherwise the record is already
DATA_TIDAK_VALID for that field and the check is skipped, not failed.

The facts have the same names in Python (`Facts`) and in SQL (columns of the executor's typed
relation), so that each pair below reads alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from lindung.domain.calendar import add_months, age_on


@dataclass(frozen=True)
class Facts:
    """One applicant's values as the checks need them; None where a value is absent or unreadable."""

    nik: str | None = None  # normalized, and only when valid (it keys the poverty and BPJS data)
    tanggal_lahir: date | None = None
    jenis_kelamin: str | None = None
    kode_wilayah: str | None = None  # kelurahan of the e-KTP address: residence is read from here
    pekerjaan: str | None = None  # occupation found in data collection (Pasal 6 ayat (4))
    penghasilan_bulanan: Decimal | None = None
    domisili_sejak: date | None = None
    disabilitas: bool | None = None
    tanggal_daftar: date | None = None
    # From the extracts, meaningful only when `nik` is known:
    miskin_desil: int | None = None  # lowest usable decile among the NIK's poverty rows
    miskin_ekstrem: bool = False  # any of the NIK's poverty rows flags extreme poverty (P3KE)
    bpjs_aktif: bool = False  # any of the NIK's BPJS rows is AKTIF


@dataclass(frozen=True)
class Kind:
    name: str
    roles: tuple[str, ...]  # names the check spec binds to rule-set parameters
    inputs: tuple[str, ...]  # facts that must be known for the check to run
    # True when the record FAILS the criterion (or, for a priority, HAS the flag).
    python: Callable[[Facts, Mapping[str, Any], str], bool]
    # The same as a SQL boolean over the typed relation; roles arrive as SQL expressions.
    sql: Callable[[Mapping[str, str], str], str]


def _age_sql(birth: str, on: str) -> str:
    # Completed years, as lindung.domain.calendar.age_on: one fewer until the birthday (29 Feb -> 1 Mar).
    return (
        f"(year({on}) - year({birth}) - CASE WHEN month({on}) * 100 + day({on}) "
        f"< month({birth}) * 100 + day({birth}) THEN 1 ELSE 0 END)"
    )


def _region_prefix(jurisdiction: str) -> str:
    # "64.71" must match 64.71.01.1001 but not 64.7x: compare with a trailing dot on both sides.
    return jurisdiction.rstrip(".") + "."


def _in_jurisdiction(f: Facts, p: Mapping[str, Any], jurisdiction: str) -> bool:
    return not (f.kode_wilayah + ".").startswith(_region_prefix(jurisdiction))


def _poverty_unknown(f: Facts, p: Mapping[str, Any]) -> bool:
    return f.miskin_desil is None and not (p["extreme_qualifies"] and f.miskin_ekstrem)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "not_active_in_bpjs", (), ("nik",),
            python=lambda f, p, j: f.bpjs_aktif,
            sql=lambda p, j: "bpjs_aktif",
        ),
        Kind(
            # Poor: decile within the bound, or (when the rule set says so) flagged extremely poor.
            "poverty_within", ("max_desil", "extreme_qualifies"), ("nik",),
            python=lambda f, p, j: (
                f.miskin_desil is not None
                and f.miskin_desil > p["max_desil"]
                and not (p["extreme_qualifies"] and f.miskin_ekstrem)
            ),
            sql=lambda p, j: (
                f"(miskin_desil IS NOT NULL AND miskin_desil > {p['max_desil']} "
                f"AND NOT ({p['extreme_qualifies']} AND miskin_ekstrem))"
            ),
        ),
        Kind(
            # Absent from the poverty data (or no usable decile): a field visit decides, not the data.
            "poverty_known", ("extreme_qualifies",), ("nik",),
            python=lambda f, p, j: _poverty_unknown(f, p),
            sql=lambda p, j: f"(miskin_desil IS NULL AND NOT ({p['extreme_qualifies']} AND miskin_ekstrem))",
        ),
        Kind(
            "age_between", ("min", "below"), ("tanggal_lahir", "tanggal_daftar"),
            python=lambda f, p, j: not (p["min"] <= age_on(f.tanggal_lahir, f.tanggal_daftar) < p["below"]),
            sql=lambda p, j: (
                f"NOT ({_age_sql('tanggal_lahir', 'tanggal_daftar')} >= {p['min']} "
                f"AND {_age_sql('tanggal_lahir', 'tanggal_daftar')} < {p['below']})"
            ),
        ),
        Kind(
            # The e-KTP address, never the NIK prefix: the NIK keeps the region where it was first issued.
            "resides_in_jurisdiction", (), ("kode_wilayah",),
            python=_in_jurisdiction,
            sql=lambda p, j: f"NOT starts_with(kode_wilayah || '.', '{_region_prefix(j)}')",
        ),
        Kind(
            # domisili_sejak + N calendar months <= tanggal_daftar (a short month clamps to its last day).
            "domicile_at_least", ("months",), ("domisili_sejak", "tanggal_daftar"),
            python=lambda f, p, j: add_months(f.domisili_sejak, p["months"]) > f.tanggal_daftar,
            sql=lambda p, j: f"CAST(domisili_sejak + to_months({p['months']}) AS DATE) > tanggal_daftar",
        ),
        Kind(
            # Strictly below: an income equal to the limit fails.
            "income_below", ("limit",), ("penghasilan_bulanan", "tanggal_daftar"),
            python=lambda f, p, j: f.penghasilan_bulanan >= p["limit"],
            sql=lambda p, j: f"penghasilan_bulanan >= {p['limit']}",
        ),
        Kind(
            "occupation_in", ("codes",), ("pekerjaan",),
            python=lambda f, p, j: f.pekerjaan not in p["codes"],
            sql=lambda p, j: f"NOT list_contains({p['codes']}, pekerjaan)",
        ),
        # Priority flags (Pasal 5 ayat (2)): true when the record has the flag.
        Kind(
            "extreme_poor", (), ("nik",),
            python=lambda f, p, j: f.miskin_ekstrem,
            sql=lambda p, j: "miskin_ekstrem",
        ),
        Kind(
            "disability", (), ("disabilitas",),
            python=lambda f, p, j: f.disabilitas,
            sql=lambda p, j: "disabilitas",
        ),
    )
}


def sql_literal(value: Any) -> str:
    """A parameter value as a DuckDB literal; money stays exact (DECIMAL, never DOUBLE)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"CAST('{value}' AS DECIMAL(38,10))"
    if isinstance(value, list | tuple):
        items = "[" + ", ".join(sql_literal(v) for v in value) + "]"
        return items + "::VARCHAR[]" if all(isinstance(v, str) for v in value) else items
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")
