"""The pages: public form and status (no login), officers' pages, scoping by URL, downloads."""

from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.applications.models import Application
from lindung.applications.services import submit, verify
from lindung.audit.models import AuditEvent

from . import factories
from .factories import applicant
from .test_intake import PDF


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def form_data(cycle, **overrides):
    data = applicant(**overrides)
    return {"cycle": cycle.pk, "name": data["name"], "nik": data["nik"], "no_kk": data["no_kk"],
            "birth_place": data["birth_place"], "birth_date": data["birth_date"].isoformat(), "sex": data["sex"],
            "address": data["address"], "kelurahan": data["kelurahan_id"], "phone": data["phone"],
            "occupation": data["occupation_id"], "ktp_occupation": "", "monthly_income": str(data["monthly_income"]),
            "domicile_since": data["domicile_since"].isoformat()}


def test_public_form_submits_and_shows_the_receipt(client, cycle):
    page = client.get(reverse("applications:apply"))
    assert page.status_code == 200 and b"check.js" in page.content and b"<script>" not in page.content
    data = form_data(cycle)
    data["doc_ktp"] = SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("applications:apply"), data, follow=True)
    application = Application.objects.get()
    assert application.channel == "publik" and application.documents.count() == 1
    assert application.reference.encode() in response.content
    assert "menunggu verifikasi oleh Kantor Kelurahan Manggar" in response.content.decode()


def test_public_form_without_js_explains_failed_criteria(client, cycle):
    data = form_data(cycle, birth_date=date(1940, 1, 1), monthly_income=9_000_000)
    data["nik"] = "123"  # invalid: the form comes back, with the rule-set explanation of the rest
    response = client.post(reverse("applications:apply"), data)
    text = response.content.decode()
    assert response.status_code == 200 and not Application.objects.exists()
    assert "Pasal 5 ayat (1) huruf c" in text and "Pasal 5 ayat (1) huruf f" in text


def test_live_check_endpoint(client, cycle):
    client.get(reverse("applications:apply"))
    response = client.post(reverse("applications:check"), form_data(cycle, monthly_income=9_000_000))
    result = response.json()
    assert result["keputusan"] == "TIDAK_LAYAK"
    assert [p["cite"] for p in result["problems"]] == ["Pasal 5 ayat (1) huruf f"]
    assert all(c["code"] != "DATA_KEMISKINAN_TIDAK_ADA" for c in result["checks"])


def test_live_check_needs_csrf(cycle):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("applications:check"), form_data(cycle))
    assert response.status_code == 403


def test_status_page_same_answer_for_unknown_and_wrong_birth_date_and_rate_limited(client, cycle):
    data = applicant()
    submit.submit_application(None, cycle=cycle, data=data)
    url = reverse("applications:status")
    found = client.post(url, {"nik": data["nik"], "birth_date": data["birth_date"].isoformat()}).content.decode()
    assert "menunggu verifikasi" in found and data["name"] not in found
    wrong_date = client.post(url, {"nik": data["nik"], "birth_date": "1990-05-18"}).content.decode()
    unknown = client.post(url, {"nik": "6471015705900999", "birth_date": "1990-05-17"}).content.decode()
    def answer(html):
        return html[html.index('<section id="hasil-status"'):html.index("</section>")]

    assert "Data tidak ditemukan" in answer(wrong_date)
    assert answer(wrong_date) == answer(unknown)
    for _ in range(7):
        client.post(url, {"nik": data["nik"], "birth_date": "2000-01-01"})
    limited = client.post(url, {"nik": data["nik"], "birth_date": data["birth_date"].isoformat()})
    assert limited.status_code == 429 and "menunggu verifikasi" not in limited.content.decode()


