from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from lindung.domain.rules import RuleSetError

from . import selectors


@login_required
def ruleset_list(request):
    return render(request, "rules/list.html", {"rulesets": selectors.list_rulesets()})


@login_required
def ruleset_detail(request, ruleset_id: str):
    try:
        on = date.fromisoformat(request.GET.get("tanggal", ""))
    except ValueError:
        on = date.today()
    try:
        view = selectors.ruleset_view(ruleset_id, on)
    except RuleSetError:
        raise Http404(_("Aturan tidak ditemukan.")) from None
    return render(request, "rules/detail.html", {"view": view, "rs": view.ruleset})
