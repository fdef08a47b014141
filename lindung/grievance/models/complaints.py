"""Complaints (Perwali 3/2025 Pasal 13): the complaint with its ticket number, channel, category, routing
and service-level dates; the reporter's identity (kept apart: sealed for illegal-levy reports); the
history of every step; comments, one of them the resolution; attachments; and the tenant's own rules
(routing and service-level overrides, cuti bersama) as effective-dated data.

The vocabularies are the contract's (DESIGN.md §4 "Complaints import") and the domain core's
(lindung.domain.grievance); a test keeps the two in step. Deadlines are recomputed by the domain's
`evaluate` at every step and stored (`due_on`, `at_risk_on`) so that worklists sort and filter by
service level in the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lindung.domain import grievance as rules
from lindung.domain import nik as nik_rules


class Channel(models.TextChoices):
    LISAN = "LISAN", _("Lisan (datang langsung atau telepon)")
    TERTULIS = "TERTULIS", _("Tertulis (surat)")
    DARING = "DARING", _("Daring (formulir Lindung)")
    LAPOR = "LAPOR", _("SP4N-LAPOR!")


class Category(models.TextChoices):
    KEPESERTAAN = "KEPESERTAAN", _("Kepesertaan")
    KECELAKAAN_KERJA = "KECELAKAAN_KERJA", _("Kecelakaan kerja (darurat)")
    KLAIM_MANFAAT = "KLAIM_MANFAAT", _("Klaim manfaat")
    PENDATAAN = "PENDATAAN", _("Pendataan, kelayakan, perbaikan data")
    IURAN = "IURAN", _("Iuran")
    PUNGLI = "PUNGLI", _("Pungutan liar atau penyalahgunaan wewenang")
    LAINNYA = "LAINNYA", _("Lainnya")


class Status(models.TextChoices):
    DITERIMA = "DITERIMA", _("Diterima")
    DIPROSES = "DIPROSES", _("Diproses")
    DIJAWAB = "DIJAWAB", _("Dijawab")
    SELESAI = "SELESAI", _("Selesai")
    DITUTUP_OTOMATIS = "DITUTUP_OTOMATIS", _("Ditutup otomatis")
    DIBUKA_KEMBALI = "DIBUKA_KEMBALI", _("Dibuka kembali")


OPEN_STATUSES = (Status.DITERIMA, Status.DIPROSES, Status.DIBUKA_KEMBALI)  # a deadline runs
CLOSED_STATUSES = (Status.SELESAI, Status.DITUTUP_OTOMATIS)


class SlaState(models.TextChoices):
    TEPAT_WAKTU = rules.TEPAT_WAKTU, _("Tepat waktu")
    HAMPIR_JATUH_TEMPO = rules.HAMPIR_JATUH_TEMPO, _("Hampir jatuh tempo")
    TERLAMBAT = rules.TERLAMBAT, _("Terlambat")


class HandlerKind(models.TextChoices):
    """Where `ditangani_oleh` points: BPJS's officer, an agency (by its code), a kelurahan."""

    BPJS = "bpjs", _("BPJS Ketenagakerjaan")
    PERANGKAT_DAERAH = "perangkat_daerah", _("Perangkat daerah")
    KELURAHAN = "kelurahan", _("Kelurahan")


