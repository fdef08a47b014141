"""The second factor as a person meets it (finding 5 of issue 12): the labour agency's first sign-in
enrols an authenticator (QR code and typed key), shows the recovery codes once; the next sign-in asks
for the code; a recovery code stands in for a lost phone. Codes are computed here as an authenticator
app would, from the key the page shows."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def code_for(key_text: str, step: int = 0) -> str:
    key = key_text.replace(" ", "")
    key += "=" * (-len(key) % 8)
    return f"{TOTP(base64.b32decode(key), drift=step).token():06d}"


def test_enrol_then_sign_in_with_the_code_then_with_a_recovery_code(settings, demo_city, login):
    settings.LINDUNG_MFA_REQUIRED = True
    page = login("disnaker")
    expect(page).to_have_url(re.compile("/akun/daftar-otp/"))
    expect(page.locator("h1")).to_have_text("Aktifkan verifikasi dua langkah")
    expect(page.locator("img.qr")).to_be_visible()
    key = page.locator("#kunci-otp").inner_text()

    page.fill("#id_kode", "123456" if code_for(key) != "123456" else "654321")
    page.click("main form button[type=submit]")
    expect(page.locator(".errorlist")).to_contain_text("Kode salah")
    expect(page.locator(".errorlist")).to_contain_text("tunggu")
    page.wait_for_timeout(2500)  # django-otp's throttle: a wait after each wrong code

    page.fill("#id_kode", code_for(key))
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Verifikasi dua langkah aktif")
    codes = page.locator("#kode-pemulihan code").all_inner_texts()
    assert len(codes) == 10
    page.click("text=Saya sudah menyimpannya, lanjutkan")
    expect(page.locator("h1")).to_contain_text("Selamat datang")

    # Next sign-in: password, then the code of the next 30 seconds (a code is never accepted twice).
    page = login("disnaker")
    expect(page).to_have_url(re.compile("/akun/verifikasi/"))
    page.fill("#id_kode", code_for(key, step=1))
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Selamat datang")

    # A lost phone: a recovery code, once; the page says how many remain.
    page = login("disnaker")
    page.fill("#id_kode", codes[0])
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Keamanan akun")
    expect(page.locator(".msg-warning")).to_contain_text("Tersisa 9 kode")
    page.goto("/penduduk/")
    expect(page.locator("h1")).to_have_text("Cari penduduk")


def test_a_field_officer_signs_in_without_a_second_factor(settings, demo_city, login):
    settings.LINDUNG_MFA_REQUIRED = True
    page = login("lurah.manggar")
    expect(page.locator("h1")).to_contain_text("Selamat datang")
