"""An application's way from data collection to enrolment (Perwali 3/2025 Pasal 6-8): yearly cycles,
applications (usulan, Lampiran II) with their documents and bulk uploads, the BPJS check (Pasal 8
ayat (2)), duplicates held by the TVEM (ayat (3)), the decree (ayat (4)-(5)) and its annex.

An application keeps its own copy of what was declared (Lampiran II): the register (`people.Person`)
is only written from verified data, so an anonymous form can never overwrite a resident's record.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lindung.domain import nik as nik_rules
from lindung.people.models import Sex


class Cycle(models.Model):
    """One programme's yearly round (Perwali 3/2025 Pasal 8): data collection (third quarter by
    default), verification, BPJS check, TVEM consolidation, decree, enrolment on 1 January of the
    following year. A city's and a province's programme each run their own cycle."""

    programme = models.ForeignKey("programs.Programme", on_delete=models.PROTECT, related_name="cycles",
                                  verbose_name=_("program"))
    year = models.PositiveSmallIntegerField(_("tahun pendataan"))
    collection_start = models.DateField(_("pendataan mulai"))
    collection_end = models.DateField(_("pendataan berakhir"))
    enrolment_date = models.DateField(_("tanggal mulai kepesertaan"))
    quota = models.PositiveIntegerField(
        _("kuota peserta"), null=True, blank=True,
        help_text=_("Kosong: dihitung dari sumber dana program tahun kepesertaan"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-year", "programme__code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_cycle_per_programme_year"),
            models.CheckConstraint(condition=Q(collection_end__gte=models.F("collection_start")),
                                   name="cycle_window_ordered"),
            models.CheckConstraint(condition=Q(enrolment_date__gt=models.F("collection_end")),
                                   name="cycle_enrolment_after_collection"),
        ]
        verbose_name = _("siklus usulan")
        verbose_name_plural = _("siklus usulan")

    def __str__(self) -> str:
        return f"{self.programme.name} {self.year}"

    @property
    def tenant(self):
        return self.programme.tenant

    def is_collecting(self, on: date) -> bool:
        return self.collection_start <= on <= self.collection_end


class Application(models.Model):
    """An application (usulan) for one programme cycle, with the Lampiran II data as declared."""

    class Status(models.TextChoices):
        DIAJUKAN = "DIAJUKAN", _("Diajukan, menunggu verifikasi")
        DIKEMBALIKAN = "DIKEMBALIKAN", _("Dikembalikan untuk perbaikan")
        DITOLAK = "DITOLAK", _("Ditolak")
        DIVERIFIKASI = "DIVERIFIKASI", _("Terverifikasi")
        CEK_BPJS = "CEK_BPJS", _("Diperiksa BPJS Ketenagakerjaan")
        LOLOS_BPJS = "LOLOS_BPJS", _("Belum menjadi peserta BPJS")
        SUDAH_PESERTA = "SUDAH_PESERTA", _("Sudah peserta BPJS")
        KONSOLIDASI = "KONSOLIDASI", _("Dalam daftar konsolidasi TVEM")
        CADANGAN = "CADANGAN", _("Cadangan (melebihi kuota)")
        DITETAPKAN = "DITETAPKAN", _("Ditetapkan dengan Keputusan")
        TERDAFTAR = "TERDAFTAR", _("Terdaftar sebagai peserta")
        DICABUT = "DICABUT", _("Dicabut dengan Keputusan perubahan")

    class Channel(models.TextChoices):
        PUBLIK = "publik", _("Formulir publik")
        PETUGAS = "petugas", _("Petugas")
        UNGGAH = "unggah", _("Unggahan berkas")

    reference = models.CharField(_("nomor usulan"), max_length=20, unique=True)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="applications", verbose_name=_("siklus"))
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="applications", verbose_name=_("penduduk"))
    # Lampiran II, as declared.
    nik = models.CharField(_("NIK"), max_length=16)
    no_kk = models.CharField(_("Nomor KK"), max_length=16, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    name_search = models.CharField(max_length=150, db_index=True, editable=False)
    birth_place = models.CharField(_("tempat lahir"), max_length=80, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("kelurahan/desa (alamat KTP)"))
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    # Pasal 6 ayat (4): the occupation found in data collection is the one used; the e-KTP one is kept
    # only to show the difference.
    occupation = models.ForeignKey("tenants.Occupation", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("pekerjaan (hasil pendataan)"))
    ktp_occupation = models.CharField(_("pekerjaan di KTP elektronik"), max_length=100, blank=True)
    monthly_income = models.DecimalField(_("penghasilan rata-rata per bulan"), max_digits=14, decimal_places=2)
    domicile_since = models.DateField(_("berdomisili sejak"))
    disability = models.BooleanField(_("penyandang disabilitas"), default=False)
    applied_on = models.DateField(_("tanggal daftar"))
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    # Lampiran I routing on the application date: an agency, or the Camat/Lurah of the address.
    agency = models.ForeignKey("tenants.Agency", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="applications", verbose_name=_("perangkat daerah penanggung jawab"))
    territorial = models.BooleanField(_("didata Camat/Lurah"), default=False)

    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DIAJUKAN)
    status_reason = models.TextField(_("alasan"), blank=True)
    # The latest evaluation by the rule set (lindung.domain.rules.evaluate).
    keputusan = models.CharField(_("hasil penilaian"), max_length=20, blank=True)
    findings = models.JSONField(_("temuan"), default=list, blank=True)
    miskin_desil = models.PositiveSmallIntegerField(_("desil kemiskinan"), null=True, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    # Field verification (for PERLU_VERIFIKASI).
    field_visit_on = models.DateField(_("tanggal verifikasi lapangan"), null=True, blank=True)
    field_visit_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    field_visit_confirms = models.BooleanField(_("hasil verifikasi lapangan memenuhi syarat"), null=True, blank=True)
    field_visit_note = models.TextField(_("catatan verifikasi lapangan"), blank=True)
    # Consolidation (TVEM) and enrolment.
    on_hold = models.BooleanField(_("ditahan: dugaan ganda"), default=False)
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    kpj = models.CharField(_("nomor KPJ"), max_length=30, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One application per person and cycle: a re-upload or a second form creates nothing twice.
            models.UniqueConstraint(fields=["cycle", "nik"], name="one_application_per_cycle_nik"),
            models.CheckConstraint(condition=~(Q(agency__isnull=False) & Q(territorial=True)),
                                   name="application_routed_once"),
        ]
        indexes = [
            models.Index(fields=["cycle", "status"], name="application_cycle_status"),
            models.Index(fields=["agency", "status"], name="application_agency_status"),
            models.Index(fields=["kelurahan", "status"], name="application_kelurahan_status"),
            models.Index(fields=["nik"], name="application_nik"),
        ]
        verbose_name = _("usulan")
        verbose_name_plural = _("usulan")

    def __str__(self) -> str:
        return f"{self.reference} {self.name} ({self.masked_nik})"

    @property
    def masked_nik(self) -> str:
        return nik_rules.mask(self.nik)

    @property
    def priority_flags(self) -> list[str]:
        return [f["code"] for f in self.findings if f.get("effect") == "PRIORITAS"]

    @property
    def is_locked(self) -> bool:
        """Fixed by a signed decree: only a new decree changes it (Pasal 8 ayat (5))."""
        return self.status in (self.Status.DITETAPKAN, self.Status.TERDAFTAR)


# The explicit status machine: every service moves an application along one of these edges only.
S = Application.Status
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DIAJUKAN: frozenset({S.DIVERIFIKASI, S.DIKEMBALIKAN, S.DITOLAK}),
    S.DIKEMBALIKAN: frozenset({S.DIAJUKAN, S.DITOLAK}),
    S.DIVERIFIKASI: frozenset({S.CEK_BPJS}),
    S.CEK_BPJS: frozenset({S.LOLOS_BPJS, S.SUDAH_PESERTA}),
    S.LOLOS_BPJS: frozenset({S.KONSOLIDASI}),
    S.KONSOLIDASI: frozenset({S.CADANGAN, S.DITETAPKAN, S.DITOLAK}),
    S.CADANGAN: frozenset({S.KONSOLIDASI, S.DITOLAK}),
    S.DITETAPKAN: frozenset({S.TERDAFTAR, S.DICABUT}),
    S.DITOLAK: frozenset(),
    S.SUDAH_PESERTA: frozenset(),
    S.TERDAFTAR: frozenset(),
    S.DICABUT: frozenset(),
}
del S


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


class Document(models.Model):
    """A supporting document (Pasal 7 ayat (1)), stored under MEDIA_ROOT with a random name and
    served only through a permission-checked view."""

    class Kind(models.TextChoices):
        KTP = "ktp", _("Fotokopi KTP elektronik")
        KK = "kk", _("Fotokopi Kartu Keluarga")
        DOMISILI = "domisili", _("Surat keterangan domisili dari RT")
        MISKIN = "miskin", _("Bukti fakir miskin / tidak mampu")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=10, choices=Kind.choices)
    path = models.CharField(max_length=200, editable=False)  # relative to MEDIA_ROOT, random name
    original_name = models.CharField(_("nama berkas asli"), max_length=200, blank=True)
    content_type = models.CharField(max_length=40)  # from the file's magic bytes, never from the upload
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["application", "kind", "id"]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.application.reference})"


class BulkUpload(models.Model):
    """A spreadsheet of applicants collected by an agency, screened and turned into applications by a
    background job. The same file (by content hash) is taken once per cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="uploads")
    file_name = models.CharField(_("nama berkas"), max_length=200)
    path = models.CharField(max_length=200, editable=False)
    sha256 = models.CharField(max_length=64)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    result_path = models.CharField(max_length=200, blank=True, editable=False)
    counts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["cycle", "sha256"], name="one_upload_per_file_and_cycle")]
        verbose_name = _("unggahan usulan")
        verbose_name_plural = _("unggahan usulan")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.cycle})"


