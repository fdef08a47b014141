from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.domain import nik as nik_rules


class Sex(models.TextChoices):
    """As the e-KTP writes it (and the exchange files: `jenis_kelamin` L|P)."""

    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


class Person(models.Model):
    """A resident as the e-KTP shows them, plus what data collection found (occupation, income).

    Identity is the NIK. Residence is the kelurahan of the e-KTP address — never the NIK prefix, which
    only says where the NIK was first issued. No KK is a key: it changes with moves, deaths, divorce."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    no_kk = models.CharField(_("Nomor KK"), max_length=16, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    # Upper-cased, whitespace-collapsed name: what name search matches against (indexed; trigram on PostgreSQL).
    name_search = models.CharField(max_length=150, db_index=True, editable=False)
    birth_place = models.CharField(_("tempat lahir"), max_length=80, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    kelurahan = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan/desa (alamat KTP)"),
    )
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    disability = models.BooleanField(_("penyandang disabilitas"), default=False)
    domicile_since = models.DateField(_("berdomisili sejak"), null=True, blank=True)
    occupation = models.ForeignKey(
        "tenants.Occupation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("pekerjaan (hasil pendataan)"),
    )
    monthly_income = models.DecimalField(_("penghasilan per bulan"), max_digits=14, decimal_places=2, null=True, blank=True)
    death_date = models.DateField(_("tanggal meninggal"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name_search", "id"]
        # The dashboard's cards count the residents in an officer's scope (lindung.people.dashboard): the
        # disabled (a few percent) from a partial index, the newly registered from the registration time,
        # instead of visiting a kecamatan's hundred thousand rows for each.
        indexes = [
            models.Index(fields=["kelurahan", "occupation"], condition=models.Q(disability=True),
                         name="people_person_disabled"),
            models.Index(fields=["created_at"], name="people_person_created"),
        ]
        verbose_name = _("penduduk")
        verbose_name_plural = _("penduduk")

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_nik})"

    @property
    def masked_nik(self) -> str:
        return nik_rules.mask(self.nik)

    def save(self, *args, **kwargs):
        self.name_search = normalize_name(self.name)
        super().save(*args, **kwargs)


def normalize_name(name: str) -> str:
    return " ".join((name or "").upper().split())
