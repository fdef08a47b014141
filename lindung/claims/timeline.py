"""The person page's entries for benefit claims (lindung.people.timeline): each claim with its status and
amount, and the participant's claims page in each programme, for the roles that read claims."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_read_claims
from lindung.people.timeline import Entry, timeline_provider

from . import selectors


@timeline_provider
def claim_entries(user, person) -> list[Entry]:
    if not can_read_claims(user):
        return []
    participations = {p.pk: p for p in selectors.visible_participants(user).filter(person=person)}
    out = []
    for claim in selectors.claims_of_person(user, person.pk):
        details = [claim.get_status_display()]
        if claim.amount is not None:
            details.append(_("Jumlah: Rp%(x)s") % {"x": f"{int(claim.amount):,}".replace(",", ".")})
        links = [(_("Klaim dan masa iur peserta"), reverse("claims:participant", args=[claim.participant_id]))] \
            if claim.participant_id in participations else []
        out.append(Entry(claim.submitted_on, _("Klaim"), f"{claim.get_kind_display()} · {claim.event_date:%d-%m-%Y}",
                         details, reverse("claims:detail", args=[claim.pk]), links))
    return out
