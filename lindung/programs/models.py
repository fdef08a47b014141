from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lindung.domain import billing as billing_rules
from lindung.domain import projection
from lindung.domain.calendar import Month
from lindung.domain.rules import ruleset as rulesets

# A coverage window that covers no month Lindung bills (see Programme.budget_year).
_CLOSED = billing_rules.CoverageWindow(date(1, 1, 1), date(1, 1, 31))


class Programme(models.Model):
    """A government's JKK+JKM programme for pekerja rentan, run under one rule set (regulation).

    The contribution is never stored here: it is the rule set's parameter in force on the first day
    of each billed month. A time-boxed programme (event workers, seed 003) has a coverage window of
    whole months and bills nothing outside it."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="programmes",
                               verbose_name=_("pemerintah daerah"))
    ruleset_id = models.CharField(_("aturan"), max_length=80)
    year = models.PositiveSmallIntegerField(_("tahun mulai"))
    # Pasal 3: JKK and JKM only (not JHT, JP, JKP). Kept as data so a report can say what was insured.
    benefits = models.CharField(_("program jaminan"), max_length=40, default="JKK+JKM", editable=False)
    coverage_start = models.DateField(_("awal jendela pertanggungan"), null=True, blank=True)
    coverage_end = models.DateField(_("akhir jendela pertanggungan"), null=True, blank=True)
    # The parties of the monthly berita acara (Pasal 11 ayat (3)); each month copies them when agreed.
    labour_head_name = models.CharField(_("nama kepala dinas tenaga kerja"), max_length=150, blank=True)
    labour_head_title = models.CharField(_("jabatan"), max_length=150, blank=True,
                                         default="Kepala Dinas Tenaga Kerja")
    labour_head_nip = models.CharField(_("NIP"), max_length=30, blank=True)
    bpjs_branch = models.CharField(_("kantor cabang BPJS Ketenagakerjaan"), max_length=150, blank=True)
    bpjs_officer_name = models.CharField(_("nama pejabat BPJS"), max_length=150, blank=True)
    bpjs_officer_title = models.CharField(_("jabatan pejabat BPJS"), max_length=150, blank=True,
                                          default="Kepala Kantor Cabang")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(coverage_start__isnull=True, coverage_end__isnull=True)
                | Q(coverage_start__isnull=False, coverage_end__isnull=False, coverage_end__gte=models.F("coverage_start")),
                name="programme_window_complete",
            ),
        ]
        verbose_name = _("program")
        verbose_name_plural = _("program")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def ruleset(self) -> rulesets.RuleSet:
        return rulesets.load(self.ruleset_id)

    @property
    def window(self) -> billing_rules.CoverageWindow | None:
        if self.coverage_start is None:
            return None
        return billing_rules.CoverageWindow(self.coverage_start, self.coverage_end)

    @property
    def is_time_boxed(self) -> bool:
        return self.coverage_start is not None

    def billing_rules(self, month: Month) -> billing_rules.BillingRules:
        return billing_rules.rules_for(self.ruleset, month, self.window)

    def budget_year(self, year: int) -> projection.Year:
        """The twelve months of `year` with this programme's billing rules (contribution in force, age
        limit, coverage window), as the allocation and the projection read them. A month the rule set
        cannot bill (before it took effect, or without a contribution yet) gets a window covering no
        month: nobody is billed in it, as the monthly bill refuses it."""

        def rules_of(month: Month) -> billing_rules.BillingRules:
            try:
                return self.billing_rules(month)
            except (rulesets.RuleSetError, ValueError):
                return billing_rules.BillingRules(month, billing_rules.Contribution(Decimal(0), Decimal(0)), 0, _CLOSED)

        return projection.Year(year, rules_of)

    def first_month(self, year: int) -> Month:
        """The first month of `year` this programme can bill: its first day must fall under the
        regulation (Perwali 3/2025 took effect on 13 January 2025: February is its first month) and
        inside the coverage window, if any."""
        start = max(date(year, 1, 1), self.ruleset.effective_from, self.coverage_start or date.min)
        month = Month.of(start)
        return month if start.day == 1 else month + 1


class FundingSource(models.Model):
    """Where a programme year's money comes from (Pasal 14; seeds 001, 003, 004), with optional
    restrictions: DBHCHT pays only for tobacco farmers, Dana Desa only for its own village; a co-funding
    province (Pergub Kaltim 40/2025) is its own payer, with its own bill, berita acara and SP2D.

    Who each source pays for is decided by the allocation (`lindung.domain.funding`): at most
    `fixed_quota` people (when set) and at most the budget (`amount` + `revision_amount`), each
    participant costing their own billable months × the contribution in force."""

    class Kind(models.TextChoices):
        APBD_KOTA = "apbd_kota", _("APBD kabupaten/kota")
        APBD_PROVINSI = "apbd_provinsi", _("APBD provinsi")
        DBH_SAWIT = "dbh_sawit", _("DBH Sawit")
        DBHCHT = "dbhcht", _("DBH Cukai Hasil Tembakau")
        DANA_DESA = "dana_desa", _("Dana Desa")
        CSR = "csr", _("CSR")

    # How a participant's reason names the source ("DBHCHT: petani"): short, as the agencies say it.
    SHORT = {Kind.APBD_KOTA: _("APBD Kab/Kota"), Kind.APBD_PROVINSI: _("APBD Provinsi"), Kind.DBH_SAWIT: _("DBH Sawit"),
             Kind.DBHCHT: _("DBHCHT"), Kind.DANA_DESA: _("Dana Desa"), Kind.CSR: _("CSR")}

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="funding_sources")
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    kind = models.CharField(_("sumber dana"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("keterangan"), max_length=200, blank=True,
                             help_text=_("Mis. DPA Disnaker 2025, atau nama perusahaan CSR"))
    payer = models.ForeignKey("tenants.Tenant", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("pemerintah pembayar"),
                              help_text=_("Untuk pembiayaan bersama: provinsi yang membayar sebagian peserta kota"))
    amount = models.DecimalField(_("pagu anggaran"), max_digits=16, decimal_places=2)
    revision_amount = models.DecimalField(
        _("tambahan pagu APBD Perubahan"), max_digits=16, decimal_places=2, default=0,
        help_text=_("Bagian pagu yang bergantung pada APBD-P: kekurangan dihitung seandainya tidak disahkan"))
    months = models.PositiveSmallIntegerField(_("jumlah bulan dibiayai"), default=12)
    fixed_quota = models.PositiveIntegerField(_("kuota peserta yang ditetapkan"), null=True, blank=True,
                                              help_text=_("Kosong: kuota dihitung dari pagu ÷ (iuran × bulan)"))
    occupations = models.ManyToManyField("tenants.Occupation", blank=True, related_name="+",
                                         verbose_name=_("hanya untuk pekerjaan"))
    regions = models.ManyToManyField("regions.Region", blank=True, related_name="+",
                                     verbose_name=_("hanya untuk wilayah"))
    preference = models.PositiveSmallIntegerField(
        _("urutan penggunaan"), null=True, blank=True,
        help_text=_("Kecil dipakai lebih dulu; kosong: sumber berbatasan (pekerjaan/wilayah) sebelum sumber umum"))

    class Meta:
        ordering = ["programme", "year", "id"]
        verbose_name = _("sumber dana")
        verbose_name_plural = _("sumber dana")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}" + (f" — {self.label}" if self.label else "")

    @property
    def short_name(self) -> str:
        return str(self.SHORT[self.kind])

    @property
    def budget(self):
        """The year's whole budget: the APBD murni and what the revised budget (APBD-P) adds."""
        return self.amount + self.revision_amount

    @property
    def paying_tenant(self):
        """Who pays: the co-funding government, else the programme's own."""
        return self.payer or self.programme.tenant


class ColumnMapping(models.Model):
    """How a programme's counterpart names the columns of an exchange file (BPJS's real layouts are
    unconfirmed): header in the file -> contract column. Used by every import of that kind."""

    class Layout(models.TextChoices):
        PESERTA = "peserta", _("Daftar peserta")
        TAGIHAN = "tagihan", _("Tagihan BPJS")
        PENGHENTIAN = "penghentian", _("Usulan penghentian")
        KLAIM = "klaim", _("Laporan klaim BPJS")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="column_mappings")
    layout = models.CharField(_("jenis berkas"), max_length=20, choices=Layout.choices)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "layout"], name="one_mapping_per_layout")]
        verbose_name = _("pemetaan kolom")
        verbose_name_plural = _("pemetaan kolom")

    def __str__(self) -> str:
        return f"{self.programme.code}: {self.get_layout_display()}"
