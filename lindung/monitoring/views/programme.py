"""The TVEM's programme page, the downloads of every monitoring panel, and "compute again now"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_refresh_monitoring
from lindung.platform.errors import PermissionDenied

from ..selectors import programme as selectors
from ..selectors.scope import OutOfScope
from ..services.refresh import request_refresh
from .common import FORMATS, PUBLISH, fresh_view, pick, present, send_panel, view_or_404
from .pages import PAGES


@login_required
def programme(request):
    view = fresh_view(request)
    panels = selectors.programme_panels(view)
    return render(request, "monitoring/programme.html", {
        "view": view, "summary": selectors.summary(view, panels), "page": "program",
        "panels": [present(p, "program", view.filters) for p in panels],
        "can_refresh": can_refresh_monitoring(request.user),
    })


@login_required
def download(request, page: str, key: str, fmt: str):
    if page not in PAGES or fmt not in FORMATS:
        raise Http404
    view = view_or_404(request)
    try:
        panel = pick(PAGES[page](view), key)
    except OutOfScope:
        raise Http404 from None
    if request.GET.get(PUBLISH) or page == "provinsi":
        panel = panel.published()
    parts = ["monitoring", key, view.programme.code if view.programme and page != "provinsi" else view.tenant.code]
    if view.region:
        parts.append(view.region.code.replace(".", ""))
    if view.snapshot:
        parts.append(view.snapshot.as_of.isoformat())
    return send_panel(panel, fmt, "-".join(parts))


@login_required
@require_POST
def refresh(request):
    if not can_refresh_monitoring(request.user):
        raise PermissionDenied(_("Hanya TVEM dan Dinas Tenaga Kerja yang dapat menghitung ulang."))
    request_refresh(request.user)
    messages.success(request, _("Angka monitoring sedang dihitung ulang di latar belakang; muat ulang halaman "
                                "sebentar lagi."))
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/monitoring/") else "monitoring:programme")
