"""The person page as a hub: what happened to a resident across the capabilities — applications and
decisions with their articles, the decree, KPJ and membership periods, bills, claims, complaints — each
entry linked and scoped to the reader.

The person page (this app, in the reference tier) cannot import the capabilities above it, so each
registers a provider: `@timeline_provider def entries(user, person) -> list[Entry]`, returning only what
that user may see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

PROVIDERS: list[Callable] = []


@dataclass(frozen=True)
class Entry:
    on: date
    kind: str  # what sort of event, in words ("Usulan", "Kepesertaan", "Tagihan")
    title: str
    details: list[str] = field(default_factory=list)  # lines, e.g. each failed criterion with its article
    url: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url): letters, documents


def timeline_provider(func: Callable) -> Callable:
    PROVIDERS.append(func)
    return func


def timeline(user, person) -> list[Entry]:
    """Every provider's entries for the person, newest first."""
    entries = [entry for provider in PROVIDERS for entry in provider(user, person)]
    return sorted(entries, key=lambda e: e.on, reverse=True)
