"""`lindung claims import --program CODE FILE --out FILE` (DESIGN §4 "Claims import"): BPJS's claim report
in, one result row per input row out (`baris, nik, jenis, hasil, alasan`, in input order)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from lindung.accounts.commandline import acting_user, add_actor_argument
from lindung.claims import exchange
from lindung.claims.services import imports
from lindung.domain import claims as rules
from lindung.domain.progress import TerminalProgress
from lindung.platform import commandline as cli
from lindung.programs.commandline import programme as programme_of


class Command(BaseCommand):
    help = "Klaim manfaat JKK, JKM dan beasiswa: impor laporan klaim BPJS."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="impor laporan klaim BPJS (format Klaim, DESIGN §4)")
        imp.add_argument("--program", required=True)
        imp.add_argument("file")
        imp.add_argument("--out", required=True, help="berkas hasil per baris (.csv atau .xlsx)")
        add_actor_argument(imp)

    def handle(self, *args, action, **options):
        with cli.failures():
            getattr(self, "do_" + action)(**options)

    def do_import(self, *, program, file, out, pengguna, **_):
        programme = programme_of(program)
        rows = exchange.read_claims(programme, file)
        outcome = imports.import_claims(acting_user(pengguna), programme=programme, rows=rows,
                                        file_name=Path(file).name, progress=TerminalProgress(self.stderr))
        exchange.write_result(outcome.lines, out)
        counts = outcome.counts
        self.stdout.write(
            f"Baris: {len(outcome.lines)}; dicatat: {counts.get(rules.DICATAT, 0)} (baru {outcome.created}, "
            f"status diperbarui {outcome.updated}); sudah ada: {counts.get(rules.SUDAH_ADA, 0)}; "
            f"ditolak: {counts.get(rules.HASIL_DITOLAK, 0)}; usulan penghentian baru: {outcome.proposed}")
        refused = [line for line in outcome.lines if line["hasil"] == rules.HASIL_DITOLAK]
        for line in refused[: cli.SHOWN]:
            self.stdout.write(f"  ditolak baris {line['baris']}: {line['alasan']}")
        self.stdout.write(f"Hasil per baris: {out}")
