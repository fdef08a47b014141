"""The rule set compiled to one DuckDB SELECT: the bulk twin of lindung/domain/rules/evaluate.py.

Nothing here is a second copy of the regulation: thresholds, occupation lists, outcomes, citations and
messages come from the RuleSet (effective-dated values become CASE expressions on tanggal_daftar), the
check logic from checks.py (where each kind's Python and SQL sit side by side), and the cell-reading
patterns from fields.py. The agreement test runs both executors on the same records.

`screening_query` reads four relations the engine provides (this module runs no SQL itself):
  applicants(_baris, <applicant contract columns>, _cacat_baris)
                                                    all text, _baris = 1-based input row,
                                                    _cacat_baris = what the reader found wrong
  poverty(nik, desil, miskin_ekstrem)               all text, any number of rows per NIK
  bpjs(nik, status)                                 all text, any number of rows per NIK
  kelurahan(kode)                                   the Kemendagri kelurahan codes
and optionally probable_duplicates(_baris, dup_of, penjelasan) from the fuzzy matcher (KEMUNGKINAN_GANDA).
It returns one row per applicant: _baris, the applicant columns as given, keputusan, alasan,
prioritas, alasan_teks, plus miskin_desil for reports.
"""

from __future__ import annotations

from datetime import date

from lindung.domain import nik as nik_rules
from lindung.domain.exchange import APPLICANTS, FALSE_WORDS, TRUE_WORDS

from . import fields
from . import reasons as R
from .checks import KINDS, sql_literal
from .evaluate import format_value, period_text, priority_order, required_facts
from .ruleset import Criterion, RuleSet

SEVERITY_SQL = {R.DATA_TIDAK_VALID: 3, R.TIDAK_LAYAK: 2, R.PERLU_VERIFIKASI: 1}


def q(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


WHITESPACE_SQL = q(fields.WHITESPACE)  # the characters themselves: a SQL literal takes any of them


_WHITESPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in fields.WHITESPACE) + "]"
# DuckDB's trim(x, characters) is slow with a long set; the regular expression only asks whether an end needs it.
_NEEDS_TRIM = q(f"^{_WHITESPACE_CLASS}|{_WHITESPACE_CLASS}$")


def clean(column: str) -> str:
    """fields.clean: surrounding whitespace removed, nothing left -> NULL."""
    trimmed = f"CASE WHEN regexp_matches({column}, {_NEEDS_TRIM}) THEN trim({column}, {WHITESPACE_SQL}) ELSE {column} END"
    return f"NULLIF({trimmed}, '')"


def one_of(expr: str, values) -> str:
    """`expr IN (...)` without the join DuckDB plans for a long IN list."""
    return f"list_contains([{', '.join(q(v) for v in sorted(values))}], {expr})"


def normalize_nik(text: str) -> str:
    """lindung.domain.nik.normalize on cleaned text: a leading apostrophe, a spreadsheet's '.0', then
    spaces and dashes removed. Sixteen plain digits, nearly every cell, skip all of that."""
    unquoted = f"(CASE WHEN starts_with({text}, {q(chr(39))}) THEN substr({text}, 2) ELSE {text} END)"
    unfloated = (f"(CASE WHEN regexp_full_match({unquoted}, {q('[0-9]+[.]0')}) "
                 f"THEN left({unquoted}, length({unquoted}) - 2) ELSE {unquoted} END)")
    return (f"(CASE WHEN regexp_full_match({text}, '[0-9]{{16}}') THEN {text} "
            f"ELSE replace(replace({unfloated}, ' ', ''), '-', '') END)")


def extract_nik_number(column: str) -> str:
    """The join key of an extract row: the NIK as a BIGINT (joining 10^7 rows on integers is several
    times faster than on text), NULL when the cell cannot be a valid NIK.

    Exactly what matching nik.normalize(clean(cell)) to a valid NIK would give: a 16-character cell can
    only hold a valid NIK as 16 plain digits, and then CAST and text agree; other cells are normalized
    first. A cell starting with '0' is left out of the fast path (no province code starts with 0, and
    DuckDB would read '0x...' as hexadecimal)."""
    normalized = normalize_nik(clean(column))
    return (f"CASE WHEN length({column}) = 16 AND NOT starts_with({column}, '0') THEN try_cast({column} AS BIGINT) "
            f"WHEN regexp_full_match({normalized}, '[0-9]{{16}}') THEN CAST({normalized} AS BIGINT) END")


