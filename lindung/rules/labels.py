"""Decisions and reason codes of the screening contract (DESIGN §4) in words, for screens (the codes stay in
files and the API). Discovered by lindung.platform.labels."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    # Decisions.
    "LAYAK": _("Memenuhi syarat"),
    "TIDAK_LAYAK": _("Tidak memenuhi syarat"),
    "PERLU_VERIFIKASI": _("Perlu verifikasi petugas"),
    "DATA_TIDAK_VALID": _("Data perlu diperbaiki"),
    # Criteria of the regulations (Perwali Balikpapan 3/2025 Pasal 4-5, Pergub Kaltim 40/2025).
    "SUDAH_TERDAFTAR": _("Sudah peserta aktif BPJS Ketenagakerjaan"),
    "BUKAN_MISKIN": _("Tidak termasuk fakir miskin atau orang tidak mampu"),
    "DATA_KEMISKINAN_TIDAK_ADA": _("Tidak ada di data kemiskinan: perlu verifikasi lapangan"),
    "USIA_DI_LUAR_BATAS": _("Usia di luar batas"),
    "BUKAN_PENDUDUK_DAERAH": _("Alamat KTP di luar daerah"),
    "DOMISILI_KURANG": _("Domisili belum cukup lama"),
    "PENGHASILAN_TIDAK_DI_BAWAH_UMK": _("Penghasilan tidak di bawah upah minimum"),
    "PEKERJAAN_TIDAK_TERCAKUP": _("Pekerjaan tidak dicakup program"),
    # Data validity, duplicates and warnings.
    "NIK_TIDAK_VALID": _("NIK tidak valid"),
    "DATA_WAJIB_KOSONG": _("Data wajib kosong"),
    "NILAI_TIDAK_VALID": _("Isian tidak terbaca"),
    "NIK_GANDA": _("NIK sama dengan baris sebelumnya"),
    "KEMUNGKINAN_GANDA": _("Kemungkinan orang yang sama dengan NIK lain"),
    "TANGGAL_LAHIR_BEDA_NIK": _("Tanggal lahir berbeda dengan NIK"),
    "JENIS_KELAMIN_BEDA_NIK": _("Jenis kelamin berbeda dengan NIK"),
    # Priorities (Pasal 5 ayat (2)).
    "PRIORITAS_MISKIN_EKSTREM": _("Prioritas: miskin ekstrem"),
    "PRIORITAS_DISABILITAS": _("Prioritas: penyandang disabilitas"),
}
