"""Log in as each role, search a person, and prove a lurah cannot open a person elsewhere."""

import re

import pytest
from playwright.sync_api import expect

from lindung.demo.city import DEMO_USERS

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("username", [u.username for u in DEMO_USERS])
def test_every_demo_login_reaches_the_dashboard(demo_city, login, username):
    page = login(username)
    expect(page.locator("h1")).to_contain_text("Selamat datang")
    expect(page.locator(".who-role")).to_be_visible()
    expect(page.locator(".mainnav a", has_text="Beranda")).to_be_visible()


def test_wrong_password_shows_a_clear_error(demo_city, login):
    page = login("disnaker", "salah-sekali")
    expect(page.locator(".errorlist")).to_be_visible()
    expect(page).to_have_url(re.compile("/akun/masuk/"))


def test_search_a_person_by_name_then_by_nik(demo_city, make_person, login):
    person = make_person("Nurhayati Binti Ahmad", kelurahan="64.71.01.1001")
    page = login("disnaker")
    page.fill("input[name=q]", "nurhayati")
    page.click("form[role=search] button")
    expect(page.locator("#hasil")).to_contain_text("Nurhayati Binti Ahmad")
    expect(page.locator("#hasil")).to_contain_text(person.masked_nik)
    page.fill("input[name=q]", person.nik)
    page.click("form[role=search] button")
    page.click("text=Nurhayati Binti Ahmad")
    expect(page.locator("#nik")).to_have_text(person.masked_nik)
    page.click("text=Tampilkan NIK lengkap")
    expect(page.locator("#nik")).to_have_text(person.nik)


def test_a_lurah_cannot_open_a_person_outside_their_kelurahan(demo_city, make_person, login):
    mine = make_person("Warga Manggar", kelurahan="64.71.01.1001")
    elsewhere = make_person("Warga Prapatan", kelurahan="64.71.06.1001")
    page = login("lurah.manggar")
    page.fill("input[name=q]", "warga")
    page.click("form[role=search] button")
    expect(page.locator("#hasil")).to_contain_text("Warga Manggar")
    expect(page.locator("#hasil")).not_to_contain_text("Warga Prapatan")
    response = page.goto(f"/penduduk/{elsewhere.pk}/")
    assert response.status == 404
    assert page.goto(f"/penduduk/{mine.pk}/").status == 200
