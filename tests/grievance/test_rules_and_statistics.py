"""The tenant's own rules (overrides, cuti bersama) edited by the administrator, links to what a complaint
concerns (a rejected application shows its decision with the articles), and the statistics."""

from datetime import date

import pytest
from django.urls import reverse

from lindung.applications.models import Application
from lindung.grievance.admin import PolicyOverrideForm
from lindung.grievance.models import DayOff, PolicyOverride
from lindung.grievance.services import handle
from lindung.grievance.statistics import complaint_statistics, statistics_for
from lindung.platform.errors import PermissionDenied

from .conftest import at


def test_the_tenants_cuti_bersama_moves_the_deadline(complain, balikpapan):
    # Received Wed 7 Jan 2026: Thu 8, Fri 9, Mon 12 — unless the city gives Friday 9 off.
    assert complain("IURAN", when=at(2026, 1, 7, 9, 0)).response_due == date(2026, 1, 12)
    DayOff.objects.create(tenant=balikpapan, date=date(2026, 1, 9), name="Cuti bersama daerah (contoh)")
    assert complain("IURAN", when=at(2026, 1, 7, 9, 0)).response_due == date(2026, 1, 13)
    # A day taken back: Isra Mikraj (Fri 16 Jan 2026) worked after all.
    DayOff.objects.create(tenant=balikpapan, date=date(2026, 1, 16), name="Masuk kerja", working_day=True)
    assert complain("IURAN", when=at(2026, 1, 13, 9, 0)).response_due == date(2026, 1, 16)


def test_a_tenant_override_of_routing_and_service_levels(complain, balikpapan):
    PolicyOverride.objects.create(
        tenant=balikpapan, parameter="service_levels", valid_from=date(2026, 1, 10), ref="Kepala Dinas (contoh)",
        value={"default": {"response": 1, "follow_up": 5, "auto_close": 10, "at_risk": 1, "escalate_at": "TERLAMBAT"}})
    assert complain("IURAN", when=at(2026, 1, 9, 9, 0)).response_due == date(2026, 1, 14)  # before: 3 days
    assert complain("IURAN", when=at(2026, 1, 12, 9, 0)).response_due == date(2026, 1, 13)  # from 10 Jan: 1 day


@pytest.mark.parametrize("value, message", [
    ("{KEPESERTAAN: {handler: bpjs}}", "kurang"),
    ("default: {response: 3.5}", "float"),
    ("default: [tidak, yaml", "YAML tidak terbaca"),
])
def test_the_admin_refuses_an_unusable_override(balikpapan, value, message):
    form = PolicyOverrideForm({"tenant": balikpapan.pk, "parameter": "routing" if "KEPESERTAAN" in value else
                               "service_levels", "valid_from": "2026-02-01", "value": value, "ref": "contoh"})
    assert not form.is_valid()
    assert message in str(form.errors)


def test_the_admin_refuses_to_unseal_illegal_levy(balikpapan):
    routing = ("{KEPESERTAAN: {handler: bpjs}, KECELAKAAN_KERJA: {handler: bpjs}, KLAIM_MANFAAT: {handler: bpjs}, "
               "PENDATAAN: {handler: pendataan}, IURAN: {handler: dinas}, LAINNYA: {handler: dinas}, "
               "PUNGLI: {handler: kepala_dinas, sealed: false}}")
    form = PolicyOverrideForm({"tenant": balikpapan.pk, "parameter": "routing", "valid_from": "2026-02-01",
                               "value": routing, "ref": "contoh"})
    assert not form.is_valid() and "PUNGLI harus dirahasiakan" in str(form.errors)
    form = PolicyOverrideForm({"tenant": balikpapan.pk, "parameter": "routing", "valid_from": "2026-02-01",
                               "value": routing.replace("sealed: false", "sealed: true"), "ref": "contoh"})
    assert form.is_valid(), form.errors


def test_the_admin_day_off_page_lists_what_the_package_knows(admin_client, balikpapan):
    page = admin_client.get(reverse("admin:grievance_dayoff_changelist")).content.decode()
    assert "Sudah diketahui dari paket holidays" in page


