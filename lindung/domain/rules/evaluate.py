"""The per-record evaluator: one applicant, the rule set, and what the poverty and BPJS extracts hold
for their NIK -> a Decision with every failed or flagged criterion, its citation and message, and the
parameter values used (for the audit trail). Forms, the API and single-application checks use it; the
bulk engine runs the same rule set as SQL (lindung/domain/rules/sql.py), and a test proves they agree.

Interpretations (DOMAIN.md §5), all carried by the rule set's parameters: age in completed years on
the application date; domicile_since + N calendar months <= application date; income strictly below
the UMK in force on the application date; only an AKTIF BPJS membership fails "not yet covered"; a
decile above the bound fails, a NIK absent from the poverty data needs field verification. Residence is
the kelurahan of the e-KTP address (kode_wilayah), never the NIK's region, which is where the NIK was
first issued.

Decision precedence: DATA_TIDAK_VALID > TIDAK_LAYAK > PERLU_VERIFIKASI > LAYAK (see reasons.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from lindung.domain import nik as nik_rules
from lindung.domain.exchange import APPLICANTS, parse_bool
from lindung.domain.money import format_rupiah

from . import fields
from . import reasons as R
from .checks import KINDS, Facts
from .ruleset import Criterion, ParameterValue, RuleSet

# How each applicant column is read (nik and nama are handled apart: nik by lindung.domain.nik, nama is text).
READERS = {
    "tanggal_lahir": fields.parse_date,
    "jenis_kelamin": fields.parse_sex,
    "kode_wilayah": fields.parse_region,
    "pekerjaan": fields.occupation_code,
    "penghasilan_bulanan": fields.parse_income,
    "domisili_sejak": fields.parse_date,
    "tanggal_daftar": fields.parse_date,
}
OPTIONAL_READERS = {"disabilitas": fields.parse_flag}  # an empty optional cell is read too ("" -> tidak)


@dataclass(frozen=True)
class Finding:
    code: str
    effect: str  # a decision (TIDAK_LAYAK...), or reasons.WARNING / reasons.PRIORITY
    message: str
    cite: str = ""

    @property
    def text(self) -> str:
        return f"{self.message} ({self.cite})" if self.cite else self.message


@dataclass(frozen=True)
class Decision:
    ruleset: str
    keputusan: str
    findings: tuple[Finding, ...]
    facts: Facts
    parameters: dict[str, ParameterValue] = field(default_factory=dict)  # name -> value + ref, as used
    basis_note: str = ""  # RuleSet.basis_note: a provisional set's decision says so, last in alasan_teks

    @property
    def alasan(self) -> list[str]:
        return [f.code for f in self.findings]

    @property
    def alasan_teks(self) -> str:
        return R.TEXT_SEPARATOR.join([*(f.text for f in self.findings), *filter(None, [self.basis_note])])

    @property
    def priority_flags(self) -> list[str]:
        return [f.code for f in self.findings if f.effect == R.PRIORITY]

    @property
    def warnings(self) -> list[str]:
        return [f.code for f in self.findings if f.effect == R.WARNING]

    def audit(self) -> dict[str, Any]:
        """What the audit trail keeps: the decision, every reason, and each value with its reference."""
        return {
            "ruleset": self.ruleset,
            "keputusan": self.keputusan,
            "alasan": [{"code": f.code, "cite": f.cite, "message": f.message} for f in self.findings],
            "parameters": {n: {"value": _audit_value(p.value), "from": p.start.isoformat(), "ref": p.ref}
                           for n, p in self.parameters.items()},
        }


@dataclass(frozen=True)
class Reading:
    """An applicant row read into facts, with what could not be read."""

    facts: Facts
    empty: tuple[str, ...]  # required columns with nothing in them
    unreadable: tuple[tuple[str, str], ...]  # (column, why)
    nik_check: nik_rules.NikCheck | None  # None when the NIK cell is empty


def read_applicant(ruleset: RuleSet, applicant: Mapping[str, object]) -> Reading:
    values: dict[str, Any] = {}
    empty, unreadable = [], []
    for column in APPLICANTS.required:
        if fields.clean(applicant.get(column)) is None:
            empty.append(column)
    for column, reader in (*READERS.items(), *OPTIONAL_READERS.items()):
        text = fields.clean(applicant.get(column))
        if text is None and column not in OPTIONAL_READERS:
            continue
        try:
            values[column] = reader(text)
        except fields.Unreadable as exc:
            unreadable.append((column, str(exc)))
    on = values.get("tanggal_daftar")
    if on is not None and not ruleset.is_in_force(on):
        unreadable.append(("tanggal_daftar", f"{R.OUT_OF_PERIOD}, {period_text(ruleset)}"))
        del values["tanggal_daftar"]
    unreadable.sort(key=lambda item: APPLICANTS.columns.index(item[0]))
    defect = fields.clean(applicant.get(fields.ROW_DEFECT))
    if defect is not None:
        unreadable.insert(0, (fields.ROW_DEFECT_LABEL, defect))

    nik_text = fields.clean(applicant.get("nik"))
    check = None
    if nik_text is not None:
        check = nik_rules.check(nik_text, birth_date=values.get("tanggal_lahir"), sex=values.get("jenis_kelamin"))
        if check.is_valid:
            values["nik"] = check.nik
    return Reading(Facts(**values), tuple(empty), tuple(unreadable), check)


def period_text(ruleset: RuleSet) -> str:
    start = ruleset.effective_from.isoformat()
    return f"{start} s.d. {ruleset.effective_to.isoformat()}" if ruleset.effective_to else f"mulai {start}"


def with_extracts(facts: Facts, poverty: Iterable[Mapping] | Mapping | None, bpjs: Iterable[Mapping] | Mapping | None) -> Facts:
    """Fold the NIK's rows of the extracts into facts. Several poverty rows for one NIK: the lowest usable
    decile counts and any extreme-poverty flag counts; several BPJS rows: any AKTIF one counts."""
    if facts.nik is None:
        return facts
    poverty_rows = _rows(poverty)
    deciles = [d for d in (fields.parse_desil(r.get("desil")) for r in poverty_rows) if d is not None]
    return replace(
        facts,
        miskin_desil=min(deciles) if deciles else None,
        miskin_ekstrem=any(parse_bool(fields.clean(r.get("miskin_ekstrem")) or "") is True for r in poverty_rows),
        bpjs_aktif=any(fields.is_active_status(r.get("status")) for r in _rows(bpjs)),
    )


def _rows(rows: Iterable[Mapping] | Mapping | None) -> list[Mapping]:
    if rows is None:
        return []
    if isinstance(rows, Mapping):
        return [rows]
    return list(rows)


def required_facts(criterion: Criterion) -> tuple[str, ...]:
    """The facts a criterion needs; parameters are read on the application date, so it is one of them."""
    needed = KINDS[criterion.kind].inputs
    if (criterion.bindings or criterion.outcome_from) and "tanggal_daftar" not in needed:
        needed = (*needed, "tanggal_daftar")
    return needed


def format_value(value: Any) -> str:
    """A parameter value as a message shows it. Decimal parameters are money in every rule set."""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, Decimal):
        return format_rupiah(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def evaluate(
    ruleset: RuleSet,
    applicant: Mapping[str, object],
    poverty: Iterable[Mapping] | Mapping | None = None,
    bpjs: Iterable[Mapping] | Mapping | None = None,
    *,
    duplicate_of_row: int | None = None,
    probable_duplicate_of_row: int | None = None,
    probable_duplicate_why: str | None = None,
) -> Decision:
    """Decide one application. `applicant` maps contract columns to cell text (other values are read
    through str()); `poverty` and `bpjs` are the extract rows for the applicant's NIK (none: absent).
    The duplicate rows come from the batch (NIK_GANDA, KEMUNGKINAN_GANDA) and are given by the caller,
    with the matcher's words on why the rows look alike (`probable_duplicate_why`)."""
    reading = read_applicant(ruleset, applicant)
    facts = with_extracts(reading.facts, poverty, bpjs)
    findings: list[Finding] = []
    if reading.nik_check is not None and not reading.nik_check.is_valid:
        findings.append(_finding(R.NIK_TIDAK_VALID, ", ".join(e.message for e in reading.nik_check.errors)))
    if reading.empty:
        findings.append(_finding(R.DATA_WAJIB_KOSONG, ", ".join(reading.empty)))
    if reading.unreadable:
        findings.append(_finding(R.NILAI_TIDAK_VALID, ", ".join(f"{c} ({why})" for c, why in reading.unreadable)))
    if duplicate_of_row is not None:
        findings.append(_finding(R.NIK_GANDA, str(duplicate_of_row)))
    if probable_duplicate_of_row is not None:
        finding = _finding(R.KEMUNGKINAN_GANDA, str(probable_duplicate_of_row))
        if probable_duplicate_why:
            finding = replace(finding, message=finding.message + R.WHY_SEPARATOR + probable_duplicate_why)
        findings.append(finding)

    used: dict[str, ParameterValue] = {}
    for criterion in ruleset.criteria:
        finding = _run(ruleset, criterion, facts, used)
        if finding is not None:
            findings.append(finding)
    if reading.nik_check is not None:
        findings.extend(Finding(w.code, R.WARNING, R.TEXT[w.code]) for w in reading.nik_check.warnings)
    for priority in ruleset.priorities:
        finding = _run(ruleset, priority, facts, used, effect=R.PRIORITY)
        if finding is not None:
            findings.append(finding)

    decisions = [f.effect for f in findings if f.effect in R.SEVERITY]
    keputusan = max(decisions, key=R.SEVERITY.__getitem__, default=R.LAYAK)
    return Decision(ruleset.id, keputusan, tuple(findings), facts, used, ruleset.basis_note)


