"""Ticket numbers and the complaints-import row (DESIGN.md §4)."""

import random
import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.domain import grievance as g
from lindung.domain.exchange import match_headers

from .grievance_helpers import CAL, FRIDAY, LAMPIRAN_I, POLICY

# -- ticket numbers ------------------------------------------------------------------------------------

TICKET_RE = re.compile(r"PGD-[0-9]{2}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{7}")


def test_ticket_shape_and_year():
    number = g.new_ticket_number(date(2026, 3, 2))
    assert TICKET_RE.fullmatch(number)
    assert number.startswith("PGD-26-")
    assert g.normalize_ticket_number(number) == number


def test_tickets_are_random_not_sequential():
    numbers = {g.new_ticket_number(FRIDAY) for _ in range(300)}
    assert len(numbers) >= 299  # 729 million possibilities a year
    assert all(g.normalize_ticket_number(n) for n in numbers)


def test_ticket_as_said_on_the_phone_is_understood():
    number = g.new_ticket_number(FRIDAY, rng=random.Random(7))
    spoken = number.lower().replace("-", " ")
    assert g.normalize_ticket_number(spoken) == number
    assert g.normalize_ticket_number(number.replace("-", "")) == number


@given(st.integers(min_value=0, max_value=10_000))
def test_any_single_misheard_symbol_is_refused(seed):
    number = g.new_ticket_number(FRIDAY, rng=random.Random(seed))
    body_start = len("PGD-26-")
    position = seed % 7 + body_start
    for symbol in g.TICKET_ALPHABET:
        if symbol != number[position]:
            wrong = number[:position] + symbol + number[position + 1 :]
            assert g.normalize_ticket_number(wrong) is None


def test_malformed_tickets_are_refused():
    for text in (
        "",
        None,
        "PGD-26-7KQ2M4",
        "PGD-26-7KQ2M40",
        "PGD-2X-7KQ2M4H",
        "XYZ-26-7KQ2M4H",
        "PGD-26-OKQ2M4H",
    ):
        assert g.normalize_ticket_number(text) is None


# -- complaints import row -----------------------------------------------------------------------------

NOW = datetime(2026, 3, 2, 12, 0)
ROW = {
    "nomor_lapor": "LAPOR-123",
    "diterima_pada": "2026-03-02 09:15",
    "saluran": "LAPOR",
    "kategori": "PENDATAAN",
    "nama": "Siti",
    "nik": "6471015507900001",
    "telepon": "0812-5555-1234",
    "kode_wilayah": "64.71.01.1001",
    "pekerjaan": "pemulung",
    "isi": "Belum didata",
}


def parse(**changes):
    return g.parse_complaint_row(
        {**ROW, **changes}, 2, now=NOW, occupations={"pemulung", "nelayan"}, region_prefix="64.71"
    )


def test_a_good_row():
    row = parse()
    assert row.ok and row.warnings == []
    assert row.received_at == datetime(2026, 3, 2, 9, 15) and row.has_time
    assert (row.channel, row.category, row.kelurahan, row.occupation) == (
        "LAPOR",
        "PENDATAAN",
        "64.71.01.1001",
        "pemulung",
    )
    plan = g.plan(row, policy=POLICY, calendar=CAL, data_collector=LAMPIRAN_I)
    result = g.result_row(row, nomor="PGD-26-XXXXXXX", complaint_plan=plan)
    assert list(result) == list(g.RESULT_COLUMNS)
    assert result == {
        "baris": "2",
        "nomor": "PGD-26-XXXXXXX",
        "kategori": "PENDATAAN",
        "ditangani_oleh": "kelurahan:64.71.01.1001",
        "batas_tanggapan": "2026-03-05",
        "status": "DITERIMA",
        "alasan": "",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-03-02", datetime(2026, 3, 2)),
        ("2026-03-01 23:59", datetime(2026, 3, 1, 23, 59)),
        ("2026-03-01 23:59:10", datetime(2026, 3, 1, 23, 59, 10)),
        ("2026-03-01T08:00", datetime(2026, 3, 1, 8, 0)),
    ],
)
def test_received_at_formats(text, expected):
    assert parse(diterima_pada=text).received_at == expected


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"diterima_pada": "2026-03-03"}, "diterima_pada tidak boleh di masa depan"),
        ({"diterima_pada": "2026-03-02 12:01"}, "diterima_pada tidak boleh di masa depan"),
        ({"diterima_pada": "02/03/2026"}, "diterima_pada harus berformat YYYY-MM-DD atau YYYY-MM-DD HH:MM"),
        ({"diterima_pada": "2026-02-30"}, "tidak ada di kalender"),
        ({"diterima_pada": "2026-03-01 25:00"}, "tidak ada di kalender"),
        ({"diterima_pada": ""}, "diterima_pada wajib diisi"),
        ({"saluran": "Faks"}, "saluran 'Faks' tidak dikenal (pilih: LISAN, TERTULIS, DARING, LAPOR)"),
        ({"kategori": "Banjir"}, "kategori 'Banjir' tidak dikenal (pilih: KEPESERTAAN, KECELAKAAN_KERJA"),
        ({"kategori": None}, "kategori wajib diisi"),
        ({"nomor_lapor": " "}, "nomor_lapor wajib diisi untuk saluran LAPOR"),
        ({"isi": ""}, "isi pengaduan wajib diisi"),
    ],
)
def test_refused_rows_say_why(changes, message):
    row = parse(**changes)
    assert not row.ok
    assert any(message in e for e in row.errors), row.errors
    result = g.result_row(row)
    assert result["nomor"] == "" and message in result["alasan"]


