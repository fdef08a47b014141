"""Words for the codes figures are counted by (no raw codes on screens where words exist)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from lindung.applications.models import Application
from lindung.domain.rules import reasons as R
from lindung.membership.models import EndReason
from lindung.people.models import Sex
from lindung.tenants.models import Agency, Occupation, Tenant

from ..compute.applications import TERRITORIAL

DIMENSIONS = {
    "pekerjaan": _l("Pekerjaan"),
    "perangkat_daerah": _l("Perangkat daerah penanggung jawab"),
    "jenis_kelamin": _l("Jenis kelamin"),
    "kelompok_umur": _l("Kelompok umur"),
    "disabilitas": _l("Penyandang disabilitas"),
    "miskin_ekstrem": _l("Miskin ekstrem"),
}
DECISIONS = {R.LAYAK: _l("Layak"), R.TIDAK_LAYAK: _l("Tidak layak"), R.PERLU_VERIFIKASI: _l("Perlu verifikasi lapangan"),
             R.DATA_TIDAK_VALID: _l("Data tidak valid"), "": _l("Belum dinilai")}


def status(code: str) -> str:
    try:
        return str(Application.Status(code).label)
    except ValueError:
        return code


def end_reason(code: str) -> str:
    try:
        return str(EndReason(code).label)
    except ValueError:
        return code or _("Tanpa alasan")


def agencies(tenant_ids) -> dict[str, str]:
    names = {a.code: a.short_name or a.name for a in Agency.objects.filter(tenant_id__in=list(tenant_ids))}
    return {**names, TERRITORIAL: _("Camat/Lurah"), "": _("Dinas Tenaga Kerja (tanpa penanggung jawab lain)")}


def tenants() -> dict[str, str]:
    return {t.code: t.name for t in Tenant.objects.all()}


def values_of(dimension: str, tenant_ids=()) -> dict[str, str]:
    """code -> words for the values of a profile dimension."""
    if dimension == "pekerjaan":
        return {**dict(Occupation.objects.values_list("code", "name")), "": _("Tidak tercatat")}
    if dimension == "perangkat_daerah":
        return agencies(tenant_ids)
    if dimension == "jenis_kelamin":
        return {str(k): str(v) for k, v in Sex.choices}
    if dimension in ("disabilitas", "miskin_ekstrem"):
        return {"ya": _("Ya"), "tidak": _("Tidak")}
    if dimension == "pembayar":
        return {**tenants(), "": _("Belum ada sumber dana")}
    return {}
