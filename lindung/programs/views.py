from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def programme_list(request):
    return render(request, "programs/list.html", {"programmes": list(selectors.visible_programmes(request.user))})
