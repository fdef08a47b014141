"""The coverage page (indicators by region and over time, against targets) with the imports of its
reference figures, and the money and service page."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_manage_programmes, can_refresh_monitoring
from lindung.platform.errors import PermissionDenied
from lindung.platform.files import TableError, check_limits, read_table

from ..denominators import KINDS
from ..forms import FiguresForm, TargetForm
from ..models import BpjsAggregate, CoverageTarget, WorkforceFigure
from ..selectors.coverage import coverage_panels
from ..selectors.money import money_panels
from ..selectors.scope import tenant_of
from ..services import references
from .common import fresh_view, present

SHOWN = 20  # problems listed on the page


def _page(request, page: str, template: str, panels, extra):
    view = fresh_view(request)
    return render(request, template, {
        "view": view, "page": page, "panels": [present(p, page, view.filters) for p in panels(view)],
        "can_refresh": can_refresh_monitoring(request.user), **extra(view),
    })


REFERENCE_SHOWN = 200  # reference rows listed on the page; the page says how many there are in all


def _latest(figures) -> dict:
    """The newest reference rows, and how many there are (a list never stops silently)."""
    return {"rows": figures.select_related("region").order_by("-year", "region_id")[:REFERENCE_SHOWN],
            "total": figures.count(),
            "shown": REFERENCE_SHOWN}


@login_required
def coverage(request):
    def extra(view):
        return {
            "can_manage": can_manage_programmes(request.user),
            "figures_form": FiguresForm(), "target_form": TargetForm(),
            "targets": CoverageTarget.objects.filter(tenant=view.tenant).order_by("indicator", "-year", "-valid_from")[:50],
            "imported": {kind: _latest(model.objects.filter(tenant=view.tenant))
                         for kind, model in (("workforce", WorkforceFigure), ("aggregate", BpjsAggregate))},
        }

    return _page(request, "cakupan", "monitoring/coverage.html", coverage_panels, extra=extra)


@login_required
def money(request):
    return _page(request, "keuangan", "monitoring/money.html", money_panels, extra=lambda view: {})


def _back(request):
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/monitoring/") else "monitoring:coverage")


@login_required
@require_POST
def import_figures(request):
    tenant = tenant_of(request.user)
    if not can_manage_programmes(request.user):
        raise PermissionDenied(_("Angka rujukan diimpor oleh Dinas Tenaga Kerja."))
    form = FiguresForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih jenis berkas, berkasnya, dan tuliskan sumbernya."))
        return _back(request)
    upload, kind = form.cleaned_data["file"], form.cleaned_data["kind"]
    suffix = Path(upload.name).suffix.lower()
    try:
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            check_limits(tmp.name, upload.name)
            rows = read_table(tmp.name, KINDS[kind][0], name=upload.name)
        outcome = references.import_figures(request.user, tenant=tenant, kind=kind, rows=rows,
                                            source=form.cleaned_data["source"], file_name=upload.name)
    except (TableError, references.IndicatorError) as exc:
        messages.error(request, str(exc))
        return _back(request)
    messages.success(request, _("%(name)s: %(created)s angka baru, %(replaced)s diganti, %(problems)s baris tidak "
                                "dipakai.") % {"name": upload.name, "created": outcome.created,
                                               "replaced": outcome.replaced, "problems": len(outcome.problems)})
    for problem in outcome.problems[:SHOWN]:
        where = _("baris %(row)s") % {"row": problem.row} if problem.row else problem.code
        messages.warning(request, f"{upload.name} {where}: {problem.reason}")
    return _back(request)


@login_required
@require_POST
def set_target(request):
    tenant = tenant_of(request.user)
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
        return _back(request)
    try:
        target = references.set_target(request.user, tenant=tenant, **form.cleaned_data)
    except references.IndicatorError as exc:
        messages.error(request, str(exc))
        return _back(request)
    messages.success(request, _("Sasaran %(what)s %(year)s: %(percent)s%% dicatat.") % {
        "what": target.get_indicator_display(), "year": target.year, "percent": target.percent})
    return _back(request)
