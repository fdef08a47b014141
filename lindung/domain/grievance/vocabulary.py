"""The words of complaint handling (Pasal 13): channels, categories, statuses and the status machine,
who may take each edge, service-level states and handler kinds. The codes are the contract's
(DESIGN.md §4 "Complaints import"); the Django side stores them as they are."""

from __future__ import annotations

CHANNELS: dict[str, str] = {
    "LISAN": "Lisan (datang langsung atau telepon)",
    "TERTULIS": "Tertulis (surat)",
    "DARING": "Daring (laman atau aplikasi Lindung)",
    "LAPOR": "SP4N-LAPOR!",
}
CHANNEL_ALIASES = {"SP4N_LAPOR": "LAPOR", "SP4NLAPOR": "LAPOR", "ONLINE": "DARING", "SURAT": "TERTULIS"}

KEPESERTAAN = "KEPESERTAAN"
KECELAKAAN_KERJA = "KECELAKAAN_KERJA"
KLAIM_MANFAAT = "KLAIM_MANFAAT"
PENDATAAN = "PENDATAAN"
IURAN = "IURAN"
PUNGLI = "PUNGLI"
LAINNYA = "LAINNYA"
CATEGORIES: dict[str, str] = {
    KEPESERTAAN: "Kepesertaan",
    KECELAKAAN_KERJA: "Kecelakaan kerja (darurat)",
    KLAIM_MANFAAT: "Klaim manfaat",
    PENDATAAN: "Pendataan calon peserta",
    IURAN: "Iuran",
    PUNGLI: "Pungutan liar",
    LAINNYA: "Lainnya",
}

# Statuses and the explicit machine: every service moves a complaint along one of these edges only.
DITERIMA = "DITERIMA"
DIPROSES = "DIPROSES"
DIJAWAB = "DIJAWAB"
SELESAI = "SELESAI"
DITUTUP_OTOMATIS = "DITUTUP_OTOMATIS"
DIBUKA_KEMBALI = "DIBUKA_KEMBALI"
STATUSES: dict[str, str] = {
    DITERIMA: "Diterima",
    DIPROSES: "Diproses",
    DIJAWAB: "Dijawab",
    SELESAI: "Selesai",
    DITUTUP_OTOMATIS: "Ditutup otomatis",
    DIBUKA_KEMBALI: "Dibuka kembali",
}
TRANSITIONS: dict[str, frozenset[str]] = {
    DITERIMA: frozenset({DIPROSES, DIJAWAB}),  # verified and forwarded, or answered at once (desk)
    DIPROSES: frozenset({DIJAWAB}),
    DIJAWAB: frozenset({SELESAI, DITUTUP_OTOMATIS, DIBUKA_KEMBALI}),
    DIBUKA_KEMBALI: frozenset({DIPROSES, DIJAWAB}),  # the handler takes it up again, or answers again
    SELESAI: frozenset(),
    DITUTUP_OTOMATIS: frozenset(),
}
CLOSED = frozenset({SELESAI, DITUTUP_OTOMATIS})

# Who may take each edge. The officer records what a reporter says at the desk or on the phone, so
# "pelapor" edges are open to the officer too; only the system closes automatically.
PETUGAS = "petugas"
PELAPOR = "pelapor"
SISTEM = "sistem"
ACTORS: dict[tuple[str, str], frozenset[str]] = {
    (DITERIMA, DIPROSES): frozenset({PETUGAS}),
    (DITERIMA, DIJAWAB): frozenset({PETUGAS}),
    (DIPROSES, DIJAWAB): frozenset({PETUGAS}),
    (DIJAWAB, SELESAI): frozenset({PELAPOR, PETUGAS}),
    (DIJAWAB, DITUTUP_OTOMATIS): frozenset({SISTEM}),
    (DIJAWAB, DIBUKA_KEMBALI): frozenset({PELAPOR, PETUGAS}),
    (DIBUKA_KEMBALI, DIPROSES): frozenset({PETUGAS}),
    (DIBUKA_KEMBALI, DIJAWAB): frozenset({PETUGAS}),
}

# Service-level states.
TEPAT_WAKTU = "TEPAT_WAKTU"
HAMPIR_JATUH_TEMPO = "HAMPIR_JATUH_TEMPO"
TERLAMBAT = "TERLAMBAT"
SLA_STATES = (TEPAT_WAKTU, HAMPIR_JATUH_TEMPO, TERLAMBAT)
STEP_RESPONSE = "tanggapan"
STEP_FOLLOW_UP = "tindak_lanjut"

# Handler kinds in the routing table, and what they resolve to.
H_BPJS = "bpjs"
H_AGENCY = "dinas"
H_AGENCY_HEAD = "kepala_dinas"
H_DATA_COLLECTOR = "pendataan"
HANDLER_KINDS = (H_BPJS, H_AGENCY, H_AGENCY_HEAD, H_DATA_COLLECTOR)
BPJS = "bpjs"  # ditangani_oleh for the BPJS officer
KELURAHAN_PREFIX = "kelurahan:"
TERRITORIAL = "territorial"  # a Lampiran I occupation collected per territory (lindung/data/tenants.yaml)

# Who may see the reporter of a sealed complaint (the Django side maps its roles onto these).
LABOUR_AGENCY_HEAD = "kepala_dinas"
AUDITOR = "auditor"
SEALED_VISIBLE_TO = frozenset({LABOUR_AGENCY_HEAD, AUDITOR})


class GrievanceError(ValueError):
    """A move, a history or a question the rules do not allow; the message is Indonesian."""


def can_move(current: str, target: str, actor: str | None = None) -> bool:
    if target not in TRANSITIONS.get(current, frozenset()):
        return False
    return actor is None or actor in ACTORS[(current, target)]


def check_move(current: str, target: str, actor: str | None = None) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(TRANSITIONS.get(current, ()))) or "tidak ada (sudah ditutup)"
        raise GrievanceError(f"status {current} tidak dapat diubah menjadi {target} (yang boleh: {allowed})")
    if actor is not None and actor not in ACTORS[(current, target)]:
        raise GrievanceError(f"{actor} tidak boleh mengubah status {current} menjadi {target}")
