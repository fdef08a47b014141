"""Tokens (hashed at rest, expiry, revocation, last use, the CLI of DESIGN §4), the schema and the docs
served by the app, JSON errors and the rate limit."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

from lindung.api import tokens
from lindung.api.api import api as ninja_api
from lindung.api.models import ApiToken

from .conftest import ApiClient


def test_the_cli_prints_a_token_as_its_last_line_and_keeps_only_its_hash(users):
    out = StringIO()
    call_command("api", "token", "create", "--user", "disnaker", "--days", "7", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    assert token.startswith("lnd_") and len(token) > 40
    record = ApiToken.objects.get()
    assert record.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(ApiToken.objects.values()))
    assert timedelta(days=6, hours=23) < record.expires_at - timezone.now() <= timedelta(days=7)
    response = ApiClient(token).get("/penduduk/6471011705900001")
    assert response.status_code == 404 and response.json()["kode"] == "tidak_ditemukan"
    record.refresh_from_db()
    assert record.last_used_at is not None and record.last_used_ip == "127.0.0.1"
    with __import__("pytest").raises(CommandError):
        call_command("api", "token", "create", "--user", "tidak-ada", stdout=StringIO())


def test_expired_revoked_and_missing_tokens_get_401(users):
    record, token = tokens.create_token(None, user=users["labour"])
    assert ApiClient(token).get("/penduduk/6471011705900001").status_code == 404
    ApiToken.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert ApiClient(token).get("/penduduk/6471011705900001").status_code == 401
    record2, token2 = tokens.create_token(None, user=users["labour"])
    out = StringIO()
    call_command("api", "token", "revoke", record2.prefix, stdout=out)
    response = ApiClient(token2).get("/penduduk/6471011705900001")
    assert response.status_code == 401 and set(response.json()) == {"kode", "pesan"}
    assert ApiClient().get("/penduduk/6471011705900001").status_code == 401
    assert ApiClient("lnd_palsu").get("/penduduk/6471011705900001").status_code == 401
    users["labour"].is_active = False
    users["labour"].save()
    _, token3 = tokens.create_token(None, user=users["tvem"])
    assert ApiClient(token3).get("/penduduk/6471011705900001").status_code == 404


def test_schema_and_docs_are_served_by_the_app(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/v1/penyaringan", "/api/v1/penduduk/{nik}", "/api/v1/usulan", "/api/v1/usulan/{nomor}",
            "/api/v1/peserta", "/api/v1/tagihan/{program}/{bulan}", "/api/v1/status", "/api/v1/pengaduan",
            "/api/v1/pengaduan/{nomor}"} <= paths
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower() and "https://" not in html
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_invalid_input_is_a_json_error_naming_the_field(api, users):
    response = api(users["labour"]).post("/usulan", {"program": "x"})
    assert response.status_code == 422
    body = response.json()
    assert body["kode"] == "data_tidak_valid" and any(d["kolom"] == "nik" for d in body["rincian"])


def test_tokens_are_rate_limited(api, users, monkeypatch):
    from django.core.cache import cache

    cache.clear()  # other tests' requests of the same user within the minute count too
    throttle = ninja_api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 3)
    client = api(users["labour"])
    codes = [client.get("/penduduk/6471011705900001").status_code for _ in range(5)]
    assert codes[:3] == [404, 404, 404] and codes[3:] == [429, 429]
    assert client.get("/penduduk/6471011705900001").json()["kode"] == "terlalu_banyak_permintaan"
