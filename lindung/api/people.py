"""GET /penduduk/{nik}: a resident in the caller's scope (lindung.people.selectors), NIK masked unless the
role may see it; every full NIK given out is in the audit trail."""

from __future__ import annotations

from ninja import Router

from lindung.accounts.permissions import can_reveal_nik
from lindung.audit import services as audit
from lindung.domain import nik as nik_rules
from lindung.domain.billing import money_text
from lindung.people import selectors
from lindung.platform.http import client_ip

from .actions import Action
from .errors import ERRORS, not_found
from .schemas import PersonOut

router = Router(tags=["penduduk"])


def masked_kk(no_kk: str) -> str:
    return nik_rules.mask(no_kk) if no_kk else ""


@router.get("/penduduk/{nik}", response={200: PersonOut, **ERRORS}, summary="Satu penduduk menurut NIK")
def person(request, nik: str):
    digits = nik_rules.normalize(nik)
    if not (digits.isascii() and digits.isdigit() and len(digits) == 16):
        raise not_found()
    found = selectors.visible_persons(request.user).select_related("kelurahan").filter(nik=digits).first()
    if found is None:
        raise not_found()
    full = can_reveal_nik(request.user)
    if full:
        audit.record(request.user, Action.API_PERSON_VIEW, found, ip=client_ip(request))
    return {
        "nik": found.nik if full else found.masked_nik, "no_kk": found.no_kk if full else masked_kk(found.no_kk),
        "nama": found.name, "tempat_lahir": found.birth_place, "tanggal_lahir": found.birth_date,
        "jenis_kelamin": found.sex, "alamat": found.address, "kode_wilayah": found.kelurahan_id, "telepon": found.phone,
        "pekerjaan": found.occupation_id,
        "penghasilan_bulanan": money_text(found.monthly_income) or None,
        "domisili_sejak": found.domicile_since, "disabilitas": found.disability,
    }