def _finding(code: str, detail: str) -> Finding:
    return Finding(code, R.EFFECT[code], R.TEXT[code].format(detail))


def _run(ruleset: RuleSet, criterion: Criterion, facts: Facts, used: dict, effect: str | None = None) -> Finding | None:
    """The finding when the criterion fails (or the flag holds); None when it passes or cannot run."""
    if any(getattr(facts, name) is None for name in required_facts(criterion)):
        return None
    on = facts.tanggal_daftar
    values = {}
    for role, name in criterion.bindings.items():
        used[name] = ruleset.parameter(name).at(on)
        values[role] = used[name].value
    if not KINDS[criterion.kind].python(facts, values, ruleset.jurisdiction):
        return None
    if effect is None:
        if criterion.outcome_from:
            used[criterion.outcome_from] = ruleset.parameter(criterion.outcome_from).at(on)
            effect = used[criterion.outcome_from].value
        else:
            effect = criterion.outcome
    message = criterion.failure.format(**{role: format_value(v) for role, v in values.items()})
    return Finding(criterion.code, effect, message, criterion.cite)


def priority_order(ruleset: RuleSet, on: date) -> list[str]:
    """The priority flags in ranking order, as in force on `on` (clamped into the rule set's period)."""
    if not ruleset.priorities:
        return []
    on = max(on, ruleset.effective_from)
    if ruleset.effective_to is not None:
        on = min(on, ruleset.effective_to)
    return list(ruleset.value("priority_order", on))


