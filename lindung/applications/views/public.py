"""The worker's own pages, without login: the application form with its live check, the receipt, and the
status page (Perwali 3/2025 Pasal 7)."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.platform import ratelimit

from .. import evaluation, forms, selectors, services, worker


def too_many(request, template: str, context: dict):
    response = render(request, template, {**context, "limited": True})
    response.status_code = 429
    return response


def _public_cycles():
    return list(selectors.collecting_cycles(timezone.localdate()))


def apply(request):
    """The worker's own application (Pasal 7): mobile-friendly, no login, rate-limited, CSRF-protected."""
    cycles = _public_cycles()
    if not cycles:
        return render(request, "applications/apply_closed.html", status=200)
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, cycles=cycles)
    explanation = None
    if request.method == "POST":
        if not ratelimit.allow(request, "apply"):
            return too_many(request, "applications/apply.html", {"form": form})
        if form.is_valid():
            try:
                application = services.submit.submit_application(None, cycle=form.cleaned_data["cycle"], data=form.service_data(),
                                                           documents=form.documents())
            except services.status.ApplicationInvalid as exc:
                form.add_service_errors(exc.errors)
            else:
                request.session["intake_receipt"] = application.pk
                return redirect("applications:applied")
        explanation = _explain_posted(request, cycles)
    return render(request, "applications/apply.html", {"form": form, "explanation": explanation, "cycles": cycles})


def _explain_posted(request, cycles) -> evaluation.Explanation | None:
    """The public evaluation of what was posted (the same as the live check), for pages without JS."""
    cycle = next((c for c in cycles if str(c.pk) == request.POST.get("cycle")), cycles[0])
    row = evaluation.applicant_row({
        "nik": request.POST.get("nik"), "name": request.POST.get("name"), "birth_date": request.POST.get("birth_date"),
        "sex": request.POST.get("sex"), "kelurahan_id": request.POST.get("kelurahan"),
        "occupation_id": request.POST.get("occupation"), "monthly_income": request.POST.get("monthly_income"),
        "domicile_since": request.POST.get("domicile_since"), "disability": bool(request.POST.get("disability")),
        "applied_on": timezone.localdate(),
    })
    return evaluation.explain_public(cycle.programme.ruleset, row, partial=True)


@require_POST
def check(request):
    """The live check the form's script calls as fields are filled (JSON)."""
    if not ratelimit.allow(request, "check"):
        return JsonResponse({"error": _("Terlalu banyak permintaan; coba lagi nanti.")}, status=429)
    cycles = _public_cycles()
    if not cycles:
        return JsonResponse({"error": _("Pendataan sedang tidak dibuka.")}, status=404)
    return JsonResponse(_explain_posted(request, cycles).as_json())


def applied(request):
    application = selectors.receipt(request.session.get("intake_receipt"))
    if application is None:
        return redirect("applications:status")
    explanation = evaluation.for_the_public(application.findings, application.cycle.programme.ruleset)
    return render(request, "applications/applied.html", {"application": application, "explanation": explanation,
                                                    "view": worker.describe(application)})


def status(request):
    """NIK + birth date -> where the worker's applications stand. The same answer whether the NIK is
    unknown or the birth date wrong, and a per-IP limit, so that the page cannot be used to probe."""
    form = forms.StatusForm(request.POST or None)
    views = None
    if request.method == "POST":
        if not ratelimit.allow(request, "status"):
            return too_many(request, "applications/status.html", {"form": forms.StatusForm()})
        if form.is_valid():
            views = worker.status_of(form.cleaned_data["nik"], form.cleaned_data["birth_date"])
    return render(request, "applications/status.html", {"form": form, "views": views})


def applied_receipt(request):
    """The applicant's own receipt (Lampiran II), printable right after applying from this browser."""
    application = selectors.receipt(request.session.get("intake_receipt"))
    if application is None:
        raise Http404(_("Tanda terima hanya tersedia di perangkat yang dipakai mendaftar."))
    data = services.submit.print_letter(None, application=application, kind="tanda-terima")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tanda-terima-{application.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
