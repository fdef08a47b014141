"""Audit actions of monitoring: the codes written to the audit trail, and their words on the audit page.
Codes are stored: change a value only with a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    WORKFORCE_IMPORT = "workforce.import", _("Angka ketenagakerjaan BPS diimpor")
    BPJS_AGGREGATE_IMPORT = "bpjs_aggregate.import", _("Agregat peserta BPJS diimpor")
    COVERAGE_TARGET_SET = "coverage_target.set", _("Sasaran cakupan ditetapkan")
    MONITORING_REFRESH = "monitoring.refresh", _("Angka monitoring dihitung ulang")
    REPORT_DOWNLOAD = "report.download", _("Laporan monitoring diunduh")
