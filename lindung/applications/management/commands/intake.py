"""`lindung intake cycle|upload|status` — yearly cycles and bulk intake from the command line.

A thin shell over lindung.applications: every step runs as a named user (`--pengguna`), with that user's
permissions and in the audit trail, exactly as in the web pages.
"""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.commandline import acting_user, add_actor_argument
from lindung.applications.models import Cycle
from lindung.applications.selectors import status_counts
from lindung.applications.services import bulk_intake, cycles
from lindung.applications.services.status import ApplicationInvalid
from lindung.jobs.services import execute
from lindung.platform import commandline as cli
from lindung.programs.selectors import programme_by_code


class Command(BaseCommand):
    help = "Siklus usulan tahunan dan unggah berkas usulan (pendataan massal)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        cycle = sub.add_parser("cycle", help="membuka siklus usulan sebuah program")
        cycle.add_argument("--program", required=True, help="kode program")
        cycle.add_argument("--year", required=True, type=int, help="tahun pendataan")
        cycle.add_argument("--start", help="pendataan mulai (bawaan 1 Juli)")
        cycle.add_argument("--end", help="pendataan berakhir (bawaan 30 September)")
        cycle.add_argument("--enrolment", help="kepesertaan mulai (bawaan 1 Januari tahun berikutnya)")
        cycle.add_argument("--quota", type=int)
        add_actor_argument(cycle, required=True)

        upload = sub.add_parser("upload", help="menyaring berkas pendaftar dan membuat usulannya")
        upload.add_argument("--program", required=True)
        upload.add_argument("--year", required=True, type=int)
        upload.add_argument("--file", required=True, help="CSV atau XLSX (kolom pendaftar DESIGN.md §4)")
        add_actor_argument(upload, required=True)

        status = sub.add_parser("status", help="jumlah usulan per status")
        status.add_argument("--program", required=True)
        status.add_argument("--year", required=True, type=int)

    def handle(self, *args, action, **options):
        try:
            with cli.failures():
                getattr(self, f"_{action}")(**options)
        except ApplicationInvalid as exc:
            raise CommandError("; ".join(exc.errors.values())) from exc

    @staticmethod
    def _cycle_of(program: str, year: int) -> Cycle:
        programme = cli.found(programme_by_code, program)  # the selector's message names the known codes
        found = Cycle.objects.filter(programme=programme, year=year).first()
        if found is None:
            raise CommandError(f"program {program} belum mempunyai siklus {year} (buka dengan `lindung intake cycle`)")
        return found

    def _cycle(self, *, program, year, start, end, enrolment, quota, pengguna, **_):
        created = cycles.create_cycle(acting_user(pengguna), programme=cli.found(programme_by_code, program), year=year,
                                      collection_start=cli.optional_day(start), collection_end=cli.optional_day(end),
                                      enrolment_date=cli.optional_day(enrolment), quota=quota)
        self.stdout.write(f"Siklus {created} dibuka (id {created.pk}): pendataan {created.collection_start} s.d. "
                          f"{created.collection_end}, kepesertaan mulai {created.enrolment_date}.")

    def _upload(self, *, program, year, file, pengguna, **_):
        actor, cycle = acting_user(pengguna), self._cycle_of(program, year)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"berkas tidak ada: {path}")
        with path.open("rb") as handle:
            # Queued like a web upload; `lindung db_worker` runs it (inline when LINDUNG_TASKS=immediate).
            found, created = bulk_intake.start_upload(actor, cycle=cycle, upload=File(handle, name=path.name))
        if not created:
            self.stdout.write(f"Berkas ini sudah pernah diunggah untuk {cycle} (unggahan {found.pk}): tidak diproses lagi.")
            return
        found.refresh_from_db()
        if found.job and found.job.status == "menunggu":
            # No worker attached to this terminal: run it here, with progress on stderr.
            execute(str(found.job_id))
        found.refresh_from_db()
        job = found.job
        if job.status != "selesai":
            raise CommandError(f"gagal: {job.message}")
        self.stdout.write(f"{path.name}: {found.counts}")
        self.stdout.write(f"Hasil per baris: {found.result_path} (di bawah MEDIA_ROOT)")

    def _status(self, *, program, year, **_):
        for status, count in status_counts(self._cycle_of(program, year)).items():
            if count:
                self.stdout.write(f"{status:<15} {count:>10,}")
