"""The public transparency page (no login): participants and budget realisation by kecamatan, from the
day's figures, counts under 5 hidden, with the table and chart downloadable. Nothing names a person."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from lindung.tenants.models import Tenant

from ..selectors.province import public_panels, public_tenants
from .common import FORMATS, pick, present, send_panel


def _tenant(code: str) -> Tenant:
    tenant = next((t for t in public_tenants() if t.code == code), None)
    if tenant is None:
        raise Http404
    return tenant


@cache_control(public=True, max_age=600)
def index(request):
    return render(request, "monitoring/public_index.html", {"tenants": public_tenants()})


@cache_control(public=True, max_age=600)
def tenant_page(request, code: str):
    tenant = _tenant(code)
    snapshot, panels = public_panels(tenant)
    return render(request, "monitoring/public.html", {
        "tenant": tenant, "snapshot": snapshot,
        "panels": [present(p, "publik", {}, url=lambda fmt, p=p: reverse("transparency:download", args=[code, p.key, fmt]))
                   for p in panels],
    })


@cache_control(public=True, max_age=600)
def download(request, code: str, key: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    tenant = _tenant(code)
    snapshot, panels = public_panels(tenant)
    name = f"transparansi-{tenant.code}-{key}" + (f"-{snapshot.as_of.isoformat()}" if snapshot else "")
    return send_panel(pick(panels, key), fmt, name)
