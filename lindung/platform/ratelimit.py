"""A per-IP counter in the cache, for the public pages (no login there to lock out instead).

A fixed window: the first hit starts it, `limit` hits are allowed until it expires. Limits can be
tuned with settings.LINDUNG_RATE_LIMITS = {"status": (10, 3600), ...}.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from .http import client_ip

DEFAULTS = {
    "status": (10, 3600),  # worker status: NIK + birth date guesses (enumeration)
    "apply": (20, 3600),  # public applications
    "check": (600, 3600),  # live eligibility check while the form is filled
    "complaint": (20, 3600),  # public complaints (API)
}


def allow(request, scope: str) -> bool:
    """Count this request; False once the IP has used up the scope's allowance."""
    limit, window = {**DEFAULTS, **getattr(settings, "LINDUNG_RATE_LIMITS", {})}[scope]
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, window):
        return limit >= 1
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return limit >= 1
