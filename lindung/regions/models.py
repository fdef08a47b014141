from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A Kemendagri region: province (64), kab/kota (64.71), kecamatan (64.71.01), kelurahan/desa
    (64.71.01.1001). Codes are facts of Kepmendagri 300.2.2-2138/2025: stored, never generated."""

    class Level(models.IntegerChoices):
        PROVINSI = 1, _("Provinsi")
        KABUPATEN_KOTA = 2, _("Kabupaten/Kota")
        KECAMATAN = 3, _("Kecamatan")
        KELURAHAN_DESA = 4, _("Kelurahan/Desa")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def contains(self, code: str) -> bool:
        """True when `code` is this region or lies inside it."""
        return code == self.code or code.startswith(self.code + ".")
