from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.domain import claims as c
from lindung.domain.calendar import Month
from lindung.domain.exchange import match_headers
from lindung.domain.membership import END_REASONS
from lindung.domain.params import ParameterFileError
from lindung.domain.workdays import WorkCalendar

POLICY = c.load_policy()
TODAY = date(2026, 3, 1)
NIK = "6471015507900001"
PAID = {
    "nik": NIK,
    "kpj": "12345678901",
    "jenis": "JKM",
    "tanggal_kejadian": "2026-01-02",
    "tanggal_pengajuan": "2026-01-05",
    "tanggal_bayar": "2026-01-08",
    "status": "DIBAYAR",
    "jumlah": "42000000",
    "referensi_bpjs": "KLM-001",
    "keterangan": "",
}


def check(**changes):
    values = {k: v for k, v in {**PAID, **changes}.items() if v is not None}
    return c.check_claim_row(values, 2, today=TODAY, policy=POLICY)


# -- the import row ------------------------------------------------------------------------------------


def test_a_paid_jkm_claim():
    row = check()
    assert row.ok and row.warnings == []
    assert (row.kind, row.status, row.amount) == ("JKM", "DIBAYAR", Decimal(42000000))
    assert row.event_date == date(2026, 1, 2) and row.paid_on == date(2026, 1, 8)
    assert row.is_death


def test_submitted_and_refused_claims_need_no_payment():
    assert check(status="DIAJUKAN", tanggal_bayar=None, jumlah=None).ok
    assert check(status="ditolak", tanggal_bayar=None, jumlah="0").ok


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"nik": None}, "nik wajib diisi"),
        ({"nik": "64710155079000"}, "NIK tidak valid"),
        ({"jenis": "JHT"}, "jenis 'JHT' tidak dikenal (pilih: JKK, JKM, BEASISWA)"),
        ({"status": "LUNAS"}, "status 'LUNAS' tidak dikenal (pilih: DIAJUKAN, DIBAYAR, DITOLAK)"),
        ({"tanggal_kejadian": None}, "tanggal_kejadian wajib diisi"),
        ({"tanggal_pengajuan": "05/01/2026"}, "tanggal_pengajuan: tanggal harus berformat YYYY-MM-DD"),
        ({"tanggal_bayar": None}, "tanggal_bayar wajib diisi"),
        ({"status": "DIAJUKAN"}, "tanggal_bayar hanya diisi untuk status DIBAYAR"),
        ({"status": "DITOLAK", "jumlah": None}, "tanggal_bayar hanya diisi untuk status DIBAYAR"),
        ({"tanggal_kejadian": "2026-01-06"}, "tanggal_pengajuan sebelum tanggal_kejadian"),
        ({"tanggal_bayar": "2026-01-04"}, "tanggal_bayar sebelum tanggal_pengajuan"),
        ({"tanggal_bayar": "2026-03-02"}, "tanggal_bayar tidak boleh di masa depan"),
        ({"tanggal_kejadian": "2027-01-01"}, "tanggal_kejadian tidak boleh di masa depan"),
        ({"jumlah": None}, "jumlah wajib diisi untuk status DIBAYAR"),
        ({"jumlah": "42.000.000"}, "jumlah '42.000.000' bukan nominal rupiah"),
        ({"jumlah": "Rp42000000"}, "bukan nominal rupiah"),
        ({"jumlah": "-5"}, "jumlah tidak boleh negatif"),
        ({"jumlah": "10.125"}, "paling banyak dua angka desimal"),
        ({"jumlah": "0"}, "harus lebih dari nol"),
        ({"manfaat": "PEMAKAMAN", "jenis": "JKK"}, "manfaat 'PEMAKAMAN' tidak dikenal untuk JKK"),
        ({"jenis": "JKK Cacat", "manfaat": "KEMATIAN"}, "bertentangan"),
    ],
)
def test_refused_rows_say_why_in_indonesian(changes, message):
    row = check(**changes)
    assert not row.ok
    assert any(message in e for e in row.errors), row.errors
    hasil, alasan = c.import_outcome(row, None)
    assert hasil == c.HASIL_DITOLAK and message in alasan
    assert c.result_row(row, hasil, alasan)["hasil"] == "DITOLAK"


