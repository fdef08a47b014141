from datetime import date

import pytest

from lindung.accounts.permissions import PermissionDenied
from lindung.audit.models import AuditEvent
from lindung.domain import nik as nik_rules
from lindung.people import services
from lindung.people.models import Person


def valid(**overrides):
    data = dict(nik=nik_rules.make("64.71.01", date(1988, 3, 9), "L", 42), name="Rahmat Hidayat",
                birth_date=date(1988, 3, 9), sex="L", kelurahan_id="64.71.01.1003", occupation_id="nelayan")
    data.update(overrides)
    return data


def test_create_writes_the_audit_trail(users):
    person = services.create_person(users["labour"], **valid())
    event = AuditEvent.objects.get(action="person.create", target_id=str(person.pk))
    assert event.actor == users["labour"] and event.after["name"] == "Rahmat Hidayat"
    assert event.tenant == users["labour"].tenant


def test_nik_birthdate_mismatch_is_kept_as_warning(users):
    person = services.create_person(users["labour"], **valid(birth_date=date(1988, 3, 10)))
    event = AuditEvent.objects.get(action="person.create", target_id=str(person.pk))
    assert event.after["nik_warnings"] == ["TANGGAL_LAHIR_BEDA_NIK"]


def test_invalid_input_lists_every_problem_and_saves_nothing(users):
    with pytest.raises(services.PersonInvalid) as err:
        services.create_person(users["labour"], **valid(nik="123", name=" ", kelurahan_id="64.71.99.9999"))
    assert set(err.value.errors) == {"nik", "name", "kelurahan_id"}
    assert not Person.objects.exists() and not AuditEvent.objects.exists()


def test_update_records_only_what_changed(users):
    person = services.create_person(users["labour"], **valid())
    services.update_person(users["labour"], person=person, phone="081234567890")
    event = AuditEvent.objects.get(action="person.update")
    assert event.before == {"phone": ""} and event.after == {"phone": "081234567890"}


def test_read_only_roles_cannot_edit(users, make_person):
    person = make_person()
    with pytest.raises(PermissionDenied):
        services.update_person(users["auditor"], person=person, phone="0811")


def test_nik_reveal_is_logged_and_refused_to_auditors(users, make_person):
    person = make_person()
    assert services.reveal_nik(users["labour"], person=person) == person.nik
    assert AuditEvent.objects.filter(action="person.nik_view", actor=users["labour"]).count() == 1
    with pytest.raises(PermissionDenied):
        services.reveal_nik(users["auditor"], person=person)
