"""Creating, checking and revoking API tokens. A token is `lnd_` + 43 URL-safe characters (32 random
bytes); only its SHA-256 is stored, with an expiry, a revocation date and its last use."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from lindung.accounts.permissions import is_staff_user
from lindung.audit import services as audit

from .actions import Action
from .models import ApiToken

PREFIX = "lnd_"
DEFAULT_DAYS = 90
MAX_DAYS = 366
TOUCH_EVERY = timedelta(minutes=1)  # last use is written at most once a minute per token


class TokenRefused(ValueError):
    """The token cannot be made (unknown or inactive user, bad duration); the message says why."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(actor, *, user, days: int = DEFAULT_DAYS, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`, valid `days` days; returns the record and the token (shown once)."""
    if not user.is_active or not (user.is_superuser or is_staff_user(user)):
        raise TokenRefused(f"pengguna {user.username} tidak aktif atau belum mempunyai peran dan pemerintah daerah")
    if not 1 <= days <= MAX_DAYS:
        raise TokenRefused(f"masa berlaku token 1 sampai {MAX_DAYS} hari")
    token = PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(user=user, name=name[:100], prefix=token[:12], key_hash=digest(token),
                                     expires_at=timezone.now() + timedelta(days=days))
    audit.record(actor, Action.API_TOKEN_CREATE, record, tenant=user.tenant,
                 after={"user": user.username, "prefix": record.prefix, "expires_at": record.expires_at})
    return record, token


def revoke_token(actor, *, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor, Action.API_TOKEN_REVOKE, token, tenant=token.user.tenant, after={"prefix": token.prefix})
    return token


def authenticate(token: str, ip: str | None = None):
    """The user a token acts as, or None (unknown, expired, revoked, or the user deactivated)."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    record = ApiToken.objects.select_related("user", "user__tenant", "user__region", "user__agency").filter(
        key_hash=digest(token)).first()
    now = timezone.now()
    if record is None or record.revoked_at is not None or record.expires_at <= now or not record.user.is_active:
        return None
    if record.last_used_at is None or now - record.last_used_at > TOUCH_EVERY or record.last_used_ip != ip:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now, last_used_ip=ip)
    return record.user