def test_every_problem_is_listed_not_just_the_first():
    row = check(nik=None, jenis="X", jumlah="abc")
    assert len(row.errors) == 3


def test_benefit_sub_kinds():
    assert check(jenis="JKK", manfaat="STMB").benefit == c.STMB
    assert check(jenis="JKK", manfaat="perawatan dan pengobatan").benefit == c.PERAWATAN
    assert check(jenis="JKK - Meninggal Dunia").benefit == c.KEMATIAN
    assert check(jenis="JKM", manfaat="biaya pemakaman", jumlah="10000000").benefit == c.PEMAKAMAN
    assert check(jenis="BEASISWA", jumlah="5000000").benefit is None


def test_jkk_death_read_from_the_note_is_flagged():
    row = check(jenis="JKK", jumlah="50000000", keterangan="Tenaga kerja meninggal dunia di lokasi kerja")
    assert row.benefit == c.KEMATIAN and row.benefit_inferred
    assert any("disimpulkan dari keterangan" in w for w in row.warnings)
    assert check(jenis="JKK", keterangan="patah tulang").benefit is None


def test_amounts_above_the_benefit_are_warned_not_refused():
    row = check(jumlah="50000000")
    assert row.ok
    assert any("melebihi manfaat JKM" in w and "Rp42.000.000" in w for w in row.warnings)
    assert check(jenis="JKK", jumlah="900000000").warnings == []  # medical care has no cap


def test_exact_money():
    assert check(jumlah="1500000.50").amount == Decimal("1500000.50")


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 3, 10)),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 3, 10)),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 3, 10)),
)
def test_dates_must_be_ordered_and_past(event, submitted, paid):
    row = check(
        tanggal_kejadian=event.isoformat(),
        tanggal_pengajuan=submitted.isoformat(),
        tanggal_bayar=paid.isoformat(),
        jumlah="1000",
    )
    expected_ok = event <= submitted <= paid <= TODAY
    assert row.ok == expected_ok, row.errors


# -- repeated imports ----------------------------------------------------------------------------------


def test_import_outcomes():
    submitted = check(status="DIAJUKAN", tanggal_bayar=None)
    paid = check()
    assert c.import_outcome(submitted, None)[0] == c.DICATAT
    assert c.import_outcome(paid, "DIBAYAR")[0] == c.SUDAH_ADA
    hasil, alasan = c.import_outcome(paid, "DIAJUKAN")
    assert hasil == c.DICATAT and "status diperbarui dari DIAJUKAN" in alasan
    hasil, alasan = c.import_outcome(submitted, "DIBAYAR")
    assert hasil == c.HASIL_DITOLAK and "tidak dapat menjadi DIAJUKAN" in alasan


def test_claim_key_ignores_status_and_amount():
    assert check().key == ("ref", "KLM-001")
    a = check(referensi_bpjs=None)
    b = check(referensi_bpjs=None, status="DIAJUKAN", tanggal_bayar=None, jumlah=None)
    assert a.key == b.key
    assert a.key != check(referensi_bpjs=None, tanggal_kejadian="2026-01-01").key


# -- membership ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, ends",
    [
        ({}, True),
        ({"status": "DIAJUKAN", "tanggal_bayar": None}, True),
        ({"jenis": "JKK", "manfaat": "KEMATIAN", "jumlah": "48000000"}, True),
        ({"jenis": "JKK", "manfaat": "CACAT"}, False),
        ({"jenis": "JKK"}, False),
        ({"jenis": "BEASISWA", "jumlah": "5000000"}, False),
        ({"status": "DITOLAK", "tanggal_bayar": None, "jumlah": None}, False),
    ],
)
def test_which_claims_end_membership(changes, ends):
    proposal = c.termination_for(check(**changes))
    assert (proposal is not None) == ends
    if proposal:
        assert proposal.end_date == date(2026, 1, 2)
        assert proposal.reason == "meninggal" and proposal.reason in END_REASONS
        assert proposal.cite == "Pasal 10 huruf a"
        assert proposal.nik == NIK


