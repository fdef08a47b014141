"""Which residents a BPJS officer may open (registered with lindung.people.selectors.partner_scope): the
candidates sent to BPJS for the check of Pasal 8 ayat (2) and every later step, and the participants of
the tenant's programmes. Nobody else of the register: BPJS has no business with a resident the
government never asked it about."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from lindung.membership.models import Participant
from lindung.people.selectors import partner_scope

from .models import Application
from .selectors import BPJS_VISIBLE


@partner_scope
def bpjs_candidates_and_participants(user) -> Q:
    candidates = Application.objects.filter(person=OuterRef("pk"), status__in=BPJS_VISIBLE,
                                            cycle__programme__tenant_id=user.tenant_id)
    participants = Participant.objects.filter(person=OuterRef("pk"), programme__tenant_id=user.tenant_id)
    return Q(Exists(candidates)) | Q(Exists(participants))
