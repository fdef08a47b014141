"""`lindung program budget`: billing's action of the programme command (realisation comes from payments)."""

from __future__ import annotations

from lindung.domain.money import format_rupiah
from lindung.programs.commandline import PROGRAM, programme

from .selectors import budget


def _arguments(parser) -> None:
    parser.add_argument("--program", required=True)
    parser.add_argument("--year", type=int)


@PROGRAM.action("budget", "anggaran, realisasi dan proyeksi tahun berikutnya", _arguments)
def show_budget(command, *, program, year, **_) -> None:
    target = programme(program)
    b = budget(target, year or target.year)
    w = command.stdout.write
    w(f"Anggaran {target.code} tahun {b.year}")
    for s in b.sources:
        w(f"  {s.source}: pagu {format_rupiah(s.source.amount)}, kuota {s.quota}, peserta {s.assigned}, "
          f"realisasi {format_rupiah(s.realised)}, disepakati belum dibayar {format_rupiah(s.committed)}, "
          f"sisa {format_rupiah(s.remaining)}")
    w(f"  Jumlah: pagu {format_rupiah(b.allocated)}, realisasi {format_rupiah(b.realised)}; "
      f"peserta tanpa sumber dana: {b.unfunded}")
    w(f"Proyeksi {b.year + 1}: {format_rupiah(b.projected_next_year)} "
      f"(paling banyak {b.projected_peak} peserta per bulan, tanpa peserta baru)")
