"""The claims panel on the person page (lindung.platform.panels): the person's claims and a link to
their participant page in each programme, for the roles that read claims."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_read_claims
from lindung.platform.panels import Panel, PanelLine, person_panel

from . import selectors

SHOWN = 10


@person_panel
def claims_panel(user, person) -> Panel | None:
    if not can_read_claims(user):
        return None
    participations = list(selectors.visible_participants(user).filter(person=person))
    if not participations:
        return None
    lines = [PanelLine(_("Peserta %(programme)s: klaim dan masa iur") % {"programme": p.programme.name},
                       reverse("claims:participant", args=[p.pk])) for p in participations]
    for claim in selectors.claims_of_person(user, person.pk)[:SHOWN]:
        text = f"{claim.get_kind_display()} · {claim.submitted_on:%d-%m-%Y} · {claim.get_status_display()}"
        lines.append(PanelLine(text, reverse("claims:detail", args=[claim.pk])))
    return Panel(_("Klaim manfaat"), lines)
