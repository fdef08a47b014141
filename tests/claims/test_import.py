"""BPJS's claim report (DESIGN §4): the contract's result columns in input order, repeatable without
duplicates, a later status reported as DICATAT, bad rows refused with their reason and nothing else lost."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lindung.audit.models import AuditEvent
from lindung.claims.models import Claim
from lindung.claims.services import imports
from lindung.platform.errors import PermissionDenied
from lindung.platform.files import TableError
from lindung.programs.services import save_column_mapping
from lindung.tenants.models import Tenant

from .conftest import claim_row


def results(outcome):
    return [(line["baris"], line["hasil"]) for line in outcome.lines]


def test_a_report_is_recorded_row_by_row_in_input_order(programme, enrol, users, import_file):
    a, b, c = enrol(programme), enrol(programme), enrol(programme)
    outcome = import_file(users["bpjs"], programme, [
        claim_row(a, jenis="JKK", keterangan="patah kaki di pasar", tanggal_kejadian="2025-05-02",
                  tanggal_pengajuan="2025-05-03", status="DIBAYAR", tanggal_bayar="2025-05-20", jumlah="3250000.50",
                  referensi_bpjs="KLM-A"),
        claim_row(b, status="DIAJUKAN", referensi_bpjs="KLM-B"),
        claim_row(c, jenis="BEASISWA", tanggal_kejadian="2025-06-01", tanggal_pengajuan="2025-07-01"),
    ])
    assert list(outcome.lines[0]) == ["baris", "nik", "jenis", "hasil", "alasan"]
    assert results(outcome) == [("1", "DICATAT"), ("2", "DICATAT"), ("3", "DICATAT")]
    assert [line["nik"] for line in outcome.lines] == [a.person.nik, b.person.nik, c.person.nik]
    paid = Claim.objects.get(bpjs_reference="KLM-A")
    assert (paid.participant, paid.kind, paid.status, paid.amount) == (a, "JKK", "DIBAYAR", Decimal("3250000.50"))
    assert paid.source == Claim.Source.LAPORAN_BPJS and paid.source_row == 1 and paid.recorded_by == users["bpjs"]
    assert AuditEvent.objects.filter(action="claim.import", after__dicatat=3).exists()


def test_importing_the_same_report_again_records_nothing_twice(programme, enrol, users, import_file, claims_file):
    a, b = enrol(programme), enrol(programme)
    path = claims_file([claim_row(a, referensi_bpjs="KLM-1"), claim_row(b, jenis="JKK", keterangan="luka bakar")])
    first = import_file(users["bpjs"], programme, path)
    again = import_file(users["bpjs"], programme, path)
    assert results(first) == [("1", "DICATAT"), ("2", "DICATAT")]
    assert results(again) == [("1", "SUDAH_ADA"), ("2", "SUDAH_ADA")]  # with and without a BPJS reference
    assert Claim.objects.count() == 2


def test_a_later_status_updates_the_claim_and_says_so(programme, enrol, users, import_file):
    a = enrol(programme)
    import_file(users["bpjs"], programme, [claim_row(a, jenis="JKK", keterangan="jatuh", referensi_bpjs="KLM-7")])
    later = import_file(users["bpjs"], programme, [claim_row(
        a, jenis="JKK", keterangan="jatuh", referensi_bpjs="KLM-7", status="DIBAYAR", tanggal_bayar="2025-07-01",
        jumlah="1500000")])
    assert later.lines[0]["hasil"] == "DICATAT" and later.lines[0]["alasan"].startswith("status diperbarui dari DIAJUKAN")
    assert (later.created, later.updated) == (0, 1)
    claim = Claim.objects.get()
    assert (claim.status, claim.paid_on.isoformat(), claim.amount) == ("DIBAYAR", "2025-07-01", Decimal(1500000))
    backwards = import_file(users["bpjs"], programme, [claim_row(a, jenis="JKK", keterangan="jatuh",
                                                                 referensi_bpjs="KLM-7", status="DITOLAK")])
    assert backwards.lines[0]["hasil"] == "DITOLAK" and "sudah tercatat berstatus DIBAYAR" in backwards.lines[0]["alasan"]
    assert Claim.objects.get().status == "DIBAYAR"


def test_a_repeated_claim_with_other_figures_is_kept_as_recorded_and_the_difference_said(programme, enrol, users,
                                                                                         import_file):
    a = enrol(programme)
    paid = claim_row(a, status="DIBAYAR", tanggal_bayar="2025-07-01", jumlah="42000000", referensi_bpjs="KLM-9")
    import_file(users["bpjs"], programme, [paid])
    again = import_file(users["bpjs"], programme, [{**paid, "jumlah": "40000000"}])
    assert again.lines[0]["hasil"] == "SUDAH_ADA" and "berbeda" in again.lines[0]["alasan"]
    assert Claim.objects.get().amount == Decimal(42000000)


def test_bad_rows_are_refused_with_their_reason_and_nothing_else_is_lost(programme, enrol, users, import_file):
    a, b = enrol(programme), enrol(programme)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    outcome = import_file(users["bpjs"], programme, [
        claim_row("6471010101800077"),  # a valid NIK of nobody in the programme
        claim_row(a, tanggal_pengajuan=tomorrow),
        claim_row(b, jenis="JKK", keterangan="jatuh", status="DIBAYAR", tanggal_bayar="2025-07-01",
                  jumlah="Rp 1.500.000"),
        claim_row(b, jenis="JKK", keterangan="terkilir", referensi_bpjs="KLM-OK"),
        claim_row("12345"),
        claim_row(a, jenis="JHT"),
    ])
    hasil = {line["baris"]: (line["hasil"], line["alasan"]) for line in outcome.lines}
    assert hasil["1"] == ("DITOLAK", "NIK bukan peserta program bpp-2025")
    assert hasil["2"][0] == "DITOLAK" and "tanggal_pengajuan tidak boleh di masa depan" in hasil["2"][1]
    assert hasil["3"][0] == "DITOLAK" and "jumlah 'Rp 1.500.000' bukan nominal rupiah" in hasil["3"][1]
    assert hasil["4"] == ("DICATAT", "")
    assert hasil["5"][0] == "DITOLAK" and "NIK tidak valid" in hasil["5"][1]
    assert hasil["6"][0] == "DITOLAK" and "jenis 'JHT' tidak dikenal" in hasil["6"][1]
    assert list(Claim.objects.values_list("bpjs_reference", flat=True)) == ["KLM-OK"]


def test_the_programmes_saved_column_mapping_reads_bpjs_own_headers(programme, enrol, users, import_file, claims_file):
    a = enrol(programme)
    save_column_mapping(users["labour"], programme=programme, layout="klaim",
                        mapping={"No Identitas": "nik", "Kode Klaim": "jenis", "Tgl Lapor": "tanggal_pengajuan"})
    path = claims_file([{"No Identitas": a.person.nik, "Kode Klaim": "JKM", "Tgl Kejadian": "2025-06-10",
                         "Tgl Lapor": "2025-06-11", "Status Klaim": "DIAJUKAN"}],
                       columns=["No Identitas", "Kode Klaim", "Tgl Kejadian", "Tgl Lapor", "Status Klaim"])
    assert results(import_file(users["bpjs"], programme, path)) == [("1", "DICATAT")]


def test_an_unusable_file_is_refused_before_anything_is_written(programme, enrol, users, import_file, claims_file):
    path = claims_file([{"nik": enrol(programme).person.nik}], columns=["nik", "jenis"])
    with pytest.raises(TableError, match="kolom wajib klaim BPJS tidak ditemukan: tanggal_kejadian"):
        import_file(users["bpjs"], programme, path)
    assert not Claim.objects.exists()


def test_a_failed_import_leaves_the_database_as_it_was(programme, enrol, users, import_file, monkeypatch):
    a, b = enrol(programme), enrol(programme)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "scholarship_warning", broken)
    with pytest.raises(RuntimeError):
        import_file(users["bpjs"], programme, [claim_row(a), claim_row(b, jenis="BEASISWA")])
    assert not Claim.objects.exists()
    assert not a.termination_proposals.exists()


def test_only_bpjs_and_the_labour_agency_of_the_tenant_import(programme, enrol, users, make_user, import_file):
    a = enrol(programme)
    for role in ("tvem", "auditor", "lurah", "dinsos"):
        with pytest.raises(PermissionDenied):
            import_file(users[role], programme, [claim_row(a)])
    other = make_user("bpjs.smd", "bpjs", tenant=Tenant.objects.get(code="samarinda"))
    with pytest.raises(PermissionDenied):
        import_file(other, programme, [claim_row(a)])
    assert import_file(users["labour"], programme, [claim_row(a)]).counts == {"DICATAT": 1}
