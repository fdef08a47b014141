"""Re-take the README screenshots from a running `make run` (demo city loaded):

    .venv/bin/python docs/make_screenshots.py [http://127.0.0.1:8000]

The labour agency's login has a second factor: the demo's current code comes from `lindung demo --kode`
(the demo's public key, never a production one).
"""

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent
LINDUNG = Path(sys.executable).with_name("lindung")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]

# (file, path, what to wait for) as the labour agency
SCREENS = [
    ("dashboard.png", "/", ".cards"),
    ("applications.png", "/usulan/", "main table, main .empty"),
    ("monitoring.png", "/monitoring/", "main h1"),
    ("complaints.png", "/pengaduan/petugas/", "main h1"),
    ("budget.png", "/program/1/anggaran/", "main h1"),  # the demo's programme
]


def sign_in(page, username: str) -> None:
    page.goto(f"{BASE}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-lindung-2026")
    page.click("main form button[type=submit]")
    if page.locator("#id_kode").count():
        code = subprocess.run([str(LINDUNG), "demo", "--kode"], capture_output=True, text=True, check=True,
                              env={"LINDUNG_DEBUG": "1", "PATH": "/usr/bin:/bin"}).stdout.strip()
        page.fill("#id_kode", code)
        page.click("main form button[type=submit]")


with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 820}, locale="id-ID")
    sign_in(page, "disnaker")
    for name, path, ready in SCREENS:
        page.goto(f"{BASE}{path}")
        page.wait_for_selector(ready)
        page.screenshot(path=str(OUT / name))
        print(f"written {OUT / name}")
    # The worker's side, on a phone: the public complaint form.
    phone = browser.new_page(viewport={"width": 375, "height": 760}, locale="id-ID")
    phone.goto(f"{BASE}/pengaduan/")
    phone.wait_for_selector("main form")
    phone.screenshot(path=str(OUT / "complaint-phone.png"))
    print(f"written {OUT / 'complaint-phone.png'}")
    browser.close()
