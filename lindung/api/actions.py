"""Audit actions of the REST API: the codes written to the audit trail, and their words on the audit page.
Codes are stored: change a value only with a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    API_TOKEN_CREATE = "api.token.create", _("Token API dibuat")
    API_TOKEN_REVOKE = "api.token.revoke", _("Token API dicabut")
    API_PARTICIPANTS_EXPORT = "api.participants.export", _("Daftar peserta dengan NIK lengkap diambil lewat API")
    API_PERSON_VIEW = "api.person.view", _("NIK lengkap penduduk diambil lewat API")
