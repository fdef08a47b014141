"""BPJS's claim report (DESIGN.md §4 "Claims import") for the participants of a participants file:
deterministic for a seed, every claim inside its participant's membership and in the past.

The mix follows what a city programme sees (seed 003: most benefits are work-accident care; deaths are
few): JKK care, temporary incapacity and disability on working participants; a death claim (JKK death or
JKM) for every participant whose membership ended with `meninggal`, on that day, often followed by a
scholarship; and a few death claims of participants still enrolled, whose death the Pemda learns from
the claim (the termination the claims import proposes). Amounts follow the benefits of DOMAIN.md §4 (illustrative, exact rupiah).
The contract's ten columns are written, plus the optional `manfaat` (the benefit of a JKK claim).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import polars as pl

COLUMNS = ("nik", "kpj", "jenis", "manfaat", "tanggal_kejadian", "tanggal_pengajuan", "tanggal_bayar", "status",
           "jumlah", "referensi_bpjs", "keterangan")
# (jenis, manfaat, weight, lowest and highest amount in rupiah)
KINDS = (
    ("JKK", "PERAWATAN", 55, 350_000, 25_000_000),
    ("JKK", "STMB", 20, 1_000_000, 12_000_000),
    ("JKK", "CACAT", 10, 8_000_000, 150_000_000),
)
SCHOLARSHIP = ("BEASISWA", "", 1_500_000, 12_000_000)
UNKNOWN_DEATHS = 0.005  # of working participants: a death the Pemda learns from BPJS's claim report
NOTES = {"PERAWATAN": "luka saat bekerja", "STMB": "tidak dapat bekerja selama perawatan",
         "CACAT": "cacat sebagian akibat kecelakaan kerja", "KEMATIAN": "meninggal akibat kecelakaan kerja"}


def _claim(rng: random.Random, row: dict, kind: str, benefit: str, low: int, high: int, event: date, today: date,
           number: int) -> dict[str, str]:
    submitted = min(event + timedelta(days=rng.randint(1, 20)), today)
    draw = rng.random()
    status = "DIBAYAR" if draw < 0.6 else "DIAJUKAN" if draw < 0.9 else "DITOLAK"
    paid = min(submitted + timedelta(days=rng.randint(3, 30)), today) if status == "DIBAYAR" else None
    amount = rng.randint(low // 1000, high // 1000) * 1000 if low != high else low
    return {"nik": row["nik"], "kpj": row["kpj"] or "", "jenis": kind, "manfaat": benefit,
            "tanggal_kejadian": event.isoformat(), "tanggal_pengajuan": submitted.isoformat(),
            "tanggal_bayar": paid.isoformat() if paid else "", "status": status,
            "jumlah": str(amount) if status == "DIBAYAR" else "", "referensi_bpjs": f"KLM-{event.year}-{number:06d}",
            "keterangan": NOTES.get(benefit, "")}


def _death(rng: random.Random, row: dict, died: date, today: date, number: int) -> dict[str, str]:
    kind, benefit, amount = ("JKK", "KEMATIAN", 48_000_000) if rng.random() < 0.3 else ("JKM", "", 42_000_000)
    return _claim(rng, row, kind, benefit, amount, amount, died, today, number)


def claim_rows(participants: pl.DataFrame, *, seed: int, rate: float, today: date) -> list[dict[str, str]]:
    """Claims for about `rate` of the participants (and one death claim for each who died)."""
    rng = random.Random(seed)
    weights = [k[2] for k in KINDS]
    out: list[dict[str, str]] = []
    for row in participants.iter_rows(named=True):
        start = date.fromisoformat(row["mulai_kepesertaan"])
        end = date.fromisoformat(row["akhir_kepesertaan"]) if row["akhir_kepesertaan"] else None
        last = min(end or today, today - timedelta(days=1))
        if last <= start:
            continue
        if row["alasan_berhenti"] == "meninggal" and end is not None:
            out.append(_death(rng, row, end, today, len(out) + 1))
            if rng.random() < 0.4:
                out.append(_claim(rng, row, *SCHOLARSHIP, end, today, len(out) + 1))
        elif end is None and rng.random() < UNKNOWN_DEATHS:
            died = max(start, today - timedelta(days=rng.randint(5, 45)))
            out.append(_death(rng, row, died, today, len(out) + 1))
        elif rng.random() < rate:
            kind, benefit, low, high = rng.choices([k[:2] + k[3:] for k in KINDS], weights)[0]
            event = start + timedelta(days=rng.randint(0, (last - start).days))
            out.append(_claim(rng, row, kind, benefit, low, high, event, today, len(out) + 1))
    return out


def write_claims(path: str | Path, *, participants: str | Path, seed: int, today: date, rate: float = 0.03) -> int:
    """Write the claim report for the participants in a participants file; returns the number of claims."""
    frame = pl.read_csv(participants, infer_schema=False)
    rows = claim_rows(frame, seed=seed, rate=rate, today=today)
    pl.DataFrame(rows, schema=dict.fromkeys(COLUMNS, pl.String)).write_csv(path)
    return len(rows)
