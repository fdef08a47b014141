"""Finding 5 of issue 12: a second factor (TOTP with recovery codes) for the labour agency, BPJS, TVEM,
auditor and administrator roles, enrolled at the first sign-in; lockout per account across addresses;
an idle timeout. (The browser walk of enrolment and sign-in: tests/e2e/test_mfa.py.)"""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindung.accounts.middleware import LAST_SEEN

PASSWORD = "rahasia-uji-123"


@pytest.fixture(autouse=True)
def mfa_on(settings):
    settings.LINDUNG_MFA_REQUIRED = True


def code(device: TOTPDevice, step: int = 0) -> str:
    """What the authenticator app shows (step=1: the next 30 seconds, which the server also accepts; a
    code once used is refused, so a second sign-in within the same 30 seconds takes the next one)."""
    return f"{TOTP(device.bin_key, drift=step).token():06d}"


def sign_in(client, username: str, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD}, **extra)


def enrol(client, username: str) -> tuple[TOTPDevice, list[str]]:
    sign_in(client, username)
    page = client.get(reverse("accounts:mfa_enrol"))
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    done = client.post(reverse("accounts:mfa_enrol"), {"kode": code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(c in done.content.decode() for c in codes)
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


@pytest.mark.parametrize("who", ["labour", "bpjs", "tvem", "auditor"])
def test_programme_roles_must_enrol_at_the_first_sign_in(client, users, who):
    username = users[who].username
    response = sign_in(client, username, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:mfa_enrol"))
    # Nothing else opens before the second factor.
    for url in (reverse("web:dashboard"), reverse("people:search"), reverse("web:audit")):
        assert client.get(url)["Location"].startswith(reverse("accounts:mfa_enrol")), url
    enrol(client, username)
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_the_administrator_needs_it_too(client, make_user):
    make_user("root", superuser=True)
    response = sign_in(client, "root")
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("accounts:mfa_enrol"))
    assert response.status_code == 302


def test_field_officers_sign_in_with_the_password_alone(client, users):
    sign_in(client, "lurah.manggar")
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_later_sign_ins_ask_for_the_code_and_refuse_a_wrong_one(client, users):
    device, _ = enrol(client, "disnaker")
    client.post(reverse("accounts:logout"))
    sign_in(client, "disnaker")
    assert client.get(reverse("web:dashboard"))["Location"].startswith(reverse("accounts:mfa_verify"))
    wrong = client.post(reverse("accounts:mfa_verify"), {"kode": "000000" if code(device, 1) != "000000" else "111111"})
    assert "Kode salah" in wrong.content.decode()
    assert client.get(reverse("web:dashboard")).status_code == 302
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the throttle doubles the wait after each failure
    device.save()
    ok = client.post(reverse("accounts:mfa_verify") + "?next=/penduduk/", {"kode": code(device, 1), "next": "/penduduk/"})
    assert ok.status_code == 302 and ok["Location"] == "/penduduk/"
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_a_recovery_code_works_once(client, users):
    _, codes = enrol(client, "bpjs")
    for attempt in range(2):
        client.post(reverse("accounts:logout"))
        sign_in(client, "bpjs")
        response = client.post(reverse("accounts:mfa_verify"), {"kode": codes[0]})
        if attempt == 0:
            assert response.status_code == 302
            assert "Tersisa 9 kode" in client.get(response["Location"]).content.decode()
        else:
            assert "Kode salah" in response.content.decode()


def test_an_idle_session_ends(client, users, settings):
    settings.LINDUNG_IDLE_SECONDS = 30 * 60
    sign_in(client, "lurah.manggar")
    assert client.get(reverse("web:dashboard")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("web:dashboard")).status_code == 302  # signed out, not just redirected once


def test_guesses_spread_over_addresses_lock_the_account(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.LINDUNG_ACCOUNT_FAILURE_LIMIT = 20
    settings.LINDUNG_MFA_REQUIRED = False
    guesses = [f"10.0.0.{address}" for address in range(5) for _ in range(4)]  # no address reaches 5
    for n, address in enumerate(guesses, 1):
        response = client.post(reverse("accounts:login"), {"username": "disnaker", "password": "salah"},
                               REMOTE_ADDR=address)
        assert response.status_code == (429 if n == 20 else 200), n  # the 20th guess locks the account
    # The right password from a sixth address: the account is locked everywhere.
    locked = sign_in(client, "disnaker", REMOTE_ADDR="10.0.0.99")
    assert locked.status_code == 429
    # Another account is not affected.
    assert sign_in(client, "tvem", REMOTE_ADDR="10.0.0.99").status_code == 302