def test_codes_are_read_leniently():
    row = parse(saluran=" sp4n-lapor ", kategori="kecelakaan kerja")
    assert (row.channel, row.category) == ("LAPOR", "KECELAKAAN_KERJA")


def test_a_desk_complaint_needs_no_lapor_number_and_may_be_anonymous():
    row = parse(
        nomor_lapor=None,
        saluran="lisan",
        nama=None,
        nik=None,
        telepon=None,
        kode_wilayah=None,
        pekerjaan=None,
    )
    assert row.ok and row.nomor_lapor is None and row.name is None


@pytest.mark.parametrize(
    "changes, attr, message",
    [
        ({"telepon": "tidak ada"}, "phone", "telepon"),
        ({"kode_wilayah": "99.99.99.9999"}, "kelurahan", "kode_wilayah"),
        ({"kode_wilayah": "64.72.01.1001"}, "kelurahan", "di luar wilayah program"),
        ({"pekerjaan": "Astronot"}, "occupation", "pekerjaan 'Astronot' tidak dikenal"),
    ],
)
def test_identity_problems_never_lose_a_complaint(changes, attr, message):
    """Except the NIK: issue 10 lists an unknown NIK among the bad input a row is refused for."""
    row = parse(**changes)
    assert row.ok
    assert getattr(row, attr) is None
    assert any(message in w for w in row.warnings)
    plan = g.plan(row, policy=POLICY, calendar=CAL, data_collector=LAMPIRAN_I)
    assert message in g.result_row(row, nomor="N", complaint_plan=plan)["alasan"]


def test_plan_of_a_refused_row_is_an_error():
    with pytest.raises(g.GrievanceError):
        g.plan(parse(kategori="Banjir"), policy=POLICY, calendar=CAL)


def test_aware_now_is_read_as_local_time():
    from datetime import timedelta, timezone

    wita = timezone(timedelta(hours=8))
    row = g.parse_complaint_row(ROW, 2, now=datetime(2026, 3, 2, 12, 0, tzinfo=wita))
    assert row.ok


def test_header_aliases_of_a_lapor_export():
    headers = [
        "No Laporan",
        "Tanggal Laporan",
        "Kanal",
        "Kategori",
        "Nama",
        "NIK",
        "No HP",
        "Kode Wilayah",
        "Pekerjaan",
        "Isi Laporan",
        "Status LAPOR",
    ]
    match = match_headers(headers, g.LAYOUT)
    assert match.missing == ()
    assert match.extra == ("Status LAPOR",)
    assert match.rename["Isi Laporan"] == "isi"


@pytest.mark.parametrize(
    "text, key",
    [
        ("0812-5555-1234", "081255551234"),
        ("+62 812 5555 1234", "081255551234"),
        ("62812.5555.1234", "081255551234"),
        ("(0542) 123456", "0542123456"),
        ("tidak ada", None),
        ("", None),
        (None, None),
    ],
)
def test_phone_key_matches_what_reporters_type(text, key):
    assert g.phone_key(text) == key


def test_fingerprint_identifies_a_desk_row_exported_again():
    first = parse(nomor_lapor=None, saluran="LISAN")
    again = parse(nomor_lapor=None, saluran="lisan", telepon="+62 812 5555 1234", isi=" Belum  didata ")
    other = parse(nomor_lapor=None, saluran="LISAN", isi="Kartu belum diterima")
    assert first.fingerprint == again.fingerprint != other.fingerprint


def test_an_invalid_nik_refuses_the_row_with_its_reason():
    row = parse(nik="123")
    assert not row.ok and any("NIK tidak valid" in e for e in row.errors)
    assert "NIK tidak valid" in g.result_row(row)["alasan"] and g.result_row(row)["nomor"] == ""
