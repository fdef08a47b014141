"""Audit actions of background jobs: the codes written to the audit trail, and their words on the audit page.
Codes are stored: change a value only with a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    JOB_SUBMIT = "job.submit", _("Pekerjaan latar dimulai")
    JOB_RERUN = "job.rerun", _("Pekerjaan latar dijalankan ulang")
