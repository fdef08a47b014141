"""Reconciliation with BPJS's invoice, the berita acara, payment, locking (Pasal 11 ayat (3)-(5))."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from lindung.audit.models import AuditEvent
from lindung.billing import selectors, services
from lindung.billing.documents import berita_acara_pdf
from lindung.billing.models import BillingMonth, Invoice, InvoiceProblem, ReconciliationLine
from lindung.domain import reconciliation
from lindung.domain.calendar import Month
from lindung.domain.words import terbilang
from lindung.platform.files import TableError
from lindung.programs.services import add_funding_source, save_column_mapping

from ..money_fixtures import invoice_row

JUNE = Month(2025, 6)


@pytest.fixture
def month_with_differences(programme, enrol, invoice_file):
    """Five participants and an invoice exercising every status and every kind of bad line."""
    ok1, ok2, dearer, missing = (enrol(programme) for _ in range(4))
    gone = enrol(programme, end=date(2025, 5, 20), reason="meninggal")
    path = invoice_file([
        invoice_row(ok1, iuran_jkk="10000", iuran_jkm="6800", kpj=ok1.kpj, nama=ok1.person.name),
        invoice_row(ok2),
        invoice_row(dearer, "20000"),
        invoice_row(gone),  # BPJS still bills someone who died in May
        invoice_row("6471010101700099"),  # no participant at all
        invoice_row(ok2),  # duplicate
        invoice_row(ok1, month="2025-05"),  # another month
        invoice_row("64710101", nama="NIK rusak"),
        invoice_row(missing, "enam belas ribu"),  # malformed amount
    ])
    return {"ok": (ok1, ok2), "dearer": dearer, "missing": missing, "gone": gone, "path": path}


def statuses(bm) -> dict[str, str]:
    return dict(ReconciliationLine.objects.filter(billing_month=bm).values_list("nik", "status"))


def test_every_status_and_every_bad_line_is_reported(programme, month_with_differences):
    m = month_with_differences
    outcome = services.reconcile(None, programme=programme, month=JUNE, invoice_path=m["path"])
    bm = outcome.billing_month
    s = statuses(bm)
    assert s[m["ok"][0].person.nik] == s[m["ok"][1].person.nik] == reconciliation.COCOK
    assert s[m["dearer"].person.nik] == reconciliation.SELISIH_NOMINAL
    assert s[m["missing"].person.nik] == reconciliation.SELISIH_NOMINAL  # BPJS bills them, but the amount is unreadable
    assert s[m["gone"].person.nik] == reconciliation.TIDAK_ADA_DI_DATA_PEMDA
    assert s["6471010101700099"] == reconciliation.TIDAK_ADA_DI_DATA_PEMDA
    gone_note = ReconciliationLine.objects.get(billing_month=bm, nik=m["gone"].person.nik).note
    assert "kepesertaan berakhir 2025-05-20 (meninggal)" in gone_note

    problems = {(row, code) for row, _nik, _m, _a, code, _r in selectors.problem_rows(bm)}
    assert problems == {(5, reconciliation.NIK_TIDAK_DIKENAL), (6, reconciliation.BARIS_GANDA), (7, reconciliation.BULAN_LAIN),
                        (8, reconciliation.NIK_TIDAK_VALID), (9, reconciliation.NOMINAL_TIDAK_VALID)}
    assert InvoiceProblem.objects.filter(invoice__billing_month=bm).count() == 5
    assert bm.invoice.file.read() == month_with_differences["path"].read_bytes()  # the file as BPJS sent it
    summary = bm.summary
    assert summary["agreed_count"] == 2 and summary["agreed_amount"] == "33600"
    assert summary["by_status"]["TIDAK_ADA_DI_TAGIHAN"]["count"] == 0


def test_a_participant_bpjs_does_not_bill_is_tidak_ada_di_tagihan(programme, enrol, invoice_file):
    billed, forgotten = enrol(programme), enrol(programme)
    bm = services.reconcile(None, programme=programme, month=JUNE, invoice_path=invoice_file([invoice_row(billed)])).billing_month
    assert statuses(bm) == {billed.person.nik: reconciliation.COCOK, forgotten.person.nik: reconciliation.TIDAK_ADA_DI_TAGIHAN}


def test_reconciling_again_is_idempotent(programme, month_with_differences):
    first = services.reconcile(None, programme=programme, month=JUNE, invoice_path=month_with_differences["path"]).billing_month
    lines = sorted(selectors.reconciliation_rows(first))
    problems = sorted(selectors.problem_rows(first))
    second = services.reconcile(None, programme=programme, month=JUNE, invoice_path=month_with_differences["path"]).billing_month
    assert second.pk == first.pk
    assert sorted(selectors.reconciliation_rows(second)) == lines
    assert sorted(selectors.problem_rows(second)) == problems
    assert InvoiceProblem.objects.count() == 5 and Invoice.objects.count() == 1
    assert second.summary == first.summary


def test_an_unreadable_invoice_changes_nothing(programme, enrol, write_csv):
    enrol(programme)
    with pytest.raises(TableError, match="jumlah"):
        services.reconcile(None, programme=programme, month=JUNE, invoice_path=write_csv("t.csv", ["nik", "bulan"], [["1", "2025-06"]]))
    assert not BillingMonth.objects.exists()


def test_the_saved_invoice_mapping_reads_bpjs_own_headers(programme, enrol, write_csv):
    p = enrol(programme)
    save_column_mapping(None, programme=programme, layout="tagihan", mapping={"No Identitas": "nik", "Periode Iuran": "bulan",
                                                     "Total Tagihan": "jumlah"})
    path = write_csv("bpjs.csv", ["No Identitas", "Periode Iuran", "Total Tagihan"], [[p.person.nik, "2025-06", "16800"]])
    assert services.reconcile(None, programme=programme, month=JUNE, invoice_path=path).reconciliation.summary.agreed_count == 1


def test_draft_agreed_paid_and_a_paid_month_is_locked(programme, month_with_differences, users):
    labour = users["labour"]
    bm = services.reconcile(labour, programme=programme, month=JUNE, invoice_path=month_with_differences["path"]).billing_month
    with pytest.raises(services.BillingError, match="belum disepakati"):
        services.record_payment(labour, bm=bm, sp2d_number="1", sp2d_date=date(2025, 7, 20), amount=Decimal(33600))
    services.agree(labour, bm=bm, number="800/BA/DISNAKER/VII/2025", on=date(2025, 7, 10))
    bm.refresh_from_db()
    assert bm.status == BillingMonth.Status.DISEPAKATI
    assert (bm.berita_acara.agreed_count, bm.berita_acara.agreed_amount) == (2, Decimal(33600))
    with pytest.raises(services.BillingError, match="disepakati"):
        services.run_bill(labour, programme=programme, month=JUNE)
    with pytest.raises(services.BillingError, match="berbeda"):
        services.record_payment(labour, bm=bm, sp2d_number="1", sp2d_date=date(2025, 7, 20), amount=Decimal(50400))
    services.record_payment(labour, bm=bm, sp2d_number="SP2D-0412/2025", sp2d_date=date(2025, 7, 20), amount=Decimal(33600))
    bm.refresh_from_db()
    assert bm.status == BillingMonth.Status.DIBAYAR and bm.payment.sp2d_number == "SP2D-0412/2025"
    for attempt in (
        lambda: services.run_bill(labour, programme=programme, month=JUNE),
        lambda: services.reconcile(labour, programme=programme, month=JUNE, invoice_path=month_with_differences["path"]),
        lambda: services.reopen(labour, bm=bm, reason="salah"),
        lambda: services.prepare_berita_acara(labour, bm=bm),
        lambda: services.record_payment(labour, bm=bm, sp2d_number="2", sp2d_date=date(2025, 7, 21), amount=Decimal(33600)),
    ):
        with pytest.raises(services.BillingError):
            attempt()
    actions = set(AuditEvent.objects.filter(target_id=str(bm.pk), target_type="billing.billingmonth")
                  .values_list("action", flat=True))
    assert {"billing.run", "billing.reconcile", "billing.agree", "billing.pay"} <= actions


def test_an_agreed_month_can_be_reopened_with_a_reason(programme, month_with_differences):
    bm = services.reconcile(None, programme=programme, month=JUNE, invoice_path=month_with_differences["path"]).billing_month
    services.agree(None, bm=bm)
    with pytest.raises(services.BillingError, match="alasan"):
        services.reopen(None, bm=bm, reason=" ")
    services.reopen(None, bm=bm, reason="nilai salah ketik")
    number = bm.berita_acara.number
    services.reconcile(None, programme=programme, month=JUNE, invoice_path=month_with_differences["path"])
    assert services.prepare_berita_acara(None, bm=bm).number == number  # the number stays once given


def test_only_reconciled_months_get_a_berita_acara(programme, enrol):
    enrol(programme)
    bm = services.run_bill(None, programme=programme, month=JUNE).months[0]
    with pytest.raises(services.BillingError, match="belum direkonsiliasi"):
        services.prepare_berita_acara(None, bm=bm)


def test_berita_acara_pdf_reads_back_with_the_figures(programme, month_with_differences):
    bm = services.reconcile(None, programme=programme, month=JUNE, invoice_path=month_with_differences["path"]).billing_month
    ba = services.prepare_berita_acara(None, bm=bm, number="800/117/DISNAKER/VII/2025", on=date(2025, 7, 10))
    reader = PdfReader(BytesIO(berita_acara_pdf(bm, ba)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "BERITA ACARA REKONSILIASI" in text
    assert "Nomor: 800/117/DISNAKER/VII/2025" in flat
    assert "Kamis tanggal 10 Juli 2025" in flat
    assert "Drs. Andi Labour" in text and "Sari BPJS" in text and "NIP 197001012000031001" in flat
    assert "PIHAK PERTAMA" in text and "PIHAK KEDUA" in text
    assert "untuk 2 peserta sebesar Rp33.600 (Tiga puluh tiga ribu enam ratus rupiah)" in flat
    assert "Data peserta Pemda (tagihan Pemda) 4 Rp67.200" in flat
    # 6 NIKs for June; Rp104.000 = every readable amount for June, the duplicate line included.
    assert "Tagihan BPJS Ketenagakerjaan 6 Rp104.000" in flat
    assert "Selisih nominal 2 Rp33.600" in flat
    assert "LAMPIRAN I" in text
    assert month_with_differences["dearer"].person.nik in text
    assert month_with_differences["gone"].person.nik in text
    assert "NIK ditagih lebih dari sekali" in flat  # annex II: the problem lines
    # Issue 13 item 10: narrow fields cut values; cells now wrap, and every page says "Halaman x dari y".
    assert "..." not in text and "Halaman 1 dari" in flat
    gone = month_with_differences["gone"].person.name
    assert gone in flat


@pytest.mark.parametrize(("n", "words"), [
    (0, "nol"), (11, "sebelas"), (16, "enam belas"), (100, "seratus"), (1000, "seribu"), (16800, "enam belas ribu delapan ratus"),
    (119280000, "seratus sembilan belas juta dua ratus delapan puluh ribu"),
    (1431360000, "satu miliar empat ratus tiga puluh satu juta tiga ratus enam puluh ribu"),
])
def test_terbilang(n, words):
    assert terbilang(n) == words


def test_budget_realisation_follows_paid_months(programme, enrol, invoice_file):
    from lindung.billing.budget import budget, next_year
    from lindung.membership.services import funding

    source = add_funding_source(None, programme=programme, kind="apbd_kota", amount=Decimal("1431360000"))
    people = [enrol(programme) for _ in range(3)]
    funding.assign_funding(None, programme=programme, year=2025)
    bm = services.reconcile(None, programme=programme, month=JUNE, invoice_path=invoice_file([invoice_row(p) for p in people[:2]])).billing_month
    b = budget(programme, 2025)
    assert (b.total.realised, b.total.committed) == (0, 0)
    services.agree(None, bm=bm)
    assert budget(programme, 2025).total.committed == Decimal(33600)
    services.record_payment(None, bm=bm, sp2d_number="SP2D-1", sp2d_date=date(2025, 7, 20), amount=Decimal(33600))
    b = budget(programme, 2025)
    line = b.sources[0]
    assert (line.source, line.quota, line.participants, line.realised) == (source, 7100, 3, Decimal(33600))
    assert line.remaining == Decimal("1431360000") - Decimal(33600)
    assert (b.unassigned.participants, b.unassigned.realised) == (0, 0)
    ahead = next_year(programme, 2025)
    assert [p.count for p in ahead.months] == [3] * 12
    assert ahead.total == Decimal(16800 * 3 * 12)
