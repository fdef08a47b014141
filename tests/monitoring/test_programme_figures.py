"""Every figure of the TVEM's programme page against the numbers computed by hand from the data set of
tests/monitoring_fixtures.py (see its docstring for who is who)."""

from datetime import date
from decimal import Decimal

from lindung.monitoring.models import StageEntry
from lindung.monitoring.selectors import programme as panels
from lindung.monitoring.selectors.scope import monitoring_view

D = Decimal


def table(panel, *codes):
    """The panel's rows as tuples of the given columns (rates as their values)."""
    out = []
    for row in panel.rows:
        cells = dict(zip((c.code for c in panel.columns), row, strict=True))
        out.append(tuple(getattr(cells[c], "value", cells[c]) for c in codes))
    return out


def page(users, **filters):
    view = monitoring_view(users["tvem"], **filters)
    return view, {p.key: p for p in panels.programme_panels(view)}


def test_stage_entries_are_read_from_single_and_batch_audit_events(snapshot, applications):
    # 5 single moves + batches of 2, 2, 2, 1, 1; the submission event is not an entry.
    assert StageEntry.objects.count() == 13
    a1 = list(StageEntry.objects.filter(application=applications["A1"]).order_by("entered_at").values_list("status", flat=True))
    assert a1 == ["DIVERIFIKASI", "CEK_BPJS", "LOLOS_BPJS", "KONSOLIDASI", "DITETAPKAN", "TERDAFTAR"]


def test_funnel_counts_how_far_applications_went(snapshot, users):
    _, p = page(users)
    assert table(p["tahapan"], "tahap", "mencapai", "persen_dari_usulan", "menunggu") == [
        ("Diusulkan", 6, D("100.00"), 2),  # A4 and A5 wait for verification
        ("Diverifikasi", 3, D("50.00"), 1),  # A1, A2, A6; A2 waits to be sent to BPJS
        ("Dicek BPJS", 2, D("33.33"), 0),
        ("Dikonsolidasi TVEM", 2, D("33.33"), 0),  # A6 got there before the TVEM rejected it
        ("Ditetapkan Keputusan", 1, D("16.67"), 0),
        ("Terdaftar peserta", 1, D("16.67"), None),
    ]


def test_time_in_each_stage_and_where_applications_wait(snapshot, users):
    _, p = page(users)
    assert table(p["lama"], "selesai", "selesai_rata_hari", "selesai_lebih_30", "menunggu", "menunggu_rata_hari",
                 "menunggu_lebih_30") == [
        (4, D("7.3"), 0, 2, D("177.5"), 2),  # DIAJUKAN: 10 + 10 + 5 + 4 days; A4 193 and A5 162 days so far
        (2, D("13.0"), 0, 1, D("183.0"), 1),  # DIVERIFIKASI: A1 10, A6 16; A2 since 11 July
        (2, D("30.0"), 0, 0, None, 0),  # at BPJS: 30 days each (not more than 30)
        (2, D("12.0"), 0, 0, None, 0),
        (2, D("19.5"), 0, 0, None, 0),  # consolidated: A1 30, A6 9 (then rejected)
        (1, D("91.0"), 1, 0, None, 0),  # decreed 1 October, enrolled 31 December
    ]
    assert table(p["menunggu-instansi"], "penanggung_jawab", "status", "usulan", "rata_hari", "lebih_30_hari") == [
        ("Camat/Lurah", "Diajukan, menunggu verifikasi", 2, D("177.5"), 2),
        ("DP3", "Terverifikasi", 1, D("183.0"), 1),
    ]
    assert table(p["menunggu-wilayah"], "wilayah", "usulan", "rata_hari") == [
        ("Manggar", 1, D("183.0")), ("Lamaru", 1, D("162.0")), ("Prapatan", 1, D("193.0"))]


def test_decisions_and_reasons_by_article(snapshot, users):
    _, p = page(users)
    assert table(p["keputusan"], "hasil_penilaian", "usulan", "ditetapkan", "ditolak", "dalam_proses") == [
        ("Layak", 3, 1, 1, 1), ("Tidak layak", 2, 0, 1, 1), ("Perlu verifikasi lapangan", 1, 0, 0, 1)]
    reasons = table(p["alasan"], "pasal", "ketentuan", "kode", "usulan", "ditolak")
    assert sorted(reasons) == sorted([
        ("Pasal 5", "Pasal 5 ayat (1) huruf b", "BUKAN_MISKIN", 1, 1),
        ("Pasal 5", "Pasal 5 ayat (1) huruf b", "DATA_KEMISKINAN_TIDAK_ADA", 1, 0),
        ("Pasal 5", "Pasal 5 ayat (1) huruf c", "USIA_DI_LUAR_BATAS", 1, 0),
        ("Pasal 5", "Pasal 5 ayat (1) huruf f", "PENGHASILAN_TIDAK_DI_BAWAH_UMK", 1, 1),
    ])  # the priority flag and the NIK warning are not reasons
    assert [r[1] for r in reasons] == sorted(r[1] for r in reasons)  # in the order of the articles


