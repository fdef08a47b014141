"""The landing dashboard: live counts and an inbox, each scoped to the user.

Other apps contribute cards with `@dashboard_card` (a function `user -> list[Card]`), so the
dashboard grows with the capabilities installed without this module knowing them. Counts are cached
for a minute per scope: a dashboard must not COUNT a million-row table on every page view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.utils.translation import gettext as _

from lindung.people.selectors import visible_persons


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


_CARD_PROVIDERS: list[Callable] = []
_INBOX_PROVIDERS: list[Callable] = []


def dashboard_card(func: Callable) -> Callable:
    _CARD_PROVIDERS.append(func)
    return func


def inbox_provider(func: Callable) -> Callable:
    _INBOX_PROVIDERS.append(func)
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


@dashboard_card
def people_cards(user) -> list[Card]:
    persons = visible_persons(user)
    first_of_month = date.today().replace(day=1)
    from django.urls import reverse

    return [
        Card(_("Penduduk dalam cakupan Anda"), cached_count(user, "persons", persons.count), reverse("people:search")),
        Card(_("Penyandang disabilitas"), cached_count(user, "disabled", persons.filter(disability=True).count),
             hint=_("Prioritas Pasal 5 ayat (2)")),
        Card(_("Didata bulan ini"), cached_count(user, "new", persons.filter(created_at__date__gte=first_of_month).count)),
    ]


def dashboard_for(user) -> dict:
    cards: list[Card] = []
    for provider in _CARD_PROVIDERS:
        cards.extend(provider(user))
    inbox: list[InboxItem] = []
    for provider in _INBOX_PROVIDERS:
        inbox.extend(provider(user))
    return {"cards": cards, "inbox": inbox}
