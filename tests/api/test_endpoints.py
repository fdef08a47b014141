"""Every endpoint of DESIGN §4 "REST API (contract)", each with a caller from outside its scope getting
the same 404 as for a missing object."""

from __future__ import annotations

from datetime import date
from io import StringIO

import polars as pl
import pytest
from django.core.management import call_command
from django.utils import timezone

from lindung.accounts.models import Role
from lindung.applications.models import Application
from lindung.audit.models import AuditEvent
from lindung.billing import services as billing
from lindung.domain.calendar import Month
from lindung.domain.exchange import APPLICANTS
from lindung.registers import services as registers
from lindung.tenants.models import Tenant
from tests.money_fixtures import enrol, invoice_file, invoice_row, programme, write_csv  # noqa: F401 - fixtures
from tests.registers.conftest import applicant
from tests.registers.conftest import write_csv as write_rows
from tests.workflow import factories

RULESET = "balikpapan-perwali-3-2025"


@pytest.fixture
def samarinda_officer(make_user):
    def make(role=Role.DISNAKER, **extra):
        return make_user(f"smd.{role}", role, tenant=Tenant.objects.get(code="samarinda"), **extra)

    return make


# --- POST /penyaringan --------------------------------------------------------------------------------


def test_screening_answers_as_lindung_screen_on_the_same_rows(api, users, tmp_path):
    rows = [applicant(), applicant(pekerjaan="pns"), applicant(tanggal_lahir="1950-01-01"), applicant(nik="123"),
            applicant(kode_wilayah="64.72.01.1001"), applicant(penghasilan_bulanan="9000000")]
    rows.append(dict(rows[0]))  # NIK_GANDA
    poverty = [{"nik": r["nik"], "desil": "2", "miskin_ekstrem": "ya"} for r in rows[:4]]
    bpjs = [{"nik": rows[1]["nik"], "status": "AKTIF"}]
    response = api(users["dinsos"]).post("/penyaringan", {"ruleset": RULESET, "pemohon": rows, "kemiskinan": poverty,
                                                          "bpjs": bpjs})
    assert response.status_code == 200, response.content
    got = response.json()["hasil"]
    paths = {name: write_rows(tmp_path / f"{name}.csv", data, columns) for name, data, columns in (
        ("pemohon", rows, APPLICANTS.columns), ("kemiskinan", poverty, ("nik", "desil", "miskin_ekstrem")),
        ("bpjs", bpjs, ("nik", "status")))}
    call_command("screen", "--ruleset", RULESET, "--applicants", str(paths["pemohon"]), "--poverty",
                 str(paths["kemiskinan"]), "--bpjs", str(paths["bpjs"]), "--out", str(tmp_path / "hasil.csv"),
                 "--quiet", stdout=StringIO())
    expected = pl.read_csv(tmp_path / "hasil.csv", infer_schema=False).to_dicts()
    assert [r["baris"] for r in got] == list(range(1, len(rows) + 1))
    assert [(r["keputusan"], ";".join(r["alasan"]), r["prioritas"]) for r in got] == [
        (e["keputusan"], e["alasan"] or "", int(e["prioritas"]) if e["prioritas"] else None) for e in expected]
    assert {code for r in got for code in r["alasan"]} >= {"NIK_GANDA", "SUDAH_TERDAFTAR", "NIK_TIDAK_VALID"}


def test_screening_uses_the_tenants_latest_reference_data_when_no_extract_is_sent(api, users, tmp_path):
    rows = [applicant(), applicant()]
    client = api(users["labour"])
    before = client.post("/penyaringan", {"ruleset": RULESET, "pemohon": rows}).json()["hasil"]
    assert [r["keputusan"] for r in before] == ["PERLU_VERIFIKASI"] * 2  # no poverty data: field verification
    for kind, data, columns in (("kemiskinan", [{"nik": rows[0]["nik"], "desil": "2"}], ("nik", "desil")),
                                ("bpjs", [{"nik": rows[1]["nik"], "status": "AKTIF"}], ("nik", "status"))):
        path = write_rows(tmp_path / f"{kind}.csv", data, columns)
        registers.import_reference_dataset(users["labour"], kind=kind, path=path, original_name=path.name,
                                           snapshot_date=date(2025, 6, 30))
    after = client.post("/penyaringan", {"ruleset": RULESET, "pemohon": rows}).json()["hasil"]
    assert after[0]["keputusan"] == "LAYAK" and "SUDAH_TERDAFTAR" in after[1]["alasan"]


