"""`lindung claims import --program CODE FILE --out FILE` exactly as DESIGN §4 writes it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lindung.audit.models import AuditEvent
from lindung.claims.models import Claim
from lindung.membership.models import TerminationProposal
from lindung.platform.files import write_table

from ..money_fixtures import read_csv
from .conftest import CONTRACT, claim_row


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_contract_twice_on_the_same_report(programme, enrol, claims_file, tmp_path):
    a, b = enrol(programme), enrol(programme)
    report = claims_file([claim_row(a, referensi_bpjs="KLM-1"), claim_row(b, jumlah="1,5 juta"),
                          claim_row(b, jenis="JKK", keterangan="tersengat listrik", tanggal_kejadian="2025-05-01",
                                    tanggal_pengajuan="2025-05-02")], name="laporan-klaim.csv")
    out = tmp_path / "hasil.csv"
    printed = run("claims", "import", "--program", "bpp-2025", str(report), "--out", str(out))
    assert "dicatat: 2 (baru 2, status diperbarui 0); sudah ada: 0; ditolak: 1; usulan penghentian baru: 1" in printed
    assert "ditolak baris 2: jumlah '1,5 juta' bukan nominal rupiah" in printed
    rows = read_csv(out)
    assert list(rows[0]) == ["baris", "nik", "jenis", "hasil", "alasan"]
    assert [(r["baris"], r["hasil"]) for r in rows] == [("1", "DICATAT"), ("2", "DITOLAK"), ("3", "DICATAT")]

    again = tmp_path / "lagi.xlsx"
    printed = run("claims", "import", "--program", "bpp-2025", str(report), "--out", str(again))
    assert "dicatat: 0 (baru 0, status diperbarui 0); sudah ada: 2; ditolak: 1" in printed
    assert Claim.objects.count() == 2 and TerminationProposal.objects.count() == 1
    assert again.exists() and again.stat().st_size > 0
    event = AuditEvent.objects.filter(action="claim.import").latest("id")
    assert event.actor is None and event.actor_name.startswith("cli:")


def test_the_command_acts_as_the_named_user(programme, enrol, users, claims_file, tmp_path):
    report = claims_file([claim_row(enrol(programme))])
    run("claims", "import", "--program", "bpp-2025", str(report), "--out", str(tmp_path / "h.csv"),
        "--pengguna", "bpjs")
    assert Claim.objects.get().recorded_by == users["bpjs"]
    with pytest.raises(CommandError, match="tidak mencatat klaim"):
        run("claims", "import", "--program", "bpp-2025", str(report), "--out", str(tmp_path / "h.csv"),
            "--pengguna", "tvem")


def test_an_xlsx_report_is_read_alike(programme, enrol, tmp_path):
    a = enrol(programme)
    report = write_table([claim_row(a, referensi_bpjs="KLM-X", status="DIBAYAR", tanggal_bayar="2025-06-25",
                                    jumlah="42000000")], tmp_path / "klaim.xlsx", CONTRACT)
    run("claims", "import", "--program", "bpp-2025", str(report), "--out", str(tmp_path / "h.csv"))
    claim = Claim.objects.get()
    assert (claim.bpjs_reference, claim.status, str(claim.amount)) == ("KLM-X", "DIBAYAR", "42000000.00")


@pytest.mark.parametrize("content, message", [
    (b"nik,jenis\n6471010101800077,JKM\n", "kolom wajib klaim BPJS tidak ditemukan"),
    (b"\xff\xfen\x00i\x00k\x00", "UTF-16"),
    (b"", "kosong"),
])
def test_an_unusable_file_fails_with_one_clear_message(programme, tmp_path, content, message):
    bad = tmp_path / "klaim.csv"
    bad.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("claims", "import", "--program", "bpp-2025", str(bad), "--out", str(tmp_path / "h.csv"))
    with pytest.raises(CommandError, match="tidak ada"):
        run("claims", "import", "--program", "nope", str(bad), "--out", str(tmp_path / "h.csv"))
    assert not Claim.objects.exists()
