"""Re-take the README screenshots from a running `make run` (demo city loaded):

    .venv/bin/python docs/make_screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]

with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 820}, locale="id-ID")
    page.goto(f"{BASE}/akun/masuk/")
    page.fill("#id_username", "disnaker")
    page.fill("#id_password", "demo-lindung-2026")
    page.click("button[type=submit]")
    page.wait_for_selector(".cards")
    page.screenshot(path=str(OUT / "dashboard.png"))
    browser.close()
print(f"written {OUT / 'dashboard.png'}")
