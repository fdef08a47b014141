"""The per-record evaluator (pure Python): DOMAIN.md §5 interpretations, decision precedence, every
failed criterion listed, citations, priority flags, the parameters used for the audit trail."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lindung.domain import nik as nik_rules
from lindung.domain.rules import load
from lindung.domain.rules import reasons as R
from lindung.domain.rules.evaluate import evaluate, rank, screen_records
from lindung.domain.rules.fields import (
    Unreadable,
    clean,
    occupation_code,
    parse_date,
    parse_income,
    parse_region,
)

BPP = load("balikpapan-perwali-3-2025")
KALTIM = load("kaltim-pergub-40-2025")


def person(**overrides) -> dict:
    born = overrides.pop("born", date(1990, 5, 17))
    sex = overrides.pop("sex", "L")
    row = {
        "nik": nik_rules.make(overrides.pop("nik_district", "64.71.01"), born, sex, 7),
        "nama": "Budi", "tanggal_lahir": born.isoformat(), "jenis_kelamin": sex,
        "kode_wilayah": "64.71.01.1001", "pekerjaan": "pemulung", "penghasilan_bulanan": "1500000",
        "domisili_sejak": "2015-01-01", "disabilitas": "tidak", "tanggal_daftar": "2025-07-01",
    }
    row.update(overrides)
    return row


POOR = {"desil": "2", "miskin_ekstrem": "tidak"}


def test_a_qualifying_applicant_is_layak_with_the_values_used():
    d = evaluate(BPP, person(), POOR)
    assert (d.keputusan, d.alasan) == (R.LAYAK, [])
    assert d.parameters["umk"].value == Decimal("3701508.68")
    assert d.parameters["umk"].ref.startswith("Kepgub Kaltim")
    assert d.audit()["parameters"]["age_min"] == {"value": 18, "from": "2025-01-13",
                                                  "ref": "Perwali Balikpapan 3/2025 Pasal 5 ayat (1) huruf c"}


@pytest.mark.parametrize(("born", "ok"), [
    (date(2007, 7, 1), True),   # 18th birthday on the application date
    (date(2007, 7, 2), False),  # 18 tomorrow
    (date(1961, 7, 1), False),  # 64th birthday on the application date
    (date(1961, 7, 2), True),   # 64 tomorrow
])
def test_age_in_completed_years_on_the_application_date(born, ok):
    d = evaluate(BPP, person(born=born), POOR)
    assert ("USIA_DI_LUAR_BATAS" not in d.alasan) is ok


def test_born_on_29_february_turns_older_on_1_march():
    assert "USIA_DI_LUAR_BATAS" in evaluate(BPP, person(born=date(2008, 2, 29), tanggal_daftar="2026-02-28"), POOR).alasan
    assert "USIA_DI_LUAR_BATAS" not in evaluate(BPP, person(born=date(2008, 2, 29), tanggal_daftar="2026-03-01"),
                                                POOR).alasan


@pytest.mark.parametrize(("since", "applied", "ok"), [
    ("2025-01-01", "2025-07-01", True),
    ("2025-01-02", "2025-07-01", False),
    ("2025-08-31", "2026-02-28", True),  # 31 Aug + 6 months clamps to 28 Feb
    ("2025-08-31", "2026-02-27", False),
])
def test_domicile_six_calendar_months(since, applied, ok):
    d = evaluate(BPP, person(domisili_sejak=since, tanggal_daftar=applied), POOR)
    assert ("DOMISILI_KURANG" not in d.alasan) is ok


@pytest.mark.parametrize(("income", "applied", "ok"), [
    ("3701508.68", "2025-07-01", False),  # equal to the UMK is not below it
    ("3701508.67", "2025-07-01", True),
    ("3701507.68", "2025-07-01", True),
    ("3856694.42", "2026-01-01", True),  # the 2026 UMK from 1 January
    ("3856694.43", "2026-01-01", False),
    ("3800000", "2025-12-31", False),
])
def test_income_strictly_below_the_umk_in_force(income, applied, ok):
    d = evaluate(BPP, person(penghasilan_bulanan=income, tanggal_daftar=applied), POOR)
    assert ("PENGHASILAN_TIDAK_DI_BAWAH_UMK" not in d.alasan) is ok


def test_only_an_active_bpjs_membership_fails():
    assert "SUDAH_TERDAFTAR" not in evaluate(BPP, person(), POOR, [{"status": "NONAKTIF"}]).alasan
    assert "SUDAH_TERDAFTAR" in evaluate(BPP, person(), POOR, [{"status": "NONAKTIF"}, {"status": " aktif "}]).alasan


def test_poverty_bound_and_missing_record():
    assert evaluate(BPP, person(), {"desil": "4"}).keputusan == R.LAYAK
    d = evaluate(BPP, person(), {"desil": "5"})
    assert (d.keputusan, d.alasan) == (R.TIDAK_LAYAK, ["BUKAN_MISKIN"])
    d = evaluate(BPP, person(), None)
    assert (d.keputusan, d.alasan) == (R.PERLU_VERIFIKASI, ["DATA_KEMISKINAN_TIDAK_ADA"])
    # Several rows for one NIK: the lowest usable decile counts.
    assert evaluate(BPP, person(), [{"desil": "7"}, {"desil": "3"}, {"desil": "x"}]).keputusan == R.LAYAK
    # Extremely poor without a decile still counts as poor (parameter poverty_extreme_qualifies).
    d = evaluate(BPP, person(), {"desil": "", "miskin_ekstrem": "ya"})
    assert (d.keputusan, d.alasan) == (R.LAYAK, ["PRIORITAS_MISKIN_EKSTREM"])


def test_residence_is_read_from_the_address_never_from_the_nik():
    assert "BUKAN_PENDUDUK_DAERAH" not in evaluate(BPP, person(nik_district="64.72.01"), POOR).alasan
    assert "BUKAN_PENDUDUK_DAERAH" in evaluate(BPP, person(kode_wilayah="64.72.01.1001"), POOR).alasan
    # The province rule set takes every kelurahan of Kalimantan Timur.
    assert "BUKAN_PENDUDUK_DAERAH" not in evaluate(KALTIM, person(kode_wilayah="64.72.01.1001"), POOR).alasan


def test_every_failed_criterion_is_listed_with_its_citation():
    d = evaluate(BPP, person(born=date(2010, 1, 1), penghasilan_bulanan="9000000", pekerjaan="pns",
                             kode_wilayah="64.72.01.1001", domisili_sejak="2025-06-01"), {"desil": "9"},
                 [{"status": "AKTIF"}])
    assert d.keputusan == R.TIDAK_LAYAK
    assert d.alasan == ["SUDAH_TERDAFTAR", "BUKAN_MISKIN", "USIA_DI_LUAR_BATAS", "BUKAN_PENDUDUK_DAERAH",
                        "DOMISILI_KURANG", "PENGHASILAN_TIDAK_DI_BAWAH_UMK", "PEKERJAAN_TIDAK_TERCAKUP"]
    assert "Pasal 5 ayat (1) huruf a" in d.alasan_teks and "Pasal 4" in d.alasan_teks
    assert "Rp3.701.508,68" in d.alasan_teks


def test_precedence_data_tidak_valid_over_tidak_layak_over_perlu_verifikasi():
    d = evaluate(BPP, person(tanggal_lahir="17-05-1990", pekerjaan="pns"), None)
    assert d.keputusan == R.DATA_TIDAK_VALID
    # What could still be checked is listed beside the bad field, which the text names.
    assert d.alasan == ["NILAI_TIDAK_VALID", "DATA_KEMISKINAN_TIDAK_ADA", "PEKERJAAN_TIDAK_TERCAKUP"]
    assert "tanggal_lahir (tanggal harus berformat YYYY-MM-DD)" in d.alasan_teks
    assert evaluate(BPP, person(pekerjaan="pns"), None).keputusan == R.TIDAK_LAYAK


def test_bad_nik_and_empty_fields():
    d = evaluate(BPP, person(nik="6471017205900001"), POOR)  # day 72: impossible even for a woman
    assert (d.keputusan, d.alasan[0]) == (R.DATA_TIDAK_VALID, "NIK_TIDAK_VALID")
    assert "Tanggal lahir di dalam NIK tidak mungkin" in d.alasan_teks
    # A bad NIK cannot key the extracts: poverty and BPJS are not judged.
    assert "DATA_KEMISKINAN_TIDAK_ADA" not in d.alasan and "SUDAH_TERDAFTAR" not in d.alasan
    d = evaluate(BPP, person(nama="  ", penghasilan_bulanan=None), POOR)
    assert d.alasan[0] == "DATA_WAJIB_KOSONG" and "nama, penghasilan_bulanan" in d.alasan_teks


def test_nik_warnings_do_not_change_the_decision():
    row = person(nik=nik_rules.make("64.71.01", date(1990, 5, 18), "P", 3))
    d = evaluate(BPP, row, POOR)
    assert d.keputusan == R.LAYAK
    assert d.warnings == ["TANGGAL_LAHIR_BEDA_NIK", "JENIS_KELAMIN_BEDA_NIK"]


def test_an_application_date_outside_the_rule_set_period_is_not_judged():
    d = evaluate(BPP, person(tanggal_daftar="2025-01-12"), POOR)
    assert d.keputusan == R.DATA_TIDAK_VALID and "di luar masa berlaku aturan" in d.alasan_teks
    assert d.parameters == {}


def test_duplicates_need_verification():
    assert evaluate(BPP, person(), POOR, duplicate_of_row=3).keputusan == R.PERLU_VERIFIKASI
    d = evaluate(BPP, person(), POOR, probable_duplicate_of_row=12)
    assert d.alasan == ["KEMUNGKINAN_GANDA"] and "baris 12" in d.alasan_teks


def test_rank_puts_priority_flags_first_then_lower_desil_then_earlier_application():
    rows = [
        person(tanggal_daftar="2025-07-02"),                       # desil 2, later
        person(tanggal_daftar="2025-07-01"),                       # desil 2, earlier
        person(disabilitas="ya"),                                  # disability
        person(),                                                  # extreme poverty (below)
        person(pekerjaan="pns"),                                   # not eligible: no rank
        person(),                                                  # desil 1
    ]
    for i, r in enumerate(rows):
        r["nik"] = nik_rules.make("64.71.01", date(1990, 5, 17), "L", 100 + i)
    poverty = [{"nik": r["nik"], "desil": "2", "miskin_ekstrem": "tidak"} for r in rows]
    poverty[3]["miskin_ekstrem"] = "ya"
    poverty[5]["desil"] = "1"
    screened = screen_records(BPP, rows, poverty, ranked_on=date(2025, 7, 1))
    assert [s.prioritas for s in screened] == [5, 4, 2, 1, None, 3]
    assert rank(BPP, [], date(2025, 7, 1)) == {}


def test_nik_ganda_points_at_the_first_row():
    first = person()
    screened = screen_records(BPP, [first, dict(first), dict(first, nik="'" + first["nik"])], [dict(POOR, nik=first["nik"])],
                              ranked_on=date(2025, 7, 1))
    assert [s.decision.alasan[:1] for s in screened] == [[], ["NIK_GANDA"], ["NIK_GANDA"]]
    assert "baris 1" in screened[2].decision.alasan_teks


def test_cells_are_read_strictly():
    assert clean(" \u00a0x\t") == "x" and clean("  ") is None and clean(None) is None
    assert parse_date("2025-01-31 00:00:00") == date(2025, 1, 31)
    for bad in ("31/01/2025", "2025-02-30", "0000-01-01", "2025-1-5"):
        with pytest.raises(Unreadable):
            parse_date(bad)
    assert parse_income("3701508.68") == Decimal("3701508.68")
    for bad in ("1.500.000", "-5", "Rp 1500000", "1e6"):
        with pytest.raises(Unreadable):
            parse_income(bad)
    assert parse_region("6471011001") == "64.71.01.1001"
    with pytest.raises(Unreadable):
        parse_region("64.71.01.9999")  # well formed, but the Kemendagri list has no such kelurahan
    assert occupation_code(" Pedagang  Kaki-Lima ") == "pedagang_kaki_lima"


def test_nik_with_non_ascii_digits_is_invalid_not_a_crash():
    assert not nik_rules.check("647101170590000\u00b2").is_valid
    assert not nik_rules.check("647101170590000\u0663").is_valid
