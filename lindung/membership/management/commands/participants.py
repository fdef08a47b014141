"""`lindung participants import|end|propose-terminations|proposals|decide` — who is insured."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.commandline import acting_user, add_actor_argument
from lindung.domain.progress import TerminalProgress
from lindung.membership import exchange
from lindung.membership.models import EndReason, Participant, TerminationProposal
from lindung.membership.services import participants, terminations
from lindung.platform import commandline as cli
from lindung.programs.commandline import programme as programme_of


class Command(BaseCommand):
    help = "Peserta program: impor daftar peserta, penghentian kepesertaan (Pasal 10), usulan penghentian."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)

        imp = sub.add_parser("import", help="impor daftar peserta (format Peserta, DESIGN §4)")
        imp.add_argument("--program", required=True)
        imp.add_argument("file")
        imp.add_argument("--rejected", help="berkas baris yang ditolak (bawaan: <berkas>-ditolak.csv di sebelahnya)")
        add_actor_argument(imp)

        end = sub.add_parser("end", help="mengakhiri kepesertaan seorang peserta")
        end.add_argument("--program", required=True)
        end.add_argument("--nik", required=True)
        end.add_argument("--reason", required=True, choices=EndReason.values)
        end.add_argument("--date", required=True, help="hari terakhir ditanggung (YYYY-MM-DD)")
        end.add_argument("--evidence", default="", help="bukti: nomor akta kematian, surat pindah, data BPJS")
        add_actor_argument(end)

        propose = sub.add_parser("propose-terminations", help="usulan penghentian dari berkas Disdukcapil/BPJS")
        propose.add_argument("--program", required=True)
        propose.add_argument("--source", required=True, choices=TerminationProposal.Source.values)
        propose.add_argument("file")
        add_actor_argument(propose)

        pending = sub.add_parser("proposals", help="usulan penghentian yang menunggu keputusan")
        pending.add_argument("--program", required=True)

        decide = sub.add_parser("decide", help="mengonfirmasi atau menolak usulan penghentian")
        decide.add_argument("--id", required=True, type=int)
        choice = decide.add_mutually_exclusive_group(required=True)
        choice.add_argument("--confirm", action="store_true")
        choice.add_argument("--reject", action="store_true")
        decide.add_argument("--note", default="")
        add_actor_argument(decide)

    def handle(self, *args, action, **options):
        with cli.failures():
            getattr(self, "do_" + action.replace("-", "_"))(**options)

    def do_import(self, *, program, file, rejected, pengguna, **_):
        programme = programme_of(program)
        rows = exchange.read_participants(programme, file)
        result = participants.import_participants(acting_user(pengguna), programme=programme, rows=rows, source=Path(file).name,
                                                  progress=TerminalProgress(self.stderr))
        self.stdout.write(
            f"Baris: {result.rows}; diterima: {result.accepted}; ditolak: {len(result.rejected)}\n"
            f"Penduduk baru: {result.persons_created}, diperbarui: {result.persons_updated}\n"
            f"Peserta baru: {result.participants_created}, diperbarui: {result.participants_updated}\n"
            f"Masa kepesertaan baru: {result.periods_created}, diperbarui: {result.periods_updated}"
        )
        for row, message in result.warnings[: cli.SHOWN]:
            self.stdout.write(f"  peringatan baris {row}: {message}")
        if len(result.warnings) > cli.SHOWN:
            self.stdout.write(f"  ... {len(result.warnings) - cli.SHOWN} peringatan lainnya")
        if result.rejected:
            source = Path(file)
            target = Path(rejected) if rejected else source.with_name(f"{source.stem}-ditolak.csv")
            exchange.write_rejected(result.rejected, target)
            for r in result.rejected[: cli.SHOWN]:
                self.stdout.write(f"  ditolak baris {r.row}: {'; '.join(r.reasons)}")
            self.stdout.write(f"Semua baris yang ditolak beserta alasannya: {target}")

    def do_end(self, *, program, nik, reason, date, evidence, pengguna, **_):
        programme = programme_of(program)
        participant = Participant.objects.filter(programme=programme, person__nik=nik).first()
        if participant is None:
            raise CommandError(f"NIK {nik} bukan peserta program {programme.code}")
        period = terminations.end_membership(acting_user(pengguna), participant=participant, reason=reason, on=cli.day(date), evidence=evidence)
        self.stdout.write(f"Kepesertaan {participant.person.masked_nik} berakhir {period.end} "
                          f"({period.get_end_reason_display()}).")

    def do_propose_terminations(self, *, program, source, file, pengguna, **_):
        programme = programme_of(program)
        result = terminations.import_termination_proposals(acting_user(pengguna), programme=programme,
                                                           rows=exchange.read_terminations(programme, file),
                                                           source=source, file_name=Path(file).name)
        self.stdout.write(f"Baris: {result.rows}; usulan baru: {result.proposed}; sudah diusulkan: "
                          f"{result.already_proposed}; bukan peserta: {len(result.not_participants)}; "
                          f"ditolak: {len(result.rejected)}")
        for row, reason in result.rejected[: cli.SHOWN]:
            self.stdout.write(f"  ditolak baris {row}: {reason}")

    def do_proposals(self, *, program, **_):
        pending = TerminationProposal.objects.filter(
            participant__programme=programme_of(program), status=TerminationProposal.Status.DIUSULKAN,
        ).select_related("participant__person")
        for p in pending:
            self.stdout.write(f"{p.pk}\t{p.participant.person.masked_nik}\t{p.participant.person.name}\t{p.reason}\t"
                              f"{p.effective_date}\t{p.get_source_display()}\t{p.evidence}")

    def do_decide(self, *, id, confirm, reject, note, pengguna, **_):  # noqa: A002 - the option is --id
        proposal = TerminationProposal.objects.filter(pk=id).select_related("participant__programme").first()
        if proposal is None:
            raise CommandError(f"usulan {id} tidak ada")
        terminations.decide_proposal(acting_user(pengguna), proposal=proposal, confirm=confirm, note=note)
        self.stdout.write(f"Usulan {id}: {proposal.get_status_display()}.")
