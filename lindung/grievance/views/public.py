"""The worker's complaint pages, without login (Pasal 13): the mobile form `/pengaduan/`, its receipt
with the ticket number, and tracking by ticket number + phone number (minimal disclosure), where the
reporter accepts the answer or reopens the complaint. Rate-limited per IP, CSRF-protected."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.platform import ratelimit

from .. import forms, selectors
from ..models import Complaint
from ..services import common, receive, reporter
from .common import remember, remembered

TRACKED = "grievance_tracked"


def too_many(request, template: str, context: dict):
    response = render(request, template, {**context, "limited": True})
    response.status_code = 429
    return response


def complain(request):
    form = forms.ComplaintForm(request.POST or None, request.FILES or None, tenants=selectors.public_tenants())
    if request.method == "POST":
        if not ratelimit.allow(request, "complaint"):
            return too_many(request, "grievance/complain.html", {"form": form})
        if form.is_valid():
            try:
                complaint = receive.receive(None, tenant=form.cleaned_data["tenant"], received=form.received(),
                                            attachments=form.attachments())
            except common.ComplaintInvalid as exc:
                form.add_service_errors(exc.errors)
            else:
                remember(request, complaint)
                return redirect("grievance:sent")
    return render(request, "grievance/complain.html", {"form": form})


def sent(request):
    found = selectors.receipt(remembered(request)[:1])
    if not found:
        return redirect("grievance:track")
    return render(request, "grievance/sent.html", {"complaint": found[0], "view": selectors.tracked_view(found[0])})


def track(request):
    form = forms.TrackForm(request.POST or None)
    view = None
    if request.method == "POST":
        if not ratelimit.allow(request, "track"):
            return too_many(request, "grievance/track.html", {"form": forms.TrackForm()})
        if form.is_valid():
            found = selectors.track(form.cleaned_data["number"], form.cleaned_data["phone"])
            request.session[TRACKED] = found.pk if found else None
            view = selectors.tracked_view(found) if found else False
    elif request.session.get(TRACKED):
        # Back from a reply: the complaint this browser proved it may follow.
        found = Complaint.objects.filter(pk=request.session[TRACKED]).first()
        view = selectors.tracked_view(found) if found else None
    return render(request, "grievance/track.html", {"form": form, "view": view, "reply_form": forms.ReplyForm()})


@require_POST
def reply(request):
    """Accept the answer or reopen: only for the complaint this session found by number and phone."""
    complaint = Complaint.objects.filter(pk=request.session.get(TRACKED) or 0).first()
    if complaint is None:
        messages.error(request, _("Lacak pengaduan Anda terlebih dahulu dengan nomor pengaduan dan nomor telepon."))
        return redirect("grievance:track")
    form = forms.ReplyForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "terima":
                reporter.accept_answer(complaint=complaint)
                messages.success(request, _("Terima kasih. Pengaduan Anda dinyatakan selesai."))
            else:
                reporter.reopen(complaint=complaint, reason=form.cleaned_data["reason"])
                messages.success(request, _("Pengaduan Anda dibuka kembali dan akan ditindaklanjuti."))
        except common.ComplaintInvalid as exc:
            messages.error(request, "; ".join(exc.errors.values()))
        except common.ComplaintRefused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Pilih tanggapan Anda atas jawaban."))
    return redirect("grievance:track")
