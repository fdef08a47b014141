"""Who may do what along an application's way (Perwali 3/2025 Pasal 6-8). Services and selectors ask
these questions; views never test roles themselves.

The lead's lindung.accounts.permissions holds the questions shared by every app; these are the
workflow's own, kept beside it so that the role rules of one capability read in one place.
"""

from __future__ import annotations

from lindung.accounts.models import Role
from lindung.accounts.permissions import can_manage_programmes, is_staff_user, require

# Who may read the whole pipeline of a cycle (counts, lists, files).
PIPELINE_ROLES = {Role.LABOUR, Role.TVEM, Role.BPJS, Role.AUDITOR}
# Who collects data (Pasal 6): agency officers, Camat/Lurah officers, and the labour agency for
# occupations no one else collects.
ENTRY_ROLES = {Role.AGENCY, Role.TERRITORIAL, Role.LABOUR}


def can_enter_applications(user) -> bool:
    return is_staff_user(user) and (user.is_superuser or user.role in ENTRY_ROLES)


def can_see_pipeline(user) -> bool:
    return is_staff_user(user) and (user.is_superuser or user.role in PIPELINE_ROLES)


def can_answer_bpjs(user) -> bool:
    """The BPJS branch answers the candidate check; the labour agency may load an answer it received."""
    return is_staff_user(user) and (user.is_superuser or user.role in {Role.BPJS, Role.LABOUR})


def can_consolidate(user) -> bool:
    """Pasal 8 ayat (3): the verification, evaluation and monitoring team."""
    return is_staff_user(user) and (user.is_superuser or user.role == Role.TVEM)


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
    if user.role == Role.AGENCY:
        return application.agency_id is not None and application.agency_id == user.agency_id
    if user.role == Role.TERRITORIAL:
        return application.territorial and user.region.contains(application.kelurahan_id)
    if user.role == Role.LABOUR:
        return application.agency_id is None and not application.territorial
    return False


def require_same_tenant(user, cycle) -> None:
    if user is not None and not user.is_superuser:
        require(user.tenant_id == cycle.programme.tenant_id, "Siklus ini milik pemerintah daerah lain.")


def require_programme_owner(user, cycle) -> None:
    """The labour agency of the cycle's government runs cycles, decrees and enrolment."""
    require(can_manage_programmes(user), "Hanya Dinas Tenaga Kerja (pengelola program) yang dapat melakukan ini.")
    require_same_tenant(user, cycle)
