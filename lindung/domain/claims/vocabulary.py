"""The words of a benefit claim: types and their benefits, statuses and how they move, the results of an
import row, and the Pasal 10 consequence of a death claim. Pure Python (see docs/CLAIMS.md)."""

from __future__ import annotations

import re

from ..exchange import CLAIM_RESULT_COLUMNS, CLAIMS

LAYOUT = CLAIMS  # header matching: exchange.match_headers(headers, LAYOUT, mapping)
RESULT_COLUMNS = CLAIM_RESULT_COLUMNS

JKK = "JKK"
JKM = "JKM"
BEASISWA = "BEASISWA"
CLAIM_TYPES: dict[str, str] = {
    JKK: "Jaminan Kecelakaan Kerja",
    JKM: "Jaminan Kematian",
    BEASISWA: "Beasiswa pendidikan anak (paling banyak 2 anak)",
}

PERAWATAN = "PERAWATAN"
STMB = "STMB"
CACAT = "CACAT"
KEMATIAN = "KEMATIAN"
PEMAKAMAN = "PEMAKAMAN"
BENEFITS: dict[str, dict[str, str]] = {
    JKK: {
        PERAWATAN: "Perawatan dan pengobatan",
        STMB: "Santunan sementara tidak mampu bekerja",
        CACAT: "Santunan cacat",
        KEMATIAN: "Santunan kematian akibat kecelakaan kerja",
    },
    JKM: {
        KEMATIAN: "Santunan kematian",
        PEMAKAMAN: "Biaya pemakaman saja (masa kepesertaan singkat)",
    },
    BEASISWA: {},
}
BENEFIT_ALIASES = {
    "MENINGGAL": KEMATIAN,
    "MENINGGAL_DUNIA": KEMATIAN,
    "SANTUNAN_KEMATIAN": KEMATIAN,
    "PENGOBATAN": PERAWATAN,
    "PERAWATAN_DAN_PENGOBATAN": PERAWATAN,
    "PERAWATAN_PENGOBATAN": PERAWATAN,
    "SEMENTARA_TIDAK_MAMPU_BEKERJA": STMB,
    "SANTUNAN_STMB": STMB,
    "CACAT_SEBAGIAN": CACAT,
    "CACAT_TOTAL": CACAT,
    "CACAT_TOTAL_TETAP": CACAT,
    "CACAT_FUNGSI": CACAT,
    "BIAYA_PEMAKAMAN": PEMAKAMAN,
}
DEATH_WORDS = re.compile(r"\b(meninggal|kematian|wafat|tewas)\b", re.IGNORECASE)

DIAJUKAN = "DIAJUKAN"
DIBAYAR = "DIBAYAR"
DITOLAK = "DITOLAK"
STATUSES: dict[str, str] = {DIAJUKAN: "Diajukan", DIBAYAR: "Dibayar", DITOLAK: "Ditolak"}
TRANSITIONS: dict[str, frozenset[str]] = {
    DIAJUKAN: frozenset({DIBAYAR, DITOLAK}),
    DIBAYAR: frozenset(),
    DITOLAK: frozenset(),
}

# Import results (hasil).
DICATAT = "DICATAT"
SUDAH_ADA = "SUDAH_ADA"
HASIL_DITOLAK = "DITOLAK"

TERMINATION_REASON = "meninggal"  # lindung.domain.membership.END_REASONS
TERMINATION_CITE = "Pasal 10 huruf a"


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