class Complaint(models.Model):
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="complaints",
                               verbose_name=_("pemerintah daerah"))
    number = models.CharField(_("nomor pengaduan"), max_length=16, unique=True)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DITERIMA)
    lapor_number = models.CharField(_("nomor SP4N-LAPOR!"), max_length=60, blank=True)
    # A row imported without a LAPOR! number is recognised again by this digest of its content.
    import_key = models.CharField(max_length=40, blank=True, editable=False)
    received_at = models.DateTimeField(_("diterima pada"))
    received_time_known = models.BooleanField(default=True)  # an import may give the date only
    text = models.TextField(_("isi pengaduan"))

    # Who handles it (routing at receipt, or after forwarding).
    handler_kind = models.CharField(_("jenis penangan"), max_length=20, choices=HandlerKind.choices)
    handler_agency = models.ForeignKey("tenants.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("perangkat daerah penangan"))
    handler_region = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("kelurahan penangan"))
    head_only = models.BooleanField(_("ditangani kepala dinas"), default=False)
    sealed = models.BooleanField(_("identitas pelapor dirahasiakan"), default=False)
    emergency = models.BooleanField(_("darurat"), default=False)
    routing_cite = models.CharField(_("dasar penanganan"), max_length=200, blank=True)
    routing_note = models.CharField(_("catatan penerusan"), max_length=300, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("petugas penanganan"))

    # Service levels (lindung.domain.grievance.evaluate, refreshed at every step).
    response_due = models.DateField(_("batas tanggapan"))
    open_step = models.CharField(max_length=20, blank=True)  # the deadline now running, if any
    due_on = models.DateField(_("batas berjalan"), null=True, blank=True)
    at_risk_on = models.DateField(null=True, blank=True)  # first day that deadline is at risk
    auto_close_due = models.DateField(_("batas tanggapan pelapor"), null=True, blank=True)
    late = models.BooleanField(_("pernah terlambat"), default=False)
    escalated_at = models.DateTimeField(_("dieskalasi pada"), null=True, blank=True)
    escalated_due = models.DateField(null=True, blank=True)  # the deadline whose breach was escalated
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)

    # What it concerns (found by NIK at receipt, or linked by an officer); shown only within scope.
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("penduduk"))
    application = models.ForeignKey("applications.Application", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("usulan"))
    participant = models.ForeignKey("membership.Participant", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("peserta"))

    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("dicatat oleh"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            # Importing the same SP4N-LAPOR! report again creates nothing new (DESIGN.md §4).
            models.UniqueConstraint(fields=["tenant", "lapor_number"], condition=~Q(lapor_number=""),
                                    name="one_complaint_per_lapor_number"),
            models.UniqueConstraint(fields=["tenant", "import_key"], condition=~Q(import_key=""),
                                    name="one_complaint_per_imported_row"),
            models.CheckConstraint(
                condition=(Q(handler_kind="bpjs", handler_agency__isnull=True, handler_region__isnull=True)
                           | Q(handler_kind="perangkat_daerah", handler_agency__isnull=False,
                               handler_region__isnull=True)
                           | Q(handler_kind="kelurahan", handler_agency__isnull=True, handler_region__isnull=False)),
                name="complaint_handler_is_one_office",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "status"], name="complaint_tenant_status"),
            models.Index(fields=["handler_kind", "handler_agency", "status"], name="complaint_agency_status"),
            models.Index(fields=["handler_region", "status"], name="complaint_region_status"),
            models.Index(fields=["status", "due_on"], name="complaint_status_due"),
            models.Index(fields=["tenant", "received_at"], name="complaint_tenant_received"),
        ]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")

    def __str__(self) -> str:
        return self.number

    @property
    def handled_by(self) -> str:
        """The contract's `ditangani_oleh`: bpjs, an agency code such as dp3, or kelurahan:<code>."""
        if self.handler_kind == HandlerKind.BPJS:
            return rules.BPJS
        if self.handler_kind == HandlerKind.KELURAHAN:
            return rules.KELURAHAN_PREFIX + self.handler_region_id
        return self.handler_agency.code

    @property
    def office_name(self) -> str:
        """The handling office in words, for officers and for the reporter's tracking page."""
        if self.handler_kind == HandlerKind.BPJS:
            return str(_("BPJS Ketenagakerjaan"))
        if self.handler_kind == HandlerKind.KELURAHAN:
            return str(_("Kelurahan %(name)s") % {"name": self.handler_region.name})
        if self.head_only:
            return str(_("Kepala %(agency)s") % {"agency": self.handler_agency.name})
        return self.handler_agency.name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class Reporter(models.Model):
    """Who complained, kept apart from the complaint: for a sealed complaint only the head of the labour
    agency and auditors are given this row (lindung.grievance.selectors.reporter_of), and it never
    enters the audit trail. Every field is optional: anonymous complaints are accepted."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="reporter")
    name = models.CharField(_("nama pelapor"), max_length=150, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    phone_key = models.CharField(max_length=30, blank=True, db_index=True, editable=False)  # for tracking
    kelurahan = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("kelurahan"))
    occupation = models.ForeignKey("tenants.Occupation", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("pekerjaan"))

    class Meta:
        verbose_name = _("pelapor")
        verbose_name_plural = _("pelapor")

    def __str__(self) -> str:
        return self.name or str(_("(tanpa nama)"))

    @property
    def masked_nik(self) -> str:
        return nik_rules.mask(self.nik) if self.nik else ""


class Event(models.Model):
    """One step of a complaint's history: a status change, an assignment, a forwarding, an escalation."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Perubahan status")
        TUGASKAN = "tugaskan", _("Penunjukan petugas")
        TERUSKAN = "teruskan", _("Diteruskan")
        ESKALASI = "eskalasi", _("Eskalasi ke Kepala Dinas")
        TAUTAN = "tautan", _("Tautan data")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("waktu"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_kind = models.CharField(max_length=10)  # lindung.domain.grievance: petugas | pelapor | sistem
    actor_name = models.CharField(_("oleh"), max_length=150, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["complaint", "at", "id"]
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")

    def __str__(self) -> str:
        return f"{self.complaint} {self.kind} {self.status}"


class Comment(models.Model):
    """A note on a complaint. Internal notes are for officers; the others are shown to the reporter
    (the answer, a reply). At most one is the resolution: the answer the tracking page shows."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_name = models.CharField(max_length=150, blank=True)
    from_reporter = models.BooleanField(_("dari pelapor"), default=False)
    internal = models.BooleanField(_("catatan internal"), default=True)
    is_resolution = models.BooleanField(_("jawaban penyelesaian"), default=False)
    text = models.TextField(_("isi"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["complaint", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["complaint"], condition=Q(is_resolution=True),
                                    name="one_resolution_per_complaint"),
            models.CheckConstraint(condition=Q(is_resolution=False) | Q(internal=False),
                                   name="resolution_is_not_internal"),
        ]
        verbose_name = _("catatan pengaduan")
        verbose_name_plural = _("catatan pengaduan")

    def __str__(self) -> str:
        return f"{self.complaint}: {self.text[:40]}"


class Attachment(models.Model):
    """A scanned letter or a photo (PDF, JPEG or PNG by its first bytes, at most the document size cap),
    stored under a random name by lindung.platform.storage and served through a scoped view."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    path = models.CharField(max_length=200, editable=False)
    original_name = models.CharField(_("nama berkas asli"), max_length=200, blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    from_reporter = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["complaint", "uploaded_at", "id"]
        verbose_name = _("lampiran pengaduan")
        verbose_name_plural = _("lampiran pengaduan")

    def __str__(self) -> str:
        return f"{self.complaint}: {self.original_name or self.path}"

    @property
    def extension(self) -> str:
        return self.path.rsplit(".", 1)[-1]
