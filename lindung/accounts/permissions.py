"""What each role may do. Views, API and CLI ask these questions; they never test roles themselves."""

from .models import Role

# Roles that work with identities and therefore may reveal a full NIK (each reveal is audited).
NIK_REVEAL_ROLES = {Role.AGENCY, Role.TERRITORIAL, Role.LABOUR, Role.BPJS}
# Roles that see every person of their tenant (no agency/territory restriction).
TENANT_WIDE_ROLES = {Role.TVEM, Role.LABOUR, Role.BPJS, Role.AUDITOR}
READ_ONLY_ROLES = {Role.AUDITOR, Role.TVEM}


class PermissionDenied(Exception):
    """Raised by services when a user may not do what they ask; views turn it into HTTP 403."""


def is_staff_user(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or (user.role and user.tenant_id)))


def can_reveal_nik(user) -> bool:
    return user.is_superuser or user.role in NIK_REVEAL_ROLES


def can_edit_people(user) -> bool:
    return user.is_superuser or user.role in {Role.AGENCY, Role.TERRITORIAL, Role.LABOUR}


def can_read_audit(user) -> bool:
    return user.is_superuser or user.role in {Role.AUDITOR, Role.LABOUR}


def can_manage_programmes(user) -> bool:
    return user.is_superuser or user.role == Role.LABOUR


def require(condition: bool, message: str = "Anda tidak berwenang melakukan tindakan ini.") -> None:
    if not condition:
        raise PermissionDenied(message)


# Bulk screening and reference datasets (lindung.engine). Screening reads every applicant of a file, so it
# belongs to the roles that collect or consolidate data; the poverty and BPJS extracts are loaded by the
# programme owner, and BPJS officers may load their own registry extract.
SCREENING_ROLES = {Role.AGENCY, Role.TERRITORIAL, Role.TVEM, Role.LABOUR}
REFERENCE_DATA_READERS = {Role.LABOUR, Role.BPJS, Role.TVEM}


def can_screen(user) -> bool:
    return is_staff_user(user) and (user.is_superuser or user.role in SCREENING_ROLES)


def can_view_reference_data(user) -> bool:
    return is_staff_user(user) and (user.is_superuser or user.role in REFERENCE_DATA_READERS)


def can_import_reference_data(user, kind: str) -> bool:
    return is_staff_user(user) and (user.is_superuser or user.role == Role.LABOUR or (user.role == Role.BPJS and kind == "bpjs"))
