"""The complaint worklist (a `lindung.platform.listing` declaration): open complaints by the running
deadline, the most urgent first, filtered by what the handling office asks of its list — category,
channel, service level, who handles it, escalation — with the count and an export of what is filtered."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lindung.platform.listing import Column, Filter, Listing

from . import selectors
from . import sla as levels
from .models import Category, Channel, Complaint, SlaState

VIEWS = [("terbuka", _("Terbuka (paling mendesak dulu)")), ("dijawab", _("Dijawab")), ("ditutup", _("Ditutup")),
         ("semua", _("Semua"))]


def _number(c: Complaint) -> str:
    return f"{c.number} · {_('darurat')}" if c.emergency else c.number


def _status(c: Complaint) -> str:
    return f"{c.get_status_display()} · {_('dieskalasi')}" if c.escalated_at else c.get_status_display()


def _officer(c: Complaint) -> str | None:
    return (c.assigned_to.get_full_name() or c.assigned_to.username) if c.assigned_to_id else None


def worklist(request, queryset, today: date) -> Listing:
    user = request.user

    def deadline(c: Complaint) -> str | None:
        state = levels.state(c, today)
        return f"{c.due_on:%d-%m-%Y} · {SlaState(state).label}" if state else None

    view_filter = Filter("lihat", _("Tampilkan"), selectors.in_view, VIEWS, default="terbuka")
    view = view_filter.read(request.GET.get("lihat", ""))
    columns = [
        Column("nomor", _("Nomor"), _number, "number", link=lambda c: reverse("grievance:detail", args=[c.pk]),
               css="nowrap"),
        Column("diterima", _("Diterima"), lambda c: c.received_at, "received_at"),
        Column("saluran", _("Saluran"), lambda c: c.get_channel_display(), "channel"),
        Column("kategori", _("Kategori"), lambda c: c.get_category_display(), "category"),
        Column("ditangani_oleh", _("Ditangani oleh"), lambda c: c.office_name),
        Column("petugas", _("Petugas"), _officer),
        Column("status", _("Status"), _status, "status"),
        Column("batas", _("Batas"), deadline, "due_on"),
    ]
    filters = [
        Filter("q", _("Nomor pengaduan atau LAPOR!"), selectors.by_number),
        view_filter,
        Filter("kategori", _("Kategori"), lambda qs, v: qs.filter(category=v), Category.choices),
        Filter("saluran", _("Saluran"), lambda qs, v: qs.filter(channel=v), Channel.choices),
        Filter("sla", _("Batas waktu"), lambda qs, v: selectors.by_sla(qs, v, today),
               [("terlambat", _("Terlambat")), ("hampir", _("Hampir jatuh tempo")), ("tepat", _("Tepat waktu"))]),
        Filter("penanganan", _("Petugas"), lambda qs, v: selectors.by_officer(qs, user, v),
               [("saya", _("Tugas saya")), ("belum", _("Belum ada petugas"))]),
        Filter("eskalasi", _("Eskalasi"), lambda qs, v: qs.filter(escalated_at__isnull=False),
               [("1", _("Dieskalasi"))]),
    ]
    return Listing(request, queryset.select_related("handler_agency", "handler_region", "assigned_to"), columns,
                   filters, default_sort="due_on" if view == "terbuka" else "-received_at", export_name="pengaduan")
