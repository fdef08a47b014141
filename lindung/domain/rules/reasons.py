"""Decisions and the reason codes that are not criteria of a regulation (data validity, duplicates,
NIK warnings). Criteria codes and their citations come from the rule set; these are the contract's
(DESIGN.md §4) fixed codes, with the plain-Indonesian text both executors write.

Precedence of decisions (worst wins): DATA_TIDAK_VALID > TIDAK_LAYAK > PERLU_VERIFIKASI > LAYAK.
A record that cannot be read properly is not judged eligible or not: it goes back to be corrected,
with every criterion that could still be checked listed beside the bad field.
"""

from __future__ import annotations

LAYAK = "LAYAK"
TIDAK_LAYAK = "TIDAK_LAYAK"
PERLU_VERIFIKASI = "PERLU_VERIFIKASI"
DATA_TIDAK_VALID = "DATA_TIDAK_VALID"
DECISIONS = (LAYAK, TIDAK_LAYAK, PERLU_VERIFIKASI, DATA_TIDAK_VALID)
SEVERITY = {LAYAK: 0, PERLU_VERIFIKASI: 1, TIDAK_LAYAK: 2, DATA_TIDAK_VALID: 3}

# Effects a finding can have besides a decision.
WARNING = "PERINGATAN"  # shown, does not change the decision (the NIK date cannot be corrected)
PRIORITY = "PRIORITAS"  # Pasal 5 ayat (2) flag, orders the eligible

# Data validity: the record goes back for correction.
NIK_TIDAK_VALID = "NIK_TIDAK_VALID"
# A required value that is empty.
DATA_WAJIB_KOSONG = "DATA_WAJIB_KOSONG"
# A value present but unreadable (a date not YYYY-MM-DD, an amount that is not a number, a kelurahan code
# the Kemendagri list lacks), an application date outside the rule set's period, or a malformed row;
# alasan_teks names the field and why (DESIGN §4).
NILAI_TIDAK_VALID = "NILAI_TIDAK_VALID"
# Duplicates in one batch: a person decides which application stands.
NIK_GANDA = "NIK_GANDA"
KEMUNGKINAN_GANDA = "KEMUNGKINAN_GANDA"
# Warnings from the NIK.
TANGGAL_LAHIR_BEDA_NIK = "TANGGAL_LAHIR_BEDA_NIK"
JENIS_KELAMIN_BEDA_NIK = "JENIS_KELAMIN_BEDA_NIK"

VALIDITY_CODES = (NIK_TIDAK_VALID, DATA_WAJIB_KOSONG, NILAI_TIDAK_VALID)
DUPLICATE_CODES = (NIK_GANDA, KEMUNGKINAN_GANDA)
WARNING_CODES = (TANGGAL_LAHIR_BEDA_NIK, JENIS_KELAMIN_BEDA_NIK)

EFFECT = {
    NIK_TIDAK_VALID: DATA_TIDAK_VALID,
    DATA_WAJIB_KOSONG: DATA_TIDAK_VALID,
    NILAI_TIDAK_VALID: DATA_TIDAK_VALID,
    NIK_GANDA: PERLU_VERIFIKASI,
    KEMUNGKINAN_GANDA: PERLU_VERIFIKASI,
    TANGGAL_LAHIR_BEDA_NIK: WARNING,
    JENIS_KELAMIN_BEDA_NIK: WARNING,
}

# Messages; "{}" takes the details (fields, NIK errors, the other row's number).
TEXT = {
    NIK_TIDAK_VALID: "NIK tidak valid: {}",
    DATA_WAJIB_KOSONG: "Data wajib kosong: {}",
    NILAI_TIDAK_VALID: "Isian tidak terbaca: {}",
    NIK_GANDA: "NIK sama dengan baris {} pada berkas ini",
    # the earlier row's number; then WHY_SEPARATOR and why in words, when the matcher says so
    KEMUNGKINAN_GANDA: "Kemungkinan orang yang sama dengan baris {} (NIK berbeda)",
    TANGGAL_LAHIR_BEDA_NIK: "Tanggal lahir berbeda dengan yang tercantum di NIK",
    JENIS_KELAMIN_BEDA_NIK: "Jenis kelamin berbeda dengan yang tercantum di NIK",
}
OUT_OF_PERIOD = "di luar masa berlaku aturan"
WHY_SEPARATOR = ": "  # "... baris 12 (NIK berbeda): nama dan tanggal lahir sama, NIK beda satu angka"

# Between findings in alasan_teks, and between codes in alasan (DESIGN §4).
TEXT_SEPARATOR = "; "
CODE_SEPARATOR = ";"
