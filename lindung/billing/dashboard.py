"""What the labour agency has waiting on the dashboard (termination proposals to decide, months billed
but not yet reconciled, agreed or paid) and the coverage figure every programme role watches
(registered with lindung.platform.dashboard)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_follow_programmes, can_manage_programmes
from lindung.membership.models import MembershipPeriod, Participant, TerminationProposal
from lindung.platform.dashboard import Card, InboxItem, cached_count, dashboard_card, inbox_provider

from .models import BillingMonth
from .selectors import covering


@dashboard_card
def coverage_cards(user) -> list[Card]:
    if not user.tenant_id or not can_follow_programmes(user):
        return []
    today = date.today()
    active = Participant.objects.filter(
        programme__tenant_id=user.tenant_id,
        pk__in=MembershipPeriod.objects.filter(covering(today)).values("participant_id"),
    )
    return [Card(_("Peserta aktif hari ini"), cached_count(user, "participants", active.count),
                 reverse("programs:list"), hint=_("JKK + JKM dibayar pemerintah daerah"))]


@inbox_provider
def billing_inbox(user) -> list[InboxItem]:
    if not user.tenant_id or not can_manage_programmes(user):
        return []
    items = []
    pending = TerminationProposal.objects.filter(status=TerminationProposal.Status.DIUSULKAN,
                                                 participant__programme__tenant_id=user.tenant_id).count()
    if pending:
        items.append(InboxItem(_("%(n)s usulan penghentian kepesertaan menunggu keputusan") % {"n": pending},
                               reverse("membership:proposals")))
    months = BillingMonth.objects.filter(programme__tenant_id=user.tenant_id).exclude(
        status=BillingMonth.Status.DIBAYAR).select_related("programme", "payer").order_by("month", "payer__name")[:5]
    for bm in months:
        if bm.reconciled_at is None:
            text = _("Tagihan BPJS %(month)s %(code)s belum diunggah dan dicocokkan")
        elif bm.status == BillingMonth.Status.DRAF:
            text = _("Berita acara %(month)s %(code)s belum disepakati")
        else:
            text = _("Pembayaran %(month)s %(code)s belum dicatat")
        label = text % {"month": bm.period, "code": bm.programme.code}
        if bm.payer_id != bm.programme.tenant_id:  # a co-funder's bill of the month
            label += " (" + _("pembayar %(payer)s") % {"payer": bm.payer.name} + ")"
        items.append(InboxItem(label,
                               reverse("billing:month", args=[bm.programme_id, str(bm.period)])
                               + f"?pembayar={bm.payer.code}"))
    return items
