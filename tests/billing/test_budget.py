"""Realisation from payments (issue 9): every SP2D counts toward its budget year, split by funding source,
participants without a source on their own TANPA_SUMBER line; the budget page and `lindung program budget
--out` agree to the rupiah; the DESIGN §4 command lines exactly; bad input refused, nothing changed."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lindung.billing import services
from lindung.billing.budget import BUDGET_COLUMNS, budget
from lindung.billing.models import BillingMonth, Payment
from lindung.domain.calendar import Month
from lindung.membership.services import funding
from lindung.programs.services import add_funding_source, create_programme

from ..money_fixtures import RULESET, invoice_row, read_csv

JUNE = Month(2025, 6)
YEAR_COST = Decimal(16800 * 12)


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def pay_month(programme, month, invoice_file, *, payer=None, sp2d="SP2D-1") -> BillingMonth:
    """bill -> reconcile (BPJS invoices exactly our bill) -> agree -> pay, as the labour agency does."""
    run_ = services.run_bill(None, programme=programme, month=month, payer=payer)
    bm = run_.months[0]
    rows = [invoice_row(nik, month=str(month)) for nik in bm.bill_lines.values_list("nik", flat=True)]
    path = invoice_file(rows, name=f"tagihan-{month}-{bm.payer.code}.csv")
    bm = services.reconcile(None, programme=programme, month=month, payer=bm.payer, invoice_path=path).billing_month
    bm = services.agree(None, bm=bm)
    services.record_payment(None, bm=bm, sp2d_number=sp2d, sp2d_date=month.last_day, amount=bm.berita_acara.agreed_amount)
    bm.refresh_from_db()
    return bm


def test_a_payment_made_before_assignment_counts_at_once_and_moves_to_its_source_when_assigned(programme, enrol,
                                                                                                 invoice_file):
    # The demo bug: an SP2D recorded before anyone was assigned left the budget page at "Realisasi Rp0".
    source = add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST * 10, label="DPA")
    for _ in range(3):
        enrol(programme)
    pay_month(programme, JUNE, invoice_file)
    b = budget(programme, 2025)
    assert (b.total.realised, b.unassigned.realised, b.sources[0].realised) == (Decimal(50400), Decimal(50400), 0)
    assert b.unassigned.participants == 3
    funding.assign_funding(None, programme=programme, year=2025)
    b = budget(programme, 2025)
    assert (b.total.realised, b.unassigned.realised, b.sources[0].realised) == (Decimal(50400), 0, Decimal(50400))
    assert (b.sources[0].source, b.sources[0].participants, b.unassigned.participants) == (source, 3, 0)
    assert b.sources[0].remaining == YEAR_COST * 10 - Decimal(50400)


def test_a_paid_month_never_moves_money_between_payers(programme, enrol, invoice_file):
    enrol(programme)
    pay_month(programme, JUNE, invoice_file)  # paid by the city, nobody assigned
    province = add_funding_source(None, programme=programme, kind="apbd_provinsi", amount=YEAR_COST, payer_code="kaltim",
                                  preference=0)
    funding.assign_funding(None, programme=programme, year=2025)
    b = budget(programme, 2025)
    line = next(line for line in b.sources if line.source == province)
    assert (line.participants, line.realised) == (1, 0)  # the province did not pay June: the city did
    assert b.unassigned.realised == Decimal(16800) and b.total.realised == Decimal(16800)


def test_the_budget_file_and_the_budget_page_show_the_same_figures(client, users, programme, enrol, invoice_file,
                                                                   tmp_path):
    city = add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST * 4, label="DPA Disnaker")
    add_funding_source(None, programme=programme, kind="dbhcht", amount=YEAR_COST, occupations=["petani"],
                       label="DBHCHT 2025")
    province = add_funding_source(None, programme=programme, kind="apbd_provinsi", amount=YEAR_COST, fixed_quota=1,
                                  payer_code="kaltim", preference=0)
    enrol(programme, occupation="petani")
    for _ in range(3):
        enrol(programme)
    late = enrol(programme, start=date(2025, 7, 1))
    funding.assign_funding(None, programme=programme, year=2025)
    pay_month(programme, JUNE, invoice_file, payer=programme.tenant, sp2d="SP2D-city")
    pay_month(programme, JUNE, invoice_file, payer=province.payer, sp2d="SP2D-prov")
    out = run("program", "budget", "--program", programme.code, "--year", "2025", "--out", str(tmp_path / "anggaran.csv"))
    rows = read_csv(tmp_path / "anggaran.csv")
    assert tuple(rows[0]) == BUDGET_COLUMNS
    by = {r["sumber"]: r for r in rows}
    assert [r["sumber"] for r in rows] == ["apbd_kota", "dbhcht", "apbd_provinsi", "TANPA_SUMBER", "TOTAL"]
    assert by["apbd_kota"] == {"sumber": "apbd_kota", "label": "DPA Disnaker", "pembayar": "balikpapan",
                               "pagu": "806400", "kuota": "4", "peserta": "3", "realisasi": "33600", "sisa": "772800"}
    assert (by["dbhcht"]["peserta"], by["dbhcht"]["realisasi"]) == ("1", "16800")
    assert (by["apbd_provinsi"]["pembayar"], by["apbd_provinsi"]["realisasi"]) == ("kaltim", "16800")
    assert (by["TANPA_SUMBER"]["peserta"], by["TANPA_SUMBER"]["realisasi"]) == ("0", "0")
    total = sum(Payment.objects.values_list("amount", flat=True))
    assert by["TOTAL"]["realisasi"] == str(int(total)) == "67200"
    assert by["TOTAL"]["pagu"] == str(int(YEAR_COST * 6)) and by["TOTAL"]["peserta"] == "5"
    assert "TOTAL" in out and "realisasi Rp67.200" in out
    client.force_login(users["auditor"])
    page = client.get(reverse("billing:budget", args=[programme.pk]), {"tahun": 2025}).content.decode()
    row = page.split(f'id="sumber-{city.pk}"')[1].split("</tr>")[0]
    assert "Rp806.400" in row and "Rp33.600" in row and "Rp772.800" in row
    assert "Rp67.200" in page.split('id="jumlah"')[1].split("</tr>")[0]
    assert 'id="tanpa-sumber"' in page
    assert late.pk  # joined in July: counted in the year's participants, not billed in June


def test_billing_run_contract_with_payer_and_the_exclusions_file(programme, enrol, tmp_path):
    province = create_programme(None, code="kaltim-2025", name="Program Provinsi", ruleset_id=RULESET, year=2025,
                                tenant_code="kaltim")
    add_funding_source(None, programme=programme, kind="apbd_provinsi", amount=YEAR_COST, fixed_quota=1,
                       payer_code="kaltim", preference=0)
    add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST * 5)
    ours = [enrol(programme, start=date(2025, 1, 1)) for _ in range(3)]
    theirs = enrol(province, start=date(2025, 1, 1))
    enrol(programme, theirs.person, start=date(2025, 3, 1))
    funding.assign_funding(None, programme=programme, year=2025)
    out = run("billing", "run", "--program", programme.code, "--month", "2025-06", "--out", str(tmp_path / "t.csv"))
    assert "Pembayar Pemerintah Kota Balikpapan (balikpapan): 2 peserta" in out
    assert "Pembayar Pemerintah Provinsi Kalimantan Timur (kaltim): 1 peserta" in out
    assert "Jumlah program: 3 peserta, Rp50.400" in out
    assert {r["nik"] for r in read_csv(tmp_path / "t.csv")} == {p.person.nik for p in ours}
    excluded = read_csv(tmp_path / "t-dikecualikan.csv")
    assert list(excluded[0]) == ["nik", "kpj", "nama", "bulan", "alasan", "program_pembayar"]
    assert [(r["nik"], r["bulan"], r["program_pembayar"]) for r in excluded] == [
        (theirs.person.nik, "2025-06", "kaltim-2025")]
    assert "kepesertaan mulai 2025-01-01, lebih dulu" in excluded[0]["alasan"]
    out = run("billing", "run", "--program", programme.code, "--month", "2025-06", "--payer", "kaltim",
              "--out", str(tmp_path / "k.xlsx"))
    assert "balikpapan" not in out and "(kaltim): 1 peserta" in out
    assert (tmp_path / "k-dikecualikan.xlsx").exists()
    with pytest.raises(CommandError, match="ditagih per pembayar"):
        run("billing", "agree", "--program", programme.code, "--month", "2025-06")


def test_a_payment_for_an_unbilled_month_and_an_sp2d_unlike_the_berita_acara_are_refused(programme, enrol,
                                                                                          invoice_file):
    p = enrol(programme)
    with pytest.raises(CommandError, match="bulan 2025-09 program bpp-2025 belum ditagih"):
        run("billing", "pay", "--program", programme.code, "--month", "2025-09", "--sp2d", "SP2D-9", "--date",
            "2025-10-01", "--amount", "16800")
    bm = services.reconcile(None, programme=programme, month=JUNE,
                            invoice_path=invoice_file([invoice_row(p)])).billing_month
    services.agree(None, bm=bm, number="800/1/VII/2025")
    with pytest.raises(CommandError, match=r"nominal SP2D Rp16\.000 berbeda dengan nilai berita acara 800/1/VII/2025 "
                                           r"Rp16\.800"):
        run("billing", "pay", "--program", programme.code, "--month", "2025-06", "--sp2d", "SP2D-6", "--date",
            "2025-07-01", "--amount", "16000")
    bm.refresh_from_db()
    assert bm.status == "disepakati" and not Payment.objects.exists()
    assert budget(programme, 2025).total.realised == 0
    out = run("billing", "pay", "--program", programme.code, "--month", "2025-06", "--sp2d", "SP2D-6", "--date",
              "2025-07-01", "--amount", "16800")
    assert "dihitung dalam realisasi anggaran 2025" in out
    assert budget(programme, 2025).total.realised == Decimal(16800)
