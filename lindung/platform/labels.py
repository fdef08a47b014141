"""One label catalogue: every code Lindung stores or exchanges (decisions, reasons, statuses, audit actions,
reconciliation and import problems) in words, in the active language. Codes stay in files and the API;
screens show words (`{{ code|words }}`).

Each app declares its words where its codes live — `labels.py` (a `LABELS` dict of code -> lazy label) and
`actions.py` (the `Action` TextChoices of its audit codes) — and they are discovered here the way Django's
admin discovers `admin.py`, so this tier never imports the apps above it."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps


def _module(config, name: str):
    try:
        return import_module(f"{config.name}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{config.name}.{name}":
            raise
        return None


@cache
def catalogue() -> dict[str, object]:
    labels: dict[str, object] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("lindung."):
            continue
        if (module := _module(config, "labels")) is not None:
            labels.update(getattr(module, "LABELS", {}))
        if (module := _module(config, "actions")) is not None and hasattr(module, "Action"):
            labels.update({choice.value: choice.label for choice in module.Action})
    return labels


def words(code) -> str:
    """The code in words (active language); the code itself when nobody declares it."""
    label = catalogue().get(str(code)) if code not in (None, "") else None
    return str(label) if label is not None else ("" if code is None else str(code))


def action_label(code: str) -> str:
    return words(code)
