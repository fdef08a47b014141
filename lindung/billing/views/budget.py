"""A programme's budget year (Pasal 14): funding sources (added here by the labour agency), the assignment
of participants to them (the optimiser, as a background job, with each participant's reason), realisation
from the payments recorded, the year's need and shortfall, and next year's projection. The figures are
`lindung.billing.budget`'s, the same as `lindung program budget --out`."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_manage_programmes
from lindung.jobs import services as jobs
from lindung.jobs.models import Job
from lindung.membership import selectors as membership
from lindung.membership.allocation import year_pool
from lindung.membership.jobs import FUNDING_JOB
from lindung.membership.models import FundingAssignment
from lindung.platform.charts import grouped_bars
from lindung.platform.errors import PermissionDenied, require
from lindung.programs import services as programs
from lindung.programs.models import Programme
from lindung.programs.selectors import funding_sources, get_programme

from .. import budget as figures
from ..forms import FundingSourceForm, cleaned


def _programme(request, pk: int) -> Programme:
    try:
        return get_programme(request.user, pk)
    except (Programme.DoesNotExist, PermissionDenied):
        raise Http404(_("Program tidak ditemukan dalam cakupan Anda.")) from None


def _years(programme: Programme) -> list[int]:
    return sorted({programme.year, date.today().year, *programme.funding_sources.values_list("year", flat=True)})


def _year(request, programme: Programme) -> int:
    """The year asked for; by default the latest budget year up to this one that has funding sources."""
    text = request.GET.get("tahun") or request.POST.get("tahun") or ""
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    funded = [y for y in programme.funding_sources.values_list("year", flat=True) if y <= date.today().year]
    return max(funded, default=programme.year)


@login_required
def budget(request, pk: int):
    programme = _programme(request, pk)
    year = _year(request, programme)
    pool = year_pool(programme, year, funding_sources(programme, year))  # read once for the need and the shortfall
    b = figures.budget(programme, year, with_need=True, pool=pool)
    chart = grouped_bars(
        [(line.label, [line.budget, line.need or 0, line.realised]) for line in [*b.sources, b.unassigned]],
        [("bar alloc", _("Pagu")), ("bar need", _("Kebutuhan setahun")), ("bar paid", _("Realisasi (SP2D)"))],
    )
    months = figures.month_realisation(programme, year)
    month_chart = grouped_bars([(str(m), [paid, agreed]) for m, paid, agreed in months],
                               [("bar paid", _("Dibayar (SP2D)")), ("bar committed", _("Disepakati, belum dibayar"))])
    ahead = figures.next_year(programme, year)
    projection = grouped_bars([(str(p.month), [p.amount]) for p in ahead.months], [("bar alloc", _("Proyeksi iuran"))])
    manage = can_manage_programmes(request.user)
    return render(request, "billing/budget.html", {
        "programme": programme, "budget": b, "year": year, "years": _years(programme), "chart": chart,
        "month_chart": month_chart, "next": ahead, "projection_chart": projection,
        "next_by_source": [(s, ahead.need.get(s.id)) for s in ahead.sources], "next_unfunded": ahead.need.get(None),
        "shortfalls": figures.shortfalls(programme, year, pool), "summary": membership.assignment_summary(programme, year),
        "can_manage": manage, "source_form": FundingSourceForm(initial={"year": year}) if manage else None,
    })


@login_required
@require_POST
def add_source(request, pk: int):
    programme = _programme(request, pk)
    year = request.POST.get("year", "")
    year = year if year.isdigit() and len(year) == 4 else ""
    try:
        data = cleaned(FundingSourceForm(request.POST))
        source = programs.add_funding_source(
            request.user, programme=programme, kind=data["kind"], amount=data["amount"], year=data["year"],
            fixed_quota=data["fixed_quota"], label=data["label"], payer_code=data["payer"].code if data["payer"] else None,
            occupations=[o.code for o in data["occupations"]], regions=data["regions"],
            revision_amount=data["revision_amount"] or 0, preference=data["preference"],
        )
    except ValueError as exc:  # the form's or the service's (ProgrammeError): each names the value
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Sumber dana %(source)s ditambahkan. Bagi ulang peserta agar berlaku.")
                         % {"source": source})
    return redirect(reverse("billing:budget", args=[pk]) + f"?tahun={year}")


@login_required
@require_POST
def assign(request, pk: int):
    """Run the allocation of a year as a background job; the assignment page follows its progress."""
    programme = _programme(request, pk)
    year = _year(request, programme)
    programs.require_manager(request.user, tenant=programme.tenant)
    if not funding_sources(programme, year):
        messages.error(request, _("Belum ada sumber dana tahun %(year)s.") % {"year": year})
        return redirect(reverse("billing:budget", args=[pk]) + f"?tahun={year}")
    job = jobs.submit(FUNDING_JOB, title=_("Pembagian sumber dana %(code)s tahun %(year)s") % {
        "code": programme.code, "year": year}, actor=request.user, tenant=programme.tenant,
        params={"programme": programme.pk, "year": year})
    return redirect(reverse("billing:assignments", args=[pk, year]) + f"?job={job.pk}")


@login_required
def assignments(request, pk: int, year: int):
    """Each participant's funding decision for the year with its reason, filtered, a page at a time."""
    programme = _programme(request, pk)
    job = None
    if request.GET.get("job"):
        job = Job.objects.filter(pk=request.GET["job"], kind=FUNDING_JOB, params__programme=programme.pk).first()
        require(job is None or job.tenant_id == programme.tenant_id)
    code = request.GET.get("keputusan", "")
    code = code if code in FundingAssignment.Code.values else ""
    source = request.GET.get("sumber", "")
    source_id = int(source) if source.isdigit() else None
    after = request.GET.get("setelah", "")
    rows, following = membership.assignments(programme, year, code=code, source=source_id,
                                             query=request.GET.get("q", ""), after=int(after) if after.isdigit() else None)
    sources = funding_sources(programme, year)
    summary = membership.assignment_summary(programme, year)
    return render(request, "billing/assignments.html", {
        "programme": programme, "year": year, "rows": rows, "following": following, "job": job,
        "sources": sources, "summary": summary, "codes": FundingAssignment.Code.choices,
        "code": code, "source": source_id, "query": request.GET.get("q", ""),
        "per_source": [(s, *summary.by_source.get(s.id, (0, 0))) for s in sources],
        "can_manage": can_manage_programmes(request.user),
    })
