"""`lindung program assign-funding`: membership's action of the programme command."""

from __future__ import annotations

from lindung.accounts.commandline import acting_user, add_actor_argument
from lindung.programs.commandline import PROGRAM, programme
from lindung.programs.models import FundingSource

from . import services


def _arguments(parser) -> None:
    parser.add_argument("--program", required=True)
    parser.add_argument("--year", type=int)
    add_actor_argument(parser)


@PROGRAM.action("assign-funding", "membagi peserta ke sumber dana (kuota dan batasan)", _arguments)
def assign_funding(command, *, program, year, pengguna, **_) -> None:
    target = programme(program)
    result = services.funding.assign_funding(acting_user(pengguna), programme=target, year=year or target.year)
    command.stdout.write(f"Peserta dibiayai: {result.assigned} (berubah: {result.changed}); "
                         f"tanpa sumber dana: {result.unfunded}")
    for source in FundingSource.objects.filter(pk__in=result.used):
        command.stdout.write(f"  {source}: {result.used[source.pk]} peserta")
