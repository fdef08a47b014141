"""Complaints on the dashboard (registered with lindung.platform.dashboard): what waits for the user's
office, what is late, what was escalated to the head of the labour agency."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_read_complaints, can_receive_complaints, is_labour_agency_head
from lindung.platform.dashboard import Card, InboxItem, cached_count, dashboard_card, inbox_provider

from .models import OPEN_STATUSES, Status
from .selectors import open_counts, visible_complaints


def _reads_complaints(user) -> bool:
    return can_read_complaints(user) and bool(user.tenant_id)


@dashboard_card
def complaint_cards(user) -> list[Card]:
    if not _reads_complaints(user):
        return []
    url = reverse("grievance:worklist")
    late = cached_count(user, "complaints-late", lambda: open_counts(user)["terlambat"])
    return [
        Card(_("Pengaduan terbuka"), cached_count(
            user, "complaints-open", visible_complaints(user).filter(status__in=OPEN_STATUSES).count), url),
        Card(_("Pengaduan terlambat"), late, f"{url}?sla=terlambat", hint=_("Melewati batas hari kerja")),
    ]


@inbox_provider
def complaint_inbox(user) -> list[InboxItem]:
    """Not cached: the inbox must show a complaint the moment it arrives (open complaints are few)."""
    if not _reads_complaints(user) or not can_receive_complaints(user):
        return []
    counts = open_counts(user)
    url = reverse("grievance:worklist")
    items = []
    if counts[Status.DITERIMA]:
        items.append(InboxItem(_("%(n)d pengaduan baru menunggu tanggapan pertama") % {"n": counts[Status.DITERIMA]},
                               f"{url}?sla="))
    if counts[Status.DIBUKA_KEMBALI]:
        items.append(InboxItem(_("%(n)d pengaduan dibuka kembali oleh pelapor") % {"n": counts[Status.DIBUKA_KEMBALI]},
                               url))
    if counts["terlambat"]:
        items.append(InboxItem(_("%(n)d pengaduan melewati batas waktu") % {"n": counts["terlambat"]},
                               f"{url}?sla=terlambat"))
    if counts["hampir"]:
        items.append(InboxItem(_("%(n)d pengaduan hampir jatuh tempo") % {"n": counts["hampir"]}, f"{url}?sla=hampir"))
    if is_labour_agency_head(user) and counts["eskalasi"]:
        items.append(InboxItem(_("%(n)d pengaduan dieskalasi kepada Anda") % {"n": counts["eskalasi"]},
                               f"{url}?eskalasi=1"))
    return items