def _date(c: str) -> tuple[str, str]:
    ok = f"regexp_full_match({c}, {q(fields.DATE_PATTERN)})"
    value = f"CASE WHEN {ok} AND {c}[1:4] <> '0000' THEN try_cast({c}[1:10] AS DATE) END"
    error = (f"CASE WHEN {c} IS NULL THEN NULL WHEN NOT {ok} THEN 'tanggal harus berformat YYYY-MM-DD' "
             f"WHEN ({value}) IS NULL THEN 'tanggal tidak ada di kalender' END")
    return value, error


def _sex(c: str) -> tuple[str, str]:
    value = f"CASE WHEN {one_of(f'upper({c})', fields.SEXES)} THEN upper({c}) END"
    return value, f"CASE WHEN {c} IS NOT NULL AND ({value}) IS NULL THEN 'jenis kelamin harus L atau P' END"


def region_dotted(c: str) -> str:
    """fields.parse_region's first step: 10 digits become the dotted code."""
    return (f"CASE WHEN regexp_full_match({c}, {q(fields.REGION_DIGITS_PATTERN)}) "
            f"THEN {c}[1:2] || '.' || {c}[3:4] || '.' || {c}[5:6] || '.' || {c}[7:10] ELSE {c} END")


def _region(c: str) -> tuple[str, str]:
    # kode_wilayah_dotted and kode_wilayah_known (joined to the Kemendagri list once) come from the query.
    well_formed = f"regexp_full_match(kode_wilayah_dotted, {q(fields.REGION_PATTERN)})"
    value = f"CASE WHEN {well_formed} AND kode_wilayah_known THEN kode_wilayah_dotted END"
    error = (f"CASE WHEN {c} IS NULL THEN NULL WHEN NOT {well_formed} "
             f"THEN 'kode wilayah kelurahan harus seperti 64.71.01.1001' "
             f"WHEN NOT kode_wilayah_known THEN 'kode wilayah tidak ada dalam daftar Kemendagri' END")
    return value, error


def _income(c: str) -> tuple[str, str]:
    ok = f"regexp_full_match({c}, {q(fields.AMOUNT_PATTERN)})"
    value = f"CASE WHEN {ok} THEN CAST({c} AS DECIMAL(38,10)) END"
    return value, f"CASE WHEN {c} IS NOT NULL AND NOT {ok} THEN 'nominal harus angka rupiah tanpa pemisah ribuan' END"


def _occupation(c: str) -> tuple[str, str]:
    lowered = f"translate({c}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
    # A cell already written as a code (nearly all of them) is its own code.
    value = (f"CASE WHEN regexp_full_match({c}, '[0-9a-z]+(?:_[0-9a-z]+)*') THEN {c} "
             f"ELSE trim(regexp_replace({lowered}, '[^0-9a-z]+', '_', 'g'), '_') END")
    return value, "NULL"


def _flag(c: str) -> tuple[str, str]:
    value = (f"CASE WHEN {c} IS NULL THEN false WHEN {one_of(f'lower({c})', TRUE_WORDS)} THEN true "
             f"WHEN {one_of(f'lower({c})', FALSE_WORDS - {''})} THEN false END")
    return value, f"CASE WHEN ({value}) IS NULL THEN 'isi dengan ya atau tidak' END"


# Column -> SQL reader, mirroring evaluate.READERS and OPTIONAL_READERS.
READERS_SQL = {
    "tanggal_lahir": _date,
    "jenis_kelamin": _sex,
    "kode_wilayah": _region,
    "pekerjaan": _occupation,
    "penghasilan_bulanan": _income,
    "domisili_sejak": _date,
    "disabilitas": _flag,
    "tanggal_daftar": _date,
}


