"""Reading memberships through the user's programmes (tenant scope, DESIGN.md §3)."""

from django.db.models import QuerySet

from lindung.programs.selectors import visible_programmes

from .models import TerminationProposal


def pending_proposals(user) -> QuerySet[TerminationProposal]:
    return (TerminationProposal.objects.filter(participant__programme__in=visible_programmes(user),
                                               status=TerminationProposal.Status.DIUSULKAN)
            .select_related("participant__person", "participant__programme").order_by("effective_date", "id"))
