"""Reading memberships through the user's programmes (tenant scope, DESIGN.md §3)."""

from django.db.models import QuerySet

from lindung.accounts.permissions import can_read_participant_letters
from lindung.programs.selectors import visible_programmes

from .models import Participant, TerminationProposal


def pending_proposals(user) -> QuerySet[TerminationProposal]:
    return (TerminationProposal.objects.filter(participant__programme__in=visible_programmes(user),
                                               status=TerminationProposal.Status.DIUSULKAN)
            .select_related("participant__person", "participant__programme").order_by("effective_date", "id"))


def letter_participant(user, pk: int):
    """A participant of the user's government whose letter the user may print; None otherwise (404)."""
    if not can_read_participant_letters(user):
        return None
    found = Participant.objects.select_related("programme__tenant", "person").filter(pk=pk)
    if not user.is_superuser:
        found = found.filter(programme__tenant_id=user.tenant_id)
    return found.first()
