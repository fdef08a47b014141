"""The claims pages through the test client: recording and deciding a claim, the upload, and scope —
BPJS and the labour agency of the tenant work with claims, the auditor reads them, every other role and
every other tenant gets the same 404 as for a claim that does not exist."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lindung.accounts.permissions import Operator
from lindung.audit.models import AuditEvent
from lindung.claims import selectors
from lindung.claims.models import Claim, ClaimImport
from lindung.claims.services import record
from lindung.programs import services as programme_services
from lindung.tenants.models import Tenant

from ..money_fixtures import RULESET
from .conftest import claim_row


@pytest.fixture
def samarinda_claim(enrol, users):
    tenant = Tenant.objects.get(code="samarinda")
    other = programme_services.create_programme(None, code="smd-2025", name="Samarinda 2025", ruleset_id=RULESET,
                                                year=2025, tenant_code="samarinda")
    p = enrol(other, name="Rina Samarinda", kelurahan="64.72.01.1001", nik_district="64.72.01")
    return record.record_claim(Operator(), participant=p, kind="JKK", benefit="PERAWATAN", event_date=date(2025, 5, 1),
                               submitted_on=date(2025, 5, 2)), tenant


def form(participant, **changes):
    return {"programme": participant.programme_id, "nik": participant.person.nik, "kind": "JKM", "benefit": "",
            "event_date": "2025-06-10", "submitted_on": "2025-06-20", "status": "DIAJUKAN", "decided_on": "",
            "paid_on": "", "amount": "", "bpjs_reference": "KLM-55", "note": "", **changes}


def test_the_bpjs_officer_records_and_decides_a_claim_on_the_page(client, programme, enrol, users):
    p = enrol(programme)
    client.force_login(users["bpjs"])
    page = client.get(reverse("claims:new") + f"?peserta={p.pk}&jenis=JKM").content.decode()
    assert p.person.nik in page  # prefilled from the participant page or the deaths worklist

    refused = client.post(reverse("claims:new"), form(p, event_date="2099-01-01")).content.decode()
    assert "tanggal kejadian tidak boleh di masa depan" in refused
    refused = client.post(reverse("claims:new"), form(p, amount="Rp 42 juta")).content.decode()
    assert "id_amount_error" in refused or "errorlist" in refused
    refused = client.post(reverse("claims:new"), form(p, nik="6471010101800077")).content.decode()
    assert "bukan peserta program bpp-2025" in refused
    assert not Claim.objects.exists()

    done = client.post(reverse("claims:new"), form(p), follow=True).content.decode()
    claim = Claim.objects.get()
    assert "Klaim dicatat" in done and "Pasal 10 huruf a" in done and claim.recorded_by == users["bpjs"]
    decided = client.post(reverse("claims:status", args=[claim.pk]), {
        "status": "DIBAYAR", "decided_on": "2025-06-24", "paid_on": "2025-06-25", "amount": "42000000"}, follow=True)
    assert "Status klaim diperbarui" in decided.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.amount, claim.decided_on) == ("DIBAYAR", Decimal(42000000), date(2025, 6, 24))
    assert AuditEvent.objects.filter(action="claim.status", target_id=str(claim.pk), after__status="DIBAYAR").exists()


def test_a_paid_claim_needs_its_date_and_amount(client, programme, enrol, users):
    claim = record.record_claim(users["bpjs"], participant=enrol(programme), kind="JKK", benefit="STMB",
                                event_date=date(2025, 5, 1), submitted_on=date(2025, 5, 2))
    client.force_login(users["labour"])
    page = client.post(reverse("claims:status", args=[claim.pk]), {"status": "DIBAYAR"}, follow=True).content.decode()
    assert "tanggal bayar wajib diisi" in page and "jumlah wajib diisi untuk status DIBAYAR" in page
    claim.refresh_from_db()
    assert claim.status == "DIAJUKAN"


def test_scope_every_object_page_is_404_outside_the_tenant_and_the_roles(client, programme, enrol, users, make_user,
                                                                         samarinda_claim, import_file):
    p = enrol(programme, name="Budi Balikpapan")
    import_file(users["bpjs"], programme, [claim_row(p)])
    mine = Claim.objects.get(programme=programme)
    upload = ClaimImport.objects.create(programme=programme, file_name="klaim.csv", path="x", result_path="y")
    theirs, samarinda = samarinda_claim
    foreign_upload = ClaimImport.objects.create(programme=theirs.programme, file_name="k.csv", path="x",
                                                result_path="y")

    def pages(c, u):
        return [reverse("claims:detail", args=[c.pk]), reverse("claims:participant", args=[c.participant_id]),
                reverse("claims:import_detail", args=[u.pk]), reverse("claims:import_result", args=[u.pk])]

    for role in ("bpjs", "labour", "auditor"):
        client.force_login(users[role])
        for url in pages(theirs, foreign_upload):
            assert client.get(url).status_code == 404, (role, url)
        assert client.get(reverse("claims:detail", args=[mine.pk])).status_code == 200
        assert client.get(reverse("claims:participant", args=[p.pk])).status_code == 200
        listing = client.get(reverse("claims:list")).content.decode()
        assert p.person.name in listing and theirs.participant.person.name not in listing
    for role in ("tvem", "dinsos", "lurah", "camat"):
        client.force_login(users[role])
        for url in pages(mine, upload):
            assert client.get(url).status_code == 404, (role, url)
        assert client.get(reverse("claims:list")).status_code == 403
        assert client.post(reverse("claims:status", args=[mine.pk]), {"status": "DITOLAK"}).status_code == 404
    other_bpjs = make_user("bpjs.smd", "bpjs", tenant=samarinda)
    client.force_login(other_bpjs)
    assert client.get(reverse("claims:detail", args=[mine.pk])).status_code == 404
    assert client.get(reverse("claims:detail", args=[theirs.pk])).status_code == 200


def test_the_auditor_reads_but_records_nothing(client, programme, enrol, users):
    claim = record.record_claim(users["bpjs"], participant=enrol(programme), kind="JKK", benefit="PERAWATAN",
                                event_date=date(2025, 5, 1), submitted_on=date(2025, 5, 2))
    client.force_login(users["auditor"])
    page = client.get(reverse("claims:detail", args=[claim.pk])).content.decode()
    assert "Keputusan BPJS" not in page
    assert client.post(reverse("claims:status", args=[claim.pk]), {"status": "DITOLAK"}).status_code == 403
    assert client.get(reverse("claims:new")).status_code == 403
    assert client.get(reverse("claims:upload")).status_code == 403
    claim.refresh_from_db()
    assert claim.status == "DIAJUKAN"


def test_the_report_uploaded_on_the_page_is_imported_in_the_background(client, programme, enrol, users, claims_file,
                                                                      django_capture_on_commit_callbacks):
    a, b = enrol(programme), enrol(programme)
    path = claims_file([claim_row(a), claim_row(b, jumlah="satu juta", status="DIBAYAR", tanggal_bayar="2025-07-01")])
    client.force_login(users["bpjs"])
    with path.open("rb") as fh, django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("claims:upload"), {"programme": programme.pk, "file": fh})
    html = client.get(page.url).content.decode()
    assert 'id="jumlah-dicatat">1<' in html and 'id="jumlah-ditolak">1<' in html
    upload = ClaimImport.objects.get()
    result = b"".join(client.get(reverse("claims:import_result", args=[upload.pk])).streaming_content).decode()
    assert result.splitlines()[0] == "baris,nik,jenis,hasil,alasan"
    assert f"2,{b.person.nik},JKM,DITOLAK" in result and "bukan nominal rupiah" in result
    assert AuditEvent.objects.filter(action="claim.export", target_id=str(upload.pk)).exists()
    client.force_login(users["auditor"])  # the result holds full NIKs: not for a masked-NIK role
    assert client.get(reverse("claims:import_result", args=[upload.pk])).status_code == 403


def test_an_unusable_report_fails_its_job_with_one_clear_message(client, programme, users, tmp_path,
                                                                 django_capture_on_commit_callbacks):
    client.force_login(users["bpjs"])
    for name, content, message in (("klaim.csv", b"nik,jenis\n6471010101800077,JKM\n", "kolom wajib klaim BPJS"),
                                   ("klaim.xlsx", b"PK\x03\x04 not a workbook", "bukan berkas XLSX yang utuh")):
        path = tmp_path / name
        path.write_bytes(content)
        with path.open("rb") as fh, django_capture_on_commit_callbacks(execute=True):
            done = client.post(reverse("claims:upload"), {"programme": programme.pk, "file": fh})
        page = client.get(done.url).content.decode()
        assert "Gagal" in page and message in page and "Traceback" not in page
    assert not Claim.objects.exists()


def test_a_wrong_file_on_the_page_says_why(client, programme, users, tmp_path):
    bad = tmp_path / "klaim.pdf"
    bad.write_bytes(b"%PDF-1.4")
    client.force_login(users["bpjs"])
    with bad.open("rb") as fh:
        page = client.post(reverse("claims:upload"), {"programme": programme.pk, "file": fh}).content.decode()
    assert "format tidak didukung" in page and not ClaimImport.objects.exists()


def test_the_person_page_shows_claims_to_the_roles_that_read_them(client, programme, enrol, users):
    p = enrol(programme)
    record.record_claim(users["bpjs"], participant=p, kind="JKK", benefit="PERAWATAN", event_date=date(2025, 5, 1),
                        submitted_on=date(2025, 5, 2))
    client.force_login(users["bpjs"])
    page = client.get(reverse("people:detail", args=[p.person_id])).content.decode()
    claim_url = reverse("claims:detail", args=[Claim.objects.get().pk])
    assert "Klaim</span>" in page and claim_url in page and reverse("claims:participant", args=[p.pk]) in page
    client.force_login(users["lurah"])  # sees the resident of Manggar, not their claims
    page = client.get(reverse("people:detail", args=[p.person_id]))
    assert page.status_code == 200 and claim_url not in page.content.decode()


def test_statistics_count_and_sum_by_month_and_type_in_scope(client, programme, enrol, users, import_file,
                                                             samarinda_claim):
    a, b, c = enrol(programme), enrol(programme), enrol(programme)
    import_file(users["bpjs"], programme, [
        claim_row(a, status="DIBAYAR", tanggal_bayar="2025-06-25", jumlah="42000000"),
        claim_row(b, jenis="JKK", keterangan="jatuh", status="DIBAYAR", tanggal_bayar="2025-06-30", jumlah="1250000.50"),
        claim_row(c, jenis="JKK", keterangan="jatuh", tanggal_pengajuan="2025-07-02", status="DITOLAK"),
    ])
    stats = {(str(s.month), s.kind): s for s in selectors.claim_statistics(users["bpjs"])}
    assert set(stats) == {("2025-06", "JKK"), ("2025-06", "JKM"), ("2025-07", "JKK")}  # not Samarinda's
    assert (stats["2025-06", "JKM"].paid, stats["2025-06", "JKM"].amount_paid) == (1, Decimal(42000000))
    assert stats["2025-06", "JKK"].amount_paid == Decimal("1250000.50")
    assert (stats["2025-07", "JKK"].refused, stats["2025-07", "JKK"].amount_paid) == (1, Decimal(0))
    client.force_login(users["auditor"])
    page = client.get(reverse("claims:statistics")).content.decode()
    assert "Rp42.000.000" in page and "2025-07" in page


def test_the_claims_list_counts_filters_and_exports_what_is_filtered(client, programme, enrol, users):
    jkk = record.record_claim(users["bpjs"], participant=enrol(programme, name="Andi Perawat"), kind="JKK",
                              benefit="PERAWATAN", event_date=date(2025, 5, 1), submitted_on=date(2025, 5, 2),
                              status="DIBAYAR", decided_on=date(2025, 5, 20), paid_on=date(2025, 5, 21),
                              amount=Decimal("229000000"))
    record.record_claim(users["bpjs"], participant=enrol(programme, name="Sari Ahli Waris"), kind="JKM",
                        event_date=date(2025, 6, 10), submitted_on=date(2025, 6, 20))
    client.force_login(users["labour"])
    page = client.get(reverse("claims:list")).content.decode()
    assert "2 baris" in page and "Andi Perawat" in page and "Sari Ahli Waris" in page
    assert "Rp229.000.000" in page and "01-05-2025" in page  # money and dates as officers write them
    only_jkk = client.get(reverse("claims:list"), {"jenis": "JKK"}).content.decode()
    assert "1 baris" in only_jkk and "Sari Ahli Waris" not in only_jkk
    since_june = client.get(reverse("claims:list"), {"dari": "2025-06-01"}).content.decode()
    assert "Andi Perawat" not in since_june and "Sari Ahli Waris" in since_june
    export = client.get(reverse("claims:list"), {"jenis": "JKK", "ekspor": "csv"})
    assert export.status_code == 200, export.content[:300]
    lines = (b"".join(export.streaming_content) if export.streaming else export.content).decode().splitlines()
    assert lines[0].startswith("peserta,nik,jenis,tanggal_kejadian") and len(lines) == 2
    assert "Andi Perawat" in lines[1] and "2025-05-01" in lines[1] and "229000000" in lines[1]
    assert jkk.participant.person.nik not in lines[1]  # masked, as on screen
