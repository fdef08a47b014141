"""The landing dashboard: the cards and inbox items every installed capability contributes through
`lindung.platform.dashboard`, each scoped to the user by its provider."""

from __future__ import annotations

from lindung.platform.dashboard import CARD_PROVIDERS, INBOX_PROVIDERS, Card, InboxItem


def dashboard_for(user) -> dict:
    cards: list[Card] = []
    for provider in CARD_PROVIDERS:
        cards.extend(provider(user))
    inbox: list[InboxItem] = []
    for provider in INBOX_PROVIDERS:
        inbox.extend(provider(user))
    return {"cards": cards, "inbox": inbox}
