"""The CLI contract (issue 5) on the database `lindung migrate` creates: exact commands, exact columns."""

from datetime import date
from io import StringIO

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from lindung.billing.models import BillingMonth
from lindung.domain import nik as nik_rules
from lindung.domain.exchange import RECONCILIATION_COLUMNS

from ..money_fixtures import read_csv


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def files(tmp_path, participants_file, invoice_file):
    niks = [nik_rules.make("64.71.05", date(1975, 1, i), "L", i) for i in range(1, 6)]
    people = [{"nik": n, "kpj": f"K{i}", "nama": f"Pekerja {i}", "tanggal_lahir": f"1975-01-0{i + 1}",
               "jenis_kelamin": "L", "kode_wilayah": "64.71.05.1002", "pekerjaan": "tukang_ojek",
               "mulai_kepesertaan": "2025-04-01"} for i, n in enumerate(niks)]
    people[4]["mulai_kepesertaan"] = "2025-06-15"  # mid-month: not billed in June
    people.append({**people[0], "nik": "123"})
    invoice = [{"nik": n, "kpj": f"K{i}", "nama": f"Pekerja {i}", "bulan": "2025-06", "iuran_jkk": "10000",
                "iuran_jkm": "6800", "jumlah": "16800"} for i, n in enumerate(niks[:3])]
    invoice.append({**invoice[0], "bulan": "2025-05"})
    return {"participants": participants_file(people), "invoice": invoice_file(invoice), "dir": tmp_path, "niks": niks}


def test_the_whole_contract_on_a_freshly_migrated_database(db, files):
    d = files["dir"]
    out = run("program", "create", "--code", "bpp-2025", "--ruleset", "balikpapan-perwali-3-2025", "--year", "2025",
              "--name", "Pekerja Rentan Balikpapan 2025", "--budget", "1431360000", "--funding", "apbd_kota")
    assert "Pemerintah Kota Balikpapan" in out and "Rp16.800" in out and "kuota 7.100 peserta" in out

    out = run("participants", "import", "--program", "bpp-2025", str(files["participants"]))
    assert "Baris: 6; diterima: 5; ditolak: 1" in out
    assert "ditolak baris 6: NIK tidak valid" in out
    rejected = read_csv(d / "peserta-ditolak.csv")
    assert rejected[0]["nik"] == "123" and "16 digit" in rejected[0]["alasan"]
    again = run("participants", "import", "--program", "bpp-2025", str(files["participants"]))
    assert "Penduduk baru: 0" in again and "Peserta baru: 0" in again

    out = run("billing", "run", "--program", "bpp-2025", "--month", "2025-06", "--out", str(d / "tagihan-pemda.csv"))
    assert "4 peserta" in out and "jumlah:    Rp67.200" in out and "JKK: Rp40.000" in out
    bill = read_csv(d / "tagihan-pemda.csv")
    assert list(bill[0])[:7] == ["nik", "kpj", "nama", "bulan", "iuran_jkk", "iuran_jkm", "jumlah"]
    assert {r["nik"] for r in bill} == set(files["niks"][:4])
    assert {(r["bulan"], r["iuran_jkk"], r["iuran_jkm"], r["jumlah"]) for r in bill} == {("2025-06", "10000", "6800", "16800")}

    out = run("billing", "reconcile", "--program", "bpp-2025", "--month", "2025-06", "--invoice", str(files["invoice"]),
              "--out", str(d / "rekon.csv"), "--berita-acara", str(d / "ba.pdf"))
    assert "disepakati: 3 peserta, Rp50.400" in out
    assert "baris 4:" in out and "BULAN_LAIN" in out
    rec = read_csv(d / "rekon.csv")
    assert tuple(rec[0])[:6] == RECONCILIATION_COLUMNS
    assert {r["nik"]: r["status"] for r in rec} == {
        **{n: "COCOK" for n in files["niks"][:3]}, files["niks"][3]: "TIDAK_ADA_DI_TAGIHAN"}
    assert read_csv(d / "rekon-masalah.csv")[0]["kode"] == "BULAN_LAIN"
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(d / "ba.pdf").pages).split())
    assert "3 peserta sebesar Rp50.400" in pdf

    out = run("billing", "agree", "--program", "bpp-2025", "--month", "2025-06", "--number", "800/1/VII/2025")
    assert "800/1/VII/2025" in out
    out = run("billing", "pay", "--program", "bpp-2025", "--month", "2025-06", "--sp2d", "SP2D-77",
              "--date", "2025-07-21", "--amount", "50400")
    assert BillingMonth.objects.get().status == "dibayar"
    with pytest.raises(CommandError, match="sudah dibayar"):
        run("billing", "run", "--program", "bpp-2025", "--month", "2025-06", "--out", str(d / "x.csv"))

    # The SP2D counts at once; nobody was assigned to a source yet, so it is TANPA_SUMBER's, not a silent zero.
    lines = {line.split()[0]: line for line in run("program", "budget", "--program", "bpp-2025").splitlines()[1:5]}
    assert "realisasi Rp0," in lines["apbd_kota"]
    assert "realisasi Rp50.400," in lines["TANPA_SUMBER"] and "realisasi Rp50.400," in lines["TOTAL"]
    run("program", "assign-funding", "--program", "bpp-2025")
    lines = {line.split()[0]: line for line in run("program", "budget", "--program", "bpp-2025").splitlines()[1:5]}
    assert "peserta 5," in lines["apbd_kota"] and "realisasi Rp50.400," in lines["apbd_kota"]
    assert "realisasi Rp0," in lines["TANPA_SUMBER"]


