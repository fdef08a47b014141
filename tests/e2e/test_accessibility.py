"""WCAG 2.1 AA basics, checked in a real browser (issue 13): every field has a label, a failed submit puts
the focus on an error summary, a skip link comes first, the focus ring contrasts at least 3:1 with what is
around it, and officer lists need no horizontal scrolling on a 375 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lindung.applications.services import submit
from tests.workflow import factories

pytestmark = pytest.mark.e2e


def luminance(rgb: str) -> float:
    parts = [int(float(v)) for v in rgb[rgb.index("(") + 1: rgb.index(")")].split(",")[:3]]

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in parts)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture
def open_cycle(demo_city):
    labour = demo_city["disnaker"]
    return factories.open_cycle(labour, factories.programme(labour))


def test_skip_link_first_and_a_visible_focus_ring(demo_city, login):
    page = login("disnaker")
    # the sign-in's redirect must have landed: a Tab pressed while it is under way goes nowhere
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)
    page.wait_for_load_state()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Langsung ke isi halaman"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "isi"
    page.keyboard.press("Tab")  # the first link inside the page
    ring, around = page.evaluate("""() => {
        const s = getComputedStyle(document.activeElement);
        let el = document.activeElement.parentElement, bg = 'rgba(0, 0, 0, 0)';
        while (el && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) { bg = getComputedStyle(el).backgroundColor; el = el.parentElement; }
        return [s.outlineStyle !== 'none' ? s.outlineColor : 'rgb(255, 255, 255)', bg === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : bg];
    }""")
    assert contrast(ring, around) >= 3, (ring, around)


def test_every_field_of_the_public_form_is_labelled_and_errors_take_the_focus(open_cycle, page):
    page.goto("/usulan/daftar/")
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll('input, select, textarea'))
        .filter(e => e.type !== 'hidden' && e.type !== 'submit' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
        .map(e => e.name)""")
    assert unlabelled == []
    page.click("#usulan button[type=submit]")
    expect(page.locator("#ringkasan-kesalahan")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "ringkasan-kesalahan"
    page.click("#ringkasan-kesalahan a[href='#id_nik']")
    assert page.evaluate("document.activeElement.id") == "id_nik"


@pytest.mark.parametrize("url", ["/verifikasi/", "/usulan/", "/penduduk/?q=a"])
def test_officer_lists_fit_a_375_px_phone(open_cycle, demo_city, login, url):
    for i in range(5):
        submit.submit_application(demo_city["lurah.manggar"], cycle=open_cycle, data=factories.applicant(
            "Nama Yang Cukup Panjang Untuk Diuji Binti Abdurrahman", serial=9950 + i))
    page = login("lurah.manggar")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 376, f"{url} scrolls sideways: {width}px"
