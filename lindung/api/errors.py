"""Every API error is JSON `{"kode": ..., "pesan": ...}`: a stable code for programs, a message in the
caller's language (Accept-Language: Bahasa Indonesia by default, English through the catalogue), and for
invalid input the fields at fault (`rincian`). Outside the caller's scope is the same 404 as absent."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError


class ErrorOut(Schema):
    kode: str
    pesan: str
    rincian: list[dict] | None = None


class ApiError(Exception):
    def __init__(self, status: int, kode: str, pesan: str, rincian: list[dict] | None = None):
        super().__init__(pesan)
        self.status, self.kode, self.pesan, self.rincian = status, kode, pesan, rincian


def not_found() -> ApiError:
    return ApiError(404, "tidak_ditemukan", _("Data tidak ditemukan dalam cakupan Anda."))


def invalid(pesan: str, rincian: list[dict] | None = None) -> ApiError:
    return ApiError(422, "data_tidak_valid", pesan, rincian)


# Statuses every operation may answer with an error body (declared in the schema, for clients and for
# schemathesis): bad request, no token, no permission, not found, invalid, too many, app not installed.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def install(api) -> None:
    def respond(request, status: int, kode: str, pesan: str, rincian=None):
        body = {"kode": kode, "pesan": pesan}
        if rincian is not None:
            body["rincian"] = rincian
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return respond(request, exc.status, exc.kode, exc.pesan, exc.rincian)

    @api.exception_handler(ValidationError)
    def validation(request, exc: ValidationError):
        details = [{"kolom": _field(e.get("loc", ())), "pesan": _problem(e.get("type", ""))} for e in exc.errors]
        return respond(request, 422, "data_tidak_valid", _("Permintaan tidak sesuai skema."), details)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(request, 401, "tidak_terautentikasi",
                       _("Sertakan token yang berlaku: Authorization: Bearer <token>."))

    @api.exception_handler(Throttled)
    def throttled(request, exc: Throttled):
        response = respond(request, 429, "terlalu_banyak_permintaan",
                           _("Terlalu banyak permintaan; coba lagi nanti."))
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait) + 1)
        return response

    @api.exception_handler(Http404)
    def missing(request, exc):
        return respond(request, 404, "tidak_ditemukan", _("Data tidak ditemukan dalam cakupan Anda."))

    @api.exception_handler(PermissionDenied)
    def refused(request, exc):
        return respond(request, 403, "tidak_berwenang", str(exc) or _("Anda tidak berwenang melakukan tindakan ini."))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        kode = {400: "permintaan_tidak_valid", 405: "metode_tidak_didukung"}.get(exc.status_code, "galat")
        return respond(request, exc.status_code, kode, _("Permintaan tidak dapat diproses."))


PARAMETER_NAMES = {"payload", "filters", "query"}  # the views' parameter names, not the caller's fields


def _field(loc) -> str | None:
    """("body", "payload", "nik") -> "nik"; ("query", "filters", "program") -> "program"."""
    parts = [str(p) for p in loc[1:]]
    if parts and parts[0] in PARAMETER_NAMES:
        parts = parts[1:]
    return ".".join(parts) or None


def _problem(kind: str) -> str:
    """A pydantic error type in the caller's words (pydantic's own messages are English library text)."""
    if kind == "missing":
        return _("wajib diisi")
    if kind.startswith(("date", "datetime")):
        return _("tanggal harus berformat YYYY-MM-DD")
    if kind.startswith(("int", "float", "decimal", "greater", "less")):
        return _("harus angka dalam batas yang diizinkan")
    if kind.startswith(("string_too_long", "too_long")):
        return _("terlalu panjang")
    if kind == "json_invalid":
        return _("isi permintaan bukan JSON yang sah")
    return _("nilai tidak valid")
