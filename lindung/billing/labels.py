"""Reconciliation statuses and invoice-line problems (lindung.domain.reconciliation) in words."""

from django.utils.translation import gettext_lazy as _

from .models import BillingMonth

LABELS = {
    "COCOK": _("Cocok"),
    "TIDAK_ADA_DI_TAGIHAN": _("Ditagih pemda, tidak ada di tagihan BPJS"),
    "TIDAK_ADA_DI_DATA_PEMDA": _("Ditagih BPJS, tidak ada di data pemda"),
    "SELISIH_NOMINAL": _("Selisih jumlah iuran"),
    "BULAN_TIDAK_VALID": _("Bulan tidak terbaca"),
    "BULAN_LAIN": _("Baris untuk bulan lain"),
    "NOMINAL_TIDAK_VALID": _("Jumlah tidak terbaca"),
    "RINCIAN_TIDAK_SESUAI": _("Rincian JKK + JKM tidak sama dengan jumlah"),
    "BARIS_GANDA": _("NIK tercantum lebih dari sekali"),
    "NIK_TIDAK_DIKENAL": _("NIK bukan peserta program ini"),
    "KPJ_BERBEDA": _("Nomor KPJ berbeda dengan data pemda"),
    "DIBIAYAI_PROGRAM_LAIN": _("Dibiayai program lain"),
    **dict(BillingMonth.Status.choices),
}
