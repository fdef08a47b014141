from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.domain import reconciliation
from lindung.domain.calendar import Month

MONEY = {"max_digits": 16, "decimal_places": 2}


class BillingMonth(models.Model):
    """One programme's month for one payer: the bill we compute, BPJS's invoice, their reconciliation,
    the berita acara both sign, and the payment (Pasal 11 ayat (3)-(5)). Draft -> agreed -> paid; a paid
    month is locked for good, an agreed one until it is reopened.

    A programme funded by two governments (Pergub Kaltim 40/2025: province and kab/kota co-fund) has one
    per payer and month: the participants that payer's funding sources pay for (the programme's own
    government also pays for those without a source). The programme's month is their sum."""

    class Status(models.TextChoices):
        DRAF = "draf", _("Rancangan")
        DISEPAKATI = "disepakati", _("Disepakati (berita acara)")
        DIBAYAR = "dibayar", _("Dibayar")

    programme = models.ForeignKey("programs.Programme", on_delete=models.PROTECT, related_name="billing_months")
    payer = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("pemerintah pembayar"))
    month = models.DateField(_("bulan"), help_text=_("Tanggal 1 bulan tagihan"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAF)
    contribution_jkk = models.DecimalField(_("iuran JKK"), **MONEY)
    contribution_jkm = models.DecimalField(_("iuran JKM"), **MONEY)
    bill_count = models.PositiveIntegerField(_("jumlah peserta ditagih"), default=0)
    bill_amount = models.DecimalField(_("jumlah tagihan pemda"), default=0, **MONEY)
    excluded_count = models.PositiveIntegerField(_("peserta dibiayai program lain"), default=0)
    billed_at = models.DateTimeField(null=True, blank=True)
    reconciled_at = models.DateTimeField(null=True, blank=True)
    # The reconciliation summary (counts and amounts per status, issues per code), as strings for money.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["programme", "-month", "payer"]
        constraints = [models.UniqueConstraint(fields=["programme", "month", "payer"], name="one_billing_month_per_payer")]
        verbose_name = _("bulan tagihan")
        verbose_name_plural = _("bulan tagihan")

    def __str__(self) -> str:
        return f"{self.programme.code} {self.period} ({self.payer.code})"

    @property
    def period(self) -> Month:
        return Month.of(self.month)

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.DRAF


class BillLine(models.Model):
    """Who this payer pays for this month, how much, and from which of its funding sources (empty: the
    participant has no source for the year: TANPA_SUMBER in the budget)."""

    billing_month = models.ForeignKey(BillingMonth, on_delete=models.CASCADE, related_name="bill_lines")
    participant = models.ForeignKey("membership.Participant", on_delete=models.PROTECT, related_name="+")
    funding_source = models.ForeignKey("programs.FundingSource", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    nik = models.CharField(max_length=16)
    kpj = models.CharField(max_length=30, blank=True)
    name = models.CharField(max_length=150)
    jkk = models.DecimalField(**MONEY)
    jkm = models.DecimalField(**MONEY)
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["billing_month", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["billing_month", "nik"], name="one_bill_line_per_nik")]


class BillExclusion(models.Model):
    """A participant this payer would bill for the month whom another programme pays for instead (the
    programme whose membership started first; ties: the programme created first): left out of the bill
    and listed beside it (DESIGN.md §4 "Bill exclusions": the `-dikecualikan` file)."""

    billing_month = models.ForeignKey(BillingMonth, on_delete=models.CASCADE, related_name="exclusions")
    participant = models.ForeignKey("membership.Participant", on_delete=models.PROTECT, related_name="+")
    nik = models.CharField(max_length=16)
    kpj = models.CharField(max_length=30, blank=True)
    name = models.CharField(max_length=150)
    paying_programme = models.ForeignKey("programs.Programme", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["billing_month", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["billing_month", "nik"], name="one_exclusion_per_nik")]


def invoice_path(invoice: "Invoice", name: str) -> str:
    bm = invoice.billing_month
    return f"tagihan-bpjs/{bm.programme.code}/{bm.period}/{bm.payer.code}/{name}"


class Invoice(models.Model):
    """BPJS's invoice for a month, as imported (the latest import replaces the previous one). The file
    itself is kept as received; each NIK's line is in the reconciliation, each bad line a problem."""

    billing_month = models.OneToOneField(BillingMonth, on_delete=models.CASCADE, related_name="invoice")
    file_name = models.CharField(_("berkas"), max_length=255)
    file = models.FileField(_("berkas asli"), upload_to=invoice_path, max_length=500, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    rows = models.PositiveIntegerField(default=0)
    amount = models.DecimalField(_("jumlah tagihan BPJS"), default=0, **MONEY)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tagihan BPJS")
        verbose_name_plural = _("tagihan BPJS")


class InvoiceProblem(models.Model):
    """A row of BPJS's file that could not be taken as it is, values kept as written, with every
    problem found in it (codes of lindung.domain.billing, and the reasons in words)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField(_("baris"))
    nik = models.CharField(max_length=40, blank=True)
    kpj = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=150, blank=True)
    month = models.CharField(max_length=20, blank=True)
    jkk = models.CharField(max_length=30, blank=True)
    jkm = models.CharField(max_length=30, blank=True)
    amount_text = models.CharField(max_length=30, blank=True)
    amount = models.DecimalField(null=True, blank=True, **MONEY)
    codes = models.CharField(max_length=200)  # ';'-separated
    reasons = models.CharField(max_length=500)  # ' | '-separated, in the order of `codes`

    class Meta:
        ordering = ["invoice", "row"]


class ReconciliationLine(models.Model):
    """The outcome for one NIK: the contract's status with both amounts and a plain-language note."""

    Status = models.TextChoices("Status", [(s, s) for s in reconciliation.STATUSES])

    billing_month = models.ForeignKey(BillingMonth, on_delete=models.CASCADE, related_name="reconciliation_lines")
    funding_source = models.ForeignKey("programs.FundingSource", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    nik = models.CharField(max_length=16)
    kpj = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=30, choices=Status.choices)
    amount_pemda = models.DecimalField(null=True, blank=True, **MONEY)
    amount_bpjs = models.DecimalField(null=True, blank=True, **MONEY)
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["billing_month", "status", "name", "id"]
        indexes = [models.Index(fields=["billing_month", "status"])]


class BeritaAcara(models.Model):
    """The minutes of the monthly reconciliation both parties sign (Pasal 11 ayat (3)); payment
    follows it (ayat (4)). Its figures are frozen when the month is agreed."""

    billing_month = models.OneToOneField(BillingMonth, on_delete=models.CASCADE, related_name="berita_acara")
    number = models.CharField(_("nomor"), max_length=100)
    date = models.DateField(_("tanggal"))
    labour_head_name = models.CharField(_("kepala dinas tenaga kerja"), max_length=150, blank=True)
    labour_head_title = models.CharField(_("jabatan"), max_length=150, blank=True)
    labour_head_nip = models.CharField(_("NIP"), max_length=30, blank=True)
    bpjs_branch = models.CharField(_("kantor cabang BPJS"), max_length=150, blank=True)
    bpjs_officer_name = models.CharField(_("pejabat BPJS"), max_length=150, blank=True)
    bpjs_officer_title = models.CharField(_("jabatan pejabat BPJS"), max_length=150, blank=True)
    agreed_count = models.PositiveIntegerField(_("jumlah peserta disepakati"), default=0)
    agreed_amount = models.DecimalField(_("jumlah iuran disepakati"), default=0, **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("berita acara")
        verbose_name_plural = _("berita acara")

    def __str__(self) -> str:
        return self.number


class Payment(models.Model):
    """The SP2D (payment order) that paid an agreed month."""

    billing_month = models.OneToOneField(BillingMonth, on_delete=models.PROTECT, related_name="payment")
    sp2d_number = models.CharField(_("nomor SP2D"), max_length=100)
    sp2d_date = models.DateField(_("tanggal SP2D"))
    amount = models.DecimalField(_("nominal"), **MONEY)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")

    def __str__(self) -> str:
        return self.sp2d_number