def test_refused_rows_propose_nothing():
    assert c.termination_for(check(jumlah="abc")) is None


def test_jkm_funeral_only_under_three_months():
    assert c.jkm_benefit(date(2025, 10, 3), date(2026, 1, 2), policy=POLICY) == c.PEMAKAMAN
    assert c.jkm_benefit(date(2025, 10, 2), date(2026, 1, 2), policy=POLICY) == c.KEMATIAN
    six = POLICY.with_overrides(
        {"jkm_funeral_only_below_months": [{"from": "2026-01-01", "value": 6, "ref": "contoh"}]}
    )
    assert c.jkm_benefit(date(2025, 9, 1), date(2026, 1, 2), policy=six) == c.PEMAKAMAN  # 4 months, from 2026
    assert (
        c.jkm_benefit(date(2025, 9, 1), date(2025, 12, 31), policy=six) == c.KEMATIAN
    )  # 3 months, rule of 2025


def test_checks_against_membership():
    row = check()
    assert c.check_against_membership(row, [(date(2025, 1, 1), None)], policy=POLICY) == []
    outside = c.check_against_membership(row, [(date(2025, 1, 1), date(2025, 12, 31))], policy=POLICY)
    assert outside == ["tanggal_kejadian 2026-01-02 di luar masa kepesertaan program"]
    short = c.check_against_membership(row, [(date(2025, 11, 1), None)], policy=POLICY)
    assert short and "hanya biaya pemakaman" in short[0]
    funeral = check(manfaat="PEMAKAMAN", jumlah="10000000")
    assert (
        "santunan kematian penuh"
        in c.check_against_membership(funeral, [(date(2025, 1, 1), None)], policy=POLICY)[0]
    )


def test_jkm_payment_due_in_working_days():
    assert c.jkm_payment_due(date(2026, 8, 14), calendar=WorkCalendar(), policy=POLICY) == date(2026, 8, 20)


# -- scholarship guard ---------------------------------------------------------------------------------


def months(start: Month, count: int, skip=()):
    return [start + i for i in range(count) if i not in skip]


def test_jkm_scholarship_with_three_unbroken_years_holds():
    result = c.scholarship_contribution_period(
        "JKM", months(Month(2023, 1), 40), on=date(2026, 4, 15), policy=POLICY
    )
    assert result.holds and result.required_months == 36 and result.counted_months == 40
    assert result.breaking_months == ()
    assert "PP 82/2019" in result.ref


def test_a_gap_inside_the_period_breaks_it_and_is_named():
    paid = months(Month(2023, 1), 40, skip={30})  # 2025-07 unpaid
    result = c.scholarship_contribution_period("JKM", paid, on=date(2026, 4, 15), policy=POLICY)
    assert not result.holds
    assert result.breaking_months == (Month(2025, 7),)
    assert result.counted_months == 9
    assert result.payable_months == () and not result.holds_if_paid
    assert "2025-07" in result.message


def test_a_billed_unpaid_month_can_still_be_paid():
    paid = months(Month(2023, 1), 40, skip={30, 39})
    result = c.scholarship_contribution_period(
        "JKM", paid, on=date(2026, 4, 15), policy=POLICY, billed_months=months(Month(2023, 1), 40)
    )
    assert result.breaking_months == (Month(2025, 7), Month(2026, 4))
    assert result.payable_months == (Month(2025, 7), Month(2026, 4))
    assert result.holds_if_paid and not result.holds
    assert "masih dapat dibayar" in result.message


def test_a_gap_before_the_period_does_not_matter():
    paid = months(Month(2022, 1), 52, skip={3})
    assert c.scholarship_contribution_period("JKM", paid, on=date(2026, 4, 1), policy=POLICY).holds


def test_too_recent_a_membership_has_no_breaking_month():
    result = c.scholarship_contribution_period(
        "JKM", months(Month(2025, 1), 16), on=date(2026, 4, 1), policy=POLICY
    )
    assert not result.holds and result.breaking_months == () and not result.holds_if_paid
    assert result.message == "masa iur baru 16 bulan; beasiswa JKM mensyaratkan 36 bulan"


