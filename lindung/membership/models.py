from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EndReason(models.TextChoices):
    """Why a membership ends: Pasal 10 huruf a-d, and the age limit of Pasal 11 ayat (6)."""

    MENINGGAL = "meninggal", _("Meninggal dunia (Pasal 10 huruf a)")
    PINDAH_DOMISILI = "pindah_domisili", _("Pindah domisili ke luar daerah (Pasal 10 huruf b)")
    MAMPU_MANDIRI = "mampu_mandiri", _("Mampu membayar iuran secara mandiri (Pasal 10 huruf c)")
    PEKERJA_FORMAL = "pekerja_formal", _("Menjadi pekerja penerima upah (Pasal 10 huruf d)")
    BATAS_USIA = "batas_usia", _("Mencapai usia 64 tahun 11 bulan (Pasal 11 ayat (6))")


class Participant(models.Model):
    """A person enrolled in a programme, with the KPJ card number BPJS gave them."""

    programme = models.ForeignKey("programs.Programme", on_delete=models.PROTECT, related_name="participants")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="participations")
    kpj = models.CharField(_("nomor KPJ"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "person"], name="one_participation_per_programme")]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")

    def __str__(self) -> str:
        return f"{self.person} — {self.programme.code}"


class FundingAssignment(models.Model):
    """Which funding source pays for a participant in a budget year, and why: the allocation's decision
    (lindung.domain.funding), replaced as a whole each time the year is assigned again."""

    class Code(models.TextChoices):
        DIBIAYAI = "dibiayai", _("Dibiayai")
        SUMBER_PENUH = "sumber_penuh", _("Tidak terdanai: sumber dana penuh")
        TIDAK_ADA_SUMBER = "tidak_ada_sumber", _("Tidak terdanai: tidak ada sumber yang boleh membiayai")
        TIDAK_DITAGIH = "tidak_ditagih", _("Tidak ditagih pada tahun ini")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="funding_assignments")
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    funding_source = models.ForeignKey("programs.FundingSource", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="assignments", verbose_name=_("sumber dana"))
    code = models.CharField(_("keputusan"), max_length=20, choices=Code.choices)
    reason = models.CharField(_("alasan"), max_length=400)
    cost = models.DecimalField(_("biaya setahun"), max_digits=16, decimal_places=2, default=0,
                               help_text=_("Bulan yang ditagih tahun ini × iuran yang berlaku"))
    assigned_at = models.DateTimeField(_("dibagi pada"))

    class Meta:
        ordering = ["participant", "year"]
        constraints = [models.UniqueConstraint(fields=["participant", "year"], name="one_funding_per_year")]
        indexes = [models.Index(fields=["year", "funding_source"], name="funding_year_source")]
        verbose_name = _("pembiayaan peserta")
        verbose_name_plural = _("pembiayaan peserta")

    def __str__(self) -> str:
        return f"{self.participant_id} {self.year}: {self.reason}"


class MembershipPeriod(models.Model):
    """A span of coverage: `start` is the first day covered, `end` the last (empty: still running).

    A participant may have several (re-enrolled after a break); at most one is open."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("mulai kepesertaan"))
    end = models.DateField(_("akhir kepesertaan"), null=True, blank=True)
    end_reason = models.CharField(_("alasan berhenti"), max_length=20, choices=EndReason.choices, blank=True)
    end_evidence = models.CharField(_("bukti"), max_length=300, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["participant", "start"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "start"], name="one_period_per_start"),
            models.UniqueConstraint(fields=["participant"], condition=Q(end__isnull=True), name="one_open_period"),
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="period_ends_after_start"),
            models.CheckConstraint(condition=Q(end__isnull=True) | ~Q(end_reason=""), name="ended_period_has_reason"),
        ]
        indexes = [models.Index(fields=["start", "end"])]
        verbose_name = _("masa kepesertaan")
        verbose_name_plural = _("masa kepesertaan")

    def __str__(self) -> str:
        return f"{self.start} – {self.end or '…'}"


class TerminationProposal(models.Model):
    """A proposed end of membership, read from a file (the civil registry's deaths and moves, the
    insurer's list of participants who became wage earners) or proposed by a death claim (the claims
    app), and decided by the labour agency."""

    class Source(models.TextChoices):
        DUKCAPIL_MENINGGAL = "dukcapil_meninggal", _("Disdukcapil: data kematian")
        DUKCAPIL_PINDAH = "dukcapil_pindah", _("Disdukcapil: data pindah keluar")
        BPJS_PEKERJA_FORMAL = "bpjs_pekerja_formal", _("BPJS Ketenagakerjaan: menjadi peserta penerima upah")
        KLAIM_KEMATIAN = "klaim_kematian", _("BPJS Ketenagakerjaan: klaim JKM / JKK kematian")
        LAINNYA = "lainnya", _("Lainnya")

    class Status(models.TextChoices):
        DIUSULKAN = "diusulkan", _("Diusulkan")
        DIKONFIRMASI = "dikonfirmasi", _("Dikonfirmasi")
        DITOLAK = "ditolak", _("Ditolak")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="termination_proposals")
    source = models.CharField(_("sumber"), max_length=30, choices=Source.choices)
    reason = models.CharField(_("alasan berhenti"), max_length=20, choices=EndReason.choices)
    effective_date = models.DateField(_("tanggal"))
    evidence = models.CharField(_("bukti"), max_length=300, blank=True)
    source_file = models.CharField(_("berkas"), max_length=255, blank=True)
    source_row = models.PositiveIntegerField(_("baris"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DIUSULKAN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("catatan keputusan"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            # Importing the same file twice proposes nothing new.
            models.UniqueConstraint(fields=["participant", "reason", "effective_date"], name="one_proposal_per_event"),
        ]
        verbose_name = _("usulan penghentian")
        verbose_name_plural = _("usulan penghentian")

    def __str__(self) -> str:
        return f"{self.participant} — {self.get_reason_display()} ({self.get_status_display()})"
