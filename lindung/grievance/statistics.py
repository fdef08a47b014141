"""Complaint statistics (Pasal 12 monitoring): counts by category, channel, status, handling office,
kelurahan (of the reporter's address), and whether the service levels were met, over the complaints
received in a period. `complaint_statistics(tenant, …)` is what the monitoring app calls; the page
asks `statistics_for(user, …)`, which applies the reader's scope.

"Service level met" for a complaint: no step was late (`late`, stored by the domain's evaluation at
every step) and, while a deadline runs, it has not passed yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_read_complaint_statistics, is_staff_user
from lindung.platform.errors import PermissionDenied
from lindung.tenants.models import Tenant

from .models import Category, Channel, Complaint, HandlerKind, Status
from .selectors import visible_complaints


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    count: int
    met: int = 0

    @property
    def met_percent(self) -> str:
        return f"{100 * self.met / self.count:.1f}" if self.count else ""


@dataclass
class Statistics:
    start: date
    end: date
    total: int = 0
    met: int = 0
    breached: int = 0
    by_category: list[Row] = field(default_factory=list)
    by_channel: list[Row] = field(default_factory=list)
    by_status: list[Row] = field(default_factory=list)
    by_office: list[Row] = field(default_factory=list)
    by_kelurahan: list[Row] = field(default_factory=list)

    @property
    def met_percent(self) -> str:
        return f"{100 * self.met / self.total:.1f}" if self.total else ""


def met_condition(today: date) -> Q:
    return Q(late=False) & (Q(due_on__isnull=True) | Q(due_on__gte=today))


def complaint_statistics(tenant: Tenant, *, start: date, end: date, base: QuerySet[Complaint] | None = None,
                         today: date | None = None) -> Statistics:
    """Counts of the complaints of `tenant` received from `start` to `end` (local dates, inclusive)."""
    today = today or timezone.localdate()
    qs = (base if base is not None else Complaint.objects.all()).filter(
        tenant=tenant, received_at__gte=_start_of(start), received_at__lt=_start_of(end + timedelta(days=1)))
    met = met_condition(today)

    def grouped(*keys):
        return qs.values(*keys).annotate(n=Count("id"), met=Count("id", filter=met)).order_by()

    stats = Statistics(start, end)
    totals = qs.aggregate(n=Count("id"), met=Count("id", filter=met))
    stats.total, stats.met = totals["n"], totals["met"]
    stats.breached = stats.total - stats.met
    stats.by_category = _rows(grouped("category"), "category", dict(Category.choices))
    stats.by_channel = _rows(grouped("channel"), "channel", dict(Channel.choices))
    stats.by_status = _rows(grouped("status"), "status", dict(Status.choices))
    offices = grouped("handler_kind", "handler_agency__code", "handler_agency__name", "handler_region_id",
                      "handler_region__name", "head_only")
    stats.by_office = sorted((_office_row(r) for r in offices), key=lambda r: (-r.count, r.label))
    places = grouped("reporter__kelurahan_id", "reporter__kelurahan__name")
    stats.by_kelurahan = sorted(
        (Row(r["reporter__kelurahan_id"] or "", r["reporter__kelurahan__name"] or _("(tidak diketahui)"), r["n"],
             r["met"]) for r in places), key=lambda r: (-r.count, r.label))
    return stats


def statistics_for(user, *, start: date, end: date) -> Statistics:
    """The statistics page: the whole tenant for the labour agency, TVEM and auditors; the user's own
    complaints for an office that handles them."""
    if not is_staff_user(user) or not user.tenant_id:
        raise PermissionDenied("Statistik pengaduan dibaca per pemerintah daerah.")
    base = None if can_read_complaint_statistics(user) else visible_complaints(user)
    return complaint_statistics(user.tenant, start=start, end=end, base=base)


def _start_of(day: date):
    return timezone.make_aware(datetime.combine(day, time.min))


def _rows(values, key: str, labels: dict) -> list[Row]:
    found = {r[key]: r for r in values}
    return [Row(code, str(label), found[code]["n"], found[code]["met"])
            for code, label in labels.items() if code in found]


def _office_row(r: dict) -> Row:
    if r["handler_kind"] == HandlerKind.BPJS:
        return Row("bpjs", _("BPJS Ketenagakerjaan"), r["n"], r["met"])
    if r["handler_kind"] == HandlerKind.KELURAHAN:
        label = _("Kelurahan %(name)s") % {"name": r["handler_region__name"]}
        return Row(f"kelurahan:{r['handler_region_id']}", label, r["n"], r["met"])
    label = (_("Kepala %(agency)s") % {"agency": r["handler_agency__name"]} if r["head_only"]
             else r["handler_agency__name"])
    return Row(r["handler_agency__code"], label, r["n"], r["met"])
