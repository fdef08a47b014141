from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lindung.domain import claims as rules

MONEY = {"max_digits": 16, "decimal_places": 2}


class Claim(models.Model):
    """A benefit claim of a participant at BPJS Ketenagakerjaan (Pasal 8 ayat (7), Pasal 13 ayat (3)),
    entered by an officer or imported from BPJS's claim report. Codes are the contract's (DESIGN §4).

    The same claim is recognised across reports by BPJS's reference, or without one by the person, type,
    benefit, event and submission dates (`lindung.domain.claims.ClaimRow.key`): the constraints below
    keep both keys unique, so importing a report again records nothing twice."""

    class Kind(models.TextChoices):
        JKK = rules.JKK, _("Jaminan Kecelakaan Kerja (JKK)")
        JKM = rules.JKM, _("Jaminan Kematian (JKM)")
        BEASISWA = rules.BEASISWA, _("Beasiswa pendidikan anak")

    class Benefit(models.TextChoices):
        PERAWATAN = rules.PERAWATAN, _("Perawatan dan pengobatan")
        STMB = rules.STMB, _("Santunan sementara tidak mampu bekerja")
        CACAT = rules.CACAT, _("Santunan cacat")
        KEMATIAN = rules.KEMATIAN, _("Santunan kematian")
        PEMAKAMAN = rules.PEMAKAMAN, _("Biaya pemakaman saja")

    class Status(models.TextChoices):
        DIAJUKAN = rules.DIAJUKAN, _("Diajukan")
        DIBAYAR = rules.DIBAYAR, _("Dibayar")
        DITOLAK = rules.DITOLAK, _("Ditolak")

    class Source(models.TextChoices):
        PETUGAS = "petugas", _("Dicatat petugas")
        LAPORAN_BPJS = "laporan_bpjs", _("Laporan klaim BPJS")

    programme = models.ForeignKey("programs.Programme", on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey("membership.Participant", on_delete=models.PROTECT, related_name="claims",
                                    verbose_name=_("peserta"))
    kind = models.CharField(_("jenis klaim"), max_length=10, choices=Kind.choices)
    benefit = models.CharField(_("manfaat"), max_length=12, choices=Benefit.choices, blank=True)
    benefit_inferred = models.BooleanField(_("manfaat disimpulkan dari keterangan"), default=False)
    event_date = models.DateField(_("tanggal kejadian"))
    submitted_on = models.DateField(_("tanggal pengajuan"))
    decided_on = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    paid_on = models.DateField(_("tanggal bayar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DIAJUKAN)
    amount = models.DecimalField(_("jumlah"), null=True, blank=True, **MONEY)
    bpjs_reference = models.CharField(_("referensi BPJS"), max_length=60, blank=True)
    kpj = models.CharField(_("nomor KPJ pada laporan"), max_length=30, blank=True)
    note = models.CharField(_("keterangan"), max_length=500, blank=True)
    warnings = models.JSONField(_("peringatan"), default=list, blank=True)
    source = models.CharField(_("sumber"), max_length=15, choices=Source.choices, default=Source.PETUGAS)
    source_file = models.CharField(_("berkas"), max_length=200, blank=True)
    source_row = models.PositiveIntegerField(_("baris"), null=True, blank=True)
    termination_proposal = models.ForeignKey("membership.TerminationProposal", null=True, blank=True,
                                             on_delete=models.SET_NULL, related_name="+",
                                             verbose_name=_("usulan penghentian"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "bpjs_reference"], condition=~Q(bpjs_reference=""),
                                    name="one_claim_per_bpjs_reference"),
            models.UniqueConstraint(fields=["participant", "kind", "benefit", "event_date", "submitted_on"],
                                    condition=Q(bpjs_reference=""), name="one_claim_per_event_without_reference"),
            models.CheckConstraint(condition=Q(submitted_on__gte=models.F("event_date")),
                                   name="claim_submitted_after_event"),
            models.CheckConstraint(condition=~Q(status="DIBAYAR") | Q(paid_on__isnull=False, amount__gt=0),
                                   name="paid_claim_has_date_and_amount"),
        ]
        indexes = [models.Index(fields=["programme", "submitted_on"]), models.Index(fields=["status", "kind"])]
        verbose_name = _("klaim")
        verbose_name_plural = _("klaim")

    def __str__(self) -> str:
        return f"{self.kind} {self.bpjs_reference or self.pk} ({self.get_status_display()})"

    @property
    def is_death(self) -> bool:
        return self.kind == rules.JKM or (self.kind == rules.JKK and self.benefit == rules.KEMATIAN)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.DIAJUKAN


class ClaimImport(models.Model):
    """An upload of BPJS's claim report on the page: the file as received, its background job, the
    counts of each result and the per-row result file (the contract's result columns)."""

    programme = models.ForeignKey("programs.Programme", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("program"))
    file_name = models.CharField(_("berkas"), max_length=200)
    path = models.CharField(max_length=500)
    result_path = models.CharField(max_length=500, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor laporan klaim")
        verbose_name_plural = _("impor laporan klaim")

    def __str__(self) -> str:
        return f"{self.programme.code}: {self.file_name}"
