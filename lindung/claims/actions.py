"""Audit actions of claims: the codes written to the audit trail, and their words on the audit page.
Codes are stored: change a value only with a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CLAIM_RECORD = "claim.record", _("Klaim manfaat dicatat")
    CLAIM_STATUS = "claim.status", _("Status klaim diperbarui")
    CLAIM_IMPORT = "claim.import", _("Laporan klaim BPJS diimpor")
    CLAIM_UPLOAD = "claim.upload", _("Laporan klaim BPJS diunggah")
    CLAIM_EXPORT = "claim.export", _("Hasil impor klaim diunduh")
