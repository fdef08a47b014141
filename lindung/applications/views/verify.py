"""The verifier's worklist and decisions (Perwali 3/2025 Pasal 7 ayat (2))."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import (
    can_enter_applications,
    can_see_pipeline,
)
from lindung.domain.rules import reasons as R
from lindung.platform.files import TableError
from lindung.platform.listing import selected_ids

from .. import evaluation, forms, lists, selectors, services
from ..models import Application
from .common import application_or_404

STEP_ERRORS = (services.status.StepRefused, services.status.TransitionRefused, TableError)


@login_required
def inbox(request):
    user = request.user
    context = {"worklist": None, "cycles": None}
    if can_enter_applications(user):
        waiting = selectors.worklist(user)
        listing = lists.worklist(request, waiting)
        if listing.export_format:
            return listing.export(listing.export_format)
        context["worklist"] = listing
        context["eligible"] = waiting.filter(keputusan=R.LAYAK).count()
        context["ineligible"] = waiting.filter(keputusan=R.TIDAK_LAYAK).count()
    if can_see_pipeline(user):
        context["cycles"] = [(c, selectors.pipeline(user, c)) for c in selectors.visible_cycles(user)[:10]]
    return render(request, "applications/inbox.html", context)


# What each bulk decision acts on, and what it does, in the words of the confirmation page.
BULK = {
    "setujui": (R.LAYAK, _("Menyetujui (memverifikasi) usulan yang dinilai memenuhi syarat. Usulan lanjut ke "
                           "pemeriksaan BPJS; keputusan ini tidak dapat dibatalkan dari halaman ini.")),
    "tolak": (R.TIDAK_LAYAK, _("Menolak usulan yang dinilai tidak memenuhi syarat. Setiap pemohon menerima "
                               "alasannya sendiri: kriteria yang tidak terpenuhi beserta pasalnya. Penolakan tidak "
                               "dapat dibatalkan.")),
}
SHOWN_ON_CONFIRMATION = 200


@login_required
@require_POST
def decide_all(request, which: str):
    """Approve the LAYAK, or reject the TIDAK_LAYAK (each with its own failed criteria and articles), among
    the ticked applications of the worklist — or the whole worklist when none is ticked — after a
    confirmation page that says what will happen and to how many."""
    if which not in BULK:
        raise Http404
    keputusan, consequence = BULK[which]
    waiting = selectors.worklist(request.user)
    ids = selected_ids(request)
    chosen = waiting.filter(pk__in=ids) if ids else waiting
    target = chosen.filter(keputusan=keputusan)
    if request.POST.get("konfirmasi") != "ya":
        count = target.count()
        rows = [(a, evaluation.explain(a.findings).problems) for a in target[:SHOWN_ON_CONFIRMATION]]
        return render(request, "applications/confirm_bulk.html", {
            "which": which, "consequence": consequence, "count": count, "rows": rows, "ids": ids,
            "skipped": chosen.count() - count, "more": max(0, count - SHOWN_ON_CONFIRMATION),
        })
    if which == "setujui":
        n = services.verify.approve_eligible(request.user, applications=chosen)
        messages.success(request, _("%(n)d usulan yang memenuhi syarat terverifikasi.") % {"n": n})
    else:
        n = services.verify.reject_ineligible(request.user, applications=chosen)
        messages.success(request, _("%(n)d usulan yang tidak memenuhi syarat ditolak dengan alasan dan pasalnya.") % {"n": n})
    return redirect("applications:inbox")


def _decide(request, pk: int, form_class, action, success: str):
    application = application_or_404(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Lengkapi isian: %(errors)s") % {"errors": "; ".join(
            str(e) for errors in form.errors.values() for e in errors)})
        return redirect("applications:detail", pk=pk)
    try:
        action(request.user, application, form.cleaned_data)
    except STEP_ERRORS as exc:
        messages.error(request, str(exc))
        return redirect("applications:detail", pk=pk)
    messages.success(request, success % {"ref": application.reference})
    return redirect("applications:inbox") if application.status != Application.Status.DIAJUKAN \
        else redirect("applications:detail", pk=pk)


@login_required
@require_POST
def approve(request, pk: int):
    return _decide(request, pk, forms.ApproveForm, lambda u, a, d: services.verify.approve(u, application=a, note=d["note"]),
                   _("Usulan %(ref)s terverifikasi."))


@login_required
@require_POST
def reject(request, pk: int):
    return _decide(request, pk, forms.RejectForm, lambda u, a, d: services.verify.reject(u, application=a, reason=d["reason"]),
                   _("Usulan %(ref)s ditolak."))


@login_required
@require_POST
def send_back(request, pk: int):
    return _decide(request, pk, forms.SendBackForm, lambda u, a, d: services.verify.send_back(u, application=a, reason=d["reason"]),
                   _("Usulan %(ref)s dikembalikan untuk perbaikan."))


@login_required
@require_POST
def field_visit(request, pk: int):
    return _decide(request, pk, forms.FieldVisitForm, lambda u, a, d: services.verify.record_field_visit(
        u, application=a, on=d["on"], confirms=d["confirms"], note=d["note"]), _("Hasil verifikasi lapangan %(ref)s tersimpan."))


@login_required
@require_POST
def occupation(request, pk: int):
    return _decide(request, pk, forms.OccupationForm, lambda u, a, d: services.verify.set_collected_occupation(
        u, application=a, occupation_code=d["occupation"].code, note=d["note"]), _("Pekerjaan hasil pendataan %(ref)s tersimpan."))
