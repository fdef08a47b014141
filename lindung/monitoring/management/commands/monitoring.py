"""`lindung monitoring refresh|figures|target` — the daily figures, and the reference figures coverage is
measured against (lindung.monitoring.commandline.MONITORING)."""

from django.core.management.base import BaseCommand

from lindung.monitoring.commandline import MONITORING


class Command(BaseCommand):
    help = "Monitoring: menghitung ulang angka, mengimpor angka BPS/agregat BPJS, menetapkan sasaran cakupan."

    def add_arguments(self, parser):
        MONITORING.add_arguments(parser)

    def handle(self, *args, action, **options):
        MONITORING.run(self, action, options)
