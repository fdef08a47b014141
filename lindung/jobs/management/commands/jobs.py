"""`lindung jobs stale` marks running jobs whose worker died as failed; `lindung jobs rerun ID` queues a
failed job again (it runs in `lindung db_worker`, or here with --now)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.commandline import acting_user, add_actor_argument
from lindung.jobs import services
from lindung.jobs.models import Job


class Command(BaseCommand):
    help = "Pekerjaan latar: temukan yang terhenti, jalankan ulang yang gagal."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("stale", help="tandai gagal pekerjaan 'berjalan' yang prosesnya sudah berhenti")
        rerun = sub.add_parser("rerun", help="jalankan ulang pekerjaan yang gagal atau terhenti")
        rerun.add_argument("job", help="id pekerjaan")
        rerun.add_argument("--now", action="store_true", help="jalankan di terminal ini, tidak menunggu db_worker")
        add_actor_argument(rerun)

    def handle(self, *args, action, **options):
        if action == "stale":
            for job in services.fail_stale_jobs():
                self.stdout.write(f"{job.pk}  {job.title}: terhenti, ditandai gagal")
            return
        job = Job.objects.filter(pk=options["job"]).first() if _is_uuid(options["job"]) else None
        if job is None:
            raise CommandError(f"pekerjaan {options['job']} tidak ada")
        try:
            job = services.rerun(acting_user(options.get("pengguna")), job)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if options["now"]:
            job = services.execute(str(job.pk))
        self.stdout.write(f"{job.pk}  {job.title}: {job.get_status_display()}")


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
