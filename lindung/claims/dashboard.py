"""What the claims app puts on the dashboard (lindung.platform.dashboard): the deaths the civil registry
reported with no death claim yet (so the agency can help the heirs claim), and the claims still waiting
for BPJS's decision."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_record_claims
from lindung.platform.dashboard import InboxItem, cached_count, inbox_provider

from . import selectors
from .models import Claim


@inbox_provider
def claims_inbox(user) -> list[InboxItem]:
    if not user.tenant_id or not can_record_claims(user):
        return []
    items = []
    deaths = cached_count(user, "deaths_without_claim", lambda: selectors.deaths_without_claim(user).count())
    if deaths:
        items.append(InboxItem(_("%(n)s peserta meninggal menurut data Disdukcapil belum mempunyai klaim JKM: bantu "
                                 "ahli warisnya mengajukan klaim") % {"n": deaths}, reverse("claims:deaths")))
    waiting = cached_count(user, "claims_waiting",
                           lambda: selectors.visible_claims(user).filter(status=Claim.Status.DIAJUKAN).count())
    if waiting:
        items.append(InboxItem(_("%(n)s klaim manfaat masih diajukan, belum diputuskan BPJS") % {"n": waiting},
                               reverse("claims:list") + "?status=" + Claim.Status.DIAJUKAN))
    return items
