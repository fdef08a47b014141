"""POST /usulan and GET /usulan/{nomor}: an officer's application (Pasal 6-7) through the same service as
the officer's form (scope, routing, evaluation, audit), and where it stands."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from lindung.accounts.permissions import can_enter_applications
from lindung.applications import selectors
from lindung.applications.models import Application
from lindung.applications.services.status import ApplicationInvalid
from lindung.applications.services.submit import submit_application
from lindung.platform.errors import require

from .errors import ERRORS, invalid, not_found
from .schemas import ApplicationIn, ApplicationOut

router = Router(tags=["usulan"])

# The service's field names -> the contract's JSON names (for errors beside the field at fault).
JSON_NAMES = {"nik": "nik", "no_kk": "no_kk", "name": "nama", "birth_place": "tempat_lahir",
              "birth_date": "tanggal_lahir", "sex": "jenis_kelamin", "address": "alamat", "kelurahan_id": "kode_wilayah",
              "phone": "telepon", "occupation_id": "pekerjaan", "monthly_income": "penghasilan_bulanan",
              "domicile_since": "domisili_sejak", "disability": "disabilitas", "__all__": None}


def as_json(application: Application) -> dict:
    return {
        "nomor": application.reference, "program": application.cycle.programme.code, "tahun": application.cycle.year,
        "nik": application.masked_nik, "nama": application.name, "tanggal_daftar": application.applied_on,
        "status": application.status, "status_teks": application.get_status_display(),
        "keputusan": application.keputusan, "alasan": [f["code"] for f in application.findings],
    }


@router.post("/usulan", response={201: ApplicationOut, **ERRORS}, summary="Ajukan satu usulan (petugas pendata)")
def submit(request, payload: ApplicationIn):
    require(can_enter_applications(request.user), "Peran Anda tidak mendata usulan.")
    today = timezone.localdate()
    cycle = next((c for c in selectors.collecting_cycles(today, request.user) if c.programme.code == payload.program),
                 None)
    if cycle is None:
        raise invalid(_("Program %(code)s tidak sedang membuka pendataan dalam cakupan Anda.") % {"code": payload.program},
                      [{"kolom": "program", "pesan": _("tidak ada siklus yang sedang mendata")}])
    data = {
        "nik": payload.nik, "no_kk": payload.no_kk, "name": payload.nama, "birth_place": payload.tempat_lahir,
        "birth_date": payload.tanggal_lahir, "sex": payload.jenis_kelamin, "address": payload.alamat,
        "kelurahan_id": payload.kode_wilayah, "phone": payload.telepon, "occupation_id": payload.pekerjaan,
        "ktp_occupation": "", "monthly_income": Decimal(payload.penghasilan_bulanan),
        "domicile_since": payload.domisili_sejak, "disability": payload.disabilitas,
    }
    try:
        application = submit_application(request.user, cycle=cycle, data=data, on=today)
    except ApplicationInvalid as exc:
        raise invalid(_("Usulan tidak dapat diterima."),
                      [{"kolom": JSON_NAMES.get(field, field), "pesan": str(message)}
                       for field, message in exc.errors.items()]) from None
    return Status(201, as_json(application))


@router.get("/usulan/{nomor}", response={200: ApplicationOut, **ERRORS}, summary="Status satu usulan")
def application(request, nomor: str):
    found = (selectors.visible_applications(request.user).select_related("cycle__programme")
             .filter(reference=nomor.strip().upper()[:20]).first())
    if found is None:
        raise not_found()
    return as_json(found)
