"""`lindung screen --ruleset ID --applicants FILE --poverty FILE --bpjs FILE --out FILE` (contract,
DESIGN.md §4): one output row per input row, in input order; counts per decision and per reason on
stdout; progress on stderr. Exit status is non-zero only when the run cannot proceed (a file missing,
unreadable or without the required columns, an unknown rule set), and then nothing is written.
Probable duplicates under another NIK are looked for unless --no-dedupe. Never touches the database."""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from lindung.domain.progress import TerminalProgress, silent
from lindung.domain.rules import RuleSetError, load
from lindung.platform.files import TableError
from lindung.registers.screening import screen


class Command(BaseCommand):
    help = "Menyaring berkas pendaftar terhadap data kemiskinan dan data kepesertaan BPJS menurut satu aturan."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--ruleset", required=True, metavar="ID", help="mis. balikpapan-perwali-3-2025")
        parser.add_argument("--applicants", required=True, metavar="FILE", help="berkas pendaftar (.csv/.xlsx)")
        parser.add_argument("--poverty", required=True, metavar="FILE", help="data kemiskinan DTSEN/DTKS (.csv/.xlsx)")
        parser.add_argument("--bpjs", required=True, metavar="FILE", help="data kepesertaan BPJS (.csv/.xlsx)")
        parser.add_argument("--out", required=True, metavar="FILE", help="hasil penyaringan (.csv/.xlsx)")
        parser.add_argument("--no-dedupe", dest="dedupe", action="store_false",
                            help="lewati pencarian kemungkinan orang yang sama dengan NIK berbeda (KEMUNGKINAN_GANDA)")
        # Kept for scripts written when the search was optional: it is now what happens anyway.
        parser.add_argument("--dedupe", dest="dedupe", action="store_true", help="bawaan; tidak perlu ditulis")
        parser.add_argument("--ranked-on", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                            help="tanggal urutan prioritas yang dipakai (bawaan: hari ini)")
        parser.add_argument("--memory-limit", default=None, help="batas memori DuckDB, mis. 2GB")
        parser.add_argument("--threads", type=int, default=None)
        parser.add_argument("--quiet", action="store_true", help="tanpa laporan kemajuan")

    def handle(self, *args, **o):
        started = time.perf_counter()
        try:
            ruleset = load(o["ruleset"])
        except RuleSetError as exc:
            raise CommandError(str(exc)) from None
        extra = {k: o[k] for k in ("memory_limit", "threads") if o[k]}
        try:
            summary = screen(
                ruleset, o["applicants"], o["poverty"], o["bpjs"], o["out"],
                progress=silent if o["quiet"] else TerminalProgress(self.stderr._out),
                dedupe=o["dedupe"], ranked_on=o["ranked_on"], **extra,
            )
        except TableError as exc:
            raise CommandError(str(exc)) from None
        w = self.stdout.write
        w(f"Aturan: {ruleset.id} ({ruleset.status})")
        if ruleset.basis_note:
            w(f"PERHATIAN - {ruleset.basis_note}")
        w(f"Baris: {summary.rows:,}   Hasil: {summary.output}   Waktu: {time.perf_counter() - started:.1f} dtk")
        w("Keputusan:")
        for decision, count in summary.by_decision.items():
            w(f"  {decision:<20} {count:>10,}")
        w("Alasan:")
        for code, count in summary.by_reason.items():
            w(f"  {code:<32} {count:>10,}")
        if summary.dedupe:
            d = summary.dedupe
            w(f"Kemungkinan ganda: {d['pairs']:,} pasangan, {d['rows_flagged']:,} baris ditandai, "
              f"{d['seconds']:.1f} dtk ({d['model']})")
        else:
            w("Kemungkinan ganda: pemeriksaan kemungkinan ganda dilewati (--no-dedupe)")
