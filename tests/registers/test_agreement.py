"""The rule set's two executors agree: the per-record evaluator (lindung.domain.rules.evaluate) and the
SQL it compiles to (lindung.domain.rules.sql, run on DuckDB) give every record the same decision, the
same reasons in the same order, the same text and the same priority rank.

Records are generated around every boundary (age on the birthday, domicile to the day, income at the
UMK, the UMK change on 1 January, female NIK days, lapsed vs active BPJS) and with the awkward text
spreadsheets hold (apostrophes, '.0', odd whitespace, lower case, undotted region codes, junk).
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from lindung.domain import nik as nik_rules
from lindung.domain.calendar import add_months
from lindung.domain.exchange import APPLICANTS
from lindung.domain.rules import load
from lindung.domain.rules.evaluate import screen_records
from lindung.domain.rules.fields import ROW_DEFECT
from lindung.domain.rules.ruleset import available
from lindung.domain.rules.sql import screening_query
from lindung.registers.screening import create_reference_tables

RANKED_ON = date(2025, 7, 1)
RULESETS = available()  # every rule set shipped: both executors must agree on each

APPLICATION_DATES = [date(2024, 12, 31), date(2025, 1, 12), date(2025, 1, 13), date(2025, 6, 1), date(2025, 8, 31),
                     date(2025, 12, 31), date(2026, 1, 1), date(2026, 2, 28), date(2028, 2, 29)]
KELURAHAN = ["64.71.01.1001", "64.71.05.1012", "64.72.01.1001", "61.04.01.2001", "64.71.01.9999", "64.71"]
DISTRICTS = ["64.71.01", "64.72.01", "61.04.01", "52.01.01", "99.01.01"]
OCCUPATIONS = ["pemulung", "Pedagang Kaki Lima", "NELAYAN", "buruh harian", "pns", "karyawan_swasta", "", "ojek"]
INCOMES = ["3701508.68", "3701508.67", "3701508.6799999999", "3856694.43", "3856694.42", "3475595", "1500000",
           "0", "1.500.000", "-5", "Rp 1500000", "3579313.77", "12345678901234567890", ""]
ODD_SPACE = ["", " ", "\t", "\u00a0", "\u3000", "\n"]


def wrap(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(ODD_SPACE), text, st.sampled_from(ODD_SPACE)).map("".join)


NIK_MUTATIONS = ["serial0", "digit", "short", "letter", "apostrophe", "float", "spaces", "dash", "day_plus_40",
                 "feb30", "empty", "arabic"]


@st.composite
def nik_text(draw, born: date, sex: str, messy: bool) -> str:
    if draw(st.integers(0, 4)) == 0:  # the NIK date (or sex) sometimes differs from what the form says
        born = draw(st.dates(date(1940, 1, 1), date(2012, 12, 31)))
        sex = draw(st.sampled_from("LP"))
    value = nik_rules.make(draw(st.sampled_from(DISTRICTS)), born, sex, draw(st.integers(1, 3)))
    mutation = draw(st.sampled_from(["none"] * 4 + NIK_MUTATIONS)) if messy else "none"
    if mutation == "serial0":
        value = value[:12] + "0000"
    elif mutation == "digit":
        i = draw(st.integers(0, 15))
        value = value[:i] + str((int(value[i]) + 1) % 10) + value[i + 1:]
    elif mutation == "short":
        value = value[:15]
    elif mutation == "letter":
        value = value[:10] + "O" + value[11:]
    elif mutation == "apostrophe":
        value = "'" + value
    elif mutation == "float":
        value = value + ".0"
    elif mutation == "spaces":
        value = value[:4] + " " + value[4:]
    elif mutation == "dash":
        value = value[:6] + "-" + value[6:]
    elif mutation == "day_plus_40":
        value = value[:6] + f"{(int(value[6:8]) + 40) % 100:02d}" + value[8:]
    elif mutation == "feb30":
        value = value[:6] + "3002" + value[10:]
    elif mutation == "empty":
        value = ""
    elif mutation == "arabic":
        value = value[:15] + "\u0663"
    return draw(wrap(st.just(value))) if messy else value


def date_text(d: date, draw, messy: bool) -> str:
    if not messy:
        return d.isoformat()
    style = draw(st.sampled_from(["iso"] * 4 + ["midnight", "slash", "bad_day", "year0"]))
    if style == "midnight":
        return d.isoformat() + " 00:00:00"
    if style == "slash":
        return d.strftime("%d/%m/%Y")
    if style == "bad_day":
        return f"{d.year:04d}-02-30"
    if style == "year0":
        return "0000-01-01"
    return d.isoformat()


def pick(draw, messy: bool, clean: list, odd: list):
    """A value: from the clean list for a clean row, from both (wrapped in odd whitespace) for a messy one."""
    if not messy:
        return draw(st.sampled_from(clean))
    return draw(wrap(st.sampled_from(clean + odd)))


@st.composite
def applicant(draw, pool: list[str]) -> dict:
    messy = draw(st.integers(0, 3)) == 0
    applied = draw(st.sampled_from(APPLICATION_DATES[2:] if not messy else APPLICATION_DATES))
    age = draw(st.sampled_from([30, 30, 45, 17, 18, 63, 64]))
    shift = draw(st.sampled_from([0, 0, 0, -1, 1, 40]))
    born = date(applied.year - age, 3, 1) if (applied.month, applied.day) == (2, 29) \
        else applied.replace(year=applied.year - age)
    born = born + timedelta(days=shift)
    months = draw(st.sampled_from([120, 120, 5, 6, 7]))
    domicile = add_months(applied, -months) + timedelta(days=draw(st.sampled_from([0, 0, -1, 1])))
    sex = draw(st.sampled_from("LP"))
    nik = draw(st.sampled_from(pool)) if pool and draw(st.integers(0, 14)) == 0 else draw(nik_text(born, sex, messy))
    region = draw(st.sampled_from(KELURAHAN[:2] * 3 + KELURAHAN[2:4] if not messy else KELURAHAN))
    if draw(st.integers(0, 4)) == 0:
        region = region.replace(".", "")
    row = {
        "nik": nik,
        "no_kk": draw(st.sampled_from(["", "6471010101010001"])),
        "nama": pick(draw, messy, ["Siti Aminah", "Budi", "Ni Luh Putu"], ["", " "]),
        "tempat_lahir": "Balikpapan",
        "tanggal_lahir": date_text(born, draw, messy),
        "jenis_kelamin": pick(draw, messy, [sex] * 4 + ["L", "P"], ["l", "p", "X", ""]),
        "alamat": "Jl. Mulawarman",
        "kode_wilayah": draw(wrap(st.just(region))) if messy else region,
        "telepon": "",
        "pekerjaan": pick(draw, messy, ["pemulung", "nelayan", "buruh_harian", "pns"], OCCUPATIONS),
        "penghasilan_bulanan": pick(draw, messy, ["1500000", "1500000", "3701508.67", "3701508.68", "3856694.42",
                                                  "3856694.43"], INCOMES),
        "domisili_sejak": date_text(domicile, draw, messy),
        "disabilitas": pick(draw, messy, ["tidak", "tidak", "", "ya"], ["Ya", "YES", "mungkin", "1"]),
        "tanggal_daftar": date_text(applied, draw, messy),
    }
    if messy and draw(st.integers(0, 10)) == 0:
        row[draw(st.sampled_from(APPLICANTS.columns))] = None
    if messy and draw(st.integers(0, 15)) == 0:  # what the tolerant CSV reader notes on a damaged row
        row[ROW_DEFECT] = draw(st.sampled_from(["berisi 15 kolom, judul 14 kolom", " ", ""]))
    return row


def variant(nik: str, draw) -> str:
    return draw(st.sampled_from([nik, nik.strip(), "'" + nik.strip(), nik.strip() + ".0", f" {nik.strip()} "]))


@st.composite
def batch(draw):
    pool: list[str] = []
    rows = []
    for _ in range(draw(st.integers(1, 150))):
        row = draw(applicant(pool))
        pool.append(row["nik"] or "")
        rows.append(row)
    poverty, bpjs = [], []
    for row in rows:
        for _ in range(draw(st.sampled_from([0, 1, 1, 1, 1, 2]))):
            poverty.append({
                "nik": variant(row["nik"] or "", draw),
                "no_kk": "",
                "desil": draw(st.sampled_from(["1", "2", "4", "4", "5", "10", "11", "0", "", "x", " 3 ", "04", None])),
                "miskin_ekstrem": draw(st.sampled_from(["ya", "tidak", "", "YA", None])),
            })
        for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
            bpjs.append({
                "nik": variant(row["nik"] or "", draw),
                "kpj": "123",
                "segmen": "BPU",
                "status": draw(st.sampled_from(["AKTIF", "NONAKTIF", "aktif", " AKTIF ", "", None])),
            })
    return rows, poverty, bpjs


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    create_reference_tables(connection)
    yield connection
    connection.close()


def run_sql(con, ruleset, applicants, poverty, bpjs) -> list[dict]:
    def table(name, rows, columns, with_row=False):
        data = {c: [r.get(c) for r in rows] for c in columns}
        if with_row:
            data = {"_baris": list(range(1, len(rows) + 1)), **data}
        schema = pa.schema([("_baris", pa.int64())] * with_row + [(c, pa.string()) for c in columns])
        con.register(f"{name}_arrow", pa.table(data, schema=schema))
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_arrow")
        con.unregister(f"{name}_arrow")

    table("applicants", applicants, (*APPLICANTS.columns, ROW_DEFECT), with_row=True)
    table("poverty", poverty, ("nik", "desil", "miskin_ekstrem"))
    table("bpjs", bpjs, ("nik", "status"))
    cursor = con.execute(screening_query(ruleset, ranked_on=RANKED_ON) + " ORDER BY _baris")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def assert_agree(con, ruleset_id, rows, poverty, bpjs):
    ruleset = load(ruleset_id)
    expected = screen_records(ruleset, rows, poverty, bpjs, ranked_on=RANKED_ON)
    got = run_sql(con, ruleset, rows, poverty, bpjs)
    assert len(got) == len(expected)
    for e, g in zip(expected, got, strict=True):
        python = (e.decision.keputusan, ";".join(e.decision.alasan), e.decision.alasan_teks, e.prioritas)
        sql = (g["keputusan"], g["alasan"], g["alasan_teks"], g["prioritas"])
        assert sql == python, f"row {e.row}: {rows[e.row - 1]!r}"
        event(e.decision.keputusan)
        for code in e.decision.alasan:
            event(code)


@pytest.mark.parametrize("ruleset_id", RULESETS)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=batch())
def test_the_evaluator_and_the_sql_agree(con, ruleset_id, data):
    assert_agree(con, ruleset_id, *data)