def _nik_sql() -> dict[str, str]:
    """lindung.domain.nik.check in SQL over `nik_n` (normalized) -> error list, validity, NIK date and sex."""
    m = nik_rules.MESSAGES
    digits = "regexp_full_match(nik_n, '[0-9]+')"
    length = "length(nik_n) = 16"
    # try_cast, not CAST: DuckDB may compute a shared expression for rows the CASE would skip.
    day = "try_cast(nik_n[7:8] AS INTEGER)"
    real_day = f"(CASE WHEN {day} > {nik_rules.FEMALE_DAY_OFFSET} THEN {day} - {nik_rules.FEMALE_DAY_OFFSET} ELSE {day} END)"
    # Century does not change validity (lindung.domain.nik resolves it, 29 Feb included): test in 20YY.
    born = f"try_cast('20' || nik_n[11:12] || '-' || nik_n[9:10] || '-' || lpad(CAST({real_day} AS VARCHAR), 2, '0') AS DATE)"
    shape_errors = (f"CASE WHEN NOT {digits} THEN {q(m[nik_rules.ERR_DIGITS])} END, "
                    f"CASE WHEN NOT {length} THEN {q(m[nik_rules.ERR_LENGTH])} END")
    content_errors = (f"CASE WHEN NOT {one_of('nik_n[1:2]', nik_rules.province_codes())} THEN {q(m[nik_rules.ERR_PROVINCE])} END, "
                      f"CASE WHEN {born} IS NULL THEN {q(m[nik_rules.ERR_DATE])} END, "
                      f"CASE WHEN nik_n[13:16] = '0000' THEN {q(m[nik_rules.ERR_SERIAL])} END")
    errors = (f"CASE WHEN nik_c IS NULL THEN NULL WHEN NOT ({digits} AND {length}) THEN concat_ws(', ', {shape_errors}) "
              f"ELSE NULLIF(concat_ws(', ', {content_errors}), '') END")
    return {
        "errors": errors,
        "day": real_day,
        "sex": f"(CASE WHEN {day} > {nik_rules.FEMALE_DAY_OFFSET} THEN 'P' ELSE 'L' END)",
    }


def _parameter(ruleset: RuleSet, name: str, render=sql_literal) -> str:
    """A parameter as a SQL expression of tanggal_daftar (already known to lie in the rule set's period)."""
    history = ruleset.parameter(name).history
    if len(history) == 1:
        return render(history[0].value)
    branches = " ".join(
        f"WHEN tanggal_daftar >= DATE '{item.start.isoformat()}' THEN {render(item.value)}" for item in reversed(history[1:])
    )
    return f"(CASE {branches} ELSE {render(history[0].value)} END)"


def _message(ruleset: RuleSet, criterion: Criterion) -> str:
    """criterion.failure with its {role} placeholders filled as evaluate.format_value would."""
    marker = "\x00"
    parts = criterion.failure.format(**{role: f"{marker}{role}{marker}" for role in criterion.bindings}).split(marker)
    pieces = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            if part:
                pieces.append(q(part))
        else:
            pieces.append(_parameter(ruleset, criterion.bindings[part], render=lambda v: q(format_value(v))))
    return " || ".join(pieces) or "''"


def _condition(ruleset: RuleSet, criterion: Criterion) -> str:
    known = " AND ".join(f"{name} IS NOT NULL" for name in required_facts(criterion)) or "true"
    roles = {role: _parameter(ruleset, name) for role, name in criterion.bindings.items()}
    return f"({known} AND {KINDS[criterion.kind].sql(roles, ruleset.jurisdiction)})"


def _with_cite(text_sql: str, cite: str) -> str:
    return f"{text_sql} || {q(f' ({cite})')}" if cite else text_sql


def _template(code: str, detail_sql: str | None = None) -> str:
    before, _, after = R.TEXT[code].partition("{}")
    pieces = [q(before)] + ([detail_sql] if detail_sql is not None else []) + ([q(after)] if after else [])
    return " || ".join(pieces)


