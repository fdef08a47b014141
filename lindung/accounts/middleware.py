"""Session rules that hold on every page: a session idle too long ends, and the roles that need a second
factor cannot go past the sign-in pages until they have given one (or enrolled, on their first sign-in)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import mfa
from .permissions import needs_second_factor

LAST_SEEN = "lindung_aktif"
TOUCH_EVERY = 60  # seconds: the session is written at most once a minute for this


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > settings.LINDUNG_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("Sesi Anda berakhir karena terlalu lama tidak aktif. Silakan masuk lagi."))
                return redirect_to_login(request.get_full_path())
            if last is None or now - last >= TOUCH_EVERY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """After the password, the TOTP step (or enrolment) before anything else, for MFA_ROLES."""

    OPEN_URLS = ("accounts:login", "accounts:logout", "accounts:mfa_verify", "accounts:mfa_enrol")

    def __init__(self, get_response):
        self.get_response = get_response
        self._open: set[str] | None = None

    def _is_open(self, path: str) -> bool:
        if self._open is None:
            self._open = {reverse(name) for name in self.OPEN_URLS}
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path in self._open or path.startswith((static, "/i18n/", "/api/"))

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (settings.LINDUNG_MFA_REQUIRED and user is not None and user.is_authenticated
                and needs_second_factor(user) and not user.is_verified() and not self._is_open(request.path)):
            target = "accounts:mfa_verify" if mfa.is_enrolled(user) else "accounts:mfa_enrol"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
