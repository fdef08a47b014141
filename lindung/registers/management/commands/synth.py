"""`lindung synth`: reproducible synthetic data for tests, demos and the benchmarks (DESIGN.md §5).

A thin shell over lindung.synth: it parses options, reports progress on stderr and prints a
summary. It needs no database and runs no system checks, so it works on a fresh machine.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from lindung import synth
from lindung.domain.calendar import Month
from lindung.domain.progress import TerminalProgress, silent
from lindung.synth.dataset import programme_start

EXAMPLES = """\
Contoh (CSV UTF-8, kolom sesuai DESIGN.md §4; seed dan ukuran yang sama = berkas identik byte demi byte):
  lindung synth applicants --rows 1000000 --seed 1 --out pendaftar.csv
        [--year 2026] [--duplicates 0.05] [--malformed 0.005]
      menulis pendaftar.csv dan pendaftar.csv.truth.csv (row,nik,entity_id,kind)
  lindung synth poverty --rows 10000000 --seed 1 --applicants pendaftar.csv --out dtsen.csv [--coverage 0.85]
  lindung synth bpjs --rows 5000000 --seed 1 --applicants pendaftar.csv --out bpjs.csv
        [--coverage 0.10] [--active-share 0.6]
  lindung synth participants --rows 100000 --seed 1 --out peserta.csv
        [--start 2025-04-01] [--as-of 2026-01-01]
  lindung synth invoice --participants peserta.csv --month 2026-01 --seed 1 --out tagihan.csv
        [--differences 0.01]
      menulis tagihan.csv dan tagihan.csv.truth.csv (rekonsiliasi yang diharapkan)
  lindung synth all --applicants-rows 1000000 --poverty-rows 10000000 --bpjs-rows 5000000
        --seed 1 --dir /tmp/bench [--participants-rows 100000] [--month 2026-01]
Opsi umum Django (mis. -v 0 untuk tanpa laporan kemajuan) ditulis sebelum jenis berkas:
  lindung synth -v 0 applicants ...
"""


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, with the examples printed as written."""


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bukan angka: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"harus antara 0 dan 1: {text}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"bukan bilangan bulat: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"tidak boleh negatif: {text}")
    return value


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal harus YYYY-MM-DD: {text!r}") from None


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _existing_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"berkas tidak ditemukan: {text}")
    return path