def findings(ruleset: RuleSet) -> list[tuple[str, str, str, str]]:
    """(code, condition, text, severity) for every finding, in the evaluator's order."""
    out = [
        (R.NIK_TIDAK_VALID, "nik_errors IS NOT NULL", _template(R.NIK_TIDAK_VALID, "nik_errors"), "3"),
        (R.DATA_WAJIB_KOSONG, "empty_fields <> ''", _template(R.DATA_WAJIB_KOSONG, "empty_fields"), "3"),
        (R.NILAI_TIDAK_VALID, "unreadable_fields <> ''", _template(R.NILAI_TIDAK_VALID, "unreadable_fields"), "3"),
        (R.NIK_GANDA, "dup_nik_of IS NOT NULL", _template(R.NIK_GANDA, "CAST(dup_nik_of AS VARCHAR)"), "1"),
        (R.KEMUNGKINAN_GANDA, "dup_person_of IS NOT NULL",
         _template(R.KEMUNGKINAN_GANDA, "CAST(dup_person_of AS VARCHAR)")
         + f" || coalesce({q(R.WHY_SEPARATOR)} || dup_person_why, '')", "1"),
    ]
    for c in ruleset.criteria:
        if c.outcome_from:
            outcome = _parameter(ruleset, c.outcome_from)
            severity = f"(CASE {outcome} " + " ".join(f"WHEN {q(k)} THEN {v}" for k, v in SEVERITY_SQL.items()) + " END)"
        else:
            severity = str(SEVERITY_SQL[c.outcome])
        out.append((c.code, _condition(ruleset, c), _with_cite(_message(ruleset, c), c.cite), severity))
    out.append((R.TANGGAL_LAHIR_BEDA_NIK, "warn_birth", _template(R.TANGGAL_LAHIR_BEDA_NIK), "0"))
    out.append((R.JENIS_KELAMIN_BEDA_NIK, "warn_sex", _template(R.JENIS_KELAMIN_BEDA_NIK), "0"))
    for p in ruleset.priorities:
        out.append((p.code, _condition(ruleset, p), _with_cite(_message(ruleset, p), p.cite), "0"))
    return out


