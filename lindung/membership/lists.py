"""The participants list (a `lindung.platform.listing` declaration): who is covered, since when, and why
coverage ended (Pasal 10), filtered by programme, status, kelurahan, occupation and start date."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindung.people.selectors import nik_or_name
from lindung.platform.listing import Column, Filter, Listing
from lindung.regions.selectors import village_choices
from lindung.tenants.models import Occupation

from .models import EndReason, Participant, TerminationProposal

ACTIVE, ENDED = "aktif", "berakhir"


def _search(qs, text: str):
    return qs.filter(nik_or_name(text, "person__") | Q(kpj=text.strip()))


def _status(qs, value: str):
    covered = Q(period_end__isnull=True) | Q(period_end__gte=timezone.localdate())
    return qs.filter(covered) if value == ACTIVE else qs.exclude(covered)


def _status_text(p: Participant) -> str:
    if p.period_end is None or p.period_end >= timezone.localdate():
        return str(_("Aktif"))
    reason = EndReason(p.end_reason).label if p.end_reason in EndReason.values else ""
    return f"{_('Berakhir')} {p.period_end:%d-%m-%Y}" + (f" · {reason}" if reason else "")


def participants(request, queryset, programmes) -> Listing:
    columns = [
        Column("nik", "NIK", lambda p: p.person.masked_nik, css="nik"),
        Column("nama", _("Nama"), lambda p: p.person.name, "person__name_search",
               link=lambda p: reverse("people:detail", args=[p.person_id])),
        Column("kpj", "KPJ", lambda p: p.kpj, "kpj"),
        Column("program", _("Program"), lambda p: p.programme.code, "programme__code"),
        Column("kelurahan", _("Kelurahan"), lambda p: p.person.kelurahan.name if p.person.kelurahan_id else "",
               "person__kelurahan__name"),
        Column("pekerjaan", _("Pekerjaan"), lambda p: p.person.occupation.name if p.person.occupation_id else "",
               "person__occupation__name"),
        Column("mulai_kepesertaan", _("Mulai"), lambda p: p.period_start, "period_start"),
        Column("status", _("Status"), _status_text, "period_end"),
    ]
    filters = [
        Filter("q", _("Cari (nama, NIK, KPJ)"), _search),
        Filter("program", _("Program"), lambda qs, v: qs.filter(programme__code=v), [(p.code, p.name) for p in programmes]),
        Filter("status", _("Status"), _status, [(ACTIVE, _("Aktif")), (ENDED, _("Berakhir"))]),
        Filter("alasan", _("Alasan berhenti"), lambda qs, v: qs.filter(end_reason=v), EndReason.choices),
        Filter("kelurahan", _("Kelurahan"), lambda qs, v: qs.filter(person__kelurahan_id=v), village_choices(request.user)),
        Filter("pekerjaan", _("Pekerjaan"), lambda qs, v: qs.filter(person__occupation_id=v),
               list(Occupation.objects.order_by("name").values_list("code", "name"))),
        Filter("dari", _("Mulai sejak"), lambda qs, v: qs.filter(period_start__gte=date.fromisoformat(v)), kind="date"),
        Filter("sampai", _("Mulai sampai"), lambda qs, v: qs.filter(period_start__lte=date.fromisoformat(v)), kind="date"),
    ]
    return Listing(request, queryset.select_related("person__kelurahan", "person__occupation", "programme"), columns,
                   filters, default_sort="-id", export_name="peserta")


def _evidence(p: TerminationProposal) -> str:
    text = p.get_source_display() + (f": {p.evidence}" if p.evidence else "")
    if p.source_file:
        text += f" ({p.source_file}" + (f" {_('baris')} {p.source_row}" if p.source_row else "") + ")"
    return text


def proposals(request, queryset, *, selectable: bool) -> Listing:
    columns = [
        Column("nik", "NIK", lambda p: p.participant.person.masked_nik, css="nik"),
        Column("nama", _("Nama"), lambda p: p.participant.person.name, "participant__person__name_search",
               link=lambda p: reverse("people:detail", args=[p.participant.person_id])),
        Column("program", _("Program"), lambda p: p.participant.programme.code, "participant__programme__code"),
        Column("alasan", _("Alasan"), lambda p: p.get_reason_display(), "reason"),
        Column("tanggal", _("Tanggal"), lambda p: p.effective_date, "effective_date"),
        Column("sumber", _("Sumber dan bukti"), _evidence, "source"),
    ]
    filters = [
        Filter("program", _("Program"), lambda qs, v: qs.filter(participant__programme__code=v),
               sorted({(c, c) for c in queryset.values_list("participant__programme__code", flat=True).distinct()})),
        Filter("alasan", _("Alasan"), lambda qs, v: qs.filter(reason=v), EndReason.choices),
        Filter("sumber", _("Sumber"), lambda qs, v: qs.filter(source=v), TerminationProposal.Source.choices),
    ]
    return Listing(request, queryset, columns, filters, default_sort="effective_date", selectable=selectable,
                   bulk_form="putuskan", export_name="usulan-penghentian")
