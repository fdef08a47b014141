"""The handling office's pages: the worklist (the most urgent deadline first, with counts and filters),
one complaint with its steps, its attachments, and the statistics page."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import (
    can_import_complaints,
    can_read_audit,
    can_receive_complaints,
    can_see_sealed_reporter,
)
from lindung.applications import evaluation
from lindung.applications.models import Application
from lindung.domain import grievance as g
from lindung.platform.errors import PermissionDenied
from lindung.platform.http import client_ip

from .. import forms, lists, selectors, statistics
from ..models import Attachment, Comment, Complaint, Status
from ..permissions import may_forward, may_handle
from ..services import common, handle
from .common import complaint_or_404

REVEALED = "grievance_revealed"
STEP_WORDS = {g.STEP_RESPONSE: gettext_lazy("tanggapan pertama"), g.STEP_FOLLOW_UP: gettext_lazy("tindak lanjut")}


@login_required
def worklist(request):
    today = timezone.localdate()
    listing = lists.worklist(request, selectors.visible_complaints(request.user), today)
    if listing.export_format:
        return listing.export(listing.export_format)
    return render(request, "grievance/worklist.html", {
        "listing": listing, "counts": selectors.open_counts(request.user, today),
        "can_receive": can_receive_complaints(request.user),
        "can_import": can_import_complaints(request.user),
    })


@login_required
def detail(request, pk: int):
    complaint = complaint_or_404(request, pk)
    user = request.user
    acts, forwards = may_handle(user, complaint), may_forward(user, complaint)
    revealed = None
    if complaint.sealed and request.session.pop(REVEALED, None) == complaint.pk:
        revealed = handle.reveal_reporter(user, complaint=complaint, ip=client_ip(request))
    concerns = selectors.concerns(user, complaint)
    rejected = concerns.application is not None and concerns.application.status == Application.Status.DITOLAK
    status = complaint.status
    report = selectors.sla_report(complaint)
    return render(request, "grievance/detail.html", {
        "complaint": complaint, "sla": report, "late_steps": [STEP_WORDS[step] for step in report.late_steps],
        "reporter": revealed or selectors.reporter_of(user, complaint),
        "sealed_for_me": selectors.identity_sealed_for(user, complaint),
        "may_reveal": complaint.sealed and can_see_sealed_reporter(user) and revealed is None,
        "concerns": concerns, "rejection": evaluation.explain(concerns.application.findings) if rejected else None,
        "comments": selectors.comments_of(complaint), "attachments": complaint.attachments.all(),
        "events": selectors.history_of(complaint), "can_read_audit": can_read_audit(user),
        "acts": acts, "forwards": forwards and not complaint.is_closed,
        "may_take_up": acts and status in (Status.DITERIMA, Status.DIBUKA_KEMBALI),
        "may_answer": acts and status in (Status.DITERIMA, Status.DIPROSES, Status.DIBUKA_KEMBALI),
        "may_close": acts and status == Status.DIJAWAB,
        "may_assign": acts and not complaint.is_closed,
        "note_form": forms.NoteForm(), "answer_form": forms.AnswerForm(), "reason_form": forms.ReasonForm(),
        "comment_form": forms.CommentForm(), "attachment_form": forms.AttachmentForm(), "link_form": forms.LinkForm(),
        "assign_form": forms.AssignForm(officers=selectors.officers_for(complaint)) if acts else None,
        "forward_form": forms.ForwardForm(tenant=complaint.tenant) if forwards else None,
    })


def _resolution(user, complaint: Complaint, note: int) -> Comment:
    found = complaint.comments.filter(pk=note).first()
    if found is None:
        raise common.ComplaintInvalid({"comment": _("Catatan tidak ditemukan.")})
    return handle.mark_resolution(user, complaint=complaint, note=found)


def _comment(user, complaint: Complaint, text: str, for_reporter: bool) -> Comment:
    return handle.comment(user, complaint=complaint, text=text, internal=not for_reporter)


def _call(service, **arguments):
    """A step's service, called as `service(user, complaint=..., **the form's fields it names)`."""
    return lambda user, complaint, data: service(user, complaint=complaint,
                                                 **{name: data[field] for name, field in arguments.items()})


# step -> (form, what it does, message on success)
STEPS = {
    "ambil": (forms.NoteForm, _call(handle.take_up, note="note"), gettext_lazy("Pengaduan diproses.")),
    "jawab": (forms.AnswerForm, _call(handle.answer, text="text"),
              gettext_lazy("Jawaban tersimpan dan dapat dibaca pelapor.")),
    "selesai": (forms.NoteForm, _call(handle.close, note="note"), gettext_lazy("Pengaduan dinyatakan selesai.")),
    "buka": (forms.ReasonForm, _call(handle.reopen, reason="reason"), gettext_lazy("Pengaduan dibuka kembali.")),
    "tugaskan": (forms.AssignForm, _call(handle.assign, officer="officer", reason="reason"),
                 gettext_lazy("Petugas penanganan ditunjuk.")),
    "teruskan": (forms.ForwardForm, _call(handle.forward, handler="handler", reason="reason"),
                 gettext_lazy("Pengaduan diteruskan.")),
    "catatan": (forms.CommentForm, lambda u, c, d: _comment(u, c, d["text"], d["for_reporter"]),
                gettext_lazy("Catatan tersimpan.")),
    "penyelesaian": (forms.ResolutionForm, lambda u, c, d: _resolution(u, c, d["comment"]),
                     gettext_lazy("Jawaban penyelesaian ditandai.")),
    "lampiran": (forms.AttachmentForm, _call(handle.attach, upload="file"), gettext_lazy("Lampiran tersimpan.")),
    "tautan": (forms.LinkForm, _call(handle.link, application_reference="application_reference", nik="nik"),
               gettext_lazy("Pengaduan ditautkan.")),
}


@login_required
@require_POST
def act(request, pk: int, step: str):
    complaint = complaint_or_404(request, pk)
    if step == "identitas":
        if not can_see_sealed_reporter(request.user):
            raise PermissionDenied(_("Identitas pelapor pengaduan ini dirahasiakan."))
        request.session[REVEALED] = complaint.pk  # shown once, on the next view, audited there
        return redirect("grievance:detail", pk=pk)
    if step not in STEPS:
        raise Http404
    form_class, run, done = STEPS[step]
    extra = {"officers": selectors.officers_for(complaint)} if step == "tugaskan" else (
        {"tenant": complaint.tenant} if step == "teruskan" else {})
    form = form_class(request.POST, request.FILES, **extra)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("grievance:detail", pk=pk)
    try:
        run(request.user, complaint, form.cleaned_data)
    except common.ComplaintInvalid as exc:
        messages.error(request, "; ".join(exc.errors.values()))
    except common.ComplaintRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
        if not selectors.visible_complaints(request.user).filter(pk=pk).exists():
            return redirect("grievance:worklist")  # forwarded out of the officer's scope
    return redirect("grievance:detail", pk=pk)


@login_required
def attachment(request, pk: int, att: int):
    try:
        found = selectors.get_attachment(request.user, pk, att)
    except (Complaint.DoesNotExist, Attachment.DoesNotExist, PermissionDenied):
        raise Http404(_("Lampiran tidak ditemukan dalam cakupan Anda.")) from None
    stream = handle.open_attachment(request.user, attachment=found, ip=client_ip(request))
    response = FileResponse(stream, content_type=found.content_type)
    name = f"lampiran-{found.complaint.number}-{found.pk}.{found.extension}"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def statistics_page(request):
    today = timezone.localdate()
    initial = {"start": date(today.year, 1, 1), "end": today}
    form = forms.PeriodForm(request.GET or initial)
    period = form.cleaned_data if form.is_valid() else initial
    stats = statistics.statistics_for(request.user, start=period["start"], end=period["end"])
    return render(request, "grievance/statistics.html", {"form": form, "stats": stats})
