from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Tenant(models.Model):
    """A government running programmes on this installation: Kota Balikpapan, Provinsi Kaltim, ..."""

    class Kind(models.TextChoices):
        KOTA = "kota", _("Kota")
        KABUPATEN = "kabupaten", _("Kabupaten")
        PROVINSI = "provinsi", _("Provinsi")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("wilayah"))
    # Who signs decrees (Pasal 8 ayat (5)); blank: the annex leaves a dotted line for the name.
    head_name = models.CharField(_("nama kepala daerah"), max_length=150, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("pemerintah daerah")
        verbose_name_plural = _("pemerintah daerah")

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """A Perangkat Daerah (e.g. Dinas Tenaga Kerja) of a tenant."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="agencies")
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)

    class Meta:
        ordering = ["tenant", "name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "code"], name="agency_code_per_tenant")]
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")

    def __str__(self) -> str:
        return self.short_name or self.name


class Occupation(models.Model):
    """The national occupation vocabulary of DESIGN.md §4 (nelayan, petani, ..., pns). Which ones a
    programme covers is the rule set's business, not this table's."""

    code = models.SlugField(_("kode"), max_length=60, primary_key=True)
    name = models.CharField(_("nama"), max_length=200)
    informal = models.BooleanField(_("sektor informal"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("pekerjaan")
        verbose_name_plural = _("pekerjaan")

    def __str__(self) -> str:
        return self.name


class OccupationAssignment(models.Model):
    """Who collects data for an occupation in a tenant, from a date (Perwali Lampiran I, Pasal 6).

    Either an agency is responsible, or the occupation is territorial: collected by Camat and Lurah
    in their own area. Effective-dated because the mapping changes (the programme moves to the social
    agency in 2026): add a row with a later `valid_from` rather than editing history."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="occupation_assignments")
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="assignments")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="occupations")
    territorial = models.BooleanField(_("didata Camat/Lurah"), default=False)
    valid_from = models.DateField(_("berlaku sejak"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        ordering = ["tenant", "occupation", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, territorial=False) | Q(agency__isnull=True, territorial=True),
                name="assignment_agency_xor_territorial",
            ),
            models.UniqueConstraint(fields=["tenant", "occupation", "valid_from"], name="one_assignment_per_start"),
        ]
        verbose_name = _("penanggung jawab pendataan")
        verbose_name_plural = _("penanggung jawab pendataan")

    def __str__(self) -> str:
        who = self.agency or _("Camat/Lurah")
        return f"{self.occupation_id} → {who} ({self.valid_from})"
