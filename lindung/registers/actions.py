"""Audit actions of the registers: the codes written to the audit trail, and their words on the audit page.
Codes are stored: change a value only with a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    ENGINE_DATASET_IMPORT = "engine.dataset.import", _("Data rujukan diimpor")
    ENGINE_SCREENING_DOWNLOAD = "engine.screening.download", _("Hasil penyaringan diunduh")
    ENGINE_PAIR_REVIEW = "engine.pair.review", _("Pasangan kemungkinan ganda diputuskan")