def test_screening_limits_and_permission(api, users):
    many = [applicant(nik=f"64710117059{i:05d}") for i in range(10_001)]
    response = api(users["labour"]).post("/penyaringan", {"ruleset": RULESET, "pemohon": many})
    assert response.status_code == 422 and "10.000" in response.json()["pesan"]
    assert api(users["labour"]).post("/penyaringan", {"ruleset": "tidak-ada", "pemohon": [applicant()]}).status_code == 422
    assert api(users["bpjs"]).post("/penyaringan", {"ruleset": RULESET, "pemohon": [applicant()]}).status_code == 403


# --- GET /penduduk/{nik} --------------------------------------------------------------------------------


def test_person_by_nik_in_scope_masked_unless_the_role_may_see_it(api, users, make_person, samarinda_officer):
    person = make_person("Ani Pemulung", kelurahan="64.71.01.1001", occupation="pemulung")
    full = api(users["labour"]).get(f"/penduduk/{person.nik}")
    assert full.status_code == 200 and full.json()["nik"] == person.nik and full.json()["nama"] == "Ani Pemulung"
    assert AuditEvent.objects.filter(action="api.person.view", target_id=str(person.pk)).count() == 1
    masked = api(users["tvem"]).get(f"/penduduk/{person.nik}").json()
    assert masked["nik"] == person.masked_nik
    # Outside the scope: the same 404 as a NIK nobody has.
    for outsider in (users["dishub"], users["bpjs"], samarinda_officer()):
        response = api(outsider).get(f"/penduduk/{person.nik}")
        assert response.status_code == 404 and response.json()["kode"] == "tidak_ditemukan", outsider.username
    assert api(users["labour"]).get("/penduduk/6471011705909999").json() == response.json()
    assert api(users["lurah"]).get(f"/penduduk/{person.nik}").status_code == 200


# --- POST /usulan, GET /usulan/{nomor} -------------------------------------------------------------------


def _application_json(**overrides) -> dict:
    data = factories.applicant(**overrides)
    return {"program": "bpp-pbi", "nik": data["nik"], "no_kk": data["no_kk"], "nama": data["name"],
            "tempat_lahir": data["birth_place"], "tanggal_lahir": data["birth_date"].isoformat(),
            "jenis_kelamin": data["sex"], "alamat": data["address"], "kode_wilayah": data["kelurahan_id"],
            "telepon": data["phone"], "pekerjaan": data["occupation_id"], "penghasilan_bulanan": 1500000,
            "domisili_sejak": data["domicile_since"].isoformat(), "disabilitas": False}


def test_an_officer_submits_an_application_and_follows_it(api, users, cycle, make_user):
    lurah = api(users["lurah"])
    created = lurah.post("/usulan", _application_json())
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "DIAJUKAN" and body["nomor"].startswith("U") and "********" in body["nik"]
    assert Application.objects.get(reference=body["nomor"]).created_by == users["lurah"]
    assert lurah.get(f"/usulan/{body['nomor']}").json()["status"] == "DIAJUKAN"
    # Outside the officer's scope it is refused beside the field, as the form refuses it.
    refused = lurah.post("/usulan", _application_json(kelurahan="64.71.06.1001"))
    assert refused.status_code == 422 and refused.json()["rincian"][0]["kolom"] == "kode_wilayah"
    # Another kelurahan's officer, another agency: 404, as for a number that does not exist.
    other = make_user("lurah.prapatan", Role.KEWILAYAHAN, region="64.71.06.1001")
    for outsider in (other, users["dishub"]):
        assert api(outsider).get(f"/usulan/{body['nomor']}").status_code == 404
    assert lurah.get("/usulan/U26-TIDAKADA").status_code == 404


# --- GET /peserta ---------------------------------------------------------------------------------------


