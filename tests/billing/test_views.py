"""The billing month page and the budget page, through the test client, role by role."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lindung.audit.models import AuditEvent
from lindung.billing.models import BillingMonth, BillLine
from lindung.membership.services import funding
from lindung.programs.services import add_funding_source
from lindung.tenants.models import Tenant

from ..money_fixtures import invoice_row, propose_terminations_file


@pytest.fixture
def june(programme, enrol):
    people = [enrol(programme) for _ in range(3)]
    return programme, people


def month_url(programme, name="billing:month", *extra):
    return reverse(name, args=[programme.pk, "2025-06", *extra])


def test_labour_runs_the_whole_month_from_the_page(client, users, june, invoice_file):
    programme, people = june
    client.force_login(users["labour"])
    opened = client.get(reverse("billing:months"), {"programme": programme.pk, "month": "2025-06"})
    assert opened.status_code == 302 and opened.url == month_url(programme)
    assert "belum disusun" in client.get(month_url(programme)).content.decode()

    client.post(month_url(programme, "billing:run"))
    assert BillLine.objects.count() == 3

    path = invoice_file([invoice_row(people[0]), invoice_row(people[1], "20000")])
    with path.open("rb") as fh:
        page = client.post(month_url(programme, "billing:upload"), {"invoice": fh}, follow=True).content.decode()
    assert "Rekonsiliasi selesai: 1 cocok, 2 selisih" in page
    assert "SELISIH_NOMINAL" in page and "TIDAK_ADA_DI_TAGIHAN" in page
    assert people[1].person.masked_nik in page and people[1].person.nik not in page  # masked on screen

    csv = client.get(month_url(programme, "billing:download", "rekonsiliasi")).content.decode()
    assert csv.splitlines()[0].startswith("nik,kpj,nama,status,jumlah_pemda,jumlah_bpjs")
    assert people[1].person.nik in csv
    assert AuditEvent.objects.filter(action="billing.export", after__kind="rekonsiliasi").exists()
    pdf = client.get(month_url(programme, "billing:download", "berita-acara"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    page = client.post(month_url(programme, "billing:agree"), {
        "number": "800/5/DISNAKER/VII/2025", "date": "2025-07-08", "labour_head_name": "Kepala",
        "labour_head_title": "Kepala Dinas", "labour_head_nip": "", "bpjs_branch": "Balikpapan",
        "bpjs_officer_name": "Kacab", "bpjs_officer_title": "Kepala Kantor Cabang",
    }, follow=True).content.decode()
    assert "Berita acara disepakati" in page
    page = client.post(month_url(programme, "billing:pay"), {"sp2d_number": "SP2D-9", "sp2d_date": "2025-07-20",
                                                             "amount": "16800"}, follow=True).content.decode()
    assert "Pembayaran dicatat" in page and "SP2D-9" in page
    assert BillingMonth.objects.get().status == "dibayar"
    page = client.post(month_url(programme, "billing:run"), follow=True).content.decode()
    assert "sudah dibayar" in page  # locked


def test_a_bad_invoice_file_is_a_message_not_a_crash(client, users, june, write_csv):
    programme, _ = june
    client.force_login(users["labour"])
    client.post(month_url(programme, "billing:run"))
    path = write_csv("salah.csv", ["nomor", "nama"], [["1", "a"]])
    with path.open("rb") as fh:
        page = client.post(month_url(programme, "billing:upload"), {"invoice": fh}, follow=True).content.decode()
    assert "kolom wajib" in page


def test_auditor_reads_but_neither_acts_nor_downloads_full_niks(client, users, june):
    programme, _ = june
    client.force_login(users["labour"])
    client.post(month_url(programme, "billing:run"))
    client.force_login(users["auditor"])
    page = client.get(month_url(programme)).content.decode()
    assert 'id="susun"' not in page and 'id="unduhan"' not in page
    assert client.get(month_url(programme, "billing:download", "tagihan")).status_code == 403
    client.post(month_url(programme, "billing:run"))  # refused by the service
    assert AuditEvent.objects.filter(action="billing.run").count() == 1


def test_bpjs_sees_and_downloads_but_cannot_change(client, users, june):
    programme, _ = june
    client.force_login(users["labour"])
    client.post(month_url(programme, "billing:run"))
    client.force_login(users["bpjs"])
    assert client.get(month_url(programme, "billing:download", "tagihan")).status_code == 200
    page = client.post(month_url(programme, "billing:run"), follow=True).content.decode()
    assert "tidak berwenang" in page


def test_other_tenants_and_field_roles_do_not_see_the_programme(client, users, june, make_user):
    programme, _ = june
    other = make_user("disnaker.smd", "disnaker", tenant=Tenant.objects.get(code="samarinda"))
    client.force_login(other)
    assert client.get(month_url(programme)).status_code == 404
    assert client.get(reverse("billing:budget", args=[programme.pk])).status_code == 404
    client.force_login(users["lurah"])
    assert client.get(reverse("billing:months")).status_code == 403


def test_budget_page_draws_allocation_against_realisation(client, users, june):
    programme, _ = june
    add_funding_source(None, programme=programme, kind="apbd_kota", amount=Decimal("1431360000"), label="DPA Disnaker")
    add_funding_source(None, programme=programme, kind="apbd_provinsi", amount=Decimal("100000000"), payer_code="kaltim")
    funding.assign_funding(None, programme=programme, year=2025)
    client.force_login(users["tvem"])
    page = client.get(reverse("billing:budget", args=[programme.pk])).content.decode()
    assert "<svg" in page and 'class="bar alloc"' in page and "Rp1.431.360.000" in page
    assert "Pemerintah Provinsi Kalimantan Timur" in page
    assert "style=" not in page.split("<main", 1)[1]  # the CSP forbids inline style
    assert "Proyeksi kebutuhan iuran 2026" in page
    listing = client.get(reverse("programs:list")).content.decode()
    assert programme.code in listing


def test_navigation_names_resolve():
    assert reverse("programs:list") == "/program/"
    assert reverse("billing:months") == "/tagihan/"


def test_months_list_shows_status(client, users, june):
    programme, _ = june
    client.force_login(users["labour"])
    client.post(month_url(programme, "billing:run"))
    page = client.get(reverse("billing:months")).content.decode()
    assert "2025-06" in page and "Rancangan" in page
    assert date(2025, 6, 1) == BillingMonth.objects.get().month


def test_the_dashboard_lists_what_waits_for_the_labour_agency(client, users, june, invoice_file, write_csv):
    from lindung.billing import services
    from lindung.domain.calendar import Month
    
    programme, people = june
    services.reconcile(None, programme=programme, month=Month(2025, 6), invoice_path=invoice_file([invoice_row(people[0])]))
    propose_terminations_file(None, programme, write_csv("mati.csv", ["nik", "tanggal"],
                                                            [[people[1].person.nik, "2025-06-02"]]),
                                 source="dukcapil_meninggal")
    client.force_login(users["labour"])
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "1 usulan penghentian kepesertaan menunggu keputusan" in page
    assert "Berita acara 2025-06 bpp-2025 belum disepakati" in page
    client.force_login(users["auditor"])
    assert "usulan penghentian" not in client.get(reverse("web:dashboard")).content.decode()
