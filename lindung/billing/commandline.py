"""`lindung program budget`: billing's action of the programme command (DESIGN.md §4: realisation comes from
the payments recorded, split by funding source; TANPA_SUMBER and TOTAL rows)."""

from __future__ import annotations

from lindung.domain.money import format_rupiah
from lindung.platform import commandline as cli
from lindung.platform.files import text_frame, write_table
from lindung.programs.commandline import PROGRAM, programme

from .budget import BUDGET_COLUMNS, budget, budget_rows, next_year


def _arguments(parser) -> None:
    parser.add_argument("--program", required=True)
    parser.add_argument("--year", type=int, help="tahun anggaran (bawaan: tahun program)")
    parser.add_argument("--out", help="berkas anggaran per sumber dana (.csv atau .xlsx)")


@PROGRAM.action("budget", "anggaran, realisasi per sumber dana dan proyeksi tahun berikutnya", _arguments)
def show_budget(command, *, program, year, out, **_) -> None:
    target = programme(program)
    b = budget(target, year or target.year)
    w = command.stdout.write
    w(f"Anggaran {target.code} tahun {b.year}")
    for line in b.lines:
        quota = "" if line.quota is None else f", kuota {cli.count_text(line.quota)}"
        w(f"  {line.code:<14} {line.label} ({line.payer or '-'}): pagu {format_rupiah(line.budget)}{quota}, "
          f"peserta {cli.count_text(line.participants)}, realisasi {format_rupiah(line.realised)}, "
          f"disepakati belum dibayar {format_rupiah(line.committed)}, sisa {format_rupiah(line.remaining)}")
    ahead = next_year(target, b.year)
    peak = max((m.count for m in ahead.months), default=0)
    w(f"Proyeksi {ahead.year}: {format_rupiah(ahead.total)} untuk {cli.count_text(ahead.continuing)} peserta lanjutan "
      f"(paling banyak {cli.count_text(peak)} per bulan; tanpa peserta baru)")
    if ahead.room is not None:
        w(f"  tempat untuk peserta baru {ahead.year}: paling banyak {cli.count_text(ahead.room.at_most or 0)} "
          f"(sumber umum: {cli.count_text(ahead.room.general or 0)})")
    if out:
        write_table(text_frame(budget_rows(b), BUDGET_COLUMNS), out, BUDGET_COLUMNS)
        w(f"Berkas anggaran: {out}")