def test_participants_page_by_cursor_full_niks_for_the_file_exchange_roles(api, users, programme, enrol,  # noqa: F811
                                                                           monkeypatch, samarinda_officer):
    from lindung.api import membership

    monkeypatch.setattr(membership, "PAGE", 2)
    members = [enrol(programme) for _ in range(4)]
    enrol(programme, start=date(2025, 1, 1), end=date(2025, 3, 31), reason="meninggal")
    client = api(users["bpjs"])
    first = client.get("/peserta", {"program": programme.code}).json()
    second = client.get("/peserta", {"program": programme.code, "cursor": first["berikutnya"]}).json()
    third = client.get("/peserta", {"program": programme.code, "cursor": second["berikutnya"]}).json()
    rows = first["hasil"] + second["hasil"] + third["hasil"]
    assert third["berikutnya"] is None and len(rows) == 5
    assert [r["nik"] for r in rows[:4]] == [m.person.nik for m in members]
    assert rows[4]["alasan_berhenti"] == "meninggal" and rows[4]["akhir_kepesertaan"] == "2025-03-31"
    assert AuditEvent.objects.filter(action="api.participants.export").count() == 3
    active = client.get("/peserta", {"program": programme.code, "status": "aktif"}).json()
    assert len(active["hasil"]) == 2 and active["berikutnya"]
    masked = api(users["tvem"]).get("/peserta", {"program": programme.code}).json()["hasil"]
    assert all("********" in r["nik"] for r in masked)
    assert AuditEvent.objects.filter(action="api.participants.export").count() == 4
    assert client.get("/peserta", {"program": programme.code, "cursor": "rusak"}).status_code == 422
    for outsider in (users["lurah"], users["dinsos"], samarinda_officer(Role.BPJS)):
        assert api(outsider).get("/peserta", {"program": programme.code}).status_code == 404, outsider.username
    assert client.get("/peserta", {"program": "tidak-ada"}).status_code == 404


# --- GET /tagihan/{program}/{bulan} -----------------------------------------------------------------------


def test_bill_totals_reconciliation_agreement_and_payment(api, users, programme, enrol, invoice_file,  # noqa: F811
                                                          samarinda_officer):
    people = [enrol(programme) for _ in range(3)]
    billing.run_bill(users["labour"], programme=programme, month=Month(2025, 6))
    path = invoice_file([invoice_row(people[0]), invoice_row(people[1], "20000")])
    billing.reconcile(users["labour"], programme=programme, month=Month(2025, 6), invoice_path=path)
    response = api(users["bpjs"]).get(f"/tagihan/{programme.code}/2025-06")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["jumlah_peserta"], body["jumlah_tagihan"], body["iuran_jkk"]) == (3, "50400", "10000")
    assert body["rekonsiliasi"] == {"COCOK": 1, "SELISIH_NOMINAL": 1, "TIDAK_ADA_DI_TAGIHAN": 1}
    assert body["berita_acara"] is None and body["pembayaran"] is None
    assert [(p["kode"], p["jumlah_peserta"]) for p in body["pembayar"]] == [("balikpapan", 3)]
    assert api(users["auditor"]).get(f"/tagihan/{programme.code}/2025-06").status_code == 200
    for outsider in (users["lurah"], users["tvem"], samarinda_officer()):
        assert api(outsider).get(f"/tagihan/{programme.code}/2025-06").status_code == 404, outsider.username
    assert api(users["labour"]).get(f"/tagihan/{programme.code}/2025-07").status_code == 404
    assert api(users["labour"]).get(f"/tagihan/{programme.code}/2025-13").status_code == 422


# --- GET /status (public) -------------------------------------------------------------------------------


