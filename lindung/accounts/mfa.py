"""The second factor (django-otp): one TOTP authenticator per user, plus single-use recovery codes.

Enrolment creates an unconfirmed TOTP device and shows its key (QR code and text); the first code the
user types back confirms it, marks the session verified and issues ten recovery codes, shown once. At
every later sign-in the password is followed by a code from the app, or by one recovery code (spent).
django-otp throttles wrong codes per device (each failure doubles the wait).
"""

from __future__ import annotations

import base64

import segno
from django.db import transaction
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE = "aplikasi autentikator"
RECOVERY_DEVICE = "kode pemulihan"
RECOVERY_CODES = 10


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (one per user, kept across page reloads)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in (base32, in groups of four)."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as a QR code image (a data: URI: no file, no CDN, allowed by the CSP)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


@transaction.atomic
def confirm(request, device: TOTPDevice, token: str) -> list[str] | None:
    """The first code from the app confirms the device; returns the new recovery codes, or None when the
    code is wrong."""
    if not device.verify_token((token or "").replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Ten fresh single-use codes; the previous ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE).count()


def wait_seconds(user) -> int:
    """Seconds before the user's authenticator accepts another code (django-otp's throttle after wrong ones)."""
    from django.utils import timezone

    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed").first()
    if device is None:
        return 0
    allowed, info = device.verify_is_allowed()
    if allowed or not info or not info.get("locked_until"):
        return 0
    return max(1, int((info["locked_until"] - timezone.now()).total_seconds()) + 1)


def verify(request, token: str):
    """A code from the app or a recovery code: the device that accepted it (the session is then verified),
    or None."""
    device = match_token(request.user, (token or "").replace(" ", ""))
    if device is None or not device.confirmed:
        return None
    otp_login(request, device)
    return device


def enrol_with_key(user, key_hex: str) -> TOTPDevice:
    """A confirmed authenticator with a given key: for the demo city only, whose key is public."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE, key=key_hex, confirmed=True)


def current_code(key_hex: str) -> str:
    """The code an authenticator app shows now for a key (the demo prints it)."""
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(key_hex)).token():06d}"


def reset(user) -> None:
    """Forget a user's second factor (lost phone and codes): they enrol again at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