class BpjsCheck(models.Model):
    """A batch of verified candidates sent to the BPJS branch, and its answer when it comes back."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="bpjs_checks")
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
        MENUNGGU = "menunggu", _("Belum dijawab")
        BELUM = "belum", _("Belum menjadi peserta aktif")
        AKTIF = "aktif", _("Peserta aktif")

    check_batch = models.ForeignKey(BpjsCheck, on_delete=models.CASCADE, related_name="items")
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="bpjs_item")
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.MENUNGGU)
    answer_status = models.CharField(_("status di BPJS"), max_length=30, blank=True)
    kpj = models.CharField(_("nomor KPJ"), max_length=30, blank=True)

    class Meta:
        ordering = ["check_batch", "id"]


class DuplicateCase(models.Model):
    """Applications that may be one person, held out of the list until the TVEM decides (Pasal 8
    ayat (3)); a person is never paid for twice, by the city and the province together included."""

    class Kind(models.TextChoices):
        NIK_PROGRAM_LAIN = "nik_program_lain", _("NIK sama diusulkan program lain")
        PESERTA_PROGRAM_LAIN = "peserta_program_lain", _("Sudah peserta program lain")
        KEMUNGKINAN_GANDA = "kemungkinan_ganda", _("Kemungkinan orang yang sama (NIK berbeda)")

    class Status(models.TextChoices):
        TERBUKA = "terbuka", _("Menunggu keputusan")
        DIPUTUSKAN = "diputuskan", _("Diputuskan")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="duplicate_cases")
    kind = models.CharField(_("jenis"), max_length=25, choices=Kind.choices)
    key = models.CharField(max_length=200)  # what matched (NIK, or name + birth date): found once per cycle
    applications = models.ManyToManyField(Application, related_name="duplicate_cases")
    other = models.CharField(_("di program lain"), max_length=250, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.TERBUKA)
    kept = models.ForeignKey(Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
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

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="decrees")
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
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="decree_entry")
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
