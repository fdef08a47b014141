"""The desk: an officer records a complaint said at the counter or on the phone (LISAN) or a letter
(TERTULIS, with its scan), and prints the slip with the ticket number for the reporter."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_receive_complaints
from lindung.platform.errors import PermissionDenied
from lindung.tenants.models import Tenant

from .. import forms, selectors
from ..models import Complaint
from ..services import common, receive
from .common import remember, remembered


def _desk_tenants(user) -> list[Tenant]:
    if user.tenant_id:
        return [user.tenant]
    return list(Tenant.objects.order_by("name"))


@login_required
def new(request):
    if not can_receive_complaints(request.user):
        raise PermissionDenied(_("Peran Anda tidak mencatat pengaduan."))
    form = forms.DeskForm(request.POST or None, request.FILES or None, tenants=_desk_tenants(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            complaint = receive.receive(request.user, tenant=form.cleaned_data["tenant"], received=form.received(),
                                        attachments=form.attachments())
        except common.ComplaintInvalid as exc:
            form.add_service_errors(exc.errors)
        else:
            remember(request, complaint)
            return redirect("grievance:slip", pk=complaint.pk)
    return render(request, "grievance/new.html", {"form": form})


@login_required
def slip(request, pk: int):
    """The slip handed to the reporter: for a complaint the officer may see, or one recorded at this
    desk in this session (a kelurahan officer records complaints that BPJS then handles)."""
    complaint = None
    if pk in remembered(request):
        complaint = Complaint.objects.select_related("handler_agency", "handler_region", "tenant").filter(pk=pk).first()
    if complaint is None:
        try:
            complaint = selectors.get_complaint(request.user, pk)
        except (Complaint.DoesNotExist, PermissionDenied):
            raise Http404(_("Pengaduan tidak ditemukan dalam cakupan Anda.")) from None
    return render(request, "grievance/slip.html", {
        "complaint": complaint, "reporter": selectors.reporter_of(request.user, complaint),
        "track_url": request.build_absolute_uri(reverse("grievance:track")),
    })
