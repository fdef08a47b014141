"""Membership rows from exchange files: checking a participants row (DESIGN.md §4 "Participants") and
the termination-proposal files of Pasal 10, before anything touches the database.

Pure Python. A row either becomes a clean record or comes back with every reason it was refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import nik as nik_rules
from .exchange import PARTICIPANTS, Layout
from .rules.fields import Unreadable, clean, occupation_code, parse_date, parse_sex

END_REASONS = ("meninggal", "pindah_domisili", "mampu_mandiri", "pekerja_formal", "batas_usia")

# A termination proposal file: who, since when, and what proves it. The source (civil registry deaths or
# moves, BPJS's wage-earner list) gives the reason unless the row names one.
TERMINATIONS = Layout(
    "usulan penghentian",
    columns=("nik", "nama", "tanggal", "alasan_berhenti", "bukti"),
    required=("nik", "tanggal"),
    aliases={**PARTICIPANTS.aliases, "tanggal": "tanggal", "tanggal_meninggal": "tanggal", "tgl_meninggal": "tanggal",
             "tanggal_pindah": "tanggal", "tgl_pindah": "tanggal", "tanggal_kejadian": "tanggal",
             "tmt_pu": "tanggal", "tanggal_kepesertaan_pu": "tanggal",
             "alasan_berhenti": "alasan_berhenti", "alasan": "alasan_berhenti",
             "bukti": "bukti", "keterangan": "bukti", "nomor_akta": "bukti", "no_akta": "bukti",
             "nomor_surat": "bukti", "no_skpwni": "bukti"},
)


@dataclass
class ParticipantRow:
    row: int
    nik: str
    kpj: str
    name: str
    birth_date: date | None
    sex: str | None  # None: not given (the NIK says it)
    kelurahan: str | None
    occupation: str | None
    start: date | None
    end: date | None
    end_reason: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _date(row: ParticipantRow, text: str | None, label: str, *, required: bool) -> date | None:
    if text is None:
        if required:
            row.errors.append(f"{label} wajib diisi")
        return None
    try:
        return parse_date(text)
    except Unreadable as exc:
        row.errors.append(f"{label}: {exc}")
        return None


def check_participant_row(values: dict, row_number: int, *, villages: frozenset[str], occupations: frozenset[str],
                          normalize_region) -> ParticipantRow:
    """One participants row, with every problem in `errors` (the row is refused) or `warnings`."""
    raw_nik = clean(values.get("nik"))
    row = ParticipantRow(row_number, nik_rules.normalize(raw_nik), clean(values.get("kpj")) or "",
                         clean(values.get("nama")) or "", None, None, None, None, None, None, "")
    if not row.name:
        row.errors.append("nama wajib diisi")
    row.birth_date = _date(row, clean(values.get("tanggal_lahir")), "tanggal_lahir", required=True)
    sex_text = clean(values.get("jenis_kelamin"))
    if sex_text is not None:
        try:
            row.sex = parse_sex(sex_text)
        except Unreadable as exc:
            row.errors.append(f"jenis_kelamin: {exc}")
    check = nik_rules.check(row.nik, birth_date=row.birth_date, sex=row.sex)
    if raw_nik is None:
        row.errors.append("nik wajib diisi")
    elif not check.is_valid:
        row.errors.append("NIK tidak valid: " + "; ".join(e.message for e in check.errors))
    else:
        row.warnings.extend(w.message for w in check.warnings)
        if row.sex is None:
            row.sex = check.parsed.sex
    region_text = clean(values.get("kode_wilayah"))
    if region_text is not None:
        code = normalize_region(region_text)
        if code in villages:
            row.kelurahan = code
        else:
            row.errors.append(f"kode_wilayah {region_text!r} bukan kelurahan/desa yang dikenal")
    occupation_text = clean(values.get("pekerjaan"))
    if occupation_text is not None:
        code = occupation_code(occupation_text)
        if code in occupations:
            row.occupation = code
        else:
            row.errors.append(f"pekerjaan {occupation_text!r} tidak dikenal")
    row.start = _date(row, clean(values.get("mulai_kepesertaan")), "mulai_kepesertaan", required=True)
    row.end = _date(row, clean(values.get("akhir_kepesertaan")), "akhir_kepesertaan", required=False)
    reason = (clean(values.get("alasan_berhenti")) or "").lower()
    if reason and reason not in END_REASONS:
        row.errors.append(f"alasan_berhenti {reason!r} tidak dikenal (pilih: {', '.join(END_REASONS)})")
    row.end_reason = reason
    if row.end is not None and not reason:
        row.errors.append("akhir_kepesertaan diisi tanpa alasan_berhenti (Pasal 10)")
    if reason and row.end is None and not any("akhir_kepesertaan" in e for e in row.errors):
        row.errors.append("alasan_berhenti diisi tanpa akhir_kepesertaan")
    if row.start and row.end and row.end < row.start:
        row.errors.append("akhir_kepesertaan sebelum mulai_kepesertaan")
    return row


def overlaps(periods: list[tuple[date, date | None]]) -> tuple[tuple[date, date | None], tuple[date, date | None]] | None:
    """The first two periods that share a day, or None (periods are first and last day, None: open)."""
    ordered = sorted(periods, key=lambda p: p[0])
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier[1] is None or earlier[1] >= later[0]:
            return earlier, later
    return None
