"""API clients: a token per user, sent as `Authorization: Bearer <token>`."""

from __future__ import annotations

import pytest
from django.test import Client

from lindung.api import tokens


class ApiClient:
    def __init__(self, token: str | None = None, **headers):
        self.client = Client(**({"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}), **headers)

    def get(self, path, params=None, **extra):
        return self.client.get(f"/api/v1{path}", params or {}, **extra)

    def post(self, path, body, **extra):
        return self.client.post(f"/api/v1{path}", body, content_type="application/json", **extra)


@pytest.fixture
def api():
    """api(user) -> a client acting as that user; api() -> a client without a token."""

    def make(user=None, **headers) -> ApiClient:
        if user is None:
            return ApiClient(**headers)
        _, token = tokens.create_token(None, user=user)
        return ApiClient(token, **headers)

    return make
