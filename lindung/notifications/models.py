"""The outbox: one row per message to a worker's phone, kept as the log of what was sent, when, and why
it failed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu dikirim")
        TERKIRIM = "terkirim", _("Terkirim")
        GAGAL = "gagal", _("Gagal (tidak dicoba lagi)")

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(_("nomor telepon"), max_length=20)  # +62...
    text = models.TextField(_("isi pesan"))
    purpose = models.CharField(_("keperluan"), max_length=60)  # the audit action that caused it
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.CharField(_("kesalahan terakhir"), max_length=300, blank=True)
    provider_reference = models.CharField(_("nomor pesan di gerbang"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="message_due")]
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")

    def __str__(self) -> str:
        return f"{self.phone}: {self.text[:40]}"