def decision_query(ruleset: RuleSet, *, with_probable_duplicates: bool = False) -> str:
    """One row per applicant: _baris, the applicant columns as given, keputusan, alasan, alasan_teks,
    and what ranking needs (miskin_desil, _tanggal_daftar, one boolean per priority flag)."""
    columns = APPLICANTS.columns
    cleaned = ",\n    ".join(f"{clean(c)} AS {c}_c" for c in columns)
    parsed, errors = [], []
    for column, reader in READERS_SQL.items():
        value, error = reader(f"{column}_c")
        parsed.append(f"{value} AS {column}_v")
        errors.append(f"{error} AS {column}_e")
    in_force = f"tanggal_daftar_v >= DATE '{ruleset.effective_from.isoformat()}'"
    if ruleset.effective_to is not None:
        in_force += f" AND tanggal_daftar_v <= DATE '{ruleset.effective_to.isoformat()}'"
    out_of_period = q(f"{R.OUT_OF_PERIOD}, {period_text(ruleset)}")
    defect = clean(fields.ROW_DEFECT)
    unreadable_terms = [f"CASE WHEN {defect} IS NOT NULL THEN '{fields.ROW_DEFECT_LABEL} (' || {defect} || ')' END"]
    for column in columns:
        if column == "tanggal_daftar":
            why = f"coalesce(tanggal_daftar_e, CASE WHEN NOT ({in_force}) THEN {out_of_period} END)"
        elif column in READERS_SQL:
            why = f"{column}_e"
        else:
            continue
        unreadable_terms.append(f"CASE WHEN {why} IS NOT NULL THEN '{column} (' || {why} || ')' END")
    empty_terms = ", ".join(f"CASE WHEN {c}_c IS NULL THEN '{c}' END" for c in APPLICANTS.required)
    nik = _nik_sql()
    listed = findings(ruleset)
    flags = ",\n    ".join(f"{cond} AS f_{i}" for i, (_, cond, _, _) in enumerate(listed))
    codes = ", ".join(f"CASE WHEN f_{i} THEN {q(code)} END" for i, (code, _, _, _) in enumerate(listed))
    texts = ", ".join(f"CASE WHEN f_{i} THEN {text} END" for i, (_, _, text, _) in enumerate(listed))
    if ruleset.basis_note:
        texts += f", {q(ruleset.basis_note)}"
    severities = ", ".join(f"CASE WHEN f_{i} THEN {sev} ELSE 0 END" for i, (_, _, _, sev) in enumerate(listed))
    position = {code: i for i, (code, _, _, _) in enumerate(listed)}
    priority_flags = "".join(f", f_{position[p.code]} AS {p.code.lower()}" for p in ruleset.priorities)
    probable = (
        "LEFT JOIN (SELECT _baris, min(dup_of) AS dup_of, arg_min(penjelasan, dup_of) AS penjelasan "
        "FROM probable_duplicates GROUP BY _baris) pd USING (_baris)"
        if with_probable_duplicates else ""
    )
    dup_person = "pd.dup_of" if with_probable_duplicates else "CAST(NULL AS BIGINT)"
    dup_person_why = "nullif(pd.penjelasan, '')" if with_probable_duplicates else "CAST(NULL AS VARCHAR)"
    # The cells as given travel along as <column>_raw: the typed facts take the contract names.
    raw_columns = ", ".join(f"{c}_raw" for c in columns)
    as_given = ", ".join(f"{c} AS {c}_raw" for c in columns)
    output_columns = ", ".join(f"{c}_raw AS {c}" for c in columns)

    # Shape of the plan, for speed: the wide applicant rows stream once through the joins; everything
    # keyed by NIK (the extracts, NIK_GANDA) is computed on narrow relations and joined in. The extracts
    # are cut down to the applicants' NIKs before any of their cells is parsed.
    return f"""
WITH nik_keys AS (
  SELECT nik_key, min(_baris) AS first_row
  FROM (SELECT {normalize_nik('nik_c')} AS nik_key, _baris FROM (SELECT {clean('nik')} AS nik_c, _baris FROM applicants))
  WHERE nik_key <> ''
  GROUP BY nik_key
),
wanted AS (
  SELECT CAST(nik_key AS BIGINT) AS nik_number FROM nik_keys WHERE regexp_full_match(nik_key, '[0-9]{{16}}')
),
poverty_by_nik AS (
  SELECT nik_number,
    min(CASE WHEN regexp_full_match({clean('desil')}, {q(fields.DESIL_PATTERN)})
      AND try_cast({clean('desil')} AS INTEGER) BETWEEN {fields.DESIL_RANGE[0]} AND {fields.DESIL_RANGE[1]}
      THEN try_cast({clean('desil')} AS INTEGER) END) AS miskin_desil,
    bool_or(coalesce({one_of(f"lower({clean('miskin_ekstrem')})", TRUE_WORDS)}, false)) AS miskin_ekstrem
  FROM (SELECT {extract_nik_number('nik')} AS nik_number, desil, miskin_ekstrem FROM poverty) p
  SEMI JOIN wanted USING (nik_number)
  GROUP BY nik_number
),
bpjs_by_nik AS (
  SELECT nik_number, bool_or(upper({clean('status')}) = 'AKTIF') AS bpjs_aktif
  FROM (SELECT {extract_nik_number('nik')} AS nik_number, status FROM bpjs) b
  SEMI JOIN wanted USING (nik_number)
  GROUP BY nik_number
),
cleaned AS (
  SELECT _baris, {as_given}, {fields.ROW_DEFECT},
    {cleaned}
  FROM applicants
),
normalized AS (
  SELECT *, {normalize_nik('nik_c')} AS nik_n, {region_dotted('kode_wilayah_c')} AS kode_wilayah_dotted FROM cleaned
),
located AS (
  SELECT n.*, k.kode IS NOT NULL AS kode_wilayah_known
  FROM normalized n LEFT JOIN kelurahan k ON k.kode = n.kode_wilayah_dotted
),
parsed AS (
  SELECT *,
    {', '.join(parsed)},
    {', '.join(errors)},
    {nik['errors']} AS nik_errors
  FROM located
),
facts AS (
  SELECT _baris, {raw_columns}, nik_n, nik_errors,
    CASE WHEN nik_c IS NOT NULL AND nik_errors IS NULL THEN nik_n END AS nik,
    CASE WHEN nik_c IS NOT NULL AND nik_errors IS NULL THEN CAST(nik_n AS BIGINT) END AS nik_number,
    tanggal_lahir_v AS tanggal_lahir, jenis_kelamin_v AS jenis_kelamin, kode_wilayah_v AS kode_wilayah,
    pekerjaan_v AS pekerjaan, penghasilan_bulanan_v AS penghasilan_bulanan, domisili_sejak_v AS domisili_sejak,
    disabilitas_v AS disabilitas,
    CASE WHEN {in_force} THEN tanggal_daftar_v END AS tanggal_daftar,
    concat_ws(', ', {empty_terms}) AS empty_fields,
    concat_ws(', ', {', '.join(unreadable_terms)}) AS unreadable_fields,
    CASE WHEN nik_c IS NOT NULL AND nik_errors IS NULL AND tanggal_lahir_v IS NOT NULL AND (
      day(tanggal_lahir_v) <> {nik['day']} OR month(tanggal_lahir_v) <> try_cast(nik_n[9:10] AS INTEGER)
      OR year(tanggal_lahir_v) % 100 <> try_cast(nik_n[11:12] AS INTEGER)) THEN true ELSE false END AS warn_birth,
    CASE WHEN nik_c IS NOT NULL AND nik_errors IS NULL AND jenis_kelamin_v IS NOT NULL
      AND jenis_kelamin_v <> {nik['sex']} THEN true ELSE false END AS warn_sex
  FROM parsed
),
joined AS (
  SELECT f.*, p.miskin_desil, coalesce(p.miskin_ekstrem, false) AS miskin_ekstrem,
    coalesce(b.bpjs_aktif, false) AS bpjs_aktif,
    CASE WHEN k.first_row < f._baris THEN k.first_row END AS dup_nik_of,
    {dup_person} AS dup_person_of, {dup_person_why} AS dup_person_why
  FROM facts f
  LEFT JOIN poverty_by_nik p ON f.nik_number = p.nik_number
  LEFT JOIN bpjs_by_nik b ON f.nik_number = b.nik_number
  LEFT JOIN nik_keys k ON f.nik_n = k.nik_key
  {probable}
),
flagged AS (
  SELECT *,
    {flags}
  FROM joined
),
decided AS (
  SELECT *,
    concat_ws({q(R.CODE_SEPARATOR)}, {codes}) AS alasan,
    concat_ws({q(R.TEXT_SEPARATOR)}, {texts}) AS alasan_teks,
    greatest({severities}) AS severity
  FROM flagged
)
SELECT _baris, {output_columns},
  CASE severity WHEN 3 THEN {q(R.DATA_TIDAK_VALID)} WHEN 2 THEN {q(R.TIDAK_LAYAK)}
    WHEN 1 THEN {q(R.PERLU_VERIFIKASI)} ELSE {q(R.LAYAK)} END AS keputusan,
  alasan,
  alasan_teks,
  miskin_desil, tanggal_daftar AS _tanggal_daftar{priority_flags}
FROM decided
"""


