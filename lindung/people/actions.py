"""Audit actions of the register of residents: the codes written to the audit trail, and their words on the audit page.
Codes are stored: change a value only with a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    PERSON_CREATE = "person.create", _("Penduduk didata")
    PERSON_NIK_VIEW = "person.nik_view", _("NIK lengkap dilihat")
    PERSON_UPDATE = "person.update", _("Data penduduk diperbarui")
