"""Money and service: contributions paid by month and source against the plan, cost per participant, and
the claims and complaints panels, which call their apps' selectors when those apps are installed."""

import sys
import types
from decimal import Decimal

import pytest

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


def test_claims_and_complaints_are_not_available_without_their_apps(snapshot, users):
    _, p = panels(users)
    for key in ("klaim", "pengaduan"):
        assert p[key].rows == [] and "Belum tersedia" in str(p[key].empty)


@pytest.fixture
def installed_apps(monkeypatch):
    """Pretend `lindung.claims` and `lindung.grievance` are installed, with the selectors the lead wires
    at merge (signatures in docs/MONITORING.md); records how they were called."""
    calls = []

    def claims_statistics(user, *, programme, year):
        calls.append(("claims", user.username, programme.code, year))
        return [{"jenis": "JKM", "manfaat": "KEMATIAN", "diajukan": 2, "dibayar": 1, "ditolak": 1,
                 "jumlah_dibayar": D(42000000)},
                {"jenis": "JKK", "manfaat": "PERAWATAN", "diajukan": 3, "dibayar": 3, "ditolak": 0,
                 "jumlah_dibayar": D("1250000.50")}]

    def complaint_statistics(user, *, tenant, year):
        calls.append(("grievance", user.username, tenant.code, year))
        return [{"kategori": "KEPESERTAAN", "diterima": 10, "selesai": 8, "tepat_waktu": 7, "terlambat": 1},
                {"kategori": "PUNGLI", "diterima": 1, "selesai": 0, "tepat_waktu": 0, "terlambat": 0}]

    from django.apps import apps

    real = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name in ("lindung.claims", "lindung.grievance") or real(name))
    for package, function in (("claims", claims_statistics), ("grievance", complaint_statistics)):
        module = types.ModuleType(f"lindung.{package}")
        module.selectors = types.SimpleNamespace(statistics=function)
        monkeypatch.setitem(sys.modules, f"lindung.{package}", module)
        monkeypatch.setitem(sys.modules, f"lindung.{package}.selectors", module.selectors)
    return calls


def test_claims_paid_against_contributions_paid(snapshot, users, installed_apps):
    _, p = panels(users)
    claims = p["klaim"]
    assert [r[:2] for r in claims.rows] == [["Jaminan Kematian", "Santunan kematian"],
                                           ["Jaminan Kecelakaan Kerja", "Perawatan dan pengobatan"]]
    assert claims.total == ["Jumlah", "", 5, 4, 1, D(43250001)]  # whole rupiah, half up
    assert "Rp67.200" in claims.notes[0] and "Rp43.250.001" in claims.notes[0]
    assert "64360.12%" in claims.notes[0]  # 43,250,001 / 67,200
    assert ("claims", "tvem", "bpp-monev", 2025) in installed_apps


def test_complaints_by_category_and_service_level(snapshot, users, installed_apps):
    _, p = panels(users)
    complaints = p["pengaduan"]
    assert complaints.rows[0][:5] == ["Kepesertaan", 10, 8, 7, 1]
    assert complaints.rows[0][5].value == D("87.50")
    assert complaints.rows[1][5].value is None  # nothing answered yet: no rate, not 0%
    assert complaints.total[:5] == ["Jumlah", 11, 8, 7, 1]
    assert ("grievance", "tvem", "balikpapan", 2025) in installed_apps


def test_money_page_renders(snapshot, users, client):
    client.force_login(users["auditor"])
    text = client.get("/monitoring/anggaran/?tahun=2025").content.decode()
    assert "Realisasi iuran per bulan dan sumber dana, 2025" in text and "Rp67.200" in text
    assert "Belum tersedia" in text
