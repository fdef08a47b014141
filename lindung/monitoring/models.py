"""Monitoring and evaluation (Perwali 3/2025 Pasal 12): the reference figures coverage is measured
against (BPS workforce, BPJS's own aggregates, targets), and the daily figures every monitoring page
reads (a snapshot of aggregates: a page never scans a million rows).

Nothing here names a person: figures are counts and sums per region (kelurahan) and category."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionYearFigure(models.Model):
    """A figure of one region and year as a tenant imported it, with its source. A later import of the
    same region and year replaces it."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    source = models.CharField(_("sumber"), max_length=200)
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        abstract = True
        ordering = ["tenant", "region", "-year"]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}"


class WorkforceFigure(RegionYearFigure):
    """BPS Sakernas (August round) figures: employed and informal workers, the denominators of coverage
    (DOMAIN.md §4)."""

    workers = models.PositiveBigIntegerField(_("penduduk bekerja"))
    informal_workers = models.PositiveBigIntegerField(_("pekerja informal"))

    class Meta(RegionYearFigure.Meta):
        constraints = [models.UniqueConstraint(fields=["tenant", "region", "year"], name="one_workforce_figure")]
        verbose_name = _("angka ketenagakerjaan BPS")
        verbose_name_plural = _("angka ketenagakerjaan BPS")


class BpjsAggregate(RegionYearFigure):
    """BPJS Ketenagakerjaan's participants: wage earners (PU) and non-wage earners (BPU), the numerator
    of total coverage (Ketapang's 68.02%)."""

    pu = models.PositiveBigIntegerField(_("peserta penerima upah (PU)"))
    bpu = models.PositiveBigIntegerField(_("peserta bukan penerima upah (BPU)"))

    class Meta(RegionYearFigure.Meta):
        constraints = [models.UniqueConstraint(fields=["tenant", "region", "year"], name="one_bpjs_aggregate")]
        verbose_name = _("agregat peserta BPJS")
        verbose_name_plural = _("agregat peserta BPJS")


class Indicator(models.TextChoices):
    CAKUPAN_PBI = "cakupan_pbi", _("Cakupan PBI (peserta aktif ÷ pekerja informal)")
    CAKUPAN_TOTAL = "cakupan_total", _("Cakupan total ((PU + BPU) ÷ pekerja)")


class CoverageTarget(models.Model):
    """A tenant's coverage target for the end of a year (NTB: 50% of informal workers by the end of 2025),
    effective-dated: a revised plan is a new row with a later `valid_from`, never an edit."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField(_("indikator"), max_length=20, choices=Indicator.choices)
    year = models.PositiveSmallIntegerField(_("tahun sasaran"))
    percent = models.DecimalField(_("sasaran (%)"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("berlaku sejak"))
    reference = models.CharField(_("dasar"), max_length=200, help_text=_("Mis. RPJMD 2025-2029, Renstra Disnaker"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["tenant", "indicator", "year", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "indicator", "year", "valid_from"], name="one_target_per_start"),
            models.CheckConstraint(condition=models.Q(percent__gte=0, percent__lte=100), name="target_is_a_percentage"),
        ]
        verbose_name = _("sasaran cakupan")
        verbose_name_plural = _("sasaran cakupan")

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.year}: {self.percent}%"


class Snapshot(models.Model):
    """One computation of every monitoring figure, describing the situation on `as_of`."""

    class Status(models.TextChoices):
        BERJALAN = "berjalan", _("Sedang dihitung")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    as_of = models.DateField(_("keadaan per tanggal"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BERJALAN)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    figures = models.PositiveIntegerField(default=0)
    seconds = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("perhitungan angka monitoring")
        verbose_name_plural = _("perhitungan angka monitoring")

    def __str__(self) -> str:
        return f"{self.as_of} ({self.get_status_display()})"


class Topic(models.TextChoices):
    """What a figure counts. Applications are counted per cycle, participants and money per programme."""

    USULAN_STATUS = "usulan_status", _("Usulan per status dan penanggung jawab")
    USULAN_TAHAP = "usulan_tahap", _("Usulan per tahap terjauh yang dicapai")
    LAMA_SELESAI = "lama_selesai", _("Lama di setiap tahap (sudah lewat)")
    LAMA_MENUNGGU = "lama_menunggu", _("Lama menunggu di tahap sekarang")
    KEPUTUSAN = "keputusan", _("Hasil penilaian aturan")
    ALASAN = "alasan", _("Alasan tidak memenuhi syarat, per pasal")
    USULAN_PROFIL = "usulan_profil", _("Usulan menurut ciri")
    PESERTA_PROFIL = "peserta_profil", _("Peserta aktif menurut ciri")
    PESERTA_BULAN = "peserta_bulan", _("Peserta, masuk dan berhenti per bulan")
    REALISASI = "realisasi", _("Realisasi iuran per bulan dan sumber dana")
    PESERTA_DIBAYAR = "peserta_dibayar", _("Peserta yang iurannya dibayar per tahun")


class Figure(models.Model):
    """One number of a snapshot: a count (and a sum) for a topic, a category and a kelurahan.

    `region` is the kelurahan of the e-KTP address (never the NIK prefix), so that any kecamatan or
    kab/kota is the sum of its kelurahan; `key`..`key3` name the category (a status, a reason code and
    its article, a dimension and its value); `count2` is an "of which" count and `amount` a sum (money,
    or days spent in a stage)."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="+")
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey("programs.Programme", null=True, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey("applications.Cycle", null=True, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    region = models.CharField(max_length=13, blank=True)
    key = models.CharField(max_length=80, blank=True)
    key2 = models.CharField(max_length=200, blank=True)
    key3 = models.CharField(max_length=40, blank=True)
    month = models.DateField(null=True)
    count = models.BigIntegerField(default=0)
    count2 = models.BigIntegerField(default=0)
    amount = models.DecimalField(max_digits=20, decimal_places=2, null=True)

    class Meta:
        indexes = [models.Index(fields=["snapshot", "programme", "topic"], name="figure_programme_topic"),
                   models.Index(fields=["snapshot", "tenant", "topic"], name="figure_tenant_topic")]


class StageEntry(models.Model):
    """When an application entered a status, read from the audit trail (the one record of every status
    change, with its time): `lindung.applications.services.status.move` writes one event per
    application, `move_many` one event per batch listing them. Kept as an index of the trail, appended
    from the last event read on, so that time spent in each stage is one SQL pass."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=15)
    entered_at = models.DateTimeField()
    event_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["application", "entered_at"], name="stage_entry_application"),
                   models.Index(fields=["event_id"], name="stage_entry_event")]
