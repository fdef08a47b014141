"""Bahasa Indonesia is the source language; English comes from lindung/locale/en. The compiled
catalogue (.mo) is committed because CI has no GNU gettext, so these tests also check that the .po is
completely translated and that the .mo says the same as the .po."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"


# --- Pages in both languages ------------------------------------------------------------------


def test_indonesian_is_the_default_for_a_new_client(client, users):
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="id">' in login_page
    assert "Masuk ke Lindung" in login_page
    assert "Log in to Lindung" not in login_page

    client.force_login(users["labour"])
    dashboard = client.get(reverse("web:dashboard")).content.decode()
    assert "Selamat datang" in dashboard
    assert "Welcome" not in dashboard


def test_dashboard_in_english_after_switching(client, users):
    client.force_login(users["labour"])
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("web:dashboard")})
    assert response.status_code == 302

    page = client.get(reverse("web:dashboard")).content.decode()
    assert '<html lang="en">' in page
    assert "Welcome, disnaker" in page
    assert "Selamat datang" not in page
    assert "Awaiting your action" in page  # "Menunggu tindakan Anda"
    assert "Residents within your scope" in page  # a card label from Python code (gettext)
    assert ">Log out<" in page  # the header, from base.html


def test_login_page_in_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page
    assert "Log in to Lindung" in page
    assert "Username" in page and "Password" in page
    assert "Masuk ke Lindung" not in page


def test_switching_back_to_indonesian(client, users):
    client.force_login(users["labour"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Selamat datang" in client.get(reverse("web:dashboard")).content.decode()


# --- The catalogue itself ---------------------------------------------------------------------


def parse_po(path: Path) -> list[dict]:
    """A small .po reader (no polib in the test dependencies): one dict per entry with msgctxt,
    msgid, msgid_plural, msgstr (a str, or a dict index -> str for plurals) and flags. Obsolete
    entries (#~) are skipped."""
    entries: list[dict] = []
    entry: dict = {}
    field: tuple | None = None

    def finish():
        nonlocal entry, field
        if "msgid" in entry:
            entries.append(entry)
        entry, field = {}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if "msgid" in entry:  # a flag line starts a new entry
                finish()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line)
        if match:
            keyword, index, literal = match.groups()
            if keyword in ("msgctxt", "msgid") and "msgstr" in entry:
                finish()
            text = ast.literal_eval(literal)
            if keyword == "msgstr" and index is not None:
                entry.setdefault("msgstr", {})[int(index)] = text
                field = ("msgstr", int(index))
            else:
                entry[keyword] = text
                field = (keyword,)
            continue
        assert line.startswith('"'), f"unexpected line in {path.name}: {raw!r}"
        text = ast.literal_eval(line)
        if len(field) == 2:
            entry["msgstr"][field[1]] += text
        else:
            entry[field[0]] += text
    finish()
    for e in entries:
        e.setdefault("flags", set())
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[dict]:
    assert PO_FILE.exists(), "run makemessages -l en (see docs) to create the English catalogue"
    entries = parse_po(PO_FILE)
    header = [e for e in entries if e["msgid"] == ""]
    assert len(header) == 1
    return [e for e in entries if e["msgid"] != ""]


def test_every_message_is_translated_and_none_is_fuzzy(po_entries):
    assert len(po_entries) > 500
    untranslated, fuzzy = [], []
    for e in po_entries:
        if "fuzzy" in e["flags"]:
            fuzzy.append(e["msgid"])
        strings = e["msgstr"].values() if isinstance(e["msgstr"], dict) else [e["msgstr"]]
        if "msgid_plural" in e and (not isinstance(e["msgstr"], dict) or len(e["msgstr"]) != 2):
            untranslated.append(e["msgid"])
        elif not all(s.strip() for s in strings):
            untranslated.append(e["msgid"])
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:10]}"


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w+\}")


def test_translations_keep_the_placeholders(po_entries):
    wrong = []
    for e in po_entries:
        expected = sorted(PLACEHOLDER.findall(e["msgid"]))
        strings = e["msgstr"].values() if isinstance(e["msgstr"], dict) else [e["msgstr"]]
        wrong += [(e["msgid"], s) for s in strings if sorted(PLACEHOLDER.findall(s)) != expected]
    assert not wrong, wrong[:5]


def test_compiled_catalogue_is_not_stale(po_entries):
    assert MO_FILE.exists(), "run compilemessages: the .mo is committed because CI has no gettext"
    with MO_FILE.open("rb") as fp:
        catalog = gettext.GNUTranslations(fp)._catalog
    stale = []
    for e in po_entries:
        key = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if isinstance(e["msgstr"], dict):
            for index, text in e["msgstr"].items():
                if catalog.get((key, index)) != text:
                    stale.append(e["msgid"])
        elif catalog.get(key) != e["msgstr"]:
            stale.append(e["msgid"])
    assert not stale, f"{len(stale)} entries differ between django.po and django.mo (recompile): {stale[:10]}"
    # And nothing in the .mo that the .po no longer has.
    po_keys = {f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"] for e in po_entries}
    mo_keys = {k[0] if isinstance(k, tuple) else k for k in catalog} - {""}
    assert mo_keys <= po_keys, sorted(mo_keys - po_keys)[:10]