def rank(ruleset: RuleSet, decisions: Iterable[tuple[int, Decision]], on: date) -> dict[int, int]:
    """`prioritas` for the LAYAK rows of a batch: row number -> 1..n. Order: the priority flags in
    `priority_order` (a row with the first flag before any without it, and so on), then the lower
    poverty decile (unknown last), then the earlier application date, then the earlier row."""
    order = priority_order(ruleset, on)

    def key(item: tuple[int, Decision]) -> tuple:
        row, d = item
        flags = set(d.priority_flags)
        desil = d.facts.miskin_desil
        return (*(code not in flags for code in order), desil is None, desil or 0, d.facts.tanggal_daftar, row)

    eligible = sorted((item for item in decisions if item[1].keputusan == R.LAYAK), key=key)
    return {row: position for position, (row, _) in enumerate(eligible, start=1)}


@dataclass(frozen=True)
class Screened:
    row: int  # 1-based position in the batch
    decision: Decision
    prioritas: int | None


def screen_records(
    ruleset: RuleSet,
    applicants: Iterable[Mapping[str, object]],
    poverty: Iterable[Mapping[str, object]] = (),
    bpjs: Iterable[Mapping[str, object]] = (),
    *,
    ranked_on: date,
    probable_duplicates: Mapping[int, int | tuple[int, str | None]] | None = None,
) -> list[Screened]:
    """A whole batch through the per-record evaluator: what the SQL executor does, record by record, for
    small batches and for the agreement test. NIK_GANDA points at the first row with the same NIK;
    `probable_duplicates` maps a row to the earlier row it probably repeats (or to (row, why in words))."""
    poverty_by_nik = _index(poverty)
    bpjs_by_nik = _index(bpjs)
    first_row: dict[str, int] = {}
    decisions = []
    for row, applicant in enumerate(applicants, start=1):
        key = extract_key(applicant.get("nik"))
        earlier = first_row.setdefault(key, row) if key else row
        decisions.append((row, evaluate(
            ruleset, applicant, poverty_by_nik.get(key, []), bpjs_by_nik.get(key, []),
            duplicate_of_row=earlier if earlier != row else None,
            probable_duplicate_of_row=_probable(probable_duplicates, row)[0],
            probable_duplicate_why=_probable(probable_duplicates, row)[1],
        )))
    ranks = rank(ruleset, decisions, ranked_on)
    return [Screened(row, d, ranks.get(row)) for row, d in decisions]


def _probable(probable_duplicates, row: int) -> tuple[int | None, str | None]:
    found = (probable_duplicates or {}).get(row)
    return found if isinstance(found, tuple) else (found, None)


def extract_key(raw: object) -> str:
    """How a NIK cell is matched across files (lindung.domain.nik.normalize of the cleaned cell)."""
    text = fields.clean(raw)
    return nik_rules.normalize(text) if text is not None else ""


def _index(rows: Iterable[Mapping[str, object]]) -> dict[str, list[Mapping[str, object]]]:
    index: dict[str, list] = {}
    for r in rows:
        index.setdefault(extract_key(r.get("nik")), []).append(r)
    return index


def _audit_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return list(value)
    return value
