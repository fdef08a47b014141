"""Complaint statistics (Pasal 12 monitoring): counts by category, channel, status, handling office,
kelurahan (of the reporter's address), and whether the service levels were met, over the complaints
received in a period. `complaint_statistics(tenant, …)` is what the monitoring app calls; the page
asks `statistics_for(user, …)`, which applies the reader's scope.

"Service level met" for a complaint: no step was late (`late`, stored by the domain's evaluation at
every step) and, while a deadline runs, it has not passed yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_read_complaint_statistics, is_staff_user
from lindung.platform.errors import PermissionDenied
from lindung.regions.models import Region
from lindung.tenants.models import Agency, Tenant

from .models import CLOSED_STATUSES, Category, Channel, Complaint, HandlerKind, Status
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
    closed_by_category: dict[str, int] = field(default_factory=dict)  # finished (answered and closed)

    @property
    def met_percent(self) -> str:
        return f"{100 * self.met / self.total:.1f}" if self.total else ""


def met_condition(today: date) -> Q:
    return Q(late=False) & (Q(due_on__isnull=True) | Q(due_on__gte=today))


# Three GROUP BYs of few groups each (the database hashes them in one scan apiece): what the complaint
# is (category x channel x status), who handles it (the office), where the reporter lives. One GROUP BY
# of every column at once would have to sort the period's rows: its groups cannot be told in advance.
GROUPINGS = {
    "what": ("category", "channel", "status"),
    "office": ("handler_kind", "handler_agency_id", "handler_region_id", "head_only"),
    "place": ("reporter__kelurahan_id",),
}


def complaint_statistics(tenant: Tenant, *, start: date, end: date, base: QuerySet[Complaint] | None = None,
                         today: date | None = None) -> Statistics:
    """Counts of the complaints of `tenant` received from `start` to `end` (local dates, inclusive)."""
    today = today or timezone.localdate()
    qs = (base if base is not None else Complaint.objects.all()).filter(
        tenant=tenant, received_at__gte=_start_of(start), received_at__lt=_start_of(end + timedelta(days=1)))
    met = met_condition(today)
    closed: dict[str, int] = {}
    sums: dict[str, dict] = {name: defaultdict(lambda: [0, 0]) for name in ("category", "channel", "status",
                                                                              "office", "place")}
    for grouping, columns in GROUPINGS.items():
        for cell in qs.values(*columns).annotate(n=Count("id"), met=Count("id", filter=met)).order_by():
            if grouping == "what":
                keys = [(name, cell[name]) for name in columns]
                if cell["status"] in CLOSED_STATUSES:
                    closed[cell["category"]] = closed.get(cell["category"], 0) + cell["n"]
            elif grouping == "office":
                keys = [("office", tuple(cell[c] for c in columns))]
            else:
                keys = [("place", cell["reporter__kelurahan_id"] or "")]
            for name, key in keys:
                sums[name][key][0] += cell["n"]
                sums[name][key][1] += cell["met"]
    stats = Statistics(start, end)
    stats.total = sum(n for n, _met in sums["status"].values())
    stats.met = sum(met for _n, met in sums["status"].values())
    stats.breached = stats.total - stats.met
    stats.by_category = _rows(sums["category"], Category.choices)
    stats.closed_by_category = closed
    stats.by_channel = _rows(sums["channel"], Channel.choices)
    stats.by_status = _rows(sums["status"], Status.choices)
    agencies = {pk: (code, name) for pk, code, name in Agency.objects.filter(
        pk__in={k[1] for k in sums["office"] if k[1]}).values_list("pk", "code", "name")}
    regions = dict(Region.objects.filter(code__in={k[2] for k in sums["office"] if k[2]} | set(sums["place"]))
                   .values_list("code", "name"))
    stats.by_office = _ranked(Row(*_office(key, agencies, regions), n, met) for key, (n, met) in sums["office"].items())
    stats.by_kelurahan = _ranked(Row(code, regions.get(code) or _("(tidak diketahui)"), n, met)
                                 for code, (n, met) in sums["place"].items())
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


def _rows(sums: dict, choices) -> list[Row]:
    """In the vocabulary's order, the codes that occur."""
    return [Row(code, str(label), *sums[code]) for code, label in choices if code in sums]


def _ranked(rows) -> list[Row]:
    return sorted(rows, key=lambda r: (-r.count, r.label))


def _office(key: tuple, agencies: dict, regions: dict) -> tuple[str, str]:
    """(ditangani_oleh, the office in words) of a (kind, agency id, region code, head only) cell."""
    kind, agency_id, region_code, head_only = key
    if kind == HandlerKind.BPJS:
        return "bpjs", _("BPJS Ketenagakerjaan")
    if kind == HandlerKind.KELURAHAN:
        return f"kelurahan:{region_code}", _("Kelurahan %(name)s") % {"name": regions.get(region_code, region_code)}
    code, name = agencies[agency_id]
    return code, (_("Kepala %(agency)s") % {"agency": name} if head_only else name)
