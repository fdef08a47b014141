"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser) against the live
server. In CI (LINDUNG_REQUIRE_BROWSER=1) a missing browser fails the run instead of skipping."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed (apt-get install chromium): browser tests cannot run"
        if os.environ.get("LINDUNG_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo_city(transactional_db, balikpapan):
    """The demo users (one per role) on a flushed test database."""
    from lindung.demo.city import create_users

    return {u.username: u for u in create_users()}


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    from lindung.demo.city import DEMO_PASSWORD

    def do(username: str, password: str = DEMO_PASSWORD):
        page.context.clear_cookies()
        page.goto("/akun/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        return page

    return do
