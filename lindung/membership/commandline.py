"""`lindung program assign-funding`: membership's action of the programme command (DESIGN.md §4)."""

from __future__ import annotations

from lindung.accounts.commandline import acting_user, add_actor_argument
from lindung.domain.money import format_rupiah
from lindung.platform import commandline as cli
from lindung.programs.commandline import PROGRAM, programme

from . import services


def _arguments(parser) -> None:
    parser.add_argument("--program", required=True)
    parser.add_argument("--year", type=int, help="tahun anggaran (bawaan: tahun program)")
    add_actor_argument(parser)


@PROGRAM.action("assign-funding", "membagi peserta ke sumber dana (optimasi: kuota, pagu dan batasan)", _arguments)
def assign_funding(command, *, program, year, pengguna, **_) -> None:
    target = programme(program)
    r = services.funding.assign_funding(acting_user(pengguna), programme=target, year=year or target.year)
    w = command.stdout.write
    w(f"Pembagian sumber dana {target.code} tahun {r.year}: {cli.count_text(r.candidates)} peserta; "
      f"dibiayai {cli.count_text(r.assigned)} (berpindah sumber: {cli.count_text(r.changed)}), "
      f"tidak terdanai {cli.count_text(r.unfunded)}, tidak ditagih tahun ini {cli.count_text(r.not_billed)}")
    for s in r.sources:
        quota = "" if s.fixed_quota is None else f" dari kuota {cli.count_text(s.fixed_quota)}"
        w(f"  {s.kind}\t{s.label or s.get_kind_display()}\t{s.paying_tenant.code}: "
          f"{cli.count_text(r.used.get(s.id, 0))} peserta{quota}, {format_rupiah(r.spent.get(s.id, 0))} "
          f"dari pagu {format_rupiah(s.budget)}")
    w(f"  TANPA_SUMBER\t{cli.count_text(r.unfunded)} peserta")
    if r.stats is not None:
        w(f"Penyelesai HiGHS: {r.stats.classes} kelas peserta, {r.stats.solves} program bilangan bulat, "
          f"{r.stats.lps} relaksasi linear; {r.seconds:.1f} detik")
