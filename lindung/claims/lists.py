"""The claims list (a `lindung.platform.listing` declaration): who claimed what, when, and where BPJS's
decision stands, filtered by programme, claim type, status, kelurahan and date of the event."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lindung.domain.money import format_rupiah
from lindung.people.selectors import nik_or_name
from lindung.platform.listing import Column, Filter, Listing

from .models import Claim


def _search(qs, text: str):
    text = text.strip()
    return qs.filter(nik_or_name(text, "participant__person__") | Q(bpjs_reference=text) | Q(participant__kpj=text))


def _kind(c: Claim) -> str:
    return f"{c.get_kind_display()} · {c.get_benefit_display()}" if c.benefit else c.get_kind_display()


def _status(c: Claim) -> str:
    return f"{c.get_status_display()} ({_('peringatan')}: {'; '.join(c.warnings)})" if c.warnings else c.get_status_display()


def claims(request, queryset, programmes, villages) -> Listing:
    columns = [
        Column("peserta", _("Peserta"), lambda c: c.participant.person.name, "participant__person__name_search",
               link=lambda c: reverse("claims:participant", args=[c.participant_id])),
        Column("nik", "NIK", lambda c: c.participant.person.masked_nik, css="nik"),
        Column("jenis", _("Jenis"), _kind, "kind", link=lambda c: reverse("claims:detail", args=[c.pk])),
        Column("tanggal_kejadian", _("Kejadian"), lambda c: c.event_date, "event_date"),
        Column("tanggal_pengajuan", _("Pengajuan"), lambda c: c.submitted_on, "submitted_on"),
        Column("status", _("Status"), _status, "status"),
        Column("jumlah", _("Jumlah"), lambda c: c.amount, "amount", css="num",
               display=lambda c: format_rupiah(c.amount) if c.amount is not None else None),
        Column("referensi_bpjs", _("Referensi BPJS"), lambda c: c.bpjs_reference or None, "bpjs_reference"),
    ]
    filters = [
        Filter("q", _("Cari (nama, NIK, KPJ, referensi)"), _search),
        Filter("program", _("Program"), lambda qs, v: qs.filter(programme__code=v), [(p.code, p.name) for p in programmes]),
        Filter("jenis", _("Jenis"), lambda qs, v: qs.filter(kind=v), Claim.Kind.choices),
        Filter("status", _("Status"), lambda qs, v: qs.filter(status=v), Claim.Status.choices),
        Filter("kelurahan", _("Kelurahan"), lambda qs, v: qs.filter(participant__person__kelurahan_id=v), villages),
        Filter("dari", _("Kejadian sejak"), lambda qs, v: qs.filter(event_date__gte=date.fromisoformat(v)), kind="date"),
        Filter("sampai", _("Kejadian sampai"), lambda qs, v: qs.filter(event_date__lte=date.fromisoformat(v)), kind="date"),
    ]
    return Listing(request, queryset, columns, filters, default_sort="-id", export_name="klaim")
