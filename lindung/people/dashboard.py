"""The register's cards on the dashboard (registered with lindung.platform.dashboard)."""

from __future__ import annotations

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.platform.dashboard import Card, cached_count, dashboard_card

from .selectors import visible_persons


@dashboard_card
def people_cards(user) -> list[Card]:
    persons = visible_persons(user)
    # Midnight of the first of the month, local time, as an instant: a range over created_at that its index
    # serves (created_at__date would convert every row's time zone before comparing).
    today = timezone.localdate()
    first_of_month = timezone.make_aware(datetime.combine(today.replace(day=1), time.min))
    return [
        Card(_("Penduduk dalam cakupan Anda"), cached_count(user, "persons", persons.count), reverse("people:search")),
        Card(_("Penyandang disabilitas"), cached_count(user, "disabled", persons.filter(disability=True).count),
             hint=_("Prioritas Pasal 5 ayat (2)")),
        Card(_("Didata bulan ini"), cached_count(user, "new", persons.filter(created_at__gte=first_of_month).count)),
    ]
