"""What the labour agency has waiting on the dashboard: termination proposals to decide and months
reconciled but not yet agreed or paid (registered with lindung.web.selectors)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_manage_programmes
from lindung.membership.models import TerminationProposal
from lindung.web.selectors import InboxItem, inbox_provider

from .models import BillingMonth


@inbox_provider
def billing_inbox(user) -> list[InboxItem]:
    if not user.tenant_id or not can_manage_programmes(user):
        return []
    items = []
    pending = TerminationProposal.objects.filter(status=TerminationProposal.Status.PROPOSED,
                                                 participant__programme__tenant_id=user.tenant_id).count()
    if pending:
        items.append(InboxItem(_("%(n)s usulan penghentian kepesertaan menunggu keputusan") % {"n": pending},
                               reverse("membership:proposals")))
    months = BillingMonth.objects.filter(programme__tenant_id=user.tenant_id).exclude(
        status=BillingMonth.Status.PAID).exclude(reconciled_at=None).select_related("programme").order_by("month")[:5]
    for bm in months:
        text = (_("Berita acara %(month)s %(code)s belum disepakati") if bm.status == BillingMonth.Status.DRAFT
                else _("Pembayaran %(month)s %(code)s belum dicatat"))
        items.append(InboxItem(text % {"month": bm.period, "code": bm.programme.code},
                               reverse("billing:month", args=[bm.programme_id, str(bm.period)])))
    return items
