"""After verification: the BPJS check (Pasal 8 ayat (2)), duplicates held by the TVEM (ayat (3)), the
decree (ayat (4)-(5)) and enrolment (ayat (6)). Applications themselves live in lindung.intake."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BpjsCheck(models.Model):
    """A batch of verified candidates sent to the BPJS branch, and its answer when it comes back."""

    cycle = models.ForeignKey("intake.Cycle", on_delete=models.PROTECT, related_name="bpjs_checks")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    candidates = models.PositiveIntegerField(_("jumlah calon"), default=0)
    answered_at = models.DateTimeField(_("jawaban diterima"), null=True, blank=True)
    answer_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pemeriksaan BPJS")
        verbose_name_plural = _("pemeriksaan BPJS")

    def __str__(self) -> str:
        return f"Pemeriksaan BPJS #{self.pk} ({self.cycle})"


class BpjsCheckItem(models.Model):
    """One candidate of a check and what BPJS answered for them."""

    class Answer(models.TextChoices):
        PENDING = "", _("Belum dijawab")
        NOT_PARTICIPANT = "BELUM", _("Belum menjadi peserta aktif")
        ACTIVE = "AKTIF", _("Peserta aktif")

    check_batch = models.ForeignKey(BpjsCheck, on_delete=models.CASCADE, related_name="items")
    application = models.OneToOneField("intake.Application", on_delete=models.CASCADE, related_name="bpjs_item")
    answer = models.CharField(max_length=6, choices=Answer.choices, blank=True, default="")
    answer_status = models.CharField(_("status di BPJS"), max_length=30, blank=True)
    kpj = models.CharField(_("nomor KPJ"), max_length=30, blank=True)

    class Meta:
        ordering = ["check_batch", "id"]


class DuplicateCase(models.Model):
    """Applications that may be one person, held out of the list until the TVEM decides (Pasal 8
    ayat (3)); a person is never paid for twice, by the city and the province together included."""

    class Kind(models.TextChoices):
        SAME_NIK_OTHER_PROGRAMME = "nik_program_lain", _("NIK sama diusulkan program lain")
        ALREADY_PARTICIPANT = "peserta_program_lain", _("Sudah peserta program lain")
        PROBABLE_SAME_PERSON = "kemungkinan_ganda", _("Kemungkinan orang yang sama (NIK berbeda)")

    class Status(models.TextChoices):
        OPEN = "terbuka", _("Menunggu keputusan")
        DECIDED = "diputuskan", _("Diputuskan")

    cycle = models.ForeignKey("intake.Cycle", on_delete=models.PROTECT, related_name="duplicate_cases")
    kind = models.CharField(_("jenis"), max_length=25, choices=Kind.choices)
    key = models.CharField(max_length=200)  # what matched (NIK, or name + birth date): found once per cycle
    applications = models.ManyToManyField("intake.Application", related_name="duplicate_cases")
    other = models.CharField(_("di program lain"), max_length=250, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    kept = models.ForeignKey("intake.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("usulan yang dipertahankan"))
    decision = models.CharField(_("keputusan"), max_length=20, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["cycle", "kind", "key"], name="one_case_per_match")]
        verbose_name = _("dugaan ganda")
        verbose_name_plural = _("dugaan ganda")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.key}"


class Decree(models.Model):
    """A signed Keputusan Wali Kota fixing beneficiaries of a cycle (Pasal 8 ayat (5)). Once recorded,
    its list never changes; a later decree adds to it."""

    cycle = models.ForeignKey("intake.Cycle", on_delete=models.PROTECT, related_name="decrees")
    number = models.CharField(_("nomor keputusan"), max_length=100)
    signed_on = models.DateField(_("tanggal penetapan"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    beneficiaries = models.PositiveIntegerField(_("jumlah penerima"), default=0)
    # An amending decree fixes nobody new: it takes named beneficiaries of earlier decrees out, with a reason.
    revoked = models.PositiveIntegerField(_("jumlah dicabut"), default=0)
    reason = models.CharField(_("alasan perubahan"), max_length=300, blank=True)
    registration_exported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["cycle", "number"], name="one_decree_number_per_cycle")]
        verbose_name = _("keputusan penetapan")
        verbose_name_plural = _("keputusan penetapan")

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d-%m-%Y})"


class DecreeEntry(models.Model):
    """One line of a decree's annex, as it was signed (a copy: later corrections never rewrite it)."""

    decree = models.ForeignKey(Decree, on_delete=models.PROTECT, related_name="entries")
    application = models.OneToOneField("intake.Application", on_delete=models.PROTECT, related_name="decree_entry")
    line = models.PositiveIntegerField(_("nomor urut"))
    nik = models.CharField(max_length=16)
    name = models.CharField(max_length=150)
    birth_place = models.CharField(max_length=80, blank=True)
    birth_date = models.DateField()
    address = models.CharField(max_length=250, blank=True)
    kelurahan = models.CharField(max_length=150)
    occupation = models.CharField(max_length=200)
    revoked_by = models.ForeignKey(Decree, null=True, blank=True, on_delete=models.PROTECT, related_name="revoked_entries",
                                   verbose_name=_("dicabut dengan keputusan"))

    class Meta:
        ordering = ["decree", "line"]
        constraints = [
            models.UniqueConstraint(fields=["decree", "line"], name="one_annex_line"),
            models.CheckConstraint(condition=Q(line__gte=1), name="annex_line_positive"),
        ]