def test_worker_status_is_public_the_same_as_the_page_and_rate_limited(api, users, cycle, client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.LINDUNG_RATE_LIMITS = {"status": (3, 3600)}
    data = factories.applicant()
    application = factories_submit(users["lurah"], cycle, data)
    anonymous = api()
    found = anonymous.get("/status", {"nik": data["nik"], "tanggal_lahir": data["birth_date"].isoformat()}).json()
    assert [h["nomor"] for h in found["hasil"]] == [application.reference]
    page = client.post("/usulan/status/", {"nik": data["nik"], "birth_date": data["birth_date"].isoformat()})
    assert found["hasil"][0]["keterangan"] in page.content.decode()
    wrong = anonymous.get("/status", {"nik": data["nik"], "tanggal_lahir": "1999-01-01"})
    assert wrong.json() == {"hasil": []}  # the same answer for a wrong birth date as for an unknown NIK
    assert anonymous.get("/status", {"nik": data["nik"], "tanggal_lahir": "1999-01-01"}).status_code == 429


def factories_submit(user, cycle, data):
    from lindung.applications.services.submit import submit_application

    return submit_application(user, cycle=cycle, data=data, on=timezone.localdate())


# --- POST /pengaduan, GET /pengaduan/{nomor} ---------------------------------------------------------------


def test_a_co_funded_month_sums_its_payers_and_shows_each_payers_agreement(api, users, programme, enrol,  # noqa: F811
                                                                         invoice_file):  # noqa: F811
    from lindung.membership.services import funding
    from lindung.programs.services import add_funding_source

    year_cost = 16800 * 12
    add_funding_source(None, programme=programme, kind="apbd_provinsi", amount=year_cost * 2, fixed_quota=2,
                       payer_code="kaltim", preference=0, label="APBD Provinsi Kaltim 2025")
    add_funding_source(None, programme=programme, kind="apbd_kota", amount=year_cost * 10, label="DPA Disnaker")
    for _ in range(5):
        enrol(programme, start=date(2025, 1, 1))
    funding.assign_funding(None, programme=programme, year=2025)
    run = billing.run_bill(None, programme=programme, month=Month(2025, 6))
    kaltim = next(bm for bm in run.months if bm.payer.code == "kaltim")
    body = api(users["labour"]).get(f"/tagihan/{programme.code}/2025-06").json()
    assert (body["jumlah_peserta"], body["jumlah_tagihan"]) == (5, "84000")
    assert [(p["kode"], p["jumlah_peserta"], p["jumlah_tagihan"]) for p in body["pembayar"]] == [
        ("balikpapan", 3, "50400"), ("kaltim", 2, "33600")]
    assert body["berita_acara"] is None  # two payers: each has its own (below)
    from lindung.billing.models import BillLine

    rows = [invoice_row(nik) for nik in BillLine.objects.filter(billing_month=kaltim).values_list("nik", flat=True)]
    billing.reconcile(None, programme=programme, month=Month(2025, 6), payer=kaltim.payer, invoice_path=invoice_file(rows))
    kaltim.refresh_from_db()
    billing.agree(None, bm=kaltim)
    body = api(users["labour"]).get(f"/tagihan/{programme.code}/2025-06").json()
    assert body["status"] == "draf"  # the month is as far as its least advanced payer
    assert body["pembayar"][1]["status"] == "disepakati" and body["pembayar"][1]["berita_acara"]["jumlah_peserta"] == 2


# --- POST /pengaduan, GET /pengaduan/{nomor} ---------------------------------------------------------------


def test_a_complaint_through_the_api_is_received_like_the_public_form_and_tracked_by_number(api, users, settings):
    from django.core.cache import cache

    from lindung.grievance.models import Complaint

    cache.clear()
    settings.LINDUNG_RATE_LIMITS = {"complaint": (5, 3600), "track": (5, 3600)}
    anonymous = api()
    created = anonymous.post("/pengaduan", {"nama": "Ani", "telepon": "0812-5555-1234", "kategori": "KEPESERTAAN",
                                            "isi": "Kartu belum datang", "kode_wilayah": "64.71.01.1001"})
    assert created.status_code == 201, created.content
    body = created.json()
    complaint = Complaint.objects.get(number=body["nomor"])
    assert (complaint.channel, complaint.category, complaint.tenant.code) == ("DARING", "KEPESERTAAN", "balikpapan")
    assert body["status"] == complaint.status and body["batas_tanggapan"] == complaint.response_due.isoformat()
    tracked = anonymous.get(f"/pengaduan/{body['nomor'].lower()}")
    assert tracked.status_code == 200 and tracked.json() == body  # number, status and deadline: nothing else
    assert anonymous.get("/pengaduan/PGD-26-XXXXXXX").status_code == 404


def test_a_refused_complaint_says_which_fields_and_stores_nothing(api, users):
    from lindung.grievance.models import Complaint

    refused = api().post("/pengaduan", {"nama": "Ani", "kategori": "BUKAN_KATEGORI", "isi": "",
                                        "kode_wilayah": "64.71.01.1001"})
    assert refused.status_code == 422
    fields = {r["kolom"] for r in refused.json()["rincian"]}
    assert {"isi", "kategori", "telepon"} <= fields  # the phone is how the reporter tracks it
    outside = api().post("/pengaduan", {"nama": "Ani", "telepon": "0812-5555-1234", "kategori": "IURAN",
                                        "isi": "Iuran", "kode_wilayah": "99.99"})
    assert outside.status_code == 422 and outside.json()["rincian"][0]["kolom"] == "kode_wilayah"
    assert not Complaint.objects.exists()


@pytest.fixture
def cycle(users):
    return factories.open_cycle(users["labour"], factories.programme(users["labour"]))
