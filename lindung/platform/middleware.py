"""Middleware every interface shares."""

from __future__ import annotations

from django.http import Http404

from .http import DB_INT_MAX


class PathIntegerGuard:
    """`<int:pk>` accepts any number of digits; a number past the database's integer range identifies
    nothing, and handing it to the driver overflows (a 500). Such a URL is answered like any unknown
    object: 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > DB_INT_MAX:
                raise Http404
        return None
