from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lindung.audit.selectors import events_for
from lindung.platform.http import query_int

from .selectors import dashboard_for


MAX_PAGE = 100_000  # 5 million events back: beyond it, search by object instead of paging


@login_required
def dashboard(request):
    return render(request, "web/dashboard.html", dashboard_for(request.user))


@login_required
def audit_trail(request):
    events = events_for(request.user, target_type=request.GET.get("jenis", ""), target_id=request.GET.get("id", ""))
    # No COUNT(*) on a growing table: the paginator only knows whether there is a next page.
    page_number = query_int(request, "hal", 1, maximum=MAX_PAGE)
    rows = list(events.select_related("actor")[(page_number - 1) * 50 : page_number * 50 + 1])
    return render(request, "web/audit.html", {
        "events": rows[:50], "page": page_number, "has_next": len(rows) > 50, "has_prev": page_number > 1,
    })


