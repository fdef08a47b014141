"""The refusals services raise, shared by every interface.

`PermissionDenied` subclasses Django's own, so a view never catches it: Django's 403 handler renders
the styled `403.html` with the service's message, the API answers 404/403 in JSON, and the command
line prints the message (`commandline.failures`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied


class PermissionDenied(DjangoPermissionDenied):
    """A user may not do what they ask; the message says why, in Bahasa Indonesia."""


def require(condition: bool, message: str = "Anda tidak berwenang melakukan tindakan ini.") -> None:
    if not condition:
        raise PermissionDenied(message)
