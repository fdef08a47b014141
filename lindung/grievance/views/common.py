"""Lookups every complaint page shares: one answer (404) for "absent" and "not yours", so scope cannot
be probed; the ids of complaints received in this browser session (receipt and slip)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from lindung.platform.errors import PermissionDenied

from .. import selectors
from ..models import Complaint

SESSION_KEY = "grievance_received"
KEEP = 20  # the slips a desk officer can still print in this session


def complaint_or_404(request, pk: int) -> Complaint:
    try:
        return selectors.get_complaint(request.user, pk)
    except (Complaint.DoesNotExist, PermissionDenied):
        raise Http404(_("Pengaduan tidak ditemukan dalam cakupan Anda.")) from None


def remember(request, complaint: Complaint) -> None:
    kept = [pk for pk in request.session.get(SESSION_KEY, []) if pk != complaint.pk]
    request.session[SESSION_KEY] = [complaint.pk, *kept][:KEEP]


def remembered(request) -> list[int]:
    return list(request.session.get(SESSION_KEY, []))
