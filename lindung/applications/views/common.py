"""Lookups every application page shares: one answer (404) for "absent" and "not yours", so scope
cannot be probed."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from lindung.platform.errors import PermissionDenied

from .. import selectors
from ..models import Application, BpjsCheck, BulkUpload, Cycle, Decree


def application_or_404(request, pk: int) -> Application:
    try:
        return selectors.get_application(request.user, pk)
    except (Application.DoesNotExist, PermissionDenied):
        # One answer for "absent" and "not yours": scope cannot be probed.
        raise Http404(_("Usulan tidak ditemukan dalam cakupan Anda.")) from None


def cycle_or_404(request, pk: int) -> Cycle:
    try:
        return selectors.pipeline_cycle(request.user, pk)
    except Cycle.DoesNotExist:
        raise Http404 from None


def check_or_404(request, pk: int) -> BpjsCheck:
    try:
        return selectors.get_check(request.user, pk)
    except BpjsCheck.DoesNotExist:
        raise Http404 from None


def decree_or_404(request, pk: int) -> Decree:
    try:
        return selectors.get_decree(request.user, pk)
    except Decree.DoesNotExist:
        raise Http404 from None


def upload_or_404(request, pk: int) -> BulkUpload:
    try:
        return selectors.get_upload(request.user, pk)
    except BulkUpload.DoesNotExist:
        raise Http404 from None
