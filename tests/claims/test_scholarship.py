"""The scholarship guard: the contribution period a scholarship needs (36 months after a JKM death, by
default: rule-set data), counted from the months billing records as paid."""

from datetime import date

from django.urls import reverse

from lindung.billing.selectors import contribution_months
from lindung.claims import selectors
from lindung.claims.services import record
from lindung.domain.calendar import Month

from .conftest import claim_row, months

START = Month(2022, 7)
THREE_YEARS = months(START, 36)  # 2022-07 .. 2025-06


def test_paid_months_are_those_agreed_in_a_paid_month(programme, enrol, contributions):
    p = enrol(programme, start=START.first_day)
    contributions(p, months(START, 4), paid={START, START + 1, START + 3})
    got = contribution_months(p.person_id)
    assert got.billed == set(months(START, 4)) and got.paid == {START, START + 1, START + 3}
    assert got.first_billed == START


def test_three_unbroken_years_hold_for_a_jkm_scholarship(programme, enrol, users, contributions, import_file):
    p = enrol(programme, start=START.first_day)
    contributions(p, THREE_YEARS, paid=set(THREE_YEARS))
    outcome = import_file(users["bpjs"], programme, [claim_row(p, jenis="BEASISWA", tanggal_kejadian="2025-06-10",
                                                               tanggal_pengajuan="2025-07-01")])
    assert outcome.lines[0] == {"baris": "1", "nik": p.person.nik, "jenis": "BEASISWA", "hasil": "DICATAT", "alasan": ""}
    assert selectors.scholarship_guard(p.person_id, on=date(2025, 6, 10)).period.holds


def test_an_unpaid_month_that_breaks_the_period_is_warned_and_named(programme, enrol, users, contributions,
                                                                   import_file):
    p = enrol(programme, start=START.first_day)
    gap = Month(2024, 3)
    contributions(p, THREE_YEARS, paid=set(THREE_YEARS) - {gap})
    outcome = import_file(users["bpjs"], programme, [claim_row(p, jenis="BEASISWA", tanggal_kejadian="2025-06-10",
                                                               tanggal_pengajuan="2025-07-01")])
    line = outcome.lines[0]
    assert line["hasil"] == "DICATAT"  # a warning, not a refusal: BPJS decides the scholarship
    assert "terputus oleh bulan yang belum dibayar: 2024-03" in line["alasan"]
    assert "masih dapat dibayar: 2024-03" in line["alasan"] and "tagihan tercatat sejak 2022-07" in line["alasan"]
    claim = p.claims.get()
    assert any("2024-03" in w for w in claim.warnings)


def test_a_jkk_death_scholarship_needs_no_minimum_period(programme, enrol, users, contributions):
    p = enrol(programme, start=date(2025, 4, 1))
    contributions(p, months(Month(2025, 4), 2), paid=set())
    record.record_claim(users["bpjs"], participant=p, kind="JKK", benefit="KEMATIAN", event_date=date(2025, 5, 20),
                        submitted_on=date(2025, 5, 22))
    claim = record.record_claim(users["bpjs"], participant=p, kind="BEASISWA", event_date=date(2025, 5, 20),
                                submitted_on=date(2025, 6, 1))
    assert claim.warnings == []


def test_the_participant_page_warns_while_the_participant_lives(client, programme, enrol, users, contributions):
    p = enrol(programme, start=date(2023, 1, 1))
    billed = months(Month(2023, 1), 30)
    contributions(p, billed, paid=set(billed) - {Month(2025, 5)})
    client.force_login(users["bpjs"])
    page = client.get(reverse("claims:participant", args=[p.pk])).content.decode()
    assert "Masa iur untuk beasiswa" in page and "36 bulan" in page
    # Taken on the last billed month (June 2025), not today: a month not billed yet is no gap.
    assert "terputus oleh bulan yang belum dibayar: 2025-05; masih dapat dibayar: 2025-05" in page

