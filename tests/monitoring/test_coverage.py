"""Coverage indicators: the contract's `lindung report coverage` (DESIGN.md §4) and the coverage page,
against hand-computed figures; bad input shown as such with its reason, never 0% or a crash."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lindung.audit.models import AuditEvent
from lindung.domain.exchange import BPJS_AGGREGATE, COVERAGE_COLUMNS, WORKFORCE
from lindung.monitoring.models import BpjsAggregate, CoverageTarget, WorkforceFigure
from lindung.monitoring.selectors.coverage import coverage_panels, target_on
from lindung.monitoring.selectors.scope import monitoring_view
from lindung.monitoring.services import references
from lindung.monitoring.views import coverage as coverage_views
from lindung.platform.errors import PermissionDenied
from lindung.platform.files import read_table
from tests.money_fixtures import read_csv

WORKFORCE_ROWS = [
    ("64.71.01", "2026", "1000", "400"),  # Balikpapan Timur: Manggar (M1) and Lamaru (M5) covered
    ("64.71.06", "2026", "500", "0"),  # Balikpapan Kota: M3 covered, no informal worker: no rate
    ("64.71.02", "2025", "800", "300"),  # Balikpapan Barat: only last year's figures
    ("99.99.99", "2026", "1", "1"),  # no such region
    ("64.71.03", "2026", "abc", "10"),  # Balikpapan Utara: unreadable
    ("64.71", "2026", "700000", "300000"),  # the city itself: another level
    ("6471040", "2026", "100", "30"),  # not a code at all
]


@pytest.fixture
def files(tmp_path):
    def write(name, columns, rows):
        path = tmp_path / name
        path.write_text("\n".join([",".join(columns), *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
        return path

    return {
        "workforce": write("bps.csv", WORKFORCE.columns, WORKFORCE_ROWS),
        "aggregate": write("bpjs.csv", BPJS_AGGREGATE.columns, [("64.71.01", "2026", "150", "50"),
                                                                ("64.71.06", "2025", "10", "10")]),
    }


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_coverage_report_by_kecamatan(snapshot, files, tmp_path):
    out = tmp_path / "cakupan.csv"
    stdout, stderr = run("coverage", "--program", "bpp-monev", "--on", "2026-01-10", "--workforce", str(files["workforce"]),
                         "--bpjs-aggregate", str(files["aggregate"]), "--out", str(out))
    rows = read_csv(out)
    assert list(rows[0]) == list(COVERAGE_COLUMNS)
    assert [tuple(r.values()) for r in rows] == [
        ("64.71.01", "Balikpapan Timur", "1000", "400", "2", "0.50", "150", "50", "20.00"),
        ("64.71.02", "Balikpapan Barat", "", "", "0", "", "", "", ""),
        ("64.71.03", "Balikpapan Utara", "", "", "0", "", "", "", ""),
        ("64.71.06", "Balikpapan Kota", "500", "0", "1", "", "", "", ""),
        ("TOTAL", "Jumlah", "", "", "3", "", "", "", ""),
    ]
    # Every empty cell has its reason on the terminal; unknown codes are named with their row.
    # Rows are counted as data rows (the first under the header is 1), as in every Lindung report.
    assert "baris 4: kode wilayah tidak dikenal" in stderr and "baris 7: kode wilayah tidak dikenal" in stderr
    assert "baris 5: pekerja: bukan bilangan bulat: 'abc'" in stderr
    assert "64.71.02 Balikpapan Barat: tidak ada angka BPS tahun 2026 (ada: 2025)" in stderr
    assert "64.71.06 Balikpapan Kota: angka penyebut nol" in stderr
    assert "64.71.06 Balikpapan Kota: tidak ada agregat BPJS tahun 2026 (ada: 2025)" in stderr
    assert "TOTAL: angka sebagian wilayah tidak ada" in stderr
    assert "3 peserta aktif" in stdout


def test_coverage_by_kelurahan_counts_the_address_on_the_date(snapshot, write_csv, tmp_path):
    workforce = write_csv("bps.csv", WORKFORCE.columns, [
        ("64.71.01.1001", "2025", "300", "32"), ("64.71.01.1002", "2025", "300", "3"), ("64.71.06.1001", "2025", "90", "30")])
    out = tmp_path / "cakupan.xlsx"
    run("coverage", "--program", "bpp-monev", "--on", "2025-06-30", "--workforce", str(workforce), "--by", "kelurahan",
        "--out", str(out))
    rows = read_table(out, WORKFORCE.__class__("x", COVERAGE_COLUMNS, ()))
    got = [(r["kode_wilayah"], r["peserta_aktif"], r["cakupan_pbi_persen"], r["cakupan_total_persen"])
           for r in rows.iter_rows(named=True)]
    # On 30 June 2025: Manggar M1 and M2 (who died that day), Lamaru M5, Prapatan M3 and M4.
    assert got == [("64.71.01.1001", "2", "6.25", None), ("64.71.01.1002", "1", "33.33", None),
                   ("64.71.06.1001", "2", "6.67", None), ("TOTAL", "5", "7.69", None)]


def test_half_up_rounding_in_the_file(snapshot, write_csv, tmp_path):
    workforce = write_csv("bps.csv", WORKFORCE.columns, [("64.71.06", "2026", "100", "32")])
    out = tmp_path / "c.csv"
    run("coverage", "--program", "bpp-monev", "--on", "2026-01-10", "--workforce", str(workforce), "--out", str(out))
    assert read_csv(out)[0]["cakupan_pbi_persen"] == "3.13"  # 1 / 32 = 3.125 %


def test_a_year_with_no_figures_is_said_not_zero(snapshot, write_csv, tmp_path):
    workforce = write_csv("bps.csv", WORKFORCE.columns, [("64.71.01", "2024", "1000", "400")])
    out = tmp_path / "c.csv"
    _, stderr = run("coverage", "--program", "bpp-monev", "--on", "2026-01-10", "--workforce", str(workforce), "--out", str(out))
    assert read_csv(out)[0]["cakupan_pbi_persen"] == "" and "tidak ada angka BPS tahun 2026 (ada: 2024)" in stderr


def test_unusable_requests_fail_with_a_message(snapshot, write_csv, tmp_path):
    bad = write_csv("bps.csv", ("kode", "jumlah"), [("64.71.01", "5")])
    with pytest.raises(CommandError, match="kolom wajib"):
        run("coverage", "--program", "bpp-monev", "--on", "2026-01-10", "--workforce", str(bad), "--out", str(tmp_path / "o.csv"))
    with pytest.raises(CommandError, match="program 'tidak-ada' tidak ada"):
        run("coverage", "--program", "tidak-ada", "--on", "2026-01-10", "--workforce", str(bad), "--out", str(tmp_path / "o.csv"))
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("coverage", "--program", "bpp-monev", "--on", "10-01-2026", "--workforce", str(bad), "--out", str(tmp_path / "o.csv"))


# --- Reference figures and targets (imported per tenant) ----------------------------------------------------


def test_importing_figures_keeps_the_readable_rows_and_reports_the_rest(snapshot, users, files, balikpapan):
    rows = read_table(files["workforce"], WORKFORCE)
    outcome = references.import_figures(users["labour"], tenant=balikpapan, kind="workforce", rows=rows,
                                        source="BPS, Sakernas Agustus 2025", file_name="bps.csv")
    assert (outcome.created, outcome.replaced) == (4, 0)  # 64.71.01, 64.71.06, 64.71.02 (2025) and 64.71
    assert sorted(p.row for p in outcome.problems) == [4, 5, 7]
    again = references.import_figures(users["labour"], tenant=balikpapan, kind="workforce", rows=rows, source="BPS revisi")
    assert (again.created, again.replaced) == (0, 4)
    assert WorkforceFigure.objects.get(region_id="64.71.01", year=2026).source == "BPS revisi"
    assert AuditEvent.objects.filter(action="workforce.import").count() == 2
    for role in ("tvem", "auditor", "bpjs", "lurah"):
        with pytest.raises(PermissionDenied):
            references.import_figures(users[role], tenant=balikpapan, kind="workforce", rows=rows, source="x")


def test_figures_outside_the_tenant_are_not_stored(snapshot, users, write_csv, balikpapan):
    rows = read_table(write_csv("bps.csv", WORKFORCE.columns, [("64.72.01", "2025", "10", "5")]), WORKFORCE)
    outcome = references.import_figures(users["labour"], tenant=balikpapan, kind="workforce", rows=rows, source="BPS")
    assert outcome.stored == 0 and "di luar wilayah" in outcome.problems[0].reason


def test_targets_are_effective_dated(snapshot, users, balikpapan):
    references.set_target(users["labour"], tenant=balikpapan, indicator="cakupan_pbi", year=2026, percent="1",
                          valid_from=date(2025, 1, 1), reference="RPJMD 2025-2029")
    references.set_target(users["labour"], tenant=balikpapan, indicator="cakupan_pbi", year=2026, percent="1,5",
                          valid_from=date(2025, 10, 1), reference="RPJMD perubahan")
    assert target_on(balikpapan, "cakupan_pbi", 2026, date(2025, 6, 1)).percent == Decimal("1.00")
    assert target_on(balikpapan, "cakupan_pbi", 2026, date(2026, 1, 10)).percent == Decimal("1.50")
    assert CoverageTarget.objects.count() == 2
    with pytest.raises(references.IndicatorError):
        references.set_target(users["labour"], tenant=balikpapan, indicator="cakupan_pbi", year=2026, percent="150",
                              valid_from=date(2025, 1, 1), reference="x")


def test_coverage_page_figures_with_source_year_and_target(snapshot, users, balikpapan):
    for code, year, workers, informal in (("64.71", 2025, 700000, 300), ("64.71", 2026, 710000, 200),
                                          ("64.71.01", 2026, 1000, 400), ("64.71.06", 2025, 500, 0)):
        WorkforceFigure.objects.create(tenant=balikpapan, region_id=code, year=year, workers=workers,
                                       informal_workers=informal, source="BPS Sakernas")
    BpjsAggregate.objects.create(tenant=balikpapan, region_id="64.71", year=2026, pu=80101, bpu=42217, source="BPJS Kacab")
    references.set_target(None, tenant=balikpapan, indicator="cakupan_pbi", year=2026, percent="2", valid_from=date(2025, 1, 1),
                          reference="RPJMD")
    view = monitoring_view(users["tvem"])
    over_time, by_region = coverage_panels(view)
    rows = {r[0]: dict(zip((c.code for c in over_time.columns), r, strict=True)) for r in over_time.rows}
    # 2025: 4 participants on 31 December over 300 informal workers; 2026: 3 on the day over 200.
    assert rows["2025"]["peserta_aktif"] == 4 and rows["2025"]["cakupan_pbi_persen"].value == Decimal("1.33")
    assert rows["2026"]["cakupan_pbi_persen"].value == Decimal("1.50")
    assert rows["2026"]["sasaran_pbi_persen"] == Decimal("2.00")
    assert rows["2026"]["cakupan_total_persen"].value == Decimal("17.23")  # 122,318 / 710,000
    assert "BPS Sakernas, tahun 2026" in rows["2026"]["sumber"] and "BPJS Kacab" in rows["2026"]["sumber"]
    assert rows["2025"]["cakupan_total_persen"].value is None and "PU/BPU: " not in rows["2025"]["sumber"]
    region = {r[1]: dict(zip((c.code for c in by_region.columns), r, strict=True)) for r in by_region.rows}
    assert region["64.71.01"]["cakupan_pbi_persen"].value == Decimal("0.50")
    # Kota has only 2025 figures, with no informal worker: the latest year is used and the rate says why.
    assert region["64.71.06"]["cakupan_pbi_persen"].value is None and "nol" in region["64.71.06"]["sumber"]
    assert "tahun 2025" in region["64.71.06"]["sumber"]
    assert by_region.total[5].value == Decimal("0.75")  # 3 / (400 + 0): a zero is a figure, not a gap


def test_coverage_page_renders_and_imports(snapshot, users, client, files, monkeypatch):
    client.force_login(users["labour"])
    with files["workforce"].open("rb") as fh:
        response = client.post("/monitoring/cakupan/impor/", {"kind": "workforce", "file": fh, "source": "BPS 2025",
                                                              "next": "/monitoring/cakupan/"}, follow=True)
    text = response.content.decode()
    assert "4 angka baru" in text and "kode wilayah tidak dikenal" in text
    page = client.get("/monitoring/cakupan/").content.decode()
    assert "Cakupan dari tahun ke tahun" in page and "BPS 2025" in page
    assert "baris terbaru dari" not in page  # all four listed
    monkeypatch.setattr(coverage_views, "REFERENCE_SHOWN", 3)
    page = client.get("/monitoring/cakupan/").content.decode()
    assert "3 baris terbaru dari 4" in page  # a list never stops silently
    client.force_login(users["tvem"])
    assert client.post("/monitoring/cakupan/sasaran/", {"indicator": "cakupan_pbi", "year": "2026", "percent": "5",
                                                        "valid_from": "2026-01-01", "reference": "x"}).status_code == 403


def monitoring(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("monitoring", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_reference_figures_targets_and_refresh_from_the_command_line(snapshot, files, users):
    stdout, stderr = monitoring("figures", "--tenant", "balikpapan", "--workforce", str(files["workforce"]),
                                "--bpjs-aggregate", str(files["aggregate"]), "--source", "BPS, Sakernas Agustus 2025")
    assert "bps.csv: 4 angka baru, 0 diganti, 3 baris bermasalah." in stdout
    assert "bpjs.csv: 2 angka baru" in stdout and "bps.csv baris 4: kode wilayah tidak dikenal" in stderr
    assert BpjsAggregate.objects.get(region_id="64.71.01", year=2026).pu == 150
    stdout, _ = monitoring("target", "--tenant", "balikpapan", "--indicator", "cakupan_total", "--year", "2026",
                           "--percent", "70", "--from", "2026-01-01", "--reference", "Renstra Disnaker")
    assert "70.00%" in stdout
    with pytest.raises(CommandError, match="tidak berwenang|TVEM|Dinas"):
        monitoring("target", "--tenant", "balikpapan", "--indicator", "cakupan_pbi", "--year", "2026",
                   "--percent", "5", "--from", "2026-01-01", "--reference", "x", "--pengguna", "tvem")
    stdout, _ = monitoring("refresh", "--on", "2026-01-10", "--pengguna", "tvem")
    assert "Angka monitoring per 2026-01-10" in stdout
    with pytest.raises(CommandError, match="TVEM dan Dinas Tenaga Kerja"):
        monitoring("refresh", "--pengguna", "auditor")
