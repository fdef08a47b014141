"""The workflow's stored codes in words (discovered by lindung.platform.labels): application statuses, channels,
duplicate kinds."""

from .models import Application, DuplicateCase

LABELS = {**dict(Application.Status.choices), **dict(Application.Channel.choices), **dict(DuplicateCase.Kind.choices)}
