"""The application lists (all applications, the verifier's worklist, the TVEM's ranked list) as
`lindung.platform.listing` declarations: which columns, sorts and filters matter for each."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lindung.domain.rules import reasons as R
from lindung.people.selectors import nik_or_name
from lindung.platform.labels import words
from lindung.platform.listing import Column, Filter, Listing
from lindung.regions.selectors import village_choices
from lindung.tenants.models import Occupation

from .models import Application


def _decisions() -> list[tuple[str, str]]:
    return [(code, words(code)) for code in R.DECISIONS]


def _search(qs, text: str):
    if text.upper().startswith("U") and "-" in text:
        return qs.filter(reference=text.upper())
    return qs.filter(nik_or_name(text))


def _occupation_choices() -> list[tuple[str, str]]:
    return list(Occupation.objects.order_by("name").values_list("code", "name"))


def _detail(a: Application) -> str:
    return reverse("applications:detail", args=[a.pk])


REFERENCE = Column("nomor_usulan", _("Nomor"), lambda a: a.reference, "reference", link=_detail)
NAME = Column("nama", _("Nama"), lambda a: a.name, "name_search")
NIK = Column("nik", "NIK", lambda a: a.masked_nik, css="nik")
OCCUPATION = Column("pekerjaan", _("Pekerjaan"), lambda a: a.occupation.name, "occupation__name")
KELURAHAN = Column("kelurahan", _("Kelurahan"), lambda a: a.kelurahan.name, "kelurahan__name")
APPLIED = Column("tanggal_daftar", _("Tanggal daftar"), lambda a: a.applied_on, "applied_on")
DECISION = Column("penilaian", _("Penilaian"), lambda a: words(a.keputusan), "keputusan")
STATUS = Column("status", _("Status"), lambda a: a.get_status_display(), "status")
RANK = Column("peringkat", _("Peringkat"), lambda a: a.rank, "rank")
PRIORITY = Column("prioritas", _("Prioritas"), lambda a: ", ".join(words(f) for f in a.priority_flags))
COLLECTOR = Column("pendata", _("Pendata"), lambda a: a.agency.name if a.agency_id else (
    _("Kelurahan %(k)s") % {"k": a.kelurahan.name} if a.territorial else _("Dinas Tenaga Kerja")))


def _common_filters(user) -> list[Filter]:
    return [
        Filter("q", _("Cari (nama, NIK, nomor)"), _search),
        Filter("penilaian", _("Penilaian"), lambda qs, v: qs.filter(keputusan=v), _decisions()),
        Filter("kelurahan", _("Kelurahan"), lambda qs, v: qs.filter(kelurahan_id=v), village_choices(user)),
        Filter("pekerjaan", _("Pekerjaan"), lambda qs, v: qs.filter(occupation_id=v), _occupation_choices()),
        Filter("dari", _("Daftar sejak"), lambda qs, v: qs.filter(applied_on__gte=date.fromisoformat(v)), kind="date"),
        Filter("sampai", _("Daftar sampai"), lambda qs, v: qs.filter(applied_on__lte=date.fromisoformat(v)),
               kind="date"),
    ]


def applications(request, queryset, cycles) -> Listing:
    filters = [
        *_common_filters(request.user),
        Filter("status", _("Status"), lambda qs, v: qs.filter(status=v), Application.Status.choices),
        Filter("siklus", _("Siklus"), lambda qs, v: qs.filter(cycle_id=int(v)), [(str(c.pk), str(c)) for c in cycles]),
    ]
    return Listing(request, queryset.select_related("kelurahan", "occupation", "agency", "cycle__programme"),
                   [REFERENCE, NAME, NIK, OCCUPATION, KELURAHAN, APPLIED, DECISION, STATUS], filters,
                   default_sort="-id", export_name="usulan")


def worklist(request, queryset) -> Listing:
    return Listing(request, queryset, [REFERENCE, NAME, NIK, OCCUPATION, KELURAHAN, APPLIED, DECISION],
                   _common_filters(request.user), default_sort="applied_on", selectable=True,
                   export_name="usulan-menunggu-verifikasi")


def ranked(request, queryset) -> Listing:
    filters = [
        Filter("status", _("Daftar"), lambda qs, v: qs.filter(status=v),
               [(Application.Status.KONSOLIDASI, _("Dalam kuota")), (Application.Status.CADANGAN, _("Cadangan"))]),
        *_common_filters(request.user)[:4],
    ]
    return Listing(request, queryset.select_related("agency", "kelurahan", "occupation"),
                   [RANK, REFERENCE, NAME, NIK, KELURAHAN, OCCUPATION, COLLECTOR, PRIORITY, STATUS], filters,
                   default_sort="rank", export_name="daftar-konsolidasi")
