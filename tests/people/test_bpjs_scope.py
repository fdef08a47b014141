"""Finding 2 of issue 12: a BPJS officer sees the candidates sent for the BPJS check (and every later
step) and the participants, never the rest of the register: not in lists, not by id, not by NIK reveal."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lindung.applications.models import Application
from lindung.membership.models import MembershipPeriod, Participant
from lindung.people import selectors
from tests.workflow import factories


@pytest.fixture
def register(users, make_person):
    programme = factories.programme(users["labour"])
    cycle = factories.open_cycle(users["labour"], programme)

    def application(person, status):
        return Application.objects.create(
            reference=f"U26-{person.pk:08d}", cycle=cycle, person=person, nik=person.nik, name=person.name,
            birth_date=person.birth_date, sex=person.sex, kelurahan_id=person.kelurahan_id, occupation_id="pemulung",
            monthly_income=1500000, domicile_since=date(2015, 1, 1), applied_on=date.today(), channel="petugas",
            territorial=True, status=status)

    people = {
        "resident": make_person("Ani Warga"),  # in the register only
        "submitted": make_person("Budi Diajukan", sex="L"),
        "verified": make_person("Citra Terverifikasi"),
        "sent": make_person("Dedi Dicek", sex="L"),
        "reserve": make_person("Eka Cadangan"),
        "participant": make_person("Fajar Peserta", sex="L"),
    }
    application(people["submitted"], Application.Status.DIAJUKAN)
    application(people["verified"], Application.Status.DIVERIFIKASI)
    application(people["sent"], Application.Status.CEK_BPJS)
    application(people["reserve"], Application.Status.CADANGAN)
    member = Participant.objects.create(programme=programme, person=people["participant"], kpj="KPJ1")
    MembershipPeriod.objects.create(participant=member, start=date(2025, 4, 1))
    return people


def test_bpjs_sees_candidates_sent_for_checking_and_participants_only(users, register):
    seen = {p.name for p in selectors.visible_persons(users["bpjs"])}
    assert seen == {"Dedi Dicek", "Eka Cadangan", "Fajar Peserta"}
    # The labour agency still sees the whole register.
    assert {p.name for p in selectors.visible_persons(users["labour"])} == {p.name for p in register.values()}
    assert "Ani Warga" not in {p.name for p in selectors.search(users["bpjs"], "Ani Warga")[0]}


def test_bpjs_cannot_open_or_reveal_a_resident_it_was_not_sent(users, register, client):
    client.force_login(users["bpjs"])
    for key in ("resident", "submitted", "verified"):
        person = register[key]
        assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404, key
        assert client.post(reverse("people:reveal_nik", args=[person.pk])).status_code == 404, key
        assert client.get(reverse("people:search"), {"q": person.nik}).content.decode().count(person.name) == 0
    for key in ("sent", "participant"):
        person = register[key]
        assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200, key
        response = client.post(reverse("people:reveal_nik", args=[person.pk]), follow=True)
        assert person.nik in response.content.decode(), key


def test_a_bpjs_officer_of_another_government_sees_none_of_them(register, make_user):
    from lindung.accounts.models import Role
    from lindung.tenants.models import Tenant

    other = make_user("bpjs.smd", Role.BPJS, tenant=Tenant.objects.get(code="samarinda"))
    assert not selectors.visible_persons(other).exists()
