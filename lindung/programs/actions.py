"""Audit actions of programmes: the codes written to the audit trail, and their words on the audit page.
Codes are stored: change a value only with a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    COLUMN_MAPPING_SAVE = "column_mapping.save", _("Pemetaan kolom disimpan")
    FUNDING_SOURCE_CREATE = "funding_source.create", _("Sumber dana ditambahkan")
    PROGRAMME_CREATE = "programme.create", _("Program dibuat")
