"""An audit event's before and after, readable: "Status: Diajukan → Ditolak", field names in words (the
model's own labels), codes in words, long id lists as counts — instead of `{'status': 'agreed'}`."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from lindung.platform.labels import words

from .models import AuditEvent

LIST_SHOWN = 5


def _label(model, key: str) -> str:
    if model is not None:
        try:
            field = model._meta.get_field(key.removesuffix("_id"))
        except FieldDoesNotExist:
            pass
        else:
            if getattr(field, "verbose_name", None):  # reverse relations have none
                return str(field.verbose_name).capitalize()
    return key.replace("_", " ").capitalize()


def _value(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list):
        if len(value) > LIST_SHOWN:
            return f"{len(value)} butir"
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    return words(value) if isinstance(value, str) else str(value)


def describe(event: AuditEvent) -> list[str]:
    """One line per changed (or recorded) field."""
    try:
        model = apps.get_model(event.target_type) if event.target_type else None
    except (LookupError, ValueError):
        model = None
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [f"{_value(before)} → {_value(after)}"]
    lines = []
    for key in list(dict.fromkeys([*before, *after])):
        label = _label(model, key)
        if key in before and key in after:
            lines.append(f"{label}: {_value(before[key])} → {_value(after[key])}")
        elif key in after:
            lines.append(f"{label}: {_value(after[key])}")
        else:
            lines.append(f"{label}: {_value(before[key])} → —")
    return lines
