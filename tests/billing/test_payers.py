"""Nobody paid twice across programmes, and co-funding per payer (issue 9): a city + province pair where
each NIK is billed once across both; one bill, berita acara and SP2D per payer."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from lindung.billing import selectors, services
from lindung.billing.documents import berita_acara_pdf
from lindung.billing.models import BillingMonth, BillLine, ReconciliationLine
from lindung.domain.calendar import Month
from lindung.membership.services import funding
from lindung.programs.models import FundingSource
from lindung.programs.services import add_funding_source, create_programme
from lindung.tenants.models import Tenant

from ..money_fixtures import RULESET, invoice_row

JUNE = Month(2025, 6)
YEAR_COST = Decimal(16800 * 12)


def niks(bm) -> set[str]:
    return set(BillLine.objects.filter(billing_month=bm).values_list("nik", flat=True))


@pytest.fixture
def pair(programme, enrol):
    """The city's programme (bpp-2025, created first) and the province's, with people in one or both."""
    province = create_programme(None, code="kaltim-2025", name="Pekerja Rentan Kaltim 2025", ruleset_id=RULESET,
                                year=2025, tenant_code="kaltim")
    city_first = [enrol(programme, start=date(2025, 3, 1)) for _ in range(3)]
    for p in city_first:
        enrol(province, p.person, start=date(2025, 5, 1))
    province_first = [enrol(province, start=date(2025, 2, 1)) for _ in range(2)]
    for p in province_first:
        enrol(programme, p.person, start=date(2025, 4, 1))
    same_day = enrol(programme, start=date(2025, 4, 1))
    enrol(province, same_day.person, start=date(2025, 4, 1))  # same start: the city's programme was created first
    only_city = [enrol(programme) for _ in range(2)]
    only_province = [enrol(province) for _ in range(2)]
    return {"city": programme, "province": province, "city_first": city_first, "province_first": province_first,
            "same_day": same_day, "only_city": only_city, "only_province": only_province}


def test_a_city_and_a_province_programme_bill_each_nik_once(pair):
    city = services.run_bill(None, programme=pair["city"], month=JUNE).months[0]
    province = services.run_bill(None, programme=pair["province"], month=JUNE).months[0]
    everyone = {p.person.nik for key in ("city_first", "province_first", "only_city", "only_province")
                for p in pair[key]} | {pair["same_day"].person.nik}
    assert niks(city) | niks(province) == everyone
    assert niks(city) & niks(province) == set()  # nobody on both bills
    assert niks(city) == {p.person.nik for p in pair["city_first"] + pair["only_city"]} | {pair["same_day"].person.nik}
    assert (city.bill_count, city.excluded_count, province.bill_count, province.excluded_count) == (6, 2, 4, 4)
    assert city.bill_amount == Decimal(16800 * 6)
    excluded = {row[0]: row for row in selectors.exclusion_rows(province)}
    same = excluded[pair["same_day"].person.nik]
    reason = ("dibiayai program bpp-2025 (kepesertaan mulai pada tanggal yang sama (2025-04-01); "
              "program itu dibuat lebih dulu)")
    assert same[3:] == ("2025-06", reason, "bpp-2025")
    first = excluded[pair["city_first"][0].person.nik]
    assert first[4] == "dibiayai program bpp-2025 (kepesertaan mulai 2025-03-01, lebih dulu)"
    assert {row[5] for row in selectors.exclusion_rows(city)} == {"kaltim-2025"}


def test_the_invoice_line_of_someone_another_programme_pays_is_not_agreed_and_says_why(pair, invoice_file):
    person = pair["province_first"][0]
    paid_here = pair["only_city"][0]
    path = invoice_file([invoice_row(person.person.nik), invoice_row(paid_here)])
    outcome = services.reconcile(None, programme=pair["city"], month=JUNE, invoice_path=path)
    line = ReconciliationLine.objects.get(billing_month=outcome.billing_month, nik=person.person.nik)
    assert line.status == "TIDAK_ADA_DI_DATA_PEMDA"
    assert "dibiayai program kaltim-2025 (kepesertaan mulai 2025-02-01, lebih dulu)" in line.note
    assert outcome.reconciliation.summary.agreed_count == 1
    bm = services.agree(None, bm=outcome.billing_month)
    assert bm.berita_acara.agreed_amount == Decimal(16800)  # what is agreed and paid leaves them out
    services.record_payment(None, bm=bm, sp2d_number="SP2D-1", sp2d_date=date(2025, 7, 1), amount=Decimal(16800))


@pytest.fixture
def co_funded(programme, enrol):
    """Pergub Kaltim 40/2025 in miniature: the province pays for 2 participants, the city for the rest."""
    province = add_funding_source(None, programme=programme, kind="apbd_provinsi", amount=YEAR_COST * 2, fixed_quota=2,
                                  payer_code="kaltim", preference=0, label="APBD Provinsi Kaltim 2025")
    city = add_funding_source(None, programme=programme, kind="apbd_kota", amount=YEAR_COST * 10, label="DPA Disnaker")
    people = [enrol(programme, start=date(2025, 1, 1)) for _ in range(5)]
    funding.assign_funding(None, programme=programme, year=2025)
    return {"programme": programme, "province": province, "city": city, "people": people}


def test_a_co_funded_month_has_one_bill_berita_acara_and_sp2d_per_payer(co_funded, invoice_file):
    programme = co_funded["programme"]
    run = services.run_bill(None, programme=programme, month=JUNE)
    own, kaltim = run.months
    assert (own.payer.code, kaltim.payer.code) == ("balikpapan", "kaltim")
    assert (own.bill_count, kaltim.bill_count, run.count) == (3, 2, 5)
    assert run.amount == own.bill_amount + kaltim.bill_amount == Decimal(16800 * 5)
    assert set(BillLine.objects.filter(billing_month=kaltim).values_list("funding_source", flat=True)) == {
        co_funded["province"].pk}
    assert niks(own) & niks(kaltim) == set()

    with pytest.raises(services.BillingError, match="ditagih per pembayar \\(balikpapan, kaltim\\)"):
        services.month_of(programme, JUNE)
    invoices = {bm.payer: invoice_file([invoice_row(nik) for nik in niks(bm)], name=f"{bm.payer.code}.csv")
                for bm in run.months}
    for payer, path in invoices.items():
        services.reconcile(None, programme=programme, month=JUNE, payer=payer, invoice_path=path)
    numbers = []
    for bm in run.months:
        bm.refresh_from_db()
        bm = services.agree(None, bm=bm)
        numbers.append(bm.berita_acara.number)
        services.record_payment(None, bm=bm, sp2d_number=f"SP2D-{bm.payer.code}", sp2d_date=date(2025, 7, 20),
                                amount=bm.berita_acara.agreed_amount)
    assert numbers == ["001/BA-REKON/BPP-2025/VI/2025", "001/BA-REKON/BPP-2025-KALTIM/VI/2025"]
    kaltim.refresh_from_db()
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(
        berita_acara_pdf(kaltim, kaltim.berita_acara))).pages).split())
    assert "PEMERINTAH PROVINSI KALIMANTAN TIMUR" in pdf and "yang dibiayai Pemerintah Provinsi Kalimantan Timur" in pdf
    assert "2 peserta sebesar Rp33.600" in pdf
    assert "Rincian yang disepakati per sumber dana" in pdf and "APBD Provinsi Kaltim 2025 2 Rp33.600" in pdf
    assert BillingMonth.objects.filter(programme=programme, status="dibayar").count() == 2


def test_an_invoice_line_on_the_other_payers_bill_says_so(co_funded, invoice_file):
    programme = co_funded["programme"]
    run = services.run_bill(None, programme=programme, month=JUNE)
    kaltim = Tenant.objects.get(code="kaltim")
    theirs = next(iter(niks(run.months[0])))
    outcome = services.reconcile(None, programme=programme, month=JUNE, payer=kaltim,
                                 invoice_path=invoice_file([invoice_row(theirs)]))
    note = ReconciliationLine.objects.get(billing_month=outcome.billing_month, nik=theirs).note
    assert "ditagihkan kepada Pemerintah Kota Balikpapan" in note


def test_re_assigning_funding_re_bills_a_draft_month_and_reconciles_it_again(co_funded, invoice_file):
    programme = co_funded["programme"]
    run = services.run_bill(None, programme=programme, month=JUNE)
    everyone = niks(run.months[0]) | niks(run.months[1])
    path = invoice_file([invoice_row(nik) for nik in niks(run.months[0])])
    services.reconcile(None, programme=programme, month=JUNE, payer=run.months[0].payer, invoice_path=path)
    # The province's quota goes: everyone is the city's now.
    FundingSource.objects.filter(pk=co_funded["province"].pk).update(fixed_quota=0)
    funding.assign_funding(None, programme=programme, year=2025)
    months = selectors.payer_months(programme, JUNE)
    assert [bm.payer.code for bm in months] == ["balikpapan"]  # the province has nobody left: no bill
    own = months[0]
    assert niks(own) == everyone and own.reconciled_at is not None
    assert own.summary["agreed_count"] == 3  # the stored invoice, reconciled again: 3 of 5 billed


def test_a_government_that_does_not_fund_the_programme_has_no_bill(co_funded):
    samarinda = Tenant.objects.get(code="samarinda")
    with pytest.raises(services.BillingError, match=r"Pemerintah Kota Samarinda \(samarinda\) tidak membiayai program "
                                                    r"bpp-2025 pada tahun 2025"):
        services.run_bill(None, programme=co_funded["programme"], month=JUNE, payer=samarinda)
    assert not BillingMonth.objects.filter(payer=samarinda).exists()