def test_jkk_death_scholarship_needs_no_minimum():
    result = c.scholarship_contribution_period("JKK", [Month(2026, 3)], on=date(2026, 4, 1), policy=POLICY)
    assert result.holds and result.required_months == 0


def test_months_after_the_event_do_not_count():
    paid = months(Month(2023, 6), 40)
    assert not c.scholarship_contribution_period("JKM", paid, on=date(2026, 4, 1), policy=POLICY).holds


def test_cumulative_counting_is_a_data_switch():
    cumulative = POLICY.with_overrides(
        {
            "scholarship_contribution_continuous": [
                {"from": "2020-01-01", "value": False, "ref": "konfirmasi BPJS (contoh)"}
            ]
        }
    )
    paid = months(Month(2023, 1), 40, skip={30})
    result = c.scholarship_contribution_period("JKM", paid, on=date(2026, 4, 15), policy=cumulative)
    assert result.holds and result.counted_months == 39 and result.breaking_months == ()


def test_unknown_basis_is_refused():
    with pytest.raises(ValueError):
        c.scholarship_contribution_period("BEASISWA", [], on=date(2026, 4, 1), policy=POLICY)


month_offsets = st.sets(st.integers(min_value=0, max_value=59), max_size=60)


@given(month_offsets, st.integers(min_value=0, max_value=59))
def test_continuous_period_holds_iff_the_window_is_fully_paid_since_the_start(offsets, as_of_offset):
    start = Month(2021, 1)
    paid = [start + i for i in offsets]
    as_of = start + as_of_offset
    result = c.scholarship_contribution_period("JKM", paid, on=as_of.first_day, policy=POLICY)
    window = {as_of + (-i) for i in range(36)}
    assert result.holds == window.issubset(set(paid))
    assert set(result.breaking_months) <= window
    assert not (set(result.breaking_months) & set(paid))
    assert result.counted_months <= len([m for m in paid if m <= as_of])


# -- policy data ---------------------------------------------------------------------------------------


def test_every_parameter_has_a_reference():
    for parameter in POLICY.params.parameters.values():
        assert all(v.ref for v in parameter.history)


@pytest.mark.parametrize(
    "overrides, message",
    [
        (
            {
                "scholarship_min_contribution_months": [
                    {"from": "2026-01-01", "value": {"JKM": 36}, "ref": "x"}
                ]
            },
            "JKM dan JKK",
        ),
        ({"benefit_caps": [{"from": "2026-01-01", "value": {"JKM": "abc"}, "ref": "x"}]}, "bukan nominal"),
        ({"benefit_caps": [{"from": "2026-01-01", "value": {"JKM": 42000000.5}, "ref": "x"}]}, "float"),
        (
            {"scholarship_contribution_continuous": [{"from": "2026-01-01", "value": "ya", "ref": "x"}]},
            "true atau false",
        ),
        (
            {"jkm_funeral_only_below_months": [{"from": "2026-01-01", "value": -1, "ref": "x"}]},
            "bilangan bulat",
        ),
    ],
)
def test_unusable_overrides_are_refused(overrides, message):
    with pytest.raises(ParameterFileError, match=message):
        POLICY.with_overrides(overrides)


def test_header_aliases_of_a_bpjs_claim_report():
    headers = [
        "NIK",
        "No KPJ",
        "Jenis Klaim",
        "Tgl Kejadian",
        "Tanggal Klaim",
        "Tanggal Pembayaran",
        "Status Klaim",
        "Nominal",
        "No Klaim",
        "Keterangan",
        "Cabang",
    ]
    match = match_headers(headers, c.LAYOUT)
    assert match.missing == () and match.extra == ("Cabang",)
    assert match.rename["No Klaim"] == "referensi_bpjs"


def test_today_is_the_limit_not_tomorrow():
    row = c.check_claim_row(
        {**PAID, "tanggal_bayar": (TODAY + timedelta(days=0)).isoformat()}, 2, today=TODAY
    )
    assert row.ok
