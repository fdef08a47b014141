"""What each role may do: the one place role groups are named (DESIGN §3). Services, selectors, views,
API and CLI ask these questions; nothing else tests `user.role` against a set of roles.

Actors: a `User` (web, API, or `--pengguna` on the command line), the command-line `Operator` (the
server account running `lindung` without `--pengguna`: it has the database in hand anyway, so it may
run programme and money commands, and the audit trail names it), or `None` for a worker on a public
page.
"""

from __future__ import annotations

import getpass

from lindung.platform.errors import PermissionDenied, require  # noqa: F401 - the errors services raise

from .models import Role

# --- Role groups ------------------------------------------------------------------------------------

ALL_ROLES = frozenset(Role)
# Roles that see every person and application of their tenant (no agency/territory restriction).
TENANT_WIDE_ROLES = frozenset({Role.TVEM, Role.DISNAKER, Role.BPJS, Role.AUDITOR})
# Roles that follow a programme through its steps, money included (pipeline counts, budget, coverage).
PROGRAMME_ROLES = TENANT_WIDE_ROLES
# Roles that collect data (Pasal 6): agency officers, Camat/Lurah officers, and the labour agency for
# occupations no one else collects.
ENTRY_ROLES = frozenset({Role.PERANGKAT_DAERAH, Role.KEWILAYAHAN, Role.DISNAKER})
# Roles that work with identities and therefore may reveal a full NIK (each reveal is audited).
NIK_REVEAL_ROLES = frozenset({Role.PERANGKAT_DAERAH, Role.KEWILAYAHAN, Role.DISNAKER, Role.BPJS})
READ_ONLY_ROLES = frozenset({Role.AUDITOR, Role.TVEM})
AUDIT_READERS = frozenset({Role.AUDITOR, Role.DISNAKER})
# The parties of the candidate check with BPJS (Pasal 8 ayat (2)).
BPJS_CHECK_ROLES = frozenset({Role.BPJS, Role.DISNAKER})
# Bulk screening reads every applicant of a file, so it belongs to the roles that collect or
# consolidate data; the poverty and BPJS extracts are loaded by the programme owner, and BPJS officers
# may load their own registry extract.
SCREENING_ROLES = frozenset({Role.PERANGKAT_DAERAH, Role.KEWILAYAHAN, Role.TVEM, Role.DISNAKER})
REFERENCE_DATA_READERS = frozenset({Role.DISNAKER, Role.BPJS, Role.TVEM})
BILLING_ROLES = frozenset({Role.DISNAKER, Role.BPJS, Role.AUDITOR})
TERMINATION_READERS = frozenset({Role.DISNAKER, Role.TVEM, Role.AUDITOR})
# Pasal 12: the TVEM monitors and evaluates; the labour agency runs the programme; auditors read. The
# same roles of a province tenant see the aggregates of its kab/kota.
MONITORING_ROLES = frozenset({Role.TVEM, Role.DISNAKER, Role.AUDITOR})
MONITORING_REFRESH_ROLES = frozenset({Role.TVEM, Role.DISNAKER})


# --- Actors -----------------------------------------------------------------------------------------


class Operator:
    """The server account running a `lindung` command without `--pengguna`."""

    is_authenticated = False
    is_superuser = False
    role = ""
    tenant_id = agency_id = region_id = pk = None

    def __init__(self, name: str | None = None):
        try:
            login = name or getpass.getuser()
        except (KeyError, OSError):  # no login name in a container
            login = "tanpa-nama"
        self.name = f"cli:{login}"

    def __str__(self) -> str:
        return self.name


def is_operator(actor) -> bool:
    return isinstance(actor, Operator)


def is_staff_user(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or (user.role and user.tenant_id)))


def has_role(user, roles: frozenset) -> bool:
    """A signed-in officer of one of `roles` (a superuser has every role)."""
    return is_staff_user(user) and (user.is_superuser or user.role in roles)


# --- Questions ----------------------------------------------------------------------------------------


def is_tenant_wide(user) -> bool:
    return has_role(user, TENANT_WIDE_ROLES)


def can_reveal_nik(user) -> bool:
    return has_role(user, NIK_REVEAL_ROLES)


def can_edit_people(user) -> bool:
    return has_role(user, ENTRY_ROLES)


def can_read_audit(user) -> bool:
    return has_role(user, AUDIT_READERS)


def can_manage_programmes(user) -> bool:
    """The labour agency runs programmes, cycles, decrees, enrolment and money (and the CLI operator)."""
    return is_operator(user) or has_role(user, {Role.DISNAKER})


def can_follow_programmes(user) -> bool:
    return has_role(user, PROGRAMME_ROLES)


def can_enter_applications(user) -> bool:
    return has_role(user, ENTRY_ROLES)


def can_see_pipeline(user) -> bool:
    return has_role(user, PROGRAMME_ROLES)


def can_answer_bpjs(user) -> bool:
    """The BPJS branch answers the candidate check; the labour agency may load an answer it received."""
    return has_role(user, BPJS_CHECK_ROLES)


def can_consolidate(user) -> bool:
    """Pasal 8 ayat (3): the verification, evaluation and monitoring team."""
    return has_role(user, {Role.TVEM})


def can_screen(user) -> bool:
    return has_role(user, SCREENING_ROLES)


def can_view_reference_data(user) -> bool:
    return has_role(user, REFERENCE_DATA_READERS)


def can_import_reference_data(user, kind: str) -> bool:
    return has_role(user, {Role.DISNAKER}) or (has_role(user, {Role.BPJS}) and kind == "bpjs")


def can_read_billing(user) -> bool:
    return has_role(user, BILLING_ROLES)


def can_read_terminations(user) -> bool:
    return has_role(user, TERMINATION_READERS)


def can_monitor(user) -> bool:
    return has_role(user, MONITORING_ROLES)


def can_refresh_monitoring(user) -> bool:
    """Ask for the monitoring figures to be computed again now (they are recomputed daily anyway)."""
    return is_operator(user) or has_role(user, MONITORING_REFRESH_ROLES)
