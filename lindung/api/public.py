"""The public endpoints (no token): the worker's status check, the same answer as the status page, and
complaints (Pasal 13), received exactly as the public complaint form receives them."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from lindung.applications import worker
from lindung.grievance import selectors as complaints
from lindung.grievance.models import Channel
from lindung.grievance.services.common import ComplaintInvalid
from lindung.grievance.services.receive import Received, receive
from lindung.platform import ratelimit

from .errors import ERRORS, ApiError, invalid, not_found
from .schemas import ComplaintIn, ComplaintOut, StatusOut

router = Router(tags=["publik"], auth=None)


class StatusQuery(Schema):
    nik: str
    tanggal_lahir: date


def _limit(request, scope: str) -> None:
    if not ratelimit.allow(request, scope):
        raise ApiError(429, "terlalu_banyak_permintaan", _("Terlalu banyak permintaan; coba lagi nanti."))


@router.get("/status", response={200: StatusOut, **ERRORS}, summary="Status usulan pekerja (NIK + tanggal lahir)")
def status(request, query: Query[StatusQuery]):
    """The same answer whether the NIK is unknown or the birth date wrong (an empty list), and a per-address
    limit shared with the status page, so that it cannot be used to probe who applied."""
    _limit(request, "status")
    views = worker.status_of(query.nik[:40], query.tanggal_lahir)
    return {"hasil": [
        {"program": v.programme, "tahun": v.year, "nomor": v.reference, "status": v.status, "judul": str(v.title),
         "keterangan": str(v.text), "alasan": [{"kode": r.code, "teks": str(r.text), "pasal": r.cite} for r in v.reasons]}
        for v in views
    ]}


# The API's field names (DESIGN §4) -> the form's, for pointing at the field a refusal is about.
FIELDS = {"text": "isi", "category": "kategori", "nik": "nik", "phone": "telepon", "kelurahan": "kode_wilayah",
          "occupation": "pekerjaan", "tenant": "kode_wilayah"}


def _complaint(found) -> dict:
    return {"nomor": found.number, "status": found.status, "batas_tanggapan": found.response_due}


@router.post("/pengaduan", response={201: ComplaintOut, **ERRORS}, summary="Sampaikan pengaduan")
def complain(request, payload: ComplaintIn):
    """The online channel (DARING), as the public form: the phone number is required (it is how the
    reporter tracks the complaint on the web), the region code picks the government it goes to."""
    _limit(request, "complaint")
    tenant = complaints.tenant_for_region(payload.kode_wilayah)
    try:
        if tenant is None:
            raise ComplaintInvalid({"tenant": _("kode_wilayah wajib diisi dengan kode kelurahan di wilayah "
                                                "pemerintah daerah penerima pengaduan.")})
        created = receive(None, tenant=tenant, received=Received(
            Channel.DARING, payload.kategori.strip().upper(), payload.isi, timezone.now(), name=payload.nama,
            nik=payload.nik, phone=payload.telepon,
            kelurahan=payload.kode_wilayah if payload.kode_wilayah != tenant.region_id else "",
            occupation=payload.pekerjaan))
    except ComplaintInvalid as exc:
        raise invalid(str(exc), [{"kolom": FIELDS.get(k, k), "pesan": str(m)} for k, m in exc.errors.items()]) from None
    return Status(201, _complaint(created))


@router.get("/pengaduan/{nomor}", response={200: ComplaintOut, **ERRORS}, summary="Status pengaduan")
def complaint(request, nomor: str):
    """Number, status and deadline only (never the text or the reporter); rate-limited like the web's
    tracking page, which asks the phone number too because it shows the answer."""
    _limit(request, "track")
    found = complaints.public_complaint(nomor.strip()[:40])
    if found is None:
        raise not_found()
    return _complaint(found)
