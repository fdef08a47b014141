"""Who may act on one application or cycle (Perwali 3/2025 Pasal 6-8). The role groups and the questions
that need no object live in lindung.accounts.permissions; these need the application or the cycle."""

from __future__ import annotations

from lindung.accounts.models import Role
from lindung.accounts.permissions import can_manage_programmes, is_operator, is_staff_user
from lindung.platform.errors import require


def is_responsible_for(user, application) -> bool:
    """Pasal 6-7: the agency the occupation is assigned to, or the Camat/Lurah of the address for
    territorial occupations, verifies. Applications no one is assigned to (an occupation the
    programme does not cover) fall to the labour agency, which runs the programme."""
    if not is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    if user.tenant_id != application.cycle.programme.tenant_id:
        return False
    if user.role == Role.PERANGKAT_DAERAH:
        return application.agency_id is not None and application.agency_id == user.agency_id
    if user.role == Role.KEWILAYAHAN:
        return application.territorial and user.region.contains(application.kelurahan_id)
    if user.role == Role.DISNAKER:
        return application.agency_id is None and not application.territorial
    return False


def require_same_tenant(user, cycle) -> None:
    if user is not None and not is_operator(user) and not user.is_superuser:
        require(user.tenant_id == cycle.programme.tenant_id, "Siklus ini milik pemerintah daerah lain.")


def require_programme_owner(user, cycle) -> None:
    """The labour agency of the cycle's government runs cycles, decrees and enrolment."""
    require(can_manage_programmes(user), "Hanya Dinas Tenaga Kerja (pengelola program) yang dapat melakukan ini.")
    require_same_tenant(user, cycle)


def entry_refusal(user, *, tenant, kelurahan: str, agency_id: int | None,
                  territorial: bool) -> tuple[str, str] | None:
    """Why an officer may not collect this application, as (field, reason), or None when they may: the
    e-KTP address must lie in the government's region and, Pasal 6, an agency officer collects the
    occupations Lampiran I gives their agency, a Camat/Lurah officer the territorial occupations of
    their own kecamatan/kelurahan. The labour agency runs the programme city-wide. The public form (no
    user) and the command-line operator are not officers."""
    if user is None or is_operator(user):
        return None
    if not kelurahan.startswith(tenant.region_id + "."):
        return "kelurahan_id", f"Alamat KTP di luar wilayah {tenant.name}"
    if user.is_superuser or user.role == Role.DISNAKER:
        return None
    if user.role == Role.PERANGKAT_DAERAH:
        if territorial:
            return "occupation_id", "Pekerjaan ini didata Camat/Lurah sesuai alamat KTP, bukan perangkat daerah Anda"
        if agency_id != user.agency_id:
            return "occupation_id", "Pekerjaan ini didata perangkat daerah lain (Lampiran I), bukan perangkat daerah Anda"
        return None
    if user.role == Role.KEWILAYAHAN:
        if not territorial:
            return "occupation_id", ("Pekerjaan ini didata perangkat daerah penanggung jawabnya (Lampiran I), "
                                     "bukan Camat/Lurah")
        if not user.region.contains(kelurahan):
            return "kelurahan_id", "Alamat KTP di luar kecamatan/kelurahan tugas Anda"
        return None
    return "__all__", "Peran Anda tidak mendata usulan"
