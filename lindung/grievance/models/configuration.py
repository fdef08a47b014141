"""A tenant's own complaint rules, as effective-dated data the administrator edits (Django admin):
overrides of the shipped routing, service levels and labour agency (lindung/data/grievance.yaml, same
shape: a value from a date, with its reference), and the days off the `holidays` package does not know
(next year's cuti bersama, a regional day off) or a cancelled one taken back as a working day."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyOverride(models.Model):
    class Parameter(models.TextChoices):
        # The names of lindung/data/grievance.yaml's parameters.
        LABOUR_AGENCY = "labour_agency", _("Perangkat daerah ketenagakerjaan (kode)")
        ROUTING = "routing", _("Penanganan per kategori")
        SERVICE_LEVELS = "service_levels", _("Batas waktu (hari kerja)")

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("pemerintah daerah"))
    parameter = models.CharField(_("parameter"), max_length=20, choices=Parameter.choices)
    valid_from = models.DateField(_("berlaku sejak"))
    value = models.JSONField(_("nilai"))
    ref = models.CharField(_("dasar hukum / rujukan"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tenant", "parameter", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["tenant", "parameter", "valid_from"],
                                               name="one_complaint_rule_per_start")]
        verbose_name = _("aturan pengaduan daerah")
        verbose_name_plural = _("aturan pengaduan daerah")

    def __str__(self) -> str:
        return f"{self.get_parameter_display()} ({self.valid_from})"

    def as_entry(self) -> dict:
        return {"from": self.valid_from.isoformat(), "value": self.value, "ref": self.ref}


class DayOff(models.Model):
    """A date the tenant's working-day calendar treats differently from the package: a day off (cuti
    bersama, regional holiday) or, with `working_day`, a day the package says is off but is worked."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("pemerintah daerah"))
    date = models.DateField(_("tanggal"))
    name = models.CharField(_("keterangan"), max_length=150)
    working_day = models.BooleanField(_("tetap hari kerja"), default=False,
                                      help_text=_("Centang bila cuti bersama dibatalkan: tanggal ini dihitung sebagai "
                                                  "hari kerja."))
    ref = models.CharField(_("dasar penetapan"), max_length=300, blank=True,
                           help_text=_("Mis. SKB 3 Menteri tentang cuti bersama tahun ini"))

    class Meta:
        ordering = ["tenant", "date"]
        constraints = [models.UniqueConstraint(fields=["tenant", "date"], name="one_day_off_per_date")]
        verbose_name = _("hari libur / cuti bersama")
        verbose_name_plural = _("hari libur / cuti bersama")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"