def test_breakdowns_of_participants_and_applicants(snapshot, users):
    _, p = page(users)
    assert table(p["wilayah"], "kategori", "peserta_aktif", "persen_peserta", "usulan", "ditetapkan", "ditolak") == [
        ("Balikpapan Timur", 2, D("66.67"), 4, 1, 1), ("Balikpapan Kota", 1, D("33.33"), 2, 0, 1)]
    assert p["wilayah"].total[2] == 3
    assert table(p["subwilayah"], "kategori", "peserta_aktif", "usulan") == [
        ("Manggar", 1, 2), ("Lamaru", 1, 2), ("Prapatan", 1, 2)]  # by the address, never the NIK prefix
    assert table(p["pekerjaan"], "kategori", "peserta_aktif", "usulan", "ditetapkan") == [
        ("Nelayan", 0, 1, 0), ("Pedagang kaki lima", 1, 1, 0), ("Pemulung", 1, 3, 1), ("Tukang ojek", 1, 1, 0)]
    assert table(p["perangkat-daerah"], "kategori", "peserta_aktif", "usulan") == [
        ("Camat/Lurah", 1, 3), ("Disdag", 1, 1), ("Dishub", 1, 1), ("DP3", 0, 1)]  # by name, any case
    assert table(p["jenis-kelamin"], "kategori", "peserta_aktif", "usulan", "ditolak") == [
        ("Laki-laki", 0, 3, 2), ("Perempuan", 3, 3, 0)]
    # Ages on 10 January 2026; M1 born 29 Feb 1980 is 45, A6 born 10 Jan 2008 turns 18 that day.
    assert table(p["kelompok-umur"], "kategori", "peserta_aktif", "usulan") == [
        ("18-24", 0, 1), ("25-34", 2, 2), ("35-44", 0, 2), ("45-54", 1, 0), ("65+", 0, 1)]
    assert table(p["disabilitas"], "kategori", "peserta_aktif", "usulan") == [("Tidak", 2, 5), ("Ya", 1, 1)]
    # M5 per the DTSEN snapshot; A2 per its priority flag.
    assert table(p["miskin-ekstrem"], "kategori", "peserta_aktif", "usulan") == [("Tidak", 2, 5), ("Ya", 1, 1)]


def test_month_by_month_participants_entries_and_terminations(snapshot, users):
    _, p = page(users)
    assert table(p["tren"], "bulan", "peserta_aktif", "masuk", "berhenti") == [
        ("2025-04", 4, 4, 0), ("2025-05", 5, 1, 0),
        ("2025-06", 5, 0, 1),  # M2 died on 30 June: covered on the last day of the month
        *((f"2025-{m:02d}", 4, 0, 0) for m in range(7, 12)),
        ("2025-12", 4, 0, 1),  # M4 ended on 31 December
        ("2026-01", 3, 0, 0),
    ]
    terminations = p["berhenti"]
    assert terminations.total == ["Jumlah", 1, 0, 0, 1, 0, 2]
    assert [c.code for c in terminations.columns][1:6] == ["meninggal", "pindah_domisili", "mampu_mandiri",
                                                         "pekerja_formal", "batas_usia"]


def test_filter_by_kecamatan_sums_its_kelurahan_only(snapshot, users):
    view, p = page(users, region="64.71.01")
    assert view.place == "Balikpapan Timur"
    assert table(p["tahapan"], "mencapai")[:2] == [(4,), (3,)]  # A1, A2, A5, A6; verified A1, A2, A6
    assert table(p["subwilayah"], "kategori", "peserta_aktif", "usulan") == [("Manggar", 1, 2), ("Lamaru", 1, 2)]
    assert table(p["tren"], "bulan", "peserta_aktif")[0] == ("2025-04", 3)  # M1, M2, M5
    assert panels.summary(view, list(p.values()))["active"] == 2


def test_summary_cards(snapshot, users):
    view, p = page(users)
    assert panels.summary(view, list(p.values())) == {"active": 3, "applications": 6, "fixed": 1, "rejected": 2,
                                                      "waiting_long": 3}


def test_figures_say_when_they_were_computed(snapshot, users):
    view, _ = page(users)
    assert view.snapshot.as_of == date(2026, 1, 10) and view.snapshot.finished_at is not None
