from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from lindung.accounts.permissions import PermissionDenied, can_manage_programmes
from lindung.billing.selectors import budget as budget_of

from . import selectors
from .charts import grouped_bars
from .models import Programme


@login_required
def programme_list(request):
    try:
        programmes = list(selectors.visible_programmes(request.user))
    except PermissionDenied as exc:
        raise HttpForbidden(str(exc)) from exc
    return render(request, "programs/list.html", {"programmes": programmes})


@login_required
def budget(request, pk: int):
    try:
        programme = selectors.get_programme(request.user, pk)
    except (Programme.DoesNotExist, PermissionDenied):
        raise Http404(_("Program tidak ditemukan dalam cakupan Anda.")) from None
    years = sorted({programme.year, *programme.funding_sources.values_list("year", flat=True)})
    try:
        year = int(request.GET.get("tahun") or years[-1])
    except ValueError:
        year = years[-1]
    b = budget_of(programme, year)
    chart = grouped_bars(
        [(str(s.source), [s.source.amount, s.committed, s.realised]) for s in b.sources],
        [("bar alloc", _("Pagu")), ("bar committed", _("Disepakati, belum dibayar")),
         ("bar paid", _("Realisasi (dibayar)"))],
    )
    projection = grouped_bars([(str(p.month), [p.amount]) for p in b.projection], [("bar alloc", _("Proyeksi iuran"))])
    return render(request, "programs/budget.html", {
        "programme": programme, "budget": b, "year": year, "years": years, "chart": chart,
        "projection_chart": projection, "can_manage": can_manage_programmes(request.user),
    })
