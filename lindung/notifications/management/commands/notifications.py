"""`lindung notifications send` — send the messages whose time has come (run it from cron every few
minutes; queued messages are also sent by a background job right after they are queued)."""

from django.core.management.base import BaseCommand

from lindung.notifications import services


class Command(BaseCommand):
    help = "Mengirim pesan ke telepon pekerja yang sudah waktunya dikirim (dengan percobaan ulang)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("send", help="kirim pesan yang menunggu")

    def handle(self, *args, action, **options):
        counts = services.deliver_due()
        self.stdout.write(f"Terkirim {counts['terkirim']}, dicoba lagi nanti {counts['dicoba_lagi']}, "
                          f"gagal {counts['gagal']}.")
