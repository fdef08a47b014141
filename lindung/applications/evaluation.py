"""Running the programme's rule set on one application (lindung.domain.rules.evaluate) and saying the
result in plain words, each failed criterion with its article.

The public form only judges what the worker typed: criteria decided by the registers (poverty data,
BPJS membership) are left to the officers, so that typing someone's NIK into a public page never tells
whether they are poor or insured.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lindung.domain.exchange import APPLICANTS
from lindung.domain.rules import RuleSet
from lindung.domain.rules import reasons as R
from lindung.domain.rules.checks import KINDS
from lindung.domain.rules.evaluate import Decision, evaluate, format_value
from lindung.platform.labels import words

from . import registers

# Model field -> applicant contract column (DESIGN.md §4): one mapping for forms, exports and audit.
FIELD_COLUMNS = {
    "nik": "nik", "no_kk": "no_kk", "name": "nama", "birth_place": "tempat_lahir", "birth_date": "tanggal_lahir",
    "sex": "jenis_kelamin", "address": "alamat", "kelurahan_id": "kode_wilayah", "phone": "telepon",
    "occupation_id": "pekerjaan", "monthly_income": "penghasilan_bulanan", "domicile_since": "domisili_sejak",
    "disability": "disabilitas", "applied_on": "tanggal_daftar",
}
assert set(FIELD_COLUMNS.values()) == set(APPLICANTS.columns)

# How a contract column is named to a person reading a message.
COLUMN_LABELS = {
    "nik": "NIK", "no_kk": "nomor KK", "nama": "nama", "tempat_lahir": "tempat lahir", "tanggal_lahir": "tanggal lahir",
    "jenis_kelamin": "jenis kelamin", "alamat": "alamat", "kode_wilayah": "kelurahan", "telepon": "telepon",
    "pekerjaan": "pekerjaan", "penghasilan_bulanan": "penghasilan per bulan", "domisili_sejak": "domisili sejak",
    "disabilitas": "disabilitas", "tanggal_daftar": "tanggal daftar",
}


def as_text(value: Any) -> str:
    """A value as the exchange files write it (DESIGN.md §4)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value).strip()


def applicant_row(source: Any) -> dict[str, str]:
    """The applicant contract row of an Application (or of a dict keyed by its field names)."""
    get = source.get if isinstance(source, Mapping) else (lambda name: getattr(source, name, None))
    return {column: as_text(get(field)) for field, column in FIELD_COLUMNS.items()}


def register_codes(ruleset: RuleSet) -> frozenset[str]:
    """Criteria decided by the registers: their check reads nothing the applicant wrote but the NIK
    (which keys the poverty and BPJS extracts)."""
    return frozenset(c.code for c in (*ruleset.criteria, *ruleset.priorities) if KINDS[c.kind].inputs == ("nik",))


def run(ruleset: RuleSet, row: Mapping[str, str], *, tenant=None, with_registers: bool = True) -> Decision:
    poverty, bpjs = registers.lookup(row.get("nik", ""), tenant) if with_registers and tenant else ([], [])
    return evaluate(ruleset, row, poverty, bpjs)


def findings_of(decision: Decision) -> list[dict]:
    return [{"code": f.code, "effect": f.effect, "message": f.message, "cite": f.cite} for f in decision.findings]


class CodeFindings:
    """Findings rebuilt from the bulk engine's reason codes (`alasan`), as the per-record evaluator
    words them: the bulk path screens 50,000 rows in SQL and must not evaluate each again in Python.
    Messages depend only on the code and the parameters in force on the application date, so they are
    built once per (code, date). Details that only the row knows (another row's number) are left out:
    rows carrying them are never turned into applications. tests/workflow/test_bulk.py checks these
    agree with `evaluate` on generated rows."""

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset
        self.criteria = {c.code: c for c in ruleset.criteria}
        self.priorities = {c.code: c for c in ruleset.priorities}
        self._cache: dict[tuple[str, date], dict] = {}

    def __call__(self, codes: list[str], on: date) -> list[dict]:
        return [self._finding(code, on) for code in codes if code]

    def _finding(self, code: str, on: date) -> dict:
        key = (code, on)
        if key not in self._cache:
            self._cache[key] = self._build(code, on)
        return self._cache[key]

    def _build(self, code: str, on: date) -> dict:
        criterion = self.criteria.get(code) or self.priorities.get(code)
        if criterion is None:
            return {"code": code, "effect": R.EFFECT[code], "message": R.TEXT[code].replace(" {}", "").replace("{}", ""),
                    "cite": ""}
        values = {role: format_value(self.ruleset.parameter(name).at(on).value) for role, name in criterion.bindings.items()}
        if code in self.priorities:
            effect = R.PRIORITY
        elif criterion.outcome_from:
            effect = self.ruleset.parameter(criterion.outcome_from).at(on).value
        else:
            effect = criterion.outcome
        return {"code": code, "effect": effect, "message": criterion.failure.format(**values), "cite": criterion.cite}


