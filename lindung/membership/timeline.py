"""The person page's entries for membership: each programme of the reader's government the person is a
participant of, with KPJ, coverage dates and why it ended (Pasal 10)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_read_participant_letters
from lindung.people.timeline import Entry, timeline_provider

from .models import Participant


@timeline_provider
def membership_entries(user, person) -> list[Entry]:
    participants = Participant.objects.filter(person=person).select_related("programme").prefetch_related("periods")
    if not user.is_superuser:
        participants = participants.filter(programme__tenant_id=user.tenant_id)
    out = []
    for participant in participants:
        for period in participant.periods.all():
            if period.end:
                title = _("Peserta %(p)s, %(s)s s.d. %(e)s (%(r)s)") % {
                    "p": participant.programme.name, "s": period.start.strftime("%d-%m-%Y"),
                    "e": period.end.strftime("%d-%m-%Y"), "r": period.get_end_reason_display()}
            else:
                title = _("Peserta %(p)s sejak %(s)s") % {"p": participant.programme.name,
                                                           "s": period.start.strftime("%d-%m-%Y")}
            links = []
            if can_read_participant_letters(user):
                links.append((_("Surat keterangan kepesertaan"), reverse("membership:letter", args=[participant.pk])))
            out.append(Entry(period.start, _("Kepesertaan"), title,
                             [_("KPJ %(k)s") % {"k": participant.kpj or "-"}], links=links))
    return out
