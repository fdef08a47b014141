"""Audit actions of billing: the codes written to the audit trail, and their words on the audit page.
Codes are stored: change a value only with a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    BERITA_ACARA_SAVE = "berita_acara.save", _("Berita acara disimpan")
    BILLING_AGREE = "billing.agree", _("Berita acara disepakati")
    BILLING_ATTRIBUTE = "billing.attribute", _("Sumber dana baris tagihan yang terkunci dilengkapi")
    BILLING_EXPORT = "billing.export", _("Berkas tagihan diunduh")
    BILLING_PAY = "billing.pay", _("Pembayaran (SP2D) dicatat")
    BILLING_RECONCILE = "billing.reconcile", _("Tagihan BPJS dicocokkan")
    BILLING_REOPEN = "billing.reopen", _("Bulan tagihan dibuka kembali")
    BILLING_RUN = "billing.run", _("Tagihan disusun")
