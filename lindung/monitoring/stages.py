"""The cycle funnel (Perwali 3/2025 Pasal 6-8) in the words the TVEM uses: proposed → verified →
BPJS-checked → consolidated → decreed → enrolled, read from the statuses of the application machine
(lindung.applications.models.TRANSITIONS)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lindung.applications.models import Application

S = Application.Status


@dataclass(frozen=True)
class Stage:
    rank: int
    code: str
    label: str


STAGES = (
    Stage(1, "diusulkan", _("Diusulkan")),
    Stage(2, "diverifikasi", _("Diverifikasi")),
    Stage(3, "dicek_bpjs", _("Dicek BPJS")),
    Stage(4, "dikonsolidasi", _("Dikonsolidasi TVEM")),
    Stage(5, "ditetapkan", _("Ditetapkan Keputusan")),
    Stage(6, "terdaftar", _("Terdaftar peserta")),
)

# The furthest stage a status proves an application reached. A rejection proves nothing beyond the
# proposal: how far a rejected application went is read from its history (the stage entries).
RANK = {
    S.DIAJUKAN: 1, S.DIKEMBALIKAN: 1, S.DITOLAK: 1,
    S.DIVERIFIKASI: 2, S.CEK_BPJS: 2,
    S.LOLOS_BPJS: 3, S.SUDAH_PESERTA: 3,
    S.KONSOLIDASI: 4, S.CADANGAN: 4,
    S.DITETAPKAN: 5, S.DICABUT: 5,
    S.TERDAFTAR: 6,
}

# Where an application waits, in order, and who it waits for.
WAITING = (
    (S.DIAJUKAN, _("Menunggu verifikasi perangkat daerah/kewilayahan")),
    (S.DIKEMBALIKAN, _("Dikembalikan, menunggu perbaikan")),
    (S.DIVERIFIKASI, _("Terverifikasi, menunggu dikirim ke BPJS")),
    (S.CEK_BPJS, _("Menunggu jawaban BPJS")),
    (S.LOLOS_BPJS, _("Lolos BPJS, menunggu konsolidasi TVEM")),
    (S.KONSOLIDASI, _("Dalam daftar konsolidasi, menunggu Keputusan")),
    (S.CADANGAN, _("Cadangan (melebihi kuota)")),
    (S.DITETAPKAN, _("Ditetapkan, menunggu pendaftaran BPJS")),
)
WAITING_STATUSES = tuple(s for s, _label in WAITING)

# The outcome of an application, for the profile and reason tables.
PROSES, DITETAPKAN, DITOLAK, KELUAR = "proses", "ditetapkan", "ditolak", "keluar"
OUTCOMES = {
    S.DITETAPKAN: DITETAPKAN, S.TERDAFTAR: DITETAPKAN,
    S.DITOLAK: DITOLAK,
    S.SUDAH_PESERTA: KELUAR, S.DICABUT: KELUAR,
}
OUTCOME_LABELS = {
    PROSES: _("Dalam proses"), DITETAPKAN: _("Ditetapkan/terdaftar"), DITOLAK: _("Ditolak"),
    KELUAR: _("Sudah peserta BPJS/dicabut"),
}

LONG_WAIT_DAYS = 30  # "of which waiting longer than a month" beside every mean


def rank_case_sql(column: str) -> str:
    """CASE expression giving the rank (as text '1'..'6', so MAX works alike on every database)."""
    whens = " ".join(f"WHEN '{status}' THEN '{rank}'" for status, rank in RANK.items())
    return f"CASE {column} {whens} ELSE '1' END"


def outcome_case_sql(column: str) -> str:
    whens = " ".join(f"WHEN '{status}' THEN '{outcome}'" for status, outcome in OUTCOMES.items())
    return f"CASE {column} {whens} ELSE '{PROSES}' END"
