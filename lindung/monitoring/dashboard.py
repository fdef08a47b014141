"""The monitoring card on the dashboard (registered with lindung.platform.dashboard): where the TVEM's
figures are, and how fresh they are."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_monitor
from lindung.platform.dashboard import Card, dashboard_card

from .selectors.figures import latest_snapshot


@dashboard_card
def monitoring_card(user) -> list[Card]:
    if not user.tenant_id or not can_monitor(user):
        return []
    snapshot = latest_snapshot()
    hint = (_("Angka per %(date)s") % {"date": date_format(snapshot.as_of)}) if snapshot else _("Belum dihitung")
    return [Card(_("Monitoring dan evaluasi"), _("Buka"), reverse("monitoring:programme"), hint=hint)]
