"""The public endpoints (no token): the worker's status check, the same answer as the status page, and
complaints.

Complaints belong to the `lindung.grievance` app. These two endpoints call the interface it is expected to
offer, and answer 503 with a clear message while it is not installed (docs/API.md "Complaints"):
- `lindung.grievance.services.submit_complaint(None, *, data: dict) -> Complaint`, `data` holding the
  contract's names (nama, nik, telepon, kode_wilayah, pekerjaan, kategori, isi) and `saluran="DARING"`;
  raises a ValueError subclass with a message in Bahasa Indonesia for a complaint it refuses;
- `lindung.grievance.selectors.public_complaint(number: str) -> Complaint | None`;
- a Complaint has `number`, `status` (a code) and `response_due` (a date).
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from lindung.applications import selectors, worker
from lindung.platform import ratelimit

from .errors import ERRORS, ApiError, ErrorOut, invalid, not_found
from .schemas import ComplaintIn, ComplaintOut, StatusOut

router = Router(tags=["publik"], auth=None)
PUBLIC_ERRORS = {**ERRORS, 503: ErrorOut}


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
    views = [worker.describe(a) for a in selectors.for_worker(query.nik[:40], query.tanggal_lahir)]
    return {"hasil": [
        {"program": v.programme, "tahun": v.year, "nomor": v.reference, "status": v.status, "judul": str(v.title),
         "keterangan": str(v.text), "alasan": [{"kode": r.code, "teks": str(r.text), "pasal": r.cite} for r in v.reasons]}
        for v in views
    ]}


def _grievance():
    if not apps.is_installed("lindung.grievance"):
        raise ApiError(503, "layanan_belum_tersedia",
                       _("Layanan pengaduan belum dipasang pada server ini; sampaikan pengaduan ke Dinas Tenaga Kerja."))
    from lindung.grievance import selectors as complaint_selectors
    from lindung.grievance import services as complaint_services

    return complaint_services, complaint_selectors


def _complaint(found) -> dict:
    return {"nomor": found.number, "status": found.status, "batas_tanggapan": found.response_due}


@router.post("/pengaduan", response={201: ComplaintOut, **PUBLIC_ERRORS}, summary="Sampaikan pengaduan")
def complain(request, payload: ComplaintIn):
    services, _selectors = _grievance()
    _limit(request, "complaint")
    try:
        created = services.submit_complaint(None, data={**payload.dict(), "saluran": "DARING"})
    except ValueError as exc:
        raise invalid(str(exc)) from None
    return Status(201, _complaint(created))


@router.get("/pengaduan/{nomor}", response={200: ComplaintOut, **PUBLIC_ERRORS}, summary="Status pengaduan")
def complaint(request, nomor: str):
    _services, complaint_selectors = _grievance()
    _limit(request, "status")
    found = complaint_selectors.public_complaint(nomor.strip()[:40])
    if found is None:
        raise not_found()
    return _complaint(found)
