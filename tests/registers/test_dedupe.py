"""Probable duplicates under another NIK (KEMUNGKINAN_GANDA): the shipped model, on by default, the same
for a batch of 30 and a large one, explained in words."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest
from django.core.management import call_command

from lindung import synth
from lindung.domain import nik as nik_rules
from lindung.registers import dedupe

from .conftest import read_csv

RULESET = "balikpapan-perwali-3-2025"


def others(count: int, seed: int = 5) -> list[dict]:
    """`count` distinct generated people (no duplicates, nothing malformed)."""
    rows = list(synth.applicants(seed, count, year=2026, duplicates=0, malformed=0))
    return [{k: "" if v is None else str(v) for k, v in r.items()} for r in rows]


def one_digit_off(nik: str, position: int = 5) -> str:
    digit = str((int(nik[position]) + 1) % 10)
    return nik[:position] + digit + nik[position + 1:]


def rizki_pair() -> tuple[dict, dict]:
    born = date(1991, 3, 14)
    first = {**others(1, seed=77)[0], "nama": "Muhammad Rizki", "tanggal_lahir": born.isoformat(),
             "jenis_kelamin": "L", "nik": nik_rules.make("64.71.03", born, "L", 27), "no_kk": "6471031203150007",
             "telepon": "081350001234", "kode_wilayah": "64.71.03.1004"}
    # another desk, another day: a one-digit NIK typo, the name spelt another way, no phone, another KK
    second = {**others(1, seed=78)[0], "nama": "Muhamad Rizky", "tanggal_lahir": born.isoformat(),
              "jenis_kelamin": "L", "nik": one_digit_off(first["nik"]), "no_kk": "", "telepon": "",
              "kode_wilayah": "64.71.03.1004"}
    return first, second


def probable(rows: list[dict], reviews=()) -> dict[int, tuple[int, str]]:
    con = duckdb.connect()
    try:
        columns = list(rows[0].keys())
        con.execute("CREATE TABLE applicants (_baris BIGINT, " + ", ".join(f"{c} VARCHAR" for c in columns) + ")")
        con.executemany(f"INSERT INTO applicants VALUES ({', '.join('?' * (len(columns) + 1))})",
                        [(i, *(r[c] for c in columns)) for i, r in enumerate(rows, start=1)])
        summary = dedupe.find_probable_duplicates(con, reviews=reviews)
        assert summary.model.startswith("splink")  # the shipped model ran, not the fallback
        return {row: (first, why) for row, first, why in
                con.execute("SELECT _baris, dup_of, penjelasan FROM probable_duplicates").fetchall()}
    finally:
        con.close()


def test_a_30_row_batch_catches_a_nik_typo_with_a_name_variant():
    first, second = rizki_pair()
    rows = others(28)
    rows.insert(4, first)
    rows.insert(21, second)
    assert len(rows) == 30
    found = probable(rows)
    assert set(found) == {22}
    row, why = found[22]
    assert row == 5
    assert why == "tanggal lahir dan kelurahan sama, nama sama dengan ejaan berbeda, NIK beda satu angka"


def test_the_same_pair_is_judged_alike_in_a_large_batch():
    first, second = rizki_pair()
    rows = others(3000, seed=6)
    rows.insert(100, first)
    rows.insert(2500, second)
    found = probable(rows)
    assert found[2501][0] == 101


def test_namesakes_born_on_other_days_with_unrelated_niks_are_not_flagged():
    born, other = date(1991, 3, 14), date(1985, 11, 2)
    rows = others(28)
    rows.append({**rows[0], "nama": "Muhammad Rizki", "tanggal_lahir": born.isoformat(),
                 "nik": nik_rules.make("64.71.03", born, "L", 27), "kode_wilayah": "64.71.03.1004"})
    rows.append({**rows[1], "nama": "Muhammad Rizki", "tanggal_lahir": other.isoformat(),
                 "nik": nik_rules.make("64.71.05", other, "L", 311), "kode_wilayah": "64.71.05.1002"})
    assert probable(rows) == {}


def test_day_and_month_swapped_and_names_in_the_other_order():
    born = date(1988, 4, 9)
    first = {**others(1, seed=79)[0], "nama": "Siti Nurhaliza Putri", "tanggal_lahir": born.isoformat(),
             "jenis_kelamin": "P", "nik": nik_rules.make("64.71.02", born, "P", 5), "kode_wilayah": "64.71.02.1003"}
    second = {**first, "nama": "Putri Siti Nurhaliza", "tanggal_lahir": "1988-09-04",
              "nik": one_digit_off(first["nik"], 14)}
    rows = [*others(10), first, *others(10, seed=9), second]
    found = probable(rows)
    assert found[22][0] == 11
    assert "tanggal dan bulan lahir tertukar" in found[22][1] and "urutan tertukar" in found[22][1]


@pytest.mark.parametrize(("one", "other"), [
    ("Muhammad Rizki", "Muhamad Rizky"), ("Moh. Rizki", "Muhammad Rizki"), ("M. Rizki", "Mohammad Rizky"),
    ("Djoko Soesilo", "Joko Susilo"), ("Tjahjadi", "Cahyadi"), ("Achmad Yusuf", "Ahmad Jusuf"),
    ("Nur Aini", "Noor Aini"), ("Sitti Aminah", "Siti Aminah"),
    ("Hj. Siti Aminah", "Siti Aminah"), ("H. Muhammad Rizki, S.Pd.", "Muhammad Rizki"),
    ("Dr. Ir. Budi Santoso, M.Si.", "Budi Santoso"), ("K.H. Ahmad Dahlan", "Ahmad Dahlan"),
])
def test_indonesian_name_variants_fold_to_one_form(one, other):
    assert dedupe.canonical_name(one) == dedupe.canonical_name(other)
    con = duckdb.connect()
    try:
        folded = con.execute(f"SELECT {dedupe.canonical_name_sql('$1')}, {dedupe.canonical_name_sql('$2')}",
                             [one, other]).fetchall()[0]
    finally:
        con.close()
    assert folded[0] == folded[1] == dedupe.canonical_name(one)


def test_hereditary_titles_stay_part_of_the_name():
    assert dedupe.canonical_name("Andi Marlina") != dedupe.canonical_name("Marlina")
    assert dedupe.canonical_name("Hasan Basri") == "hasan basri"  # a name that starts like a title


def test_the_shipped_model_is_versioned_and_self_contained():
    model = json.loads(dedupe.MODEL_PATH.read_text(encoding="utf-8"))
    assert model["format"] == dedupe.MODEL_FORMAT and isinstance(model["version"], int)
    assert model["splink"]["link_type"] == "dedupe_only"
    levels = [lv for c in model["splink"]["comparisons"] for lv in c["comparison_levels"] if not lv.get("is_null_level")]
    assert all(lv.get("m_probability") and lv.get("u_probability") for lv in levels)  # trained: nothing to learn at run time


def test_screen_flags_by_default_explains_and_says_when_skipped(files, tmp_path, capsys):
    first, second = rizki_pair()
    for row in (first, second):
        row.update(tanggal_daftar="2026-07-01", domisili_sejak="2015-01-01", penghasilan_bulanan="1500000",
                   pekerjaan="pemulung", disabilitas="tidak")
    paths = files([*others(5), first, second])
    out = tmp_path / "hasil.csv"
    common = {"ruleset": RULESET, "applicants": str(paths["applicants"]), "poverty": str(paths["poverty"]),
                  "bpjs": str(paths["bpjs"]), "out": str(out), "quiet": True, "ranked_on": date(2026, 7, 1)}
    call_command("screen", **common)
    got = read_csv(out)
    assert got[6]["keputusan"] == "PERLU_VERIFIKASI" and "KEMUNGKINAN_GANDA" in got[6]["alasan"].split(";")
    assert "Kemungkinan orang yang sama dengan baris 6 (NIK berbeda): " in got[6]["alasan_teks"]
    assert "NIK beda satu angka" in got[6]["alasan_teks"]
    assert "KEMUNGKINAN_GANDA" not in got[5]["alasan"]
    assert "Kemungkinan ganda:" in capsys.readouterr().out

    call_command("screen", **common, dedupe=False)
    assert not any("KEMUNGKINAN_GANDA" in r["alasan"] for r in read_csv(out))
    assert "pemeriksaan kemungkinan ganda dilewati" in capsys.readouterr().out


def test_the_cli_accepts_no_dedupe_and_the_old_dedupe_flag(files, tmp_path, capsys):
    paths = files(others(3))
    args = ["screen", "--ruleset", RULESET, "--applicants", str(paths["applicants"]), "--poverty",
            str(paths["poverty"]), "--bpjs", str(paths["bpjs"]), "--out", str(tmp_path / "h.csv"), "--quiet"]
    call_command(*args, "--no-dedupe")
    assert "dilewati" in capsys.readouterr().out
    call_command(*args, "--dedupe")
    assert "dilewati" not in capsys.readouterr().out



def test_twins_are_two_people():
    """Twins share a birth date, a family card, a telephone, a kelurahan and NIKs one serial apart: their
    names tell them apart."""
    born = date(2000, 8, 1)
    family = {"tanggal_lahir": born.isoformat(), "jenis_kelamin": "L", "no_kk": "6471011508000003",
              "telepon": "081255501234", "kode_wilayah": "64.71.01.1002"}
    rows = others(28)
    rows.append({**rows[0], **family, "nama": "Hasan Basri", "nik": nik_rules.make("64.71.01", born, "L", 41)})
    rows.append({**rows[1], **family, "nama": "Agus Salim", "nik": nik_rules.make("64.71.01", born, "L", 42)})
    assert probable(rows) == {}


def test_twins_living_together_are_two_people_whatever_else_they_share():
    """The address is supporting evidence too: twins at one address with one family card, telephone and
    NIKs a serial apart stay two people."""
    born = date(2000, 8, 1)
    family = {"tanggal_lahir": born.isoformat(), "jenis_kelamin": "P", "no_kk": "6471011508000003",
              "telepon": "081255501234", "kode_wilayah": "64.71.01.1002", "alamat": "Jl. Mulawarman No. 12 RT 004"}
    rows = others(28)
    rows.append({**rows[0], **family, "nama": "Nur Aisyah", "nik": nik_rules.make("64.71.01", born, "P", 41)})
    rows.append({**rows[1], **family, "nama": "Dewi Lestari", "nik": nik_rules.make("64.71.01", born, "P", 42)})
    assert probable(rows) == {}


def test_a_birth_date_written_otherwise_changes_the_nik_with_it_and_the_address_holds_the_pair():
    """The same person entered twice with another birth date - and so other date digits in the NIK, region
    and serial unchanged - at the same address (written 'Jalan' once and 'Jl.' once), the name misspelt."""
    first = {**others(1, seed=80)[0], "nama": "Bambang Supriyadi", "tanggal_lahir": "1972-05-14",
             "jenis_kelamin": "L", "nik": nik_rules.make("64.71.04", date(1972, 5, 14), "L", 7),
             "kode_wilayah": "64.71.04.1001", "alamat": "Jalan Soekarno Hatta Km 5 RT 021"}
    second = {**others(1, seed=81)[0], "nama": "Bambang Suprijadi", "tanggal_lahir": "1972-06-14",
              "jenis_kelamin": "L", "nik": nik_rules.make("64.71.04", date(1972, 6, 14), "L", 7),
              "kode_wilayah": "64.71.04.1001", "alamat": "Jl. Soekarno Hatta KM 5 RT 021"}
    rows = [*others(12), first, *others(12, seed=12), second]
    found = probable(rows)
    assert found[26][0] == 13
    assert "alamat" in found[26][1] and "NIK beda" in found[26][1]


def test_the_one_pass_blocking_brings_together_the_pairs_splinks_own_blocking_does():
    """At run time the blocking rules are applied in one pass (dedupe.blocked_pairs_sql) and Splink scores
    those pairs; training applies the same rules through Splink. Both must see the same pairs."""
    import logging

    from splink import DuckDBAPI, Linker

    first, second = rizki_pair()
    swapped = {**first, "nik": one_digit_off(first["nik"], 2), "tanggal_lahir": "1991-14-03"}
    # generated rows with their usual share of duplicates (NIK typos, name variants, swapped dates)
    noisy = [{k: "" if v is None else str(v) for k, v in r.items()}
             for r in synth.applicants(14, 3000, year=2026, duplicates=0.2, malformed=0)]
    rows = [*noisy[:1500], first, second, swapped, *noisy[1500:]]
    con = duckdb.connect()
    try:
        columns = list(rows[0].keys())
        con.execute("CREATE TABLE applicants (_baris BIGINT, " + ", ".join(f"{c} VARCHAR" for c in columns) + ")")
        con.executemany(f"INSERT INTO applicants VALUES ({', '.join('?' * (len(columns) + 1))})",
                        [(i, *(r[c] for c in columns)) for i, r in enumerate(rows, start=1)])
        con.execute(dedupe.candidates_sql())
        con.execute(dedupe.blocked_pairs_sql())
        ours = set(con.execute("SELECT l, r FROM dedupe_blocked").fetchall())
        db_api = DuckDBAPI(connection=con.cursor())
        linker = Linker(db_api.register("dedupe_candidates"), dedupe.settings(), log_level=logging.ERROR)
        scored = linker.inference.predict()
        splinks = set(con.execute(f"SELECT unique_id_l, unique_id_r FROM {scored.physical_name}").fetchall())
    finally:
        con.close()
    assert len(ours) > 100 and ours == splinks
    assert (1501, 1503) in ours  # the day/month swap, whichever row comes first


def test_one_name_at_one_address_outweighs_a_birth_date_written_otherwise_but_a_neighbour_stays_apart():
    """The same person entered twice with a wholly different birth date (so other NIK date digits; region
    and serial kept), the name misspelt, one address written two ways, one family card and telephone:
    flagged. A namesake two doors down (another house number), born another day under an unrelated NIK: not."""
    first = {**others(1, seed=82)[0], "nama": "Hendra Gunawan", "tanggal_lahir": "1979-02-11", "jenis_kelamin": "L",
             "nik": nik_rules.make("64.71.05", date(1979, 2, 11), "L", 3), "kode_wilayah": "64.71.05.1002",
             "alamat": "Jl. Ahmad Yani Gg. Kenari No. 17 RT 012", "no_kk": "6471051102790004", "telepon": "081347001122"}
    again = {**first, "nama": "Hendra Gunawann", "tanggal_lahir": "1987-09-30",
             "jenis_kelamin": "L", "nik": nik_rules.make("64.71.05", date(1987, 9, 30), "L", 3),
             "kode_wilayah": "64.71.05.1002", "alamat": "Jalan Ahmad Yani Gg Kenari No 17 RT 012"}
    neighbour = {**others(1, seed=84)[0], "nama": "Hendra Gunawan", "tanggal_lahir": "1990-12-01",
                 "jenis_kelamin": "L", "nik": nik_rules.make("64.71.05", date(1990, 12, 1), "L", 41),
                 "kode_wilayah": "64.71.05.1002", "alamat": "Jl. Ahmad Yani Gg. Kenari No. 21 RT 012"}
    rows = [*others(10, seed=16), first, *others(10, seed=17), again, neighbour]
    found = probable(rows)
    assert found[22][0] == 11
    assert found[22][1] == ("nomor KK, telepon, alamat dan kelurahan sama, nama sama dengan ejaan berbeda, "
                            "tanggal lahir berbeda, NIK beda pada angka tanggal lahir")
    assert 23 not in found


def test_an_address_written_in_another_order_is_one_address_but_sharing_one_word_is_not():
    """The same person entered twice: the birth date written otherwise (so the NIK's date digits; region and
    serial kept) and the address with the housing estate written after the block instead of before.
    Flagged, the address named among the reasons. A namesake at the same RT number of another kampung
    ("Kampung Baru" and "Pasar Baru" share one word), born another day: not."""
    first = {**others(1, seed=85)[0], "nama": "Siti Rahmawati", "tanggal_lahir": "1985-03-02", "jenis_kelamin": "P",
             "nik": nik_rules.make("64.71.02", date(1985, 3, 2), "P", 5), "kode_wilayah": "64.71.02.1003",
             "alamat": "Perum Bukit Damai Indah Blok C No. 12 RT 021", "no_kk": "", "telepon": ""}
    again = {**first, "nama": "Siti Rahmawaty", "tanggal_lahir": "1985-08-20",
             "nik": nik_rules.make("64.71.02", date(1985, 8, 20), "P", 5),
             "alamat": "Blok C No 12 RT 021 Bukit Damai Indah"}
    namesake = {**others(1, seed=86)[0], "nama": "Siti Rahmawati", "tanggal_lahir": "1985-08-21", "jenis_kelamin": "P",
                "nik": nik_rules.make("64.71.02", date(1985, 8, 21), "P", 31), "kode_wilayah": "64.71.02.1003",
                "alamat": "Jl. Kampung Baru RT 042", "no_kk": "", "telepon": ""}
    elsewhere = {**namesake, "nik": nik_rules.make("64.71.02", date(1979, 11, 30), "P", 44),
                 "tanggal_lahir": "1979-11-30", "alamat": "Jl. Pasar Baru RT 042"}
    rows = [*others(10, seed=18), first, *others(10, seed=19), again, namesake, elsewhere]
    found = probable(rows)
    assert found[22] == (11, "kelurahan sama, alamat sama ditulis berbeda, nama sama dengan ejaan berbeda, "
                             "tanggal lahir beda dua angka, NIK beda pada angka tanggal lahir")
    assert 23 not in found and 24 not in found


def address_columns(alamat: str) -> tuple:
    """(alamat_kata, alamat_angka) of one candidate with this address."""
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE applicants AS SELECT 1 AS _baris, '6471020203850005' AS nik, 'Siti' AS nama, "
                    "'' AS tanggal_lahir, '' AS jenis_kelamin, '' AS no_kk, '' AS kode_wilayah, '' AS telepon, "
                    "? AS alamat", [alamat])
        con.execute(dedupe.candidates_sql())
        return con.execute("SELECT alamat_kata, alamat_angka FROM dedupe_candidates").fetchall()[0]
    finally:
        con.close()


def test_the_address_words_leave_out_what_every_address_has():
    words, numbers = address_columns("Jl. Soekarno-Hatta Gg. Mawar Perum Griya Blok E17 No. 5 RT 021")
    assert sorted(words) == ["griya", "hatta", "mawar", "soekarno"] and numbers == "17 5 21"


def test_an_address_without_numbers_or_own_words_has_none_to_compare():
    # never one block of every such address
    assert address_columns("Jl. Raya Perum Indah Blok Gg") == (None, None)


@pytest.mark.parametrize(("one", "other", "same"), [
    ("Perum Bukit Damai Indah Blok C No. 12 RT 021", "Blok C No 12 RT 021 Bukit Damai Indah", True),  # reordered
    ("Jl. Ahmad Yani Gg. Kenari No. 17 RT 012", "Jl Ahmad Yani Gg Kenari No 17 RT 12", True),  # RT 012 is RT 12
    ("Jl. Ahmad Yani Gg. Kenari No. 17 RT 012", "Jl. Ahmad Yani Gg. Kenari No. 21 RT 012", False),  # two doors down
    ("Jl. Kampung Baru RT 042", "Jl. Pasar Baru RT 042", False),  # one shared word: two kampung
    ("Jl. Soekarno Hatta RT 021", "Jl. Mawar RT 021", False),  # only what every address has in common
    ("Komp. Griya Asri No 5 RT 3", "Komp. Bumi Asri No 5 RT 3", False),  # two estates, one house number
    ("Perum Taman Sari Indah No 5 RT 3", "Perum Bukit Sari Indah No 5 RT 3", False),
])
def test_one_address_allows_slips_in_words_never_in_numbers(one, other, same):
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE applicants (_baris BIGINT, nik VARCHAR, nama VARCHAR, tanggal_lahir VARCHAR, "
                    "jenis_kelamin VARCHAR, no_kk VARCHAR, kode_wilayah VARCHAR, telepon VARCHAR, alamat VARCHAR)")
        con.executemany("INSERT INTO applicants VALUES (?, '', 'Siti', '', '', '', '', '', ?)", [(1, one), (2, other)])
        con.execute(dedupe.candidates_sql())
        sides = ", ".join(f"{side}.{c} AS {c}_{side}" for side in "lr" for c in ("alamat", "alamat_angka", "alamat_kata"))
        judged = con.execute(f"SELECT coalesce({dedupe.ADDRESS_SAME}, false) FROM (SELECT {sides} FROM dedupe_candidates l, "
                             "dedupe_candidates r WHERE l.unique_id = 1 AND r.unique_id = 2)").fetchall()[0][0]
    finally:
        con.close()
    assert judged is same
