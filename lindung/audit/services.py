"""The one door into the audit trail. Every service that changes state calls `record`."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.db import models

from .models import AuditEvent


def _json_safe(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_safe(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a model instance, JSON-safe (FKs by their key)."""
    out = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if getattr(field, "auto_now", False):  # bookkeeping, not a change anyone made
            continue
        out[field.attname] = _json_safe(getattr(instance, field.attname))
    return out


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys that differ: an audit row should say what changed, not repeat the record."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def record(
    actor,
    action: str,
    target: models.Model | None = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    tenant=None,
    target_type: str = "",
    target_id: str = "",
    target_repr: str = "",
    ip: str | None = None,
) -> AuditEvent:
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_repr = target_repr or str(target)[:200]
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_name=(actor.get_username() if is_user else str(actor or "sistem"))[:150],
        tenant=tenant if tenant is not None else (getattr(actor, "tenant", None) if is_user else None),
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr[:200],
        before=_json_safe(before),
        after=_json_safe(after),
        ip=ip,
    )
