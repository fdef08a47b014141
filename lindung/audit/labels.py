"""Words for the audit trail's action codes. Each app declares its actions in `<app>/actions.py` (an
`Action` TextChoices: the stored code and its label); they are discovered here the way Django's admin
discovers `admin.py` modules, so the audit tier never imports the apps above it."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps


@cache
def _labels() -> dict[str, object]:
    labels = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("lindung."):
            continue
        try:
            module = import_module(f"{config.name}.actions")
        except ModuleNotFoundError:
            continue
        labels.update({choice.value: choice.label for choice in module.Action})
    return labels


def action_label(code: str) -> str:
    """The action in words (in the active language); the code itself when no app declares it."""
    label = _labels().get(code)
    return str(label) if label is not None else code
