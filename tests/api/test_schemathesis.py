"""schemathesis against the live schema (DESIGN §4): the app is started (pytest-django's live server), a
token is made for the labour agency, and schemathesis generates requests for every operation from
/api/v1/openapi.json: no response may be a 5xx, and every response must match the schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lindung.api import tokens
from lindung.api.api import api as ninja_api

ST = Path(sys.executable).with_name("st")


@pytest.mark.skipif(not ST.exists(), reason="schemathesis is not installed (pip install -e '.[test]')")
def test_the_live_api_matches_its_schema_and_never_fails(live_server, users, make_person, monkeypatch, tmp_path):
    from tests.workflow import factories

    factories.open_cycle(users["labour"], factories.programme(users["labour"]))
    make_person("Ani Pemulung")
    monkeypatch.setattr(ninja_api.throttle[0], "num_requests", 1_000_000)  # schemathesis is one busy client
    _, token = tokens.create_token(None, user=users["labour"])
    done = subprocess.run(
        [str(ST), "run", f"{live_server.url}/api/v1/openapi.json", "--url", live_server.url,
         "-H", f"Authorization: Bearer {token}", "--checks", "not_a_server_error,response_schema_conformance",
         "--max-examples", "25", "--seed", "2026", "--generation-deterministic", "--workers", "1",
         "--request-timeout", "60", "--no-color"],
        capture_output=True, text=True, timeout=900, cwd=tmp_path,
    )
    report = done.stdout[:8000] + done.stderr[-2000:]
    assert done.returncode == 0, report
    assert "/api/v1/penyaringan" in done.stdout or "penyaringan" in report
