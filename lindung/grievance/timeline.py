"""The person page's entries for complaints (lindung.people.timeline): each complaint linked to the
resident, with its category, status and running deadline, for the offices that read it. A sealed
complaint (an illegal levy) never shows on the page of the person it names unless the reader may know
who reported it: the entry alone would give the reporter away."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_read_complaints, can_see_sealed_reporter
from lindung.people.timeline import Entry, timeline_provider

from .selectors import visible_complaints


@timeline_provider
def complaint_entries(user, person) -> list[Entry]:
    if not can_read_complaints(user):
        return []
    complaints = visible_complaints(user).filter(person=person)
    if not can_see_sealed_reporter(user):
        complaints = complaints.filter(sealed=False)
    out = []
    for complaint in complaints.order_by("-received_at")[:50]:
        details = [complaint.get_status_display()]
        if complaint.due_on:
            details.append(_("Batas tanggapan: %(d)s") % {"d": complaint.due_on.strftime("%d-%m-%Y")})
        out.append(Entry(timezone.localtime(complaint.received_at).date(), _("Pengaduan"),
                         f"{complaint.number} · {complaint.get_category_display()}", details,
                         reverse("grievance:detail", args=[complaint.pk])))
    return out