def test_detail_is_404_outside_scope_and_documents_are_guarded(client, cycle, users):
    app = submit.submit_application(None, cycle=cycle, data=applicant(), documents=[
        ("ktp", SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf"))])
    doc = app.documents.get()
    client.force_login(users["dishub"])
    assert client.get(reverse("applications:detail", args=[app.pk])).status_code == 404
    assert client.get(reverse("applications:document", args=[app.pk, doc.pk])).status_code == 404
    client.force_login(users["lurah"])
    assert client.get(reverse("applications:detail", args=[app.pk])).status_code == 200
    response = client.get(reverse("applications:document", args=[app.pk, doc.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(action="document.view", actor=users["lurah"]).count() == 1
    client.logout()
    assert client.get(reverse("applications:document", args=[app.pk, doc.pk])).status_code == 302  # to login


def test_officer_decides_through_the_page(client, cycle, users, poor):
    app = submit.submit_application(None, cycle=cycle, data=applicant())
    client.force_login(users["lurah"])
    assert app.reference in client.get(reverse("applications:inbox")).content.decode()
    client.post(reverse("applications:approve", args=[app.pk]), {"note": ""})
    app.refresh_from_db()
    assert app.status == Application.Status.DIVERIFIKASI
    client.force_login(users["dishub"])
    assert client.post(reverse("applications:reject", args=[app.pk]), {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("role", ["labour", "tvem", "bpjs", "auditor"])
def test_stage_pages_render_for_pipeline_roles(client, cycle, users, role):
    client.force_login(users[role])
    for name in ("cycle", "bpjs", "consolidation", "decree", "enrolment"):
        assert client.get(reverse(f"applications:{name}", args=[cycle.pk])).status_code == 200, name


def test_stage_pages_are_closed_to_field_roles(client, cycle, users):
    client.force_login(users["dishub"])
    assert client.get(reverse("applications:bpjs", args=[cycle.pk])).status_code == 403


def test_dashboard_inbox_tells_the_next_actor(client, cycle, users, poor):
    app = submit.submit_application(None, cycle=cycle, data=applicant())
    client.force_login(users["lurah"])
    assert "1 usulan menunggu verifikasi Anda" in client.get("/").content.decode()
    verify.approve(users["lurah"], application=app)
    client.force_login(users["labour"])
    assert "siap dikirim ke BPJS" in client.get("/").content.decode()


def test_pages_for_each_role(client, cycle, users):
    for role in users:
        client.force_login(users[role])
        for url in (reverse("applications:list"), reverse("applications:inbox"), reverse("applications:cycles")):
            assert client.get(url).status_code in (200, 403), (role, url)


def test_the_application_page_says_when_the_rules_are_provisional(client, users, make_user, poor):
    from lindung.tenants.models import Tenant

    kaltim = Tenant.objects.get(code="kaltim")
    labour = make_user("disnakertrans.page", "disnaker", agency="disnaker", tenant=kaltim)
    province = factories.programme(labour, "kaltim-pbi", tenant="kaltim", name="PBI Provinsi Kaltim",
                                   ruleset="kaltim-pergub-40-2025")
    application = submit.submit_application(labour, cycle=factories.open_cycle(labour, province),
                                            data=factories.applicant(serial=7401))
    client.force_login(labour)
    page = client.get(f"/usulan/{application.pk}/").content.decode()
    assert "ketentuan sementara Peraturan Gubernur Kalimantan Timur Nomor 40 Tahun 2025" in page


def test_bulk_decisions_ask_first_and_reject_with_each_persons_reasons(client, cycle, users, poor):
    """Issue 13 item 2: an irreversible mass action says what will happen and to how many, then acts."""
    good = [submit.submit_application(users["lurah"], cycle=cycle, data=applicant(serial=8100 + i)) for i in range(3)]
    poor_income = submit.submit_application(users["lurah"], cycle=cycle,
                                            data=applicant(serial=8200, monthly_income=9_000_000))
    client.force_login(users["lurah"])
    page = client.get(reverse("applications:inbox")).content.decode()
    assert "4 baris" in page and "Memenuhi syarat" in page and 'name="pilih"' in page
    confirm = client.post(reverse("applications:decide_all", args=["tolak"]))
    text = confirm.content.decode()
    assert confirm.status_code == 200 and "1 usulan akan diproses" in text and "Ya, tolak 1 usulan" in text
    assert "Pasal 5 ayat (1) huruf f" in text  # the person's own failed criterion, with its article
    assert Application.objects.get(pk=poor_income.pk).status == "DIAJUKAN"  # nothing happened yet
    client.post(reverse("applications:decide_all", args=["tolak"]), {"konfirmasi": "ya"})
    rejected = Application.objects.get(pk=poor_income.pk)
    assert rejected.status == "DITOLAK" and "Pasal 5 ayat (1) huruf f" in rejected.status_reason
    # Ticked rows only: approving two of the three eligible leaves the third waiting.
    ticked = {"pilih": [good[0].pk, good[1].pk]}
    assert "2 usulan akan diproses" in client.post(reverse("applications:decide_all", args=["setujui"]), ticked).content.decode()
    client.post(reverse("applications:decide_all", args=["setujui"]), {**ticked, "konfirmasi": "ya"})
    statuses = dict(Application.objects.filter(pk__in=[g.pk for g in good]).values_list("pk", "status"))
    assert statuses == {good[0].pk: "DIVERIFIKASI", good[1].pk: "DIVERIFIKASI", good[2].pk: "DIAJUKAN"}


def test_the_worklist_pages_counts_filters_and_exports(client, cycle, users, poor):
    for i in range(60):
        submit.submit_application(users["lurah"], cycle=cycle, data=applicant(serial=8300 + i))
    client.force_login(users["lurah"])
    first = client.get(reverse("applications:inbox")).content.decode()
    assert "60 baris" in first and "Halaman 1 dari 2" in first
    assert "Halaman 2 dari 2" in client.get(reverse("applications:inbox") + "?hal=2").content.decode()
    assert "0 baris" in client.get(reverse("applications:inbox") + "?penilaian=TIDAK_LAYAK").content.decode()
    assert client.get(reverse("applications:inbox") + "?hal=abc&dari=kemarin&urut=password").status_code == 200
    export = client.get(reverse("applications:inbox") + "?ekspor=csv")
    lines = export.content.decode().splitlines()
    assert lines[0] == "nomor_usulan,nama,nik,pekerjaan,kelurahan,tanggal_daftar,penilaian" and len(lines) == 61
    assert "*" in lines[1]  # NIK stays masked in the export


def test_the_consolidation_list_is_complete_and_pages(client, cycle, users):
    """Issue 13 item 1: the TVEM list showed 200 of 906; now it counts and pages through all of them."""
    ids = []
    for i in range(210):
        a = submit.submit_application(users["lurah"], cycle=cycle, data=applicant(serial=8600 + i))
        ids.append(a.pk)
    Application.objects.filter(pk__in=ids).update(status="KONSOLIDASI")
    for rank, pk in enumerate(ids, start=1):
        Application.objects.filter(pk=pk).update(rank=rank)
    client.force_login(users["tvem"])
    url = reverse("applications:consolidation", args=[cycle.pk])
    page = client.get(url).content.decode()
    assert "210 baris" in page and "Halaman 1 dari 5" in page
    assert client.get(url + "?ekspor=csv").content.decode().count("\n") == 211


def test_recording_the_decree_warns_about_applications_still_open(client, cycle, users):
    """Issue 13 item 2: "Catat Keputusan" locked 906 beneficiaries while 5,097 applications were still open."""
    fixed = submit.submit_application(users["lurah"], cycle=cycle, data=applicant(serial=8900))
    Application.objects.filter(pk=fixed.pk).update(status="KONSOLIDASI", rank=1)
    for i in range(3):
        submit.submit_application(users["lurah"], cycle=cycle, data=applicant(serial=8901 + i))  # DIAJUKAN
    client.force_login(users["labour"])
    url = reverse("applications:decree", args=[cycle.pk])
    today = date.today().isoformat()
    first = client.post(url, {"number": "SK-9/2026", "signed_on": today}).content.decode()
    assert "menetapkan 1 penerima dan mengunci daftar ini" in first
    assert "3 usulan siklus ini masih dalam proses" in first and "Diajukan, menunggu verifikasi: 3" in first
    assert Application.objects.get(pk=fixed.pk).status == "KONSOLIDASI"  # not yet
    client.post(url, {"number": "SK-9/2026", "signed_on": today, "konfirmasi": "ya"})
    assert Application.objects.get(pk=fixed.pk).status == "DITETAPKAN"


def test_the_status_page_answers_for_participants_too(client, users, make_person):
    """Issue 13 item 8: an imported, active participant got "tidak ditemukan"; an ended membership read
    "terdaftar"."""
    from lindung.membership.models import MembershipPeriod, Participant

    programme = factories.programme(users["labour"])
    active = make_person("Aktif", birth_date=date(1980, 3, 3))
    ended = make_person("Berhenti", birth_date=date(1975, 4, 4))
    MembershipPeriod.objects.create(participant=Participant.objects.create(programme=programme, person=active, kpj="111"),
                                    start=date(2025, 4, 1))
    MembershipPeriod.objects.create(participant=Participant.objects.create(programme=programme, person=ended, kpj="222"),
                                    start=date(2025, 4, 1), end=date(2025, 9, 30), end_reason="pindah_domisili")
    cache.clear()
    page = client.post(reverse("applications:status"), {"nik": active.nik, "birth_date": "1980-03-03"}).content.decode()
    assert "Peserta aktif" in page and "sejak 1 April 2025" in page and "tidak ditemukan" not in page
    page = client.post(reverse("applications:status"), {"nik": ended.nik, "birth_date": "1975-04-04"}).content.decode()
    assert "Kepesertaan berakhir" in page and "30 September 2025" in page and "Pindah domisili" in page
    wrong = client.post(reverse("applications:status"), {"nik": ended.nik, "birth_date": "1975-04-05"}).content.decode()
    assert "Data tidak ditemukan" in wrong


def test_the_public_form_summarises_errors_and_never_promises_too_much(client, cycle):
    """Issue 13 item 7: an error summary takes the focus; "tidak memenuhi syarat" is never said together
    with "sudah diterima"; and the live check does not say "memenuhi syarat" while the registers (poverty
    data, BPJS) are still to be checked."""
    cache.clear()
    page = client.post(reverse("applications:apply"), {"cycle": cycle.pk, "name": "Tanpa NIK"}).content.decode()
    assert 'id="ringkasan-kesalahan"' in page and "autofocus" in page and 'href="#id_nik"' in page
    data = applicant(serial=9701)
    form = {"cycle": cycle.pk, "nik": data["nik"], "name": "Ani", "birth_place": "Balikpapan", "birth_date": "1990-05-17",
            "sex": "P", "address": "Jl. Manggar", "kelurahan": "64.71.01.1001", "phone": "081234567890",
            "occupation": "pemulung", "monthly_income": "1500000", "domicile_since": "2015-01-01"}
    check = client.post(reverse("applications:check"), form).json()
    assert check["keputusan"] == "LAYAK" and check["label"] == "Sejauh ini memenuhi syarat"
    assert any("verifikasi lapangan" in line["text"] for line in check["checks"])
    client.post(reverse("applications:apply"), {**form, "monthly_income": "9000000"})
    applied = client.get(reverse("applications:applied")).content.decode()
    assert "Tidak memenuhi syarat" in applied and "sudah diterima" not in applied and "sudah kami terima" not in applied
    assert "Usulan Anda tercatat" in applied and 'id="belum-memenuhi"' in applied


def test_work_waiting_for_an_office_without_an_account_is_shown_to_the_labour_agency(client, cycle, users, make_user):
    """Issue 13 item 9: applications routed to Disdag, DKUMP, BPBD or Kesra waited forever, unseen."""
    submit.submit_application(users["labour"], cycle=cycle, data=applicant(serial=9901, occupation="relawan_kebencanaan"))
    submit.submit_application(users["labour"], cycle=cycle, data=applicant(serial=9902, occupation="pemulung",
                                                                          kelurahan="64.71.06.1003"))
    client.force_login(users["labour"])
    page = client.get("/").content.decode()
    assert "1 usulan menunggu Badan Penanggulangan Bencana Daerah, yang belum mempunyai akun aktif" in page
    assert "1 usulan menunggu Kelurahan Klandasan Ulu" in page  # no Lurah/Camat account covers it
    make_user("bpbd.petugas", "perangkat_daerah", agency="bpbd")
    assert "Badan Penanggulangan Bencana Daerah, yang belum" not in client.get("/").content.decode()
    client.force_login(users["dishub"])
    assert "belum mempunyai akun aktif" not in client.get("/").content.decode()


def test_after_the_decree_the_upload_page_says_why_it_takes_no_file(client, cycle, users):
    """Issue 13 item 5: it offered an empty cycle list and answered "Bidang ini tidak boleh kosong"."""
    from lindung.applications.models import Decree

    Decree.objects.create(cycle=cycle, number="SK-1", signed_on=date.today())
    client.force_login(users["lurah"])
    page = client.get(reverse("applications:upload")).content.decode()
    assert 'id="tidak-ada-siklus"' in page and 'id="form-unggah"' not in page
