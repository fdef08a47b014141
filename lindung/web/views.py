from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from lindung.audit.diff import describe
from lindung.audit.selectors import events_for
from lindung.platform.labels import words
from lindung.platform.listing import Column, Filter, Listing

from .selectors import dashboard_for

MAX_PAGE = 100_000  # 5 million events back: beyond it, search by object instead of paging


@login_required
def dashboard(request):
    return render(request, "web/dashboard.html", dashboard_for(request.user))


AUDIT_COLUMNS = [
    Column("waktu", _("Waktu"), lambda e: e.at.strftime("%Y-%m-%d %H:%M:%S"), "at"),
    Column("pelaku", _("Pelaku"), lambda e: e.actor_name, "actor_name"),
    Column("tindakan", _("Tindakan"), lambda e: words(e.action), "action"),
    Column("kode_tindakan", _("Kode"), lambda e: e.action, css="code"),
    Column("objek", _("Objek"), lambda e: e.target_repr),
    Column("perubahan", _("Perubahan"), lambda e: "; ".join(describe(e))),
]


def _date_filter(lookup: str):
    return lambda qs, v: qs.filter(**{lookup: date.fromisoformat(v)})


@login_required
def audit_trail(request):
    """Every state change (and every full-NIK view): who, when, what, before and after, readable, with
    filters and an export of what is filtered. Pages never count the whole trail (a capped count)."""
    events = events_for(request.user, target_type=request.GET.get("jenis", ""), target_id=request.GET.get("id", ""))
    listing = Listing(request, events.select_related("actor"), AUDIT_COLUMNS, [
        Filter("pelaku", _("Pelaku"), lambda qs, v: qs.filter(actor_name__icontains=v)),
        Filter("tindakan", _("Kode tindakan"), lambda qs, v: qs.filter(action__startswith=v)),
        Filter("dari", _("Sejak"), _date_filter("at__date__gte"), kind="date"),
        Filter("sampai", _("Sampai"), _date_filter("at__date__lte"), kind="date"),
    ], default_sort="-at", export_name="jejak-audit")
    if listing.export_format:
        return listing.export(listing.export_format)
    return render(request, "web/audit.html", {"listing": listing})
