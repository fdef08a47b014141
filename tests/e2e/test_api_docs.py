"""The API documentation (/api/v1/docs) renders in the browser from files the app serves itself."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_the_api_docs_page_lists_every_operation_without_a_cdn(page, live_server, db):
    outside = []
    page.on("request", lambda r: None if r.url.startswith((live_server.url, "data:")) else outside.append(r.url))
    page.goto("/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/penyaringan")).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/peserta")).to_be_visible()
    assert outside == []