class Command(BaseCommand):
    help = (
        "Membuat data sintetis Kota Balikpapan yang dapat direproduksi: pendaftar (dengan duplikat dan "
        "baris rusak beserta kebenaran dasarnya), ekstrak DTSEN dan BPJS yang beririsan dengan pendaftar, "
        "peserta, dan tagihan BPJS. Tidak memerlukan basis data."
    )
    requires_system_checks = ()  # needs no database, settings checks or migrations
    requires_migrations_checks = False

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EXAMPLES
        return parser

    def add_arguments(self, parser):
        targets = parser.add_subparsers(
            dest="target", required=True, metavar="{applicants,poverty,bpjs,participants,invoice,all}"
        )

        def target(name: str, help_text: str):
            sub = targets.add_parser(
                name, help=help_text, description=help_text, formatter_class=_HelpFormatter
            )
            sub.add_argument("--seed", type=int, default=2026, help="benih acak (bawaan 2026)")
            return sub

        applicants = target("applicants", "pendaftar + FILE.truth.csv (row,nik,entity_id,kind)")
        applicants.add_argument("--rows", type=_count, required=True, help="jumlah baris")
        applicants.add_argument("--out", type=Path, required=True, help="berkas CSV keluaran")
        self._applicant_options(applicants)

        poverty = target("poverty", "ekstrak DTSEN: nik,no_kk,desil,miskin_ekstrem")
        poverty.add_argument("--rows", type=_count, required=True, help="jumlah baris")
        poverty.add_argument("--out", type=Path, required=True, help="berkas CSV keluaran")
        poverty.add_argument(
            "--applicants", type=_existing_file, help="berkas pendaftar yang harus beririsan"
        )
        poverty.add_argument(
            "--coverage", type=_share, default=0.85, help="bagian pendaftar yang ada di DTSEN (bawaan 0.85)"
        )
        poverty.add_argument("--year", type=int, default=2026, help="tahun program (bawaan 2026)")

        bpjs = target("bpjs", "ekstrak kepesertaan BPJS Ketenagakerjaan: nik,kpj,segmen,status")
        bpjs.add_argument("--rows", type=_count, required=True, help="jumlah baris")
        bpjs.add_argument("--out", type=Path, required=True, help="berkas CSV keluaran")
        bpjs.add_argument("--applicants", type=_existing_file, help="berkas pendaftar yang harus beririsan")
        bpjs.add_argument(
            "--coverage",
            type=_share,
            default=0.10,
            help="bagian pendaftar yang sudah terdaftar (bawaan 0.10)",
        )
        bpjs.add_argument(
            "--active-share", type=_share, default=0.6, help="bagian dari mereka yang AKTIF (bawaan 0.6)"
        )
        bpjs.add_argument("--year", type=int, default=2026, help="tahun program (bawaan 2026)")

        participants = target("participants", "peserta program yang berjalan (format Participants)")
        participants.add_argument("--rows", type=_count, required=True, help="jumlah peserta")
        participants.add_argument("--out", type=Path, required=True, help="berkas CSV keluaran")
        participants.add_argument(
            "--start",
            type=_date,
            default=programme_start(2026),
            help="hari pertama program (bawaan 2025-04-01)",
        )
        participants.add_argument(
            "--as-of", type=_date, help="tanggal ekspor data (bawaan 1 Januari tahun berikutnya)"
        )

        invoice = target(
            "invoice", "tagihan BPJS sebulan dari berkas peserta + FILE.truth.csv (rekonsiliasi)"
        )
        invoice.add_argument("--participants", type=_existing_file, required=True, help="berkas peserta")
        invoice.add_argument("--month", type=_month, required=True, help="bulan tagihan YYYY-MM")
        invoice.add_argument("--out", type=Path, required=True, help="berkas CSV keluaran")
        invoice.add_argument(
            "--differences", type=_share, default=0.01, help="bagian baris yang berselisih (bawaan 0.01)"
        )

        bundle = target("all", "semua berkas di atas, saling konsisten, dalam satu direktori")
        bundle.add_argument("--dir", type=Path, required=True, help="direktori keluaran")
        bundle.add_argument("--applicants-rows", type=_count, required=True)
        bundle.add_argument("--poverty-rows", type=_count, required=True)
        bundle.add_argument("--bpjs-rows", type=_count, required=True)
        bundle.add_argument("--participants-rows", type=_count, default=100_000, help="bawaan 100000")
        bundle.add_argument("--month", type=_month, help="bulan tagihan (bawaan Januari tahun program)")
        bundle.add_argument("--poverty-coverage", type=_share, default=0.85)
        bundle.add_argument("--bpjs-coverage", type=_share, default=0.10)
        bundle.add_argument("--active-share", type=_share, default=0.6)
        bundle.add_argument("--differences", type=_share, default=0.01)
        self._applicant_options(bundle)

    @staticmethod
    def _applicant_options(parser):
        parser.add_argument(
            "--year", type=int, default=2026, help="tahun program: pendataan Juli-September (bawaan 2026)"
        )
        parser.add_argument(
            "--duplicates", type=_share, default=0.05, help="bagian baris duplikat (bawaan 0.05)"
        )
        parser.add_argument(
            "--malformed", type=_share, default=0.005, help="bagian baris rusak (bawaan 0.005)"
        )

    def handle(self, *args, target, **options):
        progress = (
            TerminalProgress(options.get("stderr") or sys.stderr) if options["verbosity"] > 0 else silent
        )
        try:
            getattr(self, f"_{target}")(options, progress)
        except (ValueError, OverflowError) as exc:
            raise CommandError(str(exc)) from exc

    def _report(self, path: Path, summary: dict) -> None:
        parts = ", ".join(f"{key} {value:,}".replace(",", ".") for key, value in summary.items())
        self.stdout.write(f"{path}: {parts}")

    def _applicants(self, o, progress):
        counts = synth.write_applicants(
            o["out"],
            seed=o["seed"],
            rows=o["rows"],
            year=o["year"],
            duplicates=o["duplicates"],
            malformed=o["malformed"],
            progress=progress,
        )
        self._report(o["out"], dict(sorted(counts.items())))
        self.stdout.write(f"kebenaran dasar: {synth.truth_path(o['out'])}")

    def _poverty(self, o, progress):
        summary = synth.write_poverty(
            o["out"],
            seed=o["seed"],
            rows=o["rows"],
            applicants=o["applicants"],
            coverage=o["coverage"],
            year=o["year"],
            progress=progress,
        )
        self._report(o["out"], summary)

    def _bpjs(self, o, progress):
        summary = synth.write_bpjs(
            o["out"],
            seed=o["seed"],
            rows=o["rows"],
            applicants=o["applicants"],
            coverage=o["coverage"],
            active_share=o["active_share"],
            year=o["year"],
            progress=progress,
        )
        self._report(o["out"], summary)

    def _participants(self, o, progress):
        summary = synth.write_participants(
            o["out"], seed=o["seed"], rows=o["rows"], start=o["start"], as_of=o["as_of"], progress=progress
        )
        self._report(o["out"], summary)

    def _invoice(self, o, progress):
        summary = synth.write_invoice(
            o["out"],
            participants=o["participants"],
            month=o["month"],
            seed=o["seed"],
            differences=o["differences"],
            progress=progress,
        )
        self._report(o["out"], summary)
        self.stdout.write(f"rekonsiliasi yang diharapkan: {synth.truth_path(o['out'])}")

    def _all(self, o, progress):
        summaries = synth.write_all(
            o["dir"],
            seed=o["seed"],
            applicants_rows=o["applicants_rows"],
            poverty_rows=o["poverty_rows"],
            bpjs_rows=o["bpjs_rows"],
            participants_rows=o["participants_rows"],
            year=o["year"],
            duplicates=o["duplicates"],
            malformed=o["malformed"],
            poverty_coverage=o["poverty_coverage"],
            bpjs_coverage=o["bpjs_coverage"],
            active_share=o["active_share"],
            month=o["month"],
            differences=o["differences"],
            progress=progress,
        )
        for name, summary in summaries.items():
            self._report(o["dir"] / name, summary)
