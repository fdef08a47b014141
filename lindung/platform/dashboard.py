"""The dashboard's extension points: apps contribute number cards (`@dashboard_card`, a function
`user -> list[Card]`) and inbox items (`@inbox_provider`), so the dashboard grows with the capabilities
installed while no app below the web tier imports it. Counts are cached for a minute per scope: a
dashboard must not COUNT a million-row table on every page view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache


@dataclass
class Card:
    label: str
    value: int | str
    url: str = ""
    hint: str = ""


@dataclass
class InboxItem:
    text: str
    url: str = ""


CARD_PROVIDERS: list[Callable] = []
INBOX_PROVIDERS: list[Callable] = []


def dashboard_card(func: Callable) -> Callable:
    CARD_PROVIDERS.append(func)
    return func


def inbox_provider(func: Callable) -> Callable:
    INBOX_PROVIDERS.append(func)
    return func


def scope_key(user) -> str:
    return f"{user.tenant_id}:{user.role}:{user.agency_id}:{user.region_id}:{int(user.is_superuser)}"


def cached_count(user, name: str, compute: Callable[[], int], seconds: int = 60) -> int:
    key = f"dash:{name}:{scope_key(user)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
