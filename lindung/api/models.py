"""Bearer tokens of the REST API: one per partner system and user; the token itself is shown once and only
its SHA-256 is kept (a token is 32 random bytes: a salted slow hash adds nothing a guess could beat)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("pengguna"))
    name = models.CharField(_("nama"), max_length=100, blank=True)
    prefix = models.CharField(_("awalan"), max_length=16, help_text=_("Awal token, untuk mengenalinya di daftar"))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("alamat terakhir"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
