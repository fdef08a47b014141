"""Money and service: contributions paid by month and source against the plan, cost per participant, and
the claims and complaints panels, read from the claims and complaints apps."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lindung.claims.models import Claim
from lindung.domain.grievance import new_ticket_number
from lindung.grievance.models import Complaint
from lindung.monitoring.selectors import money as money_selectors
from lindung.monitoring.selectors.scope import monitoring_view

D = Decimal


def panels(users, **filters):
    view = monitoring_view(users["tvem"], year=2025, **filters)
    return view, {p.key: p for p in money_selectors.money_panels(view)}


def cells(panel, row):
    return dict(zip((c.code for c in panel.columns), row, strict=True))


def test_realisation_by_month_against_the_plan(snapshot, users, money):
    _, p = panels(users)
    months = {r[0]: cells(p["realisasi-bulanan"], r) for r in p["realisasi-bulanan"].rows}
    # Perwali 3/2025 took effect on 13 January 2025: February is the first month billed, so the year's
    # ceiling of Rp2,016,000 is planned over the 11 months February-December.
    assert list(months) == [f"2025-{m:02d}" for m in range(2, 13)]
    assert months["2025-05"]["realisasi"] == D(67200)  # four COCOK lines of a paid month
    assert months["2025-06"]["realisasi"] == D(0)  # agreed, not yet paid
    assert months["2025-05"][f"sumber_{money.pk}"] == D(67200)
    assert months["2025-02"]["rencana"] == D(183273)  # 2,016,000 / 11, rounded half up
    assert months["2025-12"]["rencana_kumulatif"] == D(2016000)
    assert months["2025-12"]["realisasi_kumulatif"] == D(67200)


def test_realisation_by_source_and_cost_per_participant(snapshot, users):
    _, p = panels(users)
    source = cells(p["realisasi-sumber"], p["realisasi-sumber"].rows[0])
    assert (source["pagu"], source["realisasi"], source["persen_realisasi"].value, source["sisa"]) == (
        D(2016000), D(67200), D("3.33"), D(1948800))
    assert p["biaya"].rows == [["2025", D(67200), 4, 4, D(16800), D(16800)]]


def test_realisation_inside_a_kecamatan_has_no_plan(snapshot, users):
    _, p = panels(users, region="64.71.01")
    panel = p["realisasi-bulanan"]
    assert "rencana" not in [c.code for c in panel.columns]
    may = cells(panel, next(r for r in panel.rows if r[0] == "2025-05"))
    assert may["realisasi"] == D(50400)  # M1, M2, M5 live in Balikpapan Timur


def test_claims_and_complaints_are_empty_when_there_are_none(snapshot, users):
    _, p = panels(users)
    assert p["klaim"].rows == [] and str(p["klaim"].empty) == "Belum ada klaim pada tahun ini."
    assert p["pengaduan"].rows == [] and str(p["pengaduan"].empty) == "Belum ada pengaduan pada tahun ini."


@pytest.fixture
def claims(programme, participants):
    """M2 died on 30 June: JKM paid and a second JKM claim refused; M1's work accident: care paid (cents
    rounded half up), a second one still pending; a claim of 2024 that is not the year's."""
    def claim(name, kind, benefit, submitted, status, amount=None):
        return Claim.objects.create(
            programme=programme, participant=participants[name], kind=kind, benefit=benefit,
            event_date=submitted - timedelta(days=3), submitted_on=submitted, status=status, amount=amount,
            paid_on=submitted + timedelta(days=20) if status == "DIBAYAR" else None)

    claim("M2", "JKM", "KEMATIAN", date(2025, 7, 10), "DIBAYAR", D(42000000))
    claim("M2", "JKM", "PEMAKAMAN", date(2025, 7, 11), "DITOLAK")
    claim("M1", "JKK", "PERAWATAN", date(2025, 8, 1), "DIBAYAR", D("1250000.50"))
    claim("M1", "JKK", "PERAWATAN", date(2025, 9, 1), "DIAJUKAN")
    claim("M1", "JKK", "PERAWATAN", date(2024, 12, 20), "DIBAYAR", D(500000))


def test_claims_paid_against_contributions_paid(snapshot, users, claims):
    _, p = panels(users)
    rows = {(r[0], r[1]): r[2:] for r in p["klaim"].rows}
    assert rows == {("Jaminan Kecelakaan Kerja", "Perawatan dan pengobatan"): [2, 1, 0, D(1250001)],
                    ("Jaminan Kematian", "Santunan kematian"): [1, 1, 0, D(42000000)],
                    ("Jaminan Kematian", "Biaya pemakaman saja (masa kepesertaan singkat)"): [1, 0, 1, D(0)]}
    assert p["klaim"].total == ["Jumlah", "", 4, 2, 1, D(43250001)]  # 2024's claim is not the year's
    assert "Rp67.200" in p["klaim"].notes[0] and "Rp43.250.001" in p["klaim"].notes[0]
    assert "64360.12%" in p["klaim"].notes[0]  # 43,250,001 / 67,200


def test_claims_are_read_in_the_readers_scope(snapshot, users, claims):
    view = monitoring_view(users["labour"], year=2025)
    assert money_selectors.claims_statistics(view)  # the labour agency reads its programme's claims
    assert money_selectors.claims_statistics(monitoring_view(users["tvem"], year=2024)) == [
        {"jenis": "JKK", "manfaat": "PERAWATAN", "diajukan": 1, "dibayar": 1, "ditolak": 0, "jumlah_dibayar": D(500000)}]


@pytest.fixture
def complaints(balikpapan):
    """Kepesertaan: two answered and closed in time, one late, one open and not yet due; a levy (sealed)
    open and overdue. Received in 2025; one of 2024 that is not the year's."""
    received = timezone.make_aware(datetime(2025, 3, 3, 9))

    def complaint(category, status, *, late=False, due=date(2025, 3, 17), on=received):
        return Complaint.objects.create(
            tenant=balikpapan, number=new_ticket_number(on), channel="DARING", category=category, status=status,
            text="isi", handler_kind="bpjs", received_at=on, response_due=due, due_on=None if status in ("SELESAI",) else due, late=late)

    complaint("KEPESERTAAN", "SELESAI")
    complaint("KEPESERTAAN", "SELESAI")
    complaint("KEPESERTAAN", "SELESAI", late=True)
    complaint("KEPESERTAAN", "DITERIMA", due=date(2099, 1, 1))
    complaint("PUNGLI", "DIPROSES", due=date(2025, 3, 10))
    complaint("IURAN", "SELESAI", on=timezone.make_aware(datetime(2024, 12, 2, 9)))


def test_complaints_by_category_and_service_level(snapshot, users, complaints):
    _, p = panels(users)
    rows = p["pengaduan"].rows
    assert [r[:5] for r in rows] == [["Kepesertaan", 4, 3, 3, 1], ["Pungutan liar", 1, 0, 0, 1]]
    assert rows[0][5].value == D("75.00")
    assert rows[1][5].value == D("0.00")
    assert p["pengaduan"].total[:5] == ["Jumlah", 5, 3, 3, 2]


def test_money_page_renders(snapshot, users, client):
    client.force_login(users["auditor"])
    text = client.get("/monitoring/anggaran/?tahun=2025").content.decode()
    assert "Realisasi iuran per bulan dan sumber dana, 2025" in text and "Rp67.200" in text
    assert "Belum ada klaim pada tahun ini." in text