def ranking_query(ruleset: RuleSet, *, ranked_on: date, decisions: str = "decisions") -> str:
    """`prioritas` for the LAYAK rows of `decisions` (a decision_query result): _baris -> 1..n, ordered
    as evaluate.rank orders them (priority flags in priority_order, lower desil, earlier application,
    earlier row). Kept apart from decision_query so that only narrow rows are sorted."""
    keys = [f"NOT {code.lower()}" for code in priority_order(ruleset, ranked_on)]
    keys += ["miskin_desil ASC NULLS LAST", "_tanggal_daftar ASC", "_baris ASC"]
    return (f"SELECT _baris, row_number() OVER (ORDER BY {', '.join(keys)}) AS prioritas "
            f"FROM {decisions} WHERE keputusan = {q(R.LAYAK)}")


def screening_query(ruleset: RuleSet, *, ranked_on: date, with_probable_duplicates: bool = False) -> str:
    """Decisions and ranks in one statement (small batches, tests); the bulk engine runs the two apart."""
    return f"""
WITH decisions AS ({decision_query(ruleset, with_probable_duplicates=with_probable_duplicates)}),
ranks AS ({ranking_query(ruleset, ranked_on=ranked_on)})
SELECT d.*, r.prioritas FROM decisions d LEFT JOIN ranks r USING (_baris)
"""
