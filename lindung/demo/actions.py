"""Audit actions of the demo city: the codes written to the audit trail, and their words on the audit page.
Codes are stored: change a value only with a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    PERSON_BULK_CREATE = "person.bulk_create", _("Penduduk dibuat massal")
    USER_CREATE = "user.create", _("Pengguna dibuat")
