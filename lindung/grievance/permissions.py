"""Who may act on one complaint (Pasal 13). The role groups and the questions that need no object live
in lindung.accounts.permissions; these need the complaint.

- The handling office acts: BPJS's officers on complaints routed to BPJS (ayat (3)), an agency's
  officers on those routed to their agency, the Camat/Lurah officer on those routed to a kelurahan in
  their area. A sealed (illegal-levy) complaint handled by the head is the head's alone.
- The head of the labour agency acts on every complaint of the tenant (escalations come to them).
- The labour agency is the hub complaints go through (ayat (1)): its officers forward any complaint
  that is not the head's to the right office.
- Auditors and TVEM members read; they never act.
"""

from __future__ import annotations

from lindung.accounts.models import Role
from lindung.accounts.permissions import can_forward_complaints, is_labour_agency_head, is_staff_user

from .models import Complaint, HandlerKind


def _same_tenant(user, complaint: Complaint) -> bool:
    return is_staff_user(user) and (user.is_superuser and not user.tenant_id or user.tenant_id == complaint.tenant_id)


def in_handling_office(user, complaint: Complaint) -> bool:
    """The user works in the office the complaint is routed to."""
    if not _same_tenant(user, complaint) or user.is_superuser:
        return False
    if complaint.head_only:
        return is_labour_agency_head(user)
    if complaint.handler_kind == HandlerKind.BPJS:
        return user.role == Role.BPJS
    if complaint.handler_kind == HandlerKind.PERANGKAT_DAERAH:
        return user.role in (Role.PERANGKAT_DAERAH, Role.DISNAKER) and user.agency_id == complaint.handler_agency_id
    return user.role == Role.KEWILAYAHAN and user.region.contains(complaint.handler_region_id)


def may_handle(user, complaint: Complaint) -> bool:
    """Take up, answer, close, reopen on the reporter's word, comment, attach, link, assign."""
    return in_handling_office(user, complaint) or (_same_tenant(user, complaint) and is_labour_agency_head(user))


def may_forward(user, complaint: Complaint) -> bool:
    """Send the complaint to another office (with a reason)."""
    if may_handle(user, complaint):
        return True
    return _same_tenant(user, complaint) and can_forward_complaints(user) and not complaint.head_only \
        and not user.is_superuser


def may_be_assigned(officer, complaint: Complaint) -> bool:
    """An officer a complaint can be given to: active, and in its handling office."""
    return bool(officer and officer.is_active) and in_handling_office(officer, complaint)
