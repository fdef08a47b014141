from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DESIGN.md §3. Workers (public) have no account."""

    PERANGKAT_DAERAH = "perangkat_daerah", _("Petugas Perangkat Daerah")
    KEWILAYAHAN = "kewilayahan", _("Petugas Kecamatan/Kelurahan")
    TVEM = "tvem", _("Anggota TVEM")
    DISNAKER = "disnaker", _("Dinas Tenaga Kerja (pengelola program)")
    BPJS = "bpjs", _("Petugas BPJS Ketenagakerjaan")
    AUDITOR = "auditor", _("Auditor")


class User(AbstractUser):
    """A civil servant or BPJS officer, bound to one tenant and, for field roles, to a scope."""

    tenant = models.ForeignKey(
        "tenants.Tenant", null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name=_("pemerintah daerah"),
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, blank=True)
    agency = models.ForeignKey(
        "tenants.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name=_("perangkat daerah"),
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("wilayah tugas"), help_text=_("Kecamatan atau kelurahan, untuk petugas kewilayahan"),
    )
    # The head of an agency. For the labour agency it is the officer complaints are escalated to and
    # the one who, with auditors, may see the sealed identity of an illegal-levy reporter (Pasal 13).
    is_head = models.BooleanField(
        _("kepala perangkat daerah"), default=False,
        help_text=_("Kepala Dinas Tenaga Kerja menerima eskalasi pengaduan dan dapat melihat identitas pelapor "
                    "pungutan liar yang dirahasiakan."),
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def clean(self) -> None:
        super().clean()
        if self.is_superuser:
            return
        if self.role and not self.tenant_id:
            raise ValidationError({"tenant": _("Setiap peran terikat pada satu pemerintah daerah.")})
        if self.role == Role.PERANGKAT_DAERAH and not self.agency_id:
            raise ValidationError({"agency": _("Petugas perangkat daerah harus memilih perangkat daerahnya.")})
        if self.role == Role.KEWILAYAHAN:
            if not self.region_id or self.region.level not in (3, 4):
                raise ValidationError({"region": _("Petugas kewilayahan harus terikat pada kecamatan atau kelurahan.")})
        if self.is_head and not self.agency_id:
            raise ValidationError({"is_head": _("Kepala perangkat daerah harus terikat pada perangkat daerahnya.")})
        if self.agency_id and self.tenant_id and self.agency.tenant_id != self.tenant_id:
            raise ValidationError({"agency": _("Perangkat daerah bukan milik pemerintah daerah ini.")})

    @property
    def role_label(self) -> str:
        if self.is_superuser and not self.role:
            return str(_("Administrator sistem"))
        return self.get_role_display()
