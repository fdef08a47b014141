"""The synthetic-data generator (`lindung synth`): deterministic, streaming, and true to its ground truth.

Files are generated once per module (a few tens of thousands of rows) and checked independently with
the domain's own validators, the shipped region file and the exchange-format contract.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
import yaml

from lindung import synth
from lindung.domain import nik as nik_rules
from lindung.domain.calendar import add_months, age_on
from lindung.domain.money import InvalidAmount, parse_amount
from lindung.synth.identity import has_check_digit
from lindung.synth.random_source import Permutation, stream
from lindung.synth.spelling import spelling_variant

from .conftest import APPLICANTS, CONTRACT, DATA, NIK_TODAY, SEED, UMK_2026, header, read  # noqa: F401

# --- Contract and determinism -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["applicants", "truth", "poverty", "bpjs", "participants", "invoice"])
def test_headers_follow_the_exchange_format(files, name):
    assert header(files[name]) == CONTRACT[name]


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path):
    def make(name: str, seed: int) -> Path:
        path = tmp_path / name
        synth.write_applicants(path, seed=seed, rows=3000)
        synth.write_poverty(tmp_path / f"{name}.poverty", seed=seed, rows=5000, applicants=path)
        return path

    first, again, other = make("a.csv", 5), make("b.csv", 5), make("c.csv", 6)
    for suffix in ("", ".truth.csv", ".poverty"):
        assert Path(f"{first}{suffix}").read_bytes() == Path(f"{again}{suffix}").read_bytes()
        assert Path(f"{first}{suffix}").read_bytes() != Path(f"{other}{suffix}").read_bytes()


def test_all_writes_exactly_what_the_single_commands_write(files, tmp_path):
    applicants = tmp_path / "applicants.csv"
    synth.write_applicants(applicants, seed=SEED, rows=APPLICANTS)
    synth.write_bpjs(tmp_path / "bpjs.csv", seed=SEED, rows=40_000, applicants=applicants)
    assert applicants.read_bytes() == files["applicants"].read_bytes()
    assert (tmp_path / "bpjs.csv").read_bytes() == files["bpjs"].read_bytes()


def test_the_first_rows_do_not_depend_on_how_many_are_asked_for():
    assert list(synth.applicants(SEED, 300)) == list(itertools.islice(synth.applicants(SEED, 5000), 300))
    assert list(synth.participants(SEED, 10)) == list(itertools.islice(synth.participants(SEED, 1000), 10))


def test_generation_streams_a_billion_rows_request_lazily():
    rows = synth.applicants(SEED, 10**9)
    first = list(itertools.islice(rows, 5))
    assert len(first) == 5
    members = list(itertools.islice(synth.participants(SEED, 10**7), 5))
    assert len(members) == 5


def test_python_api_gives_typed_values():
    row = next(synth.applicants(SEED, 10, duplicates=0.0, malformed=0.0))
    assert list(row) == CONTRACT["applicants"].split(",")
    assert isinstance(row["tanggal_lahir"], date) and isinstance(row["domisili_sejak"], date)
    assert isinstance(row["tanggal_daftar"], date)
    assert isinstance(row["penghasilan_bulanan"], Decimal)
    assert isinstance(row["disabilitas"], bool)
    member = next(synth.participants(SEED, 1))
    assert isinstance(member["mulai_kepesertaan"], date)


# --- Applicants -------------------------------------------------------------------------------


def test_every_nik_is_valid_and_consistent_except_where_the_truth_says_otherwise(applicants):
    for row in applicants.filter(pl.col("kind") != "malformed").iter_rows(named=True):
        born = date.fromisoformat(row["tanggal_lahir"])
        check = nik_rules.check(row["nik"], birth_date=born, sex=row["jenis_kelamin"], today=NIK_TODAY)
        assert check.is_valid, row
        if row["kind"] in ("original", "exact_duplicate", "name_variant"):
            assert check.warnings == (), row


def test_original_niks_are_unique_and_most_are_issued_in_balikpapan(applicants):
    originals = applicants.filter(pl.col("kind") == "original")
    assert originals["nik"].n_unique() == originals.height
    in_city = originals["nik"].str.starts_with("6471").mean()
    assert 0.78 < in_city < 0.92
    prefixes = set(originals["nik"].str.slice(0, 4))
    assert {"6472", "3578", "7371", "6371"} <= prefixes  # Samarinda, Surabaya, Makassar, Banjarmasin


def test_region_codes_are_real_and_mostly_balikpapan(applicants, region_codes):
    codes = applicants["kode_wilayah"]
    assert set(codes) <= region_codes
    city = [c for c in region_codes if c.startswith("64.71.") and len(c) == 13]
    assert len(city) == 34 and set(city) <= set(codes)
    outside = (~codes.str.starts_with("64.71.")).mean()
    assert 0.015 < outside < 0.05
    assert set(codes.filter(~codes.str.starts_with("64.71.")).str.slice(0, 5)) <= {"64.72", "64.09"}


def test_nik_issuing_kecamatan_are_real(applicants, region_codes):
    originals = applicants.filter(pl.col("kind") == "original")["nik"]
    districts = {f"{n[:2]}.{n[2:4]}.{n[4:6]}" for n in originals}
    assert districts <= region_codes


def test_people_look_like_the_programme_population(applicants):
    originals = applicants.filter(pl.col("kind") == "original")
    ages = [
        age_on(date.fromisoformat(born), date.fromisoformat(registered))
        for born, registered in originals.select("tanggal_lahir", "tanggal_daftar").iter_rows()
    ]
    working_age = sum(18 <= a < 64 for a in ages) / len(ages)
    assert 0.93 < working_age < 0.995
    assert any(a in (16, 17) for a in ages) and any(64 <= a <= 70 for a in ages)
    assert min(ages) >= 16 and max(ages) <= 70

    registered = originals["tanggal_daftar"].str.to_date()
    assert registered.min() >= date(2026, 7, 1) and registered.max() <= date(2026, 9, 30)

    incomes = [Decimal(v) for v in originals["penghasilan_bulanan"]]
    at_or_above = sum(v >= UMK_2026 for v in incomes) / len(incomes)
    assert 0.08 < at_or_above < 0.16
    assert UMK_2026 in incomes

    recent = [
        add_months(date.fromisoformat(since), 6) > date.fromisoformat(registered)
        for since, registered in originals.select("domisili_sejak", "tanggal_daftar").iter_rows()
    ]
    assert 0.02 < sum(recent) / len(recent) < 0.07
    exactly_six = [
        add_months(date.fromisoformat(since), 6) == date.fromisoformat(registered)
        for since, registered in originals.select("domisili_sejak", "tanggal_daftar").iter_rows()
    ]
    assert any(exactly_six)
    assert 0.015 < (originals["disabilitas"] == "ya").mean() < 0.05
    assert set(originals["disabilitas"]) == {"ya", "tidak"}
    assert set(originals["jenis_kelamin"]) == {"L", "P"}
    assert originals["telepon"].str.contains(r"^08\d{9,11}$").all()
    assert originals["alamat"].str.contains(r"RT \d{3}$").all()
    assert originals["no_kk"].str.contains(r"^\d{16}$").all()
    assert originals["nama"].n_unique() > originals.height * 0.5


def test_occupations_come_from_the_national_vocabulary(applicants):
    vocabulary = yaml.safe_load((DATA / "occupations.yaml").read_text(encoding="utf-8"))
    informal = {o["code"] for o in vocabulary if o.get("informal", True)}
    others = {o["code"] for o in vocabulary} - informal
    used = applicants["pekerjaan"]
    assert set(used) <= informal | others
    uncovered = used.is_in(list(others)).mean()
    assert 0.04 < uncovered < 0.13


def test_duplicates_and_malformed_rows_come_in_the_asked_shares(applicants):
    kinds = Counter(applicants["kind"])
    assert set(kinds) == set(synth.KINDS)
    duplicates = sum(kinds[k] for k in ("exact_duplicate", "nik_typo", "name_variant", "date_swap"))
    assert 0.04 < duplicates / APPLICANTS < 0.06
    assert 0.002 < kinds["malformed"] / APPLICANTS < 0.009


def test_the_ground_truth_says_what_each_row_really_is(applicants):
    rows = applicants.to_dicts()
    assert [r["row"] for r in rows] == [str(i) for i in range(1, APPLICANTS + 1)]
    assert all(r["truth_nik"] == (r["nik"] or "") for r in rows)
    original_at: dict[str, dict] = {}
    original_niks = {r["nik"] for r in rows if r["kind"] == "original"}
    for number, row in enumerate(rows, start=1):
        kind = row["kind"]
        if kind == "original":
            assert row["entity_id"] not in original_at
            original_at[row["entity_id"]] = row | {"number": number}
            continue
        if kind == "malformed":
            assert _is_malformed(row), row
            continue
        source = original_at[row["entity_id"]]  # an original of the same person came earlier
        assert source["number"] < number
        same = ("nama", "tanggal_lahir", "jenis_kelamin", "tempat_lahir", "no_kk", "kode_wilayah")
        if kind == "exact_duplicate":
            assert row["nik"] == source["nik"]
            assert all(row[c] == source[c] for c in same)
        elif kind == "name_variant":
            assert row["nik"] == source["nik"] and row["nama"] != source["nama"]
            assert row["tanggal_lahir"] == source["tanggal_lahir"]
        elif kind == "date_swap":
            assert row["nik"] == source["nik"] and row["nama"] == source["nama"]
            born, swapped = (
                date.fromisoformat(source["tanggal_lahir"]),
                date.fromisoformat(row["tanggal_lahir"]),
            )
            assert (swapped.year, swapped.month, swapped.day) == (
                born.year,
                born.day,
                born.month,
            ) and swapped != born
        elif kind == "nik_typo":
            differences = sum(a != b for a, b in zip(row["nik"], source["nik"], strict=True))
            assert differences == 1 and row["tanggal_lahir"] == source["tanggal_lahir"]
            assert row["nik"] not in original_niks  # a typo never lands on another real person
    for row in rows:
        if row["kind"] == "original":
            assert not _is_malformed(row), row


def _is_malformed(row: dict) -> bool:
    nik = row["nik"] or ""
    if len(nik) != 16 or not nik.isdigit() or not row["nama"]:
        return True
    try:
        for column in ("tanggal_lahir", "domisili_sejak", "tanggal_daftar"):
            date.fromisoformat(row[column])
        parse_amount(row["penghasilan_bulanan"])
    except (ValueError, InvalidAmount):
        return True
    return False


def test_generated_niks_carry_a_check_digit_no_single_typo_preserves(applicants):
    for nik in applicants.filter(pl.col("kind") == "original")["nik"].head(500):
        assert has_check_digit(nik)
        for position in range(16):
            for digit in "0123456789":
                if digit != nik[position]:
                    assert not has_check_digit(nik[:position] + digit + nik[position + 1 :])


@pytest.mark.parametrize(
    "name", ["Muhammad Rizky Pratama", "Siti Nurhaliza", "Yohanes Lawing", "Sri", "SUPARMAN"]
)
def test_spelling_variants_always_differ(name):
    rng = stream(1, "test")
    for _ in range(200):
        assert spelling_variant(name, rng) != name


def test_permutations_are_bijections():
    permutation = Permutation.keyed(5, 3, "test")
    assert sorted(permutation(i) for i in range(permutation.size)) == list(range(permutation.size))
    series = permutation(pl.int_range(0, permutation.size, dtype=pl.Int64, eager=True))
    assert series.to_list() == [permutation(i) for i in range(permutation.size)]


@pytest.mark.parametrize("share", [-0.1, 1.5])
def test_impossible_shares_are_refused(share):
    with pytest.raises(ValueError):
        next(synth.applicants(1, 10, duplicates=share))


