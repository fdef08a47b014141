"""Reference datasets: snapshots of the poverty register (DTSEN/DTKS extract) and of the BPJS
Ketenagakerjaan registry extract, as a tenant received them.

Each snapshot keeps the file in the contract's layout (the bulk engine reads it directly, so the two
never disagree) and its rows in a table keyed by NIK (single-application checks look one NIK up).
Snapshots are never edited: a newer extract is a new snapshot, and the latest one is used.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceDataset(models.Model):
    class Kind(models.TextChoices):
        KEMISKINAN = "kemiskinan", _("Data kemiskinan (DTSEN/DTKS)")
        BPJS = "bpjs", _("Data kepesertaan BPJS Ketenagakerjaan")

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    snapshot_date = models.DateField(_("tanggal keadaan data"))
    file = models.FileField(_("berkas (tata letak kontrak)"), upload_to="rujukan/%Y/", max_length=300)
    original_name = models.CharField(_("nama berkas asal"), max_length=255)
    column_mapping = models.JSONField(_("pemetaan kolom"), default=dict, blank=True)
    row_count = models.BigIntegerField(_("jumlah baris berkas"))
    stored_count = models.BigIntegerField(_("jumlah baris tersimpan"))
    report = models.JSONField(_("laporan validasi"), default=dict)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(_("diimpor"), auto_now_add=True)

    class Meta:
        ordering = ["-snapshot_date", "-imported_at"]
        indexes = [models.Index(fields=["tenant", "kind", "-snapshot_date", "-imported_at"], name="dataset_latest")]
        verbose_name = _("data rujukan")
        verbose_name_plural = _("data rujukan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.snapshot_date:%d-%m-%Y}"

    @property
    def path(self) -> str:
        """The snapshot as a file in the contract's layout, for the bulk engine."""
        return self.file.path


class PovertyRecord(models.Model):
    """One row of a poverty extract. `desil` is NULL when the extract's cell held no decile 1-10."""

    dataset = models.ForeignKey(ReferenceDataset, on_delete=models.CASCADE, related_name="poverty_records")
    nik = models.CharField(max_length=16)
    no_kk = models.CharField(max_length=32, blank=True)
    desil = models.SmallIntegerField(null=True)
    miskin_ekstrem = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["dataset", "nik"], name="poverty_dataset_nik")]


class BpjsRecord(models.Model):
    """One row of a BPJS registry extract; only AKTIF fails "not yet covered" (DOMAIN.md §5)."""

    dataset = models.ForeignKey(ReferenceDataset, on_delete=models.CASCADE, related_name="bpjs_records")
    nik = models.CharField(max_length=16)
    kpj = models.CharField(max_length=32, blank=True)
    segmen = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["dataset", "nik"], name="bpjs_dataset_nik")]


class PairReview(models.Model):
    """An officer's judgement on two NIKs the matcher flagged as probably one person (KEMUNGKINAN_GANDA),
    remembered for the tenant's later screenings: a pair judged two people is never flagged again, a pair
    judged one person is flagged whatever its score (lindung.registers.dedupe). NIKs are stored as the
    matcher compares them (digits only), the smaller first, so a pair has one row whichever way it was met."""

    class Verdict(models.TextChoices):
        SAMA = "sama", _("Orang yang sama")
        BERBEDA = "berbeda", _("Bukan orang yang sama")

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    nik_a = models.CharField(max_length=20)
    nik_b = models.CharField(max_length=20)
    verdict = models.CharField(_("keputusan"), max_length=10, choices=Verdict.choices)
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    screening = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("diputuskan"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "nik_a", "nik_b"], name="one_review_per_pair"),
            models.CheckConstraint(condition=models.Q(nik_a__lt=models.F("nik_b")), name="pair_review_ordered"),
        ]
        verbose_name = _("keputusan pasangan kemungkinan ganda")
        verbose_name_plural = _("keputusan pasangan kemungkinan ganda")

    def __str__(self) -> str:
        return f"{self.nik_a[:6]}… ~ {self.nik_b[:6]}…: {self.get_verdict_display()}"