def test_a_complaint_about_a_rejected_application_shows_the_decision(client, complain, users, make_person):
    from tests.workflow import factories

    programme = factories.programme(users["labour"])
    cycle = factories.open_cycle(users["labour"], programme)
    person = make_person(occupation="pemulung")
    application = Application.objects.create(
        cycle=cycle, reference="U26-TOLAK", nik=person.nik, name=person.name, birth_date=person.birth_date,
        sex=person.sex, kelurahan_id=person.kelurahan_id, occupation_id="pemulung", monthly_income=9_000_000,
        domicile_since=date(2020, 1, 1), applied_on=cycle.collection_start, channel="petugas", territorial=True,
        status=Application.Status.DITOLAK, status_reason="Penghasilan di atas UMK", keputusan="TIDAK_LAYAK",
        findings=[{"code": "PENGHASILAN_TIDAK_DI_BAWAH_UMK", "effect": "TIDAK_LAYAK",
                   "cite": "Pasal 5 ayat (1) huruf f", "message": "Penghasilan tidak di bawah UMK"}],
    )
    complaint = complain("PENDATAAN", application_reference=application.reference)
    assert complaint.application == application and complaint.handled_by == "kelurahan:64.71.01.1001"
    client.force_login(users["lurah"])
    page = client.get(reverse("grievance:detail", args=[complaint.pk])).content.decode()
    assert "U26-TOLAK" in page and "Pasal 5 ayat (1) huruf f" in page and "Penghasilan di atas UMK" in page
    # BPJS may not see that application: the link is not shown to it (after forwarding to BPJS).
    handle.forward(users["lurah"], complaint=complaint, handler="bpjs", reason="tentang kartu")
    client.force_login(users["bpjs"])
    page = client.get(reverse("grievance:detail", args=[complaint.pk])).content.decode()
    assert "U26-TOLAK" not in page and "di luar cakupan Anda" in page


def test_statistics_by_category_channel_status_office_kelurahan_and_service_level(complain, users, balikpapan):
    complain("KEPESERTAAN", kelurahan="64.71.01.1001", when=at(2026, 1, 13, 9, 0))  # breached long ago
    complain("KEPESERTAAN", kelurahan="64.71.01.1001")
    complain("PENDATAAN", occupation="tukang_ojek", channel="TERTULIS")
    answered = complain("IURAN", kelurahan="64.71.06.1001")
    handle.answer(users["labour"], complaint=answered, text="Sudah dibayar.")
    stats = complaint_statistics(balikpapan, start=date(2026, 1, 1), end=date.today())
    assert stats.total == 4 and stats.met == 3 and stats.breached == 1
    assert {r.code: r.count for r in stats.by_category} == {"KEPESERTAAN": 2, "PENDATAAN": 1, "IURAN": 1}
    assert {r.code: r.count for r in stats.by_channel} == {"LISAN": 3, "TERTULIS": 1}
    assert {r.code: r.count for r in stats.by_status} == {"DITERIMA": 3, "DIJAWAB": 1}
    assert {r.code: (r.count, r.met) for r in stats.by_office} == {"bpjs": (2, 1), "dishub": (1, 1), "disnaker": (1, 1)}
    assert {r.code: r.count for r in stats.by_kelurahan} == {"64.71.01.1001": 2, "64.71.06.1001": 1, "": 1}
    # Scoped for an office; the whole tenant for TVEM; nobody's for a worker.
    assert statistics_for(users["bpjs"], start=date(2026, 1, 1), end=date.today()).total == 2
    assert statistics_for(users["tvem"], start=date(2026, 1, 1), end=date.today()).total == 4
    with pytest.raises(PermissionDenied):
        statistics_for(None, start=date(2026, 1, 1), end=date.today())


def test_statistics_page(client, complain, users):
    complain("IURAN")
    client.force_login(users["tvem"])
    page = client.get(reverse("grievance:statistics")).content.decode()
    assert "Menurut kategori" in page and "Iuran" in page
