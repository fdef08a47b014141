"""Finding 9 of issue 12: no 500 from what a visitor types into a URL. Every page without arguments is
requested, by every role, with every query parameter the pages read set to hostile values; every page
with a number in its path is requested with a number past the database's integer range."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PARAMETERS = ("hal", "siklus", "setelah", "status", "q", "keputusan", "alasan", "program", "tahun", "tanggal",
              "month", "programme", "jenis", "id", "cursor", "bulan", "next")
HOSTILE = ("abc", "0", "-1", "99999999999999999999999", "١٢", "2025-13-45", "' OR 1=1 --", "9" * 400)
HUGE = "99999999999999999999999"


def patterns(resolvers=None, prefix=""):
    """(route, converters) of every URL pattern of the project, admin and i18n left out."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(("admin/", "i18n/")):
                continue
            yield from patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, dict(entry.pattern.converters)


def concrete(route: str, converters: dict, number: str) -> str:
    def value(match):
        name = match.group(2)
        kind = type(converters[name]).__name__
        return {"IntConverter": number, "UUIDConverter": "00000000-0000-4000-8000-000000000000"}.get(kind, "2025-06")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route).lstrip("^").rstrip("$")


@pytest.fixture
def everyone(users, make_user):
    return [*users.values(), make_user("root", superuser=True)]


def test_no_page_fails_on_a_hostile_query_string(client, everyone):
    plain = [route for route, converters in patterns() if not converters and "<" not in route]
    assert "audit/" in plain and "usulan/" in plain
    for user in everyone:
        client.force_login(user)
        for route in plain:
            for value in HOSTILE:
                response = client.get("/" + route, dict.fromkeys(PARAMETERS, value))
                assert response.status_code < 500, (user.username, route, value)


def test_the_reported_urls(client, users):
    client.force_login(users["auditor"])
    for page in ("abc", "0", "-1", HUGE):
        response = client.get("/audit/", {"hal": page})
        assert response.status_code == 200, page
    client.force_login(users["labour"])
    assert client.get("/usulan/", {"siklus": HUGE}).status_code == 200
    assert client.get("/usulan/", {"setelah": HUGE}).status_code == 200
    assert client.get("/penduduk/", {"q": "a", "setelah": HUGE}).status_code == 200


def test_a_number_past_the_integer_range_in_a_path_is_not_found(client, everyone):
    numbered = [(r, c) for r, c in patterns() if any(type(v).__name__ == "IntConverter" for v in c.values())]
    assert numbered
    for user in everyone:
        client.force_login(user)
        for route, converters in numbered:
            url = concrete(route, converters, HUGE)
            response = client.get(url)
            assert response.status_code in (302, 403, 404, 405), (user.username, url, response.status_code)
