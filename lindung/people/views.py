from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_reveal_nik
from lindung.platform.errors import PermissionDenied
from lindung.platform.http import client_ip, query_int

from . import selectors, services
from .models import Person
from .timeline import timeline


@login_required
def search(request):
    query = request.GET.get("q", "").strip()
    after = query_int(request, "setelah")
    rows, next_cursor = selectors.search(request.user, query, after=str(after or "")) if query else ([], None)
    return render(request, "people/search.html", {"query": query, "rows": rows, "next_cursor": next_cursor,
                                                  "after": after or ""})


def _get_or_404(request, pk: int) -> Person:
    try:
        return selectors.get_person(request.user, pk)
    except (Person.DoesNotExist, PermissionDenied):
        # The same answer for "does not exist" and "not yours": a lurah must not learn who lives elsewhere.
        raise Http404(_("Penduduk tidak ditemukan dalam cakupan Anda.")) from None


@login_required
def detail(request, pk: int):
    person = _get_or_404(request, pk)
    full_nik = request.session.pop(f"nik-reveal-{pk}", None)
    return render(request, "people/detail.html", {
        "person": person, "full_nik": full_nik, "can_reveal": can_reveal_nik(request.user),
        "timeline": timeline(request.user, person),
    })


@login_required
@require_POST
def reveal_nik(request, pk: int):
    person = _get_or_404(request, pk)
    try:
        nik = services.reveal_nik(request.user, person=person, ip=client_ip(request))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("people:detail", pk=pk)
    # Shown once, on the next page view only; the reveal is already in the audit trail.
    request.session[f"nik-reveal-{pk}"] = nik
    return redirect("people:detail", pk=pk)
