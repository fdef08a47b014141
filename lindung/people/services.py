"""Writing people: validation, scope checks and the audit trail in one place."""

from __future__ import annotations

from django.db import transaction

from lindung.accounts.permissions import can_edit_people, can_reveal_nik
from lindung.audit import services as audit
from lindung.domain import nik as nik_rules
from lindung.platform.errors import require
from lindung.regions.selectors import get_village

from .actions import Action
from .models import Person


class PersonInvalid(ValueError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


PERSON_FIELDS = [
    "no_kk", "name", "birth_place", "birth_date", "sex", "address", "kelurahan_id", "phone", "disability",
    "domicile_since", "occupation_id", "monthly_income",
]


def _validate(data: dict) -> list[str]:
    errors: dict[str, str] = {}
    check = nik_rules.check(data.get("nik"), birth_date=data.get("birth_date"), sex=data.get("sex"))
    if not check.is_valid:
        errors["nik"] = "; ".join(e.message for e in check.errors)
    if not (data.get("name") or "").strip():
        errors["name"] = "Nama wajib diisi"
    if data.get("birth_date") is None:
        errors["birth_date"] = "Tanggal lahir wajib diisi"
    if data.get("sex") not in ("L", "P"):
        errors["sex"] = "Jenis kelamin harus L atau P"
    if get_village(data.get("kelurahan_id") or "") is None:
        errors["kelurahan_id"] = "Kode kelurahan/desa tidak dikenal"
    if errors:
        raise PersonInvalid(errors)
    return [w.code for w in check.warnings]


@transaction.atomic
def create_person(actor, **data) -> Person:
    """Create a person; raises PersonInvalid with every problem. NIK warnings are kept, not fatal."""
    require(actor is None or can_edit_people(actor))
    data["nik"] = nik_rules.normalize(data.get("nik"))
    warnings = _validate(data)
    if Person.objects.filter(nik=data["nik"]).exists():
        raise PersonInvalid({"nik": "NIK sudah terdaftar"})
    person = Person(nik=data["nik"], created_by=actor if getattr(actor, "is_authenticated", False) else None)
    for field in PERSON_FIELDS:
        if field in data:
            setattr(person, field, data[field])
    person.save()
    audit.record(actor, Action.PERSON_CREATE, person, after={**audit.snapshot(person), "nik_warnings": warnings})
    return person


@transaction.atomic
def update_person(actor, *, person: Person, **changes) -> Person:
    require(can_edit_people(actor))
    before = audit.snapshot(person)
    for field, value in changes.items():
        if field not in PERSON_FIELDS:
            raise PersonInvalid({field: "tidak dapat diubah"})
        setattr(person, field, value)
    _validate({**audit.snapshot(person), "nik": person.nik, "birth_date": person.birth_date})
    person.save()
    old, new = audit.changed(before, audit.snapshot(person))
    if new:
        audit.record(actor, Action.PERSON_UPDATE, person, before=old, after=new)
    return person


def reveal_nik(actor, *, person: Person, ip: str | None = None) -> str:
    """The full NIK, for roles that need it; every reveal is written to the audit trail."""
    require(can_reveal_nik(actor), "Peran Anda hanya dapat melihat NIK tersamar.")
    audit.record(actor, Action.PERSON_NIK_VIEW, person, ip=ip)
    return person.nik
