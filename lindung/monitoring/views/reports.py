"""The annual monitoring and evaluation report (PDF, XLSX), the Paritrana Award sheet, and the
province's view of its kab/kota. Every file here is made to leave the tenant: counts under 5 hidden."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from lindung.accounts.permissions import can_refresh_monitoring
from lindung.audit import services as audit
from lindung.platform.files import write_table, write_workbook
from lindung.platform.http import send_file

from ..actions import Action
from ..reports.annual import annual_panels, annual_pdf, annual_sheets, paritrana
from ..selectors.province import province_panels
from ..selectors.scope import OutOfScope
from .common import fresh_view, present, view_or_404

KINDS = {"monev.pdf", "monev.xlsx", "paritrana.xlsx", "paritrana.csv"}


@login_required
def reports(request):
    view = fresh_view(request)
    sheet = paritrana(view, annual_panels(view)).published() if view.programme else None
    return render(request, "monitoring/reports.html", {
        "view": view, "page": "laporan", "can_refresh": can_refresh_monitoring(request.user),
        "paritrana": present(sheet, "laporan", view.filters) if sheet else None, "kinds": KINDS,
    })


@login_required
def report_file(request, kind: str):
    if kind not in KINDS:
        raise Http404
    view = view_or_404(request)
    if view.programme is None:
        raise Http404
    panels = annual_panels(view)
    name = f"{'laporan-monev' if kind.startswith('monev') else 'paritrana'}-{view.programme.code}-{view.year}"
    audit.record(request.user, Action.REPORT_DOWNLOAD, view.programme, tenant=view.tenant,
                 after={"report": kind, "year": view.year, "region": view.region_code})
    if kind == "monev.pdf":
        response = HttpResponse(annual_pdf(view, [p.published() for p in panels]), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    path = Path(tempfile.mkdtemp(prefix="lindung-laporan-")) / f"{name}.{kind.rsplit('.', 1)[1]}"
    if kind == "monev.xlsx":
        write_workbook(annual_sheets([p.published() for p in panels]), path)
    else:
        write_table(paritrana(view, panels).published().frame(), path)
    return send_file(path, path.name)


@login_required
def province(request):
    view = fresh_view(request)
    try:
        panels = province_panels(view)
    except OutOfScope:
        raise Http404 from None
    return render(request, "monitoring/province.html", {
        "view": view, "page": "provinsi", "can_refresh": can_refresh_monitoring(request.user),
        "panels": [present(p, "provinsi", view.filters) for p in panels],
    })
