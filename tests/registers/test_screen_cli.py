"""`lindung screen` against its contract (DESIGN.md §4), on hand-made cases at every criterion boundary.

All boundary cases go through one run of the command (one file, as staff would send it); each case is
then checked on its own row, which also proves the output keeps the input order.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from lindung.domain import nik as nik_rules
from lindung.domain.exchange import APPLICANTS, SCREENING_EXTRA_COLUMNS

from .conftest import applicant, read_csv, write_csv

RULESET = "balikpapan-perwali-3-2025"
APPLIED = date(2025, 7, 1)


def poor(row, desil="2", extreme="tidak"):
    return [{"nik": row["nik"], "no_kk": "", "desil": desil, "miskin_ekstrem": extreme}]


def case(name, row, *, decision, has=(), lacks=(), poverty=None, bpjs=()):
    return {"name": name, "row": row, "decision": decision, "has": set(has), "lacks": set(lacks),
            "poverty": poor(row) if poverty is None else poverty, "bpjs": list(bpjs)}


def _cases():
    c = []
    # Pasal 5 (1) c — age in completed years on the application date.
    c.append(case("18th birthday on the application date passes", applicant(born=date(2007, 7, 1)), decision="LAYAK"))
    c.append(case("one day before the 18th birthday fails", applicant(born=date(2007, 7, 2)),
                  decision="TIDAK_LAYAK", has={"USIA_DI_LUAR_BATAS"}))
    c.append(case("64th birthday on the application date fails", applicant(born=date(1961, 7, 1)),
                  decision="TIDAK_LAYAK", has={"USIA_DI_LUAR_BATAS"}))
    c.append(case("the day before the 64th birthday passes", applicant(born=date(1961, 7, 2)), decision="LAYAK"))
    # Pasal 5 (1) e — domicile_since + 6 calendar months <= application date.
    c.append(case("domicile exactly six months passes", applicant(domisili_sejak="2025-01-01"), decision="LAYAK"))
    c.append(case("domicile one day short fails", applicant(domisili_sejak="2025-01-02"),
                  decision="TIDAK_LAYAK", has={"DOMISILI_KURANG"}))
    c.append(case("31 August + 6 months is 28 February", applicant(domisili_sejak="2025-08-31",
                                                                   tanggal_daftar="2026-02-28"), decision="LAYAK"))
    c.append(case("... and 27 February is one day short", applicant(domisili_sejak="2025-08-31",
                                                                    tanggal_daftar="2026-02-27"),
                  decision="TIDAK_LAYAK", has={"DOMISILI_KURANG"}))
    # Pasal 5 (1) f — strictly below the UMK in force on the application date.
    c.append(case("income equal to the UMK fails", applicant(penghasilan_bulanan="3701508.68"),
                  decision="TIDAK_LAYAK", has={"PENGHASILAN_TIDAK_DI_BAWAH_UMK"}))
    c.append(case("one rupiah below the UMK passes", applicant(penghasilan_bulanan="3701507.68"), decision="LAYAK"))
    c.append(case("the 2026 UMK applies from 1 January 2026",
                  applicant(penghasilan_bulanan="3800000", tanggal_daftar="2026-01-01"), decision="LAYAK"))
    c.append(case("... and not on 31 December 2025",
                  applicant(penghasilan_bulanan="3800000", tanggal_daftar="2025-12-31"),
                  decision="TIDAK_LAYAK", has={"PENGHASILAN_TIDAK_DI_BAWAH_UMK"}))
    # Pasal 5 (1) a — only an active membership fails.
    row = applicant()
    c.append(case("a lapsed (NONAKTIF) BPJS membership passes", row, decision="LAYAK",
                  bpjs=[{"nik": row["nik"], "kpj": "1", "segmen": "BPU", "status": "NONAKTIF"}]))
    row = applicant()
    c.append(case("an AKTIF BPJS membership fails", row, decision="TIDAK_LAYAK", has={"SUDAH_TERDAFTAR"},
                  bpjs=[{"nik": row["nik"], "kpj": "1", "segmen": "BPU", "status": "NONAKTIF"},
                        {"nik": row["nik"], "kpj": "2", "segmen": "BPU", "status": "AKTIF"}]))
    # Pasal 5 (1) b — decile bound; absent means field verification.
    row = applicant()
    c.append(case("desil 4 passes", row, decision="LAYAK", poverty=poor(row, "4")))
    row = applicant()
    c.append(case("desil 5 fails", row, decision="TIDAK_LAYAK", has={"BUKAN_MISKIN"}, poverty=poor(row, "5")))
    c.append(case("absent from the poverty data needs verification", applicant(), decision="PERLU_VERIFIKASI",
                  has={"DATA_KEMISKINAN_TIDAK_ADA"}, poverty=[]))
    # NIK: women have day + 40; the NIK region is where it was issued, not where the person lives.
    c.append(case("a woman's NIK (day + 40) is valid", applicant(sex="P", born=date(1990, 5, 17)),
                  decision="LAYAK", lacks={"NIK_TIDAK_VALID", "JENIS_KELAMIN_BEDA_NIK"}))
    c.append(case("day 72 is impossible even for a woman", applicant(nik="6471017205900001"),
                  decision="DATA_TIDAK_VALID", has={"NIK_TIDAK_VALID"}))
    c.append(case("serial 0000 is invalid", applicant(nik="6471011705900000"),
                  decision="DATA_TIDAK_VALID", has={"NIK_TIDAK_VALID"}))
    c.append(case("an unknown province is invalid", applicant(nik="9971011705900001"),
                  decision="DATA_TIDAK_VALID", has={"NIK_TIDAK_VALID"}))
    c.append(case("address in the city, NIK issued in Samarinda: passes", applicant(nik_district="64.72.01"),
                  decision="LAYAK", lacks={"BUKAN_PENDUDUK_DAERAH"}))
    c.append(case("NIK issued in the city, address in Samarinda: fails",
                  applicant(kode_wilayah="64.72.01.1001"), decision="TIDAK_LAYAK", has={"BUKAN_PENDUDUK_DAERAH"}))
    c.append(case("the NIK's date differs from the birth date: a warning only",
                  applicant(nik=nik_rules.make("64.71.01", date(1990, 5, 18), "L", 901), born=date(1990, 5, 17)),
                  decision="LAYAK", has={"TANGGAL_LAHIR_BEDA_NIK"}))
    c.append(case("the NIK's sex differs from the form: a warning only",
                  applicant(nik=nik_rules.make("64.71.01", date(1990, 5, 17), "P", 902), sex="L"),
                  decision="LAYAK", has={"JENIS_KELAMIN_BEDA_NIK"}))
    # Pasal 4 jo. 6 (4) — the occupation found in data collection.
    c.append(case("an occupation Pasal 4 does not cover fails", applicant(pekerjaan="pns"),
                  decision="TIDAK_LAYAK", has={"PEKERJAAN_TIDAK_TERCAKUP"}))
    c.append(case("occupation codes are read case- and space-insensitively",
                  applicant(pekerjaan="Pedagang Kaki Lima"), decision="LAYAK"))
    # Bad rows are reported, never dropped; every failed criterion is listed.
    c.append(case("an empty required field", applicant(nama=""), decision="DATA_TIDAK_VALID",
                  has={"DATA_WAJIB_KOSONG"}))
    c.append(case("an unreadable date, and what else can be checked",
                  applicant(tanggal_lahir="17/05/1990", pekerjaan="pns"), decision="DATA_TIDAK_VALID",
                  has={"NILAI_TIDAK_VALID", "PEKERJAAN_TIDAK_TERCAKUP"}, lacks={"DATA_WAJIB_KOSONG"}))
    c.append(case("an amount with thousands separators", applicant(penghasilan_bulanan="1.500.000"),
                  decision="DATA_TIDAK_VALID", has={"NILAI_TIDAK_VALID"}, lacks={"DATA_WAJIB_KOSONG"}))
    c.append(case("a kelurahan code the Kemendagri list lacks", applicant(kode_wilayah="64.71.01.9999"),
                  decision="DATA_TIDAK_VALID", has={"NILAI_TIDAK_VALID"}, lacks={"DATA_WAJIB_KOSONG"}))
    c.append(case("an application date before the Perwali", applicant(tanggal_daftar="2025-01-12"),
                  decision="DATA_TIDAK_VALID", has={"NILAI_TIDAK_VALID"}))
    c.append(case("every failed criterion, not only the first",
                  applicant(born=date(2010, 1, 1), penghasilan_bulanan="5000000", kode_wilayah="64.72.01.1001",
                            pekerjaan="pns", domisili_sejak="2025-06-01"),
                  decision="TIDAK_LAYAK", has={"USIA_DI_LUAR_BATAS", "PENGHASILAN_TIDAK_DI_BAWAH_UMK",
                                               "BUKAN_PENDUDUK_DAERAH", "PEKERJAAN_TIDAK_TERCAKUP", "DOMISILI_KURANG"}))
    # Pasal 5 (2) priority flags.
    row = applicant(disabilitas="ya")
    c.append(case("disability is a priority flag", row, decision="LAYAK", has={"PRIORITAS_DISABILITAS"}))
    row = applicant()
    c.append(case("extreme poverty is a priority flag", row, decision="LAYAK", has={"PRIORITAS_MISKIN_EKSTREM"},
                  poverty=poor(row, "1", "ya")))
    # NIK_GANDA: the same NIK again, later in the batch.
    first = applicant()
    c.append(case("the first of two rows with one NIK", first, decision="LAYAK", lacks={"NIK_GANDA"}))
    c.append(case("the second of two rows with one NIK", dict(first, nama="Budi S."), decision="PERLU_VERIFIKASI",
                  has={"NIK_GANDA"}, poverty=[]))
    return c


CASES = _cases()


@pytest.fixture(scope="module")
def screened(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("screen")
    rows = [k["row"] for k in CASES]
    write_csv(tmp / "pendaftar.csv", rows, APPLICANTS.columns)
    write_csv(tmp / "dtsen.csv", [p for k in CASES for p in k["poverty"]], ("nik", "no_kk", "desil", "miskin_ekstrem"))
    write_csv(tmp / "bpjs.csv", [b for k in CASES for b in k["bpjs"]], ("nik", "kpj", "segmen", "status"))
    call_command("screen", ruleset=RULESET, applicants=str(tmp / "pendaftar.csv"), poverty=str(tmp / "dtsen.csv"),
                 bpjs=str(tmp / "bpjs.csv"), out=str(tmp / "hasil.csv"), quiet=True, ranked_on=APPLIED,
                 # the cases share one name, birth date and family card (each is about one criterion): the
                 # matcher would rightly take them for one person (tests/registers/test_dedupe.py covers it)
                 dedupe=False)
    return read_csv(tmp / "hasil.csv")


@pytest.mark.parametrize("index", range(len(CASES)), ids=[k["name"] for k in CASES])
def test_boundary_case(screened, index):
    expected, got = CASES[index], screened[index]
    assert got["nik"] == expected["row"]["nik"] and got["nama"] == expected["row"]["nama"], "input order kept"
    codes = set(got["alasan"].split(";")) - {""}
    assert got["keputusan"] == expected["decision"], got["alasan_teks"]
    assert expected["has"] <= codes, got["alasan_teks"]
    assert not (expected["lacks"] & codes), got["alasan_teks"]


def test_output_has_the_contract_columns_and_one_row_per_input_row(screened):
    assert list(screened[0].keys()) == [*APPLICANTS.columns, *SCREENING_EXTRA_COLUMNS]
    assert len(screened) == len(CASES)


def test_alasan_teks_cites_the_article(screened):
    by_name = {k["name"]: row for k, row in zip(CASES, screened, strict=True)}
    text = by_name["income equal to the UMK fails"]["alasan_teks"]
    assert "Pasal 5 ayat (1) huruf f" in text and "Rp3.701.508,68" in text
    assert "tanggal_lahir" in by_name["an unreadable date, and what else can be checked"]["alasan_teks"]


def test_prioritas_ranks_eligible_rows_priority_flags_first(screened):
    eligible = [(int(r["prioritas"]), r) for r in screened if r["keputusan"] == "LAYAK"]
    assert sorted(rank for rank, _ in eligible) == list(range(1, len(eligible) + 1))
    assert all(r["prioritas"] == "" for r in screened if r["keputusan"] != "LAYAK")
    first_two = [r for rank, r in sorted(eligible, key=lambda item: item[0])][:2]
    # Pasal 5 (2) order: extreme poverty first, then disability.
    assert "PRIORITAS_MISKIN_EKSTREM" in first_two[0]["alasan"]
    assert "PRIORITAS_DISABILITAS" in first_two[1]["alasan"]


def test_header_aliases_staff_use(files, tmp_path):
    row = applicant()
    aliased = {"NIK": row["nik"], "Nama Lengkap": row["nama"], "Tgl Lahir": row["tanggal_lahir"],
               "Jenis Kelamin": "L", "Kode Kelurahan": row["kode_wilayah"], "Jenis Pekerjaan": "pemulung",
               "Penghasilan": "1500000", "Tgl Domisili": "2015-01-01", "Tgl Daftar": "2025-07-01",
               "Catatan Petugas": "kolom lain dibiarkan"}
    paths = files([row])
    write_csv(paths["applicants"], [aliased])
    call_command("screen", ruleset=RULESET, applicants=str(paths["applicants"]), poverty=str(paths["poverty"]),
                 bpjs=str(paths["bpjs"]), out=str(paths["out"]), quiet=True)
    [got] = read_csv(paths["out"])
    assert (got["nik"], got["nama"], got["keputusan"]) == (row["nik"], row["nama"], "LAYAK")


def test_missing_columns_stop_the_run_naming_file_and_columns(files):
    paths = files([applicant()])
    write_csv(paths["applicants"], [{"nik": "6471011705900001", "nama": "Budi"}])
    with pytest.raises(CommandError) as error:
        call_command("screen", ruleset=RULESET, applicants=str(paths["applicants"]), poverty=str(paths["poverty"]),
                     bpjs=str(paths["bpjs"]), out=str(paths["out"]), quiet=True)
    message = str(error.value)
    assert "pendaftar.csv" in message
    assert "tanggal_lahir" in message and "penghasilan_bulanan" in message and "tanggal_daftar" in message
    assert not paths["out"].exists()


def test_missing_columns_in_an_extract(files):
    paths = files([applicant()])
    write_csv(paths["bpjs"], [{"nik": "6471011705900001", "kpj": "1"}])
    with pytest.raises(CommandError, match=r"bpjs\.csv.*status"):
        call_command("screen", ruleset=RULESET, applicants=str(paths["applicants"]), poverty=str(paths["poverty"]),
                     bpjs=str(paths["bpjs"]), out=str(paths["out"]), quiet=True)
    assert not paths["out"].exists()


def test_exit_status_is_non_zero_only_when_the_run_cannot_proceed(files, tmp_path):
    paths = files([applicant(), applicant(nik="bukan-nik")])
    base = [sys.executable, "-m", "lindung.cli", "screen", "--ruleset", RULESET, "--poverty", str(paths["poverty"]),
            "--bpjs", str(paths["bpjs"]), "--quiet"]
    ok = subprocess.run([*base, "--applicants", str(paths["applicants"]), "--out", str(paths["out"])],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "DATA_TIDAK_VALID" in ok.stdout and "NIK_TIDAK_VALID" in ok.stdout
    missing = subprocess.run([*base, "--applicants", str(tmp_path / "tidak-ada.csv"), "--out", str(tmp_path / "x.csv")],
                             capture_output=True, text=True)
    assert missing.returncode != 0 and "tidak-ada.csv" in missing.stderr
    assert not (tmp_path / "x.csv").exists()
    unknown = subprocess.run([*base[:4], "--ruleset", "tidak-ada", *base[6:], "--applicants", str(paths["applicants"]),
                              "--out", str(tmp_path / "y.csv")], capture_output=True, text=True)
    assert unknown.returncode != 0 and "tidak-ada" in unknown.stderr


def test_malformed_rows_are_kept_as_data_tidak_valid(files):
    good = applicant(nama="José Ramos Hutagalung")  # UTF-8 letters: the stray byte below is damage, not Windows-1252
    paths = files([good])
    with paths["applicants"].open("ab") as fh:
        fh.write(b"6471011705900077,,Terlalu,Balikpapan,1990-05-17,L,Jl,64.71.01.1001,,pemulung,1,2015-01-01,"
                 b"tidak,2025-07-01,kolom-lebih\n")
        fh.write(b"6471011705900078,,Bukan \xff UTF8,Balikpapan,1990-05-17,L,Jl,64.71.01.1001,,pemulung,1,"
                 b"2015-01-01,tidak,2025-07-01\n")
        fh.write(b"6471011705900079,,Pendek\n")
    call_command("screen", ruleset=RULESET, applicants=str(paths["applicants"]), poverty=str(paths["poverty"]),
                 bpjs=str(paths["bpjs"]), out=str(paths["out"]), quiet=True)
    rows = read_csv(paths["out"])
    assert [r["keputusan"] for r in rows] == ["LAYAK", "DATA_TIDAK_VALID", "DATA_TIDAK_VALID", "DATA_TIDAK_VALID"]
    assert "berisi 15 kolom" in rows[1]["alasan_teks"]
    assert "UTF-8" in rows[2]["alasan_teks"]
    assert "DATA_WAJIB_KOSONG" in rows[3]["alasan"]  # the short row: its missing values are empty
    assert "NILAI_TIDAK_VALID" in rows[1]["alasan"] and "DATA_WAJIB_KOSONG" not in rows[1]["alasan"]


def test_xlsx_in_and_out(files, tmp_path):
    rows = [applicant(), applicant(pekerjaan="pns")]
    paths = files(rows)
    xlsx_in = tmp_path / "pendaftar.xlsx"
    pl.DataFrame(rows, schema={c: pl.Utf8 for c in APPLICANTS.columns}).write_excel(xlsx_in)
    out = tmp_path / "hasil.xlsx"
    call_command("screen", ruleset=RULESET, applicants=str(xlsx_in), poverty=str(paths["poverty"]),
                 bpjs=str(paths["bpjs"]), out=str(out), quiet=True)
    result = pl.read_excel(out, infer_schema_length=0)
    assert result.columns == [*APPLICANTS.columns, *SCREENING_EXTRA_COLUMNS]
    assert result["nik"].to_list() == [r["nik"] for r in rows]  # a NIK stays text, all 16 digits
    assert result["keputusan"].to_list() == ["LAYAK", "TIDAK_LAYAK"]


def test_kaltim_ruleset_reads_residence_province_wide(files):
    rows = [applicant(kode_wilayah="64.72.01.1001"), applicant(kode_wilayah="61.04.01.2011")]
    paths = files(rows)
    call_command("screen", ruleset="kaltim-pergub-40-2025", applicants=str(paths["applicants"]),
                 poverty=str(paths["poverty"]), bpjs=str(paths["bpjs"]), out=str(paths["out"]), quiet=True)
    got = read_csv(paths["out"])
    assert [g["keputusan"] for g in got] == ["LAYAK", "TIDAK_LAYAK"]
    assert "BUKAN_PENDUDUK_DAERAH" in got[1]["alasan"]