def keputusan_of(findings: list[dict]) -> str:
    """The decision the findings make (worst wins), as lindung.domain.rules.evaluate decides it."""
    return max((f["effect"] for f in findings if f["effect"] in R.SEVERITY), key=R.SEVERITY.__getitem__, default=R.LAYAK)


def apply(application, decision: Decision) -> None:
    """Keep the decision on the application (the caller saves and audits)."""
    application.keputusan = decision.keputusan
    application.findings = findings_of(decision)
    application.miskin_desil = decision.facts.miskin_desil
    application.evaluated_at = timezone.now()


@dataclass(frozen=True)
class Line:
    code: str
    effect: str
    text: str
    cite: str


@dataclass(frozen=True)
class Explanation:
    """What a person reads: the decision and each finding, plainly."""

    keputusan: str
    label: str
    problems: list[Line]  # failed criteria and data to correct
    checks: list[Line]  # things an officer will check (field visit, registers)
    warnings: list[Line]
    priorities: list[Line]

    def as_json(self) -> dict:
        def lines(items):
            return [{"code": i.code, "text": i.text, "cite": i.cite} for i in items]

        return {"keputusan": self.keputusan, "label": self.label, "problems": lines(self.problems),
                "checks": lines(self.checks), "warnings": lines(self.warnings), "priorities": lines(self.priorities)}


def decision_label(keputusan: str) -> str:
    return {
        R.LAYAK: _("Memenuhi syarat"),
        R.TIDAK_LAYAK: _("Tidak memenuhi syarat"),
        R.PERLU_VERIFIKASI: _("Perlu verifikasi petugas"),
        R.DATA_TIDAK_VALID: _("Data perlu diperbaiki"),
    }.get(keputusan, keputusan)


_COLUMN_RE = re.compile(r"\b(" + "|".join(sorted(COLUMN_LABELS, key=len, reverse=True)) + r")\b")


def _plain(message: str) -> str:
    """'Data wajib kosong: tanggal_lahir' -> 'Data wajib kosong: tanggal lahir'."""
    return _COLUMN_RE.sub(lambda m: COLUMN_LABELS[m.group(1)], message)


def _message(finding: dict) -> str:
    """The rule set's own words (Bahasa Indonesia, with the values in force) or, in another language, the
    reason code's translated label: the rule sets are legal texts and are not translated."""
    if (translation.get_language() or "id").startswith("id"):
        return _plain(finding["message"])
    return words(finding["code"])


def explain(findings: list[dict], *, hide: frozenset[str] = frozenset(), partial: bool = False) -> Explanation:
    """Findings as a person reads them. `hide`: codes not to show (register criteria on the public
    form); `partial`: the form is still being filled, so empty required fields are not a problem yet."""
    problems, checks, warnings, priorities = [], [], [], []
    worst = R.LAYAK
    for f in findings:
        if f["code"] in hide or (partial and f["code"] == R.DATA_WAJIB_KOSONG):
            continue
        line = Line(f["code"], f["effect"], _message(f), f.get("cite", ""))
        if f["effect"] == R.WARNING:
            warnings.append(line)
        elif f["effect"] == R.PRIORITY:
            priorities.append(line)
        elif f["effect"] == R.PERLU_VERIFIKASI:
            checks.append(line)
        else:
            problems.append(line)
        if f["effect"] in R.SEVERITY and R.SEVERITY[f["effect"]] > R.SEVERITY[worst]:
            worst = f["effect"]
    return Explanation(worst, decision_label(worst), problems, checks, warnings, priorities)


def explain_public(ruleset: RuleSet, row: Mapping[str, str], *, partial: bool) -> Explanation:
    """The public form's live check: only what the worker typed is judged."""
    decision = run(ruleset, row, with_registers=False)
    return for_the_public(findings_of(decision), ruleset, partial=partial)


def for_the_public(findings: list[dict], ruleset: RuleSet, *, partial: bool = False) -> Explanation:
    """What a worker reads about their own application. The registers (poverty data, BPJS membership) are
    never shown to the public, so "eligible" can only mean "so far": the officer still checks them, and
    visits the worker when they are absent from the poverty data."""
    hidden = register_codes(ruleset)
    explanation = explain(findings, hide=hidden, partial=partial)
    cites = dict.fromkeys(c.cite for c in ruleset.criteria if c.code in hidden)
    pending = Line("", R.PERLU_VERIFIKASI, _("Data kemiskinan dan kepesertaan BPJS Ketenagakerjaan Anda diperiksa "
                                             "petugas; bila Anda belum tercatat di data kemiskinan, petugas "
                                             "melakukan verifikasi lapangan."), _(" dan ").join(cites))
    label = _("Sejauh ini memenuhi syarat") if explanation.keputusan == R.LAYAK else explanation.label
    return Explanation(explanation.keputusan, label, explanation.problems, [*explanation.checks, pending],
                       explanation.warnings, explanation.priorities)
