"""The person page's entries for money: the months the Pemda billed the person's contributions, per
programme, for the roles that follow the bills."""

from __future__ import annotations

from django.db.models import Count, Max, Min, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_read_billing
from lindung.people.timeline import Entry, timeline_provider

from .models import BillingMonth, BillLine


@timeline_provider
def billing_entries(user, person) -> list[Entry]:
    if not can_read_billing(user):
        return []
    lines = BillLine.objects.filter(participant__person=person)
    if not user.is_superuser:
        lines = lines.filter(billing_month__programme__tenant_id=user.tenant_id)
    out = []
    summary = (lines.values("billing_month__programme_id", "billing_month__programme__name")
               .annotate(first=Min("billing_month__month"), last=Max("billing_month__month"), months=Count("id"),
                         amount=Sum("amount"), paid=Count("id", filter=Q(billing_month__status=BillingMonth.Status.DIBAYAR))))
    for row in summary:
        out.append(Entry(
            row["last"], _("Tagihan"),
            _("%(p)s: %(n)d bulan ditagih (%(a)s s.d. %(b)s), %(paid)d bulan sudah dibayar") % {
                "p": row["billing_month__programme__name"], "n": row["months"], "paid": row["paid"],
                "a": row["first"].strftime("%m-%Y"), "b": row["last"].strftime("%m-%Y")},
            [_("Jumlah iuran: Rp%(x)s") % {"x": f"{int(row['amount']):,}".replace(",", ".")}],
            reverse("billing:months") + f"?program={row['billing_month__programme_id']}",
        ))
    return out