def test_xlsx_out_and_in(db, files):
    d = files["dir"]
    run("program", "create", "--code", "p", "--ruleset", "balikpapan-perwali-3-2025", "--year", "2025", "--name", "P")
    run("participants", "import", "--program", "p", str(files["participants"]))
    run("billing", "run", "--program", "p", "--month", "2025-06", "--out", str(d / "bill.xlsx"))
    bill = pl.read_excel(d / "bill.xlsx", infer_schema_length=0)
    assert bill.columns[:7] == ["nik", "kpj", "nama", "bulan", "iuran_jkk", "iuran_jkm", "jumlah"]
    assert bill.height == 4
    # BPJS may send the invoice back as a workbook with the same headers.
    pl.read_csv(files["invoice"], infer_schema=False).write_excel(d / "tagihan.xlsx")
    out = run("billing", "reconcile", "--program", "p", "--month", "2025-06", "--invoice", str(d / "tagihan.xlsx"),
              "--out", str(d / "rekon.xlsx"))
    assert "disepakati: 3 peserta" in out


def test_failures_are_clear_and_non_zero(db, files, tmp_path):
    with pytest.raises(CommandError, match="program 'nope' tidak ada"):
        run("billing", "run", "--program", "nope", "--month", "2025-06", "--out", str(tmp_path / "x.csv"))
    run("program", "create", "--code", "p", "--ruleset", "balikpapan-perwali-3-2025", "--year", "2025", "--name", "P")
    with pytest.raises(CommandError, match="YYYY-MM"):
        run("billing", "run", "--program", "p", "--month", "Juni", "--out", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="tidak dapat dibaca|tidak ditemukan|No such"):
        run("participants", "import", "--program", "p", str(tmp_path / "hilang.csv"))
    bad = tmp_path / "tagihan.csv"
    bad.write_text("nomor,nama\n1,a\n")
    with pytest.raises(CommandError, match="kolom wajib"):
        run("billing", "reconcile", "--program", "p", "--month", "2025-06", "--invoice", str(bad),
            "--out", str(tmp_path / "r.csv"))
    with pytest.raises(CommandError, match="unknown rule set"):
        run("program", "create", "--code", "q", "--ruleset", "x", "--year", "2025", "--name", "Q")


def test_time_boxed_programme_and_terminations_from_the_command_line(db, files, write_csv):
    run("program", "create", "--code", "pemilu", "--ruleset", "balikpapan-perwali-3-2025", "--year", "2025",
        "--name", "Petugas Pemilu", "--window-start", "2025-06-01", "--window-end", "2025-06-30")
    run("participants", "import", "--program", "pemilu", str(files["participants"]))
    d = files["dir"]
    assert "4 peserta" in run("billing", "run", "--program", "pemilu", "--month", "2025-06", "--out", str(d / "a.csv"))
    assert "0 peserta" in run("billing", "run", "--program", "pemilu", "--month", "2025-07", "--out", str(d / "b.csv"))

    deaths = write_csv("mati.csv", ["nik", "tanggal", "bukti"], [[files["niks"][0], "2025-06-03", "AKTA-9"]])
    out = run("participants", "propose-terminations", "--program", "pemilu", "--source", "dukcapil_meninggal", str(deaths))
    assert "usulan baru: 1" in out
    proposal_id = run("participants", "proposals", "--program", "pemilu").split("\t")[0]
    run("participants", "decide", "--id", proposal_id, "--confirm")
    out = run("participants", "end", "--program", "pemilu", "--nik", files["niks"][1], "--reason", "mampu_mandiri",
              "--date", "2025-06-20", "--evidence", "surat pernyataan")
    assert "berakhir 2025-06-20" in out
