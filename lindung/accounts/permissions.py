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
# Who reads the list of applications, and who works in the verification pages (each its own step).
APPLICATION_READERS = ENTRY_ROLES | {Role.TVEM, Role.AUDITOR}
WORKFLOW_ROLES = ENTRY_ROLES | {Role.TVEM, Role.BPJS}
# Screenings hold every applicant of a file: each officer sees their own (and their scope's); the programme
# owner and the auditor see all of the tenant's.
SCREENING_OVERSEERS = frozenset({Role.DISNAKER, Role.AUDITOR})
# The parties that exchange files of full NIKs (participants, bills, registration) with each other.
FILE_EXCHANGE_ROLES = frozenset({Role.DISNAKER, Role.BPJS})
# Roles that see the whole programme or the audit trail sign in with a second factor (TOTP); so does any
# superuser (docs/SECURITY.md).
MFA_ROLES = frozenset({Role.DISNAKER, Role.BPJS, Role.TVEM, Role.AUDITOR})
TERMINATION_READERS = frozenset({Role.DISNAKER, Role.TVEM, Role.AUDITOR})
# Benefit claims (Pasal 13 ayat (3)): BPJS's officer handles them, the labour agency helps heirs claim;
# both record claims and propose the termination a death claim means. The auditor reads.
CLAIM_ROLES = frozenset({Role.BPJS, Role.DISNAKER})
CLAIM_READERS = CLAIM_ROLES | {Role.AUDITOR}

# Complaints (Pasal 13). A worker may walk into any of these offices: each records what it hears.
COMPLAINT_DESK_ROLES = frozenset({Role.DISNAKER, Role.BPJS, Role.PERANGKAT_DAERAH, Role.KEWILAYAHAN})
# Who reads complaints at all (each within its scope: lindung.grievance.selectors); TVEM reads statistics.
COMPLAINT_READERS = COMPLAINT_DESK_ROLES | {Role.AUDITOR}
# Complaints go through the labour agency (ayat (1)): it forwards any complaint to the right office.
COMPLAINT_HUB_ROLES = frozenset({Role.DISNAKER})
# Complaint statistics of the whole tenant (monitoring and evaluation, Pasal 12).
COMPLAINT_STATISTICS_ROLES = frozenset({Role.DISNAKER, Role.TVEM, Role.AUDITOR})
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


def can_read_participant_letters(user) -> bool:
    """The letter stating a participant's KPJ and coverage: the labour agency issues it, BPJS may print it."""
    return has_role(user, BPJS_CHECK_ROLES)


def can_read_terminations(user) -> bool:
    return has_role(user, TERMINATION_READERS)



def can_record_claims(user) -> bool:
    return is_operator(user) or has_role(user, CLAIM_ROLES)


def can_read_claims(user) -> bool:
    return has_role(user, CLAIM_READERS)


def can_propose_terminations(user) -> bool:
    """A proposal only asks the labour agency to decide: the agency itself, BPJS (whose claims and
    wage-earner lists show a membership must end), and the command-line operator."""
    return is_operator(user) or has_role(user, CLAIM_ROLES)

# --- Complaints (Pasal 13) ----------------------------------------------------------------------------


def is_labour_agency_head(user) -> bool:
    """The head of the labour agency (a labour-agency officer marked `is_head`): complaints are escalated
    to them, they handle sealed (illegal-levy) complaints and may see who reported them."""
    return is_staff_user(user) and not user.is_superuser and user.role == Role.DISNAKER and bool(user.is_head)


def can_see_sealed_reporter(user) -> bool:
    """Who reported an illegal levy: only the head of the labour agency and auditors (never a system
    administrator as such: protecting a whistle-blower is not an administrative convenience)."""
    return is_labour_agency_head(user) or (is_staff_user(user) and not user.is_superuser and user.role == Role.AUDITOR)


def can_read_complaints(user) -> bool:
    return has_role(user, COMPLAINT_READERS)


def can_receive_complaints(user) -> bool:
    return has_role(user, COMPLAINT_DESK_ROLES)


def can_forward_complaints(user) -> bool:
    return has_role(user, COMPLAINT_HUB_ROLES)


def can_import_complaints(user) -> bool:
    """SP4N-LAPOR! exports and desk records are loaded by the labour agency (and the CLI operator)."""
    return is_operator(user) or has_role(user, COMPLAINT_HUB_ROLES)


def can_read_complaint_statistics(user) -> bool:
    return has_role(user, COMPLAINT_STATISTICS_ROLES)


def can_read_screenings(user) -> bool:
    return has_role(user, SCREENING_ROLES | SCREENING_OVERSEERS)


def oversees_screenings(user) -> bool:
    return has_role(user, SCREENING_OVERSEERS)


def can_receive_full_niks(user) -> bool:
    """Exchange files and API answers with full NIKs go to the labour agency and BPJS (each one audited)."""
    return has_role(user, FILE_EXCHANGE_ROLES)


def needs_second_factor(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.is_staff or user.role in MFA_ROLES))


def can_monitor(user) -> bool:
    return has_role(user, MONITORING_ROLES)


def can_refresh_monitoring(user) -> bool:
    """Ask for the monitoring figures to be computed again now (they are recomputed daily anyway)."""
    return is_operator(user) or has_role(user, MONITORING_REFRESH_ROLES)
