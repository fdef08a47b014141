"""`lindung report coverage ...` — reports for tools outside Lindung (DESIGN.md §4). The actions are
registered by the apps that own them (lindung.monitoring.commandline.REPORT)."""

from django.core.management.base import BaseCommand

from lindung.monitoring.commandline import REPORT


class Command(BaseCommand):
    help = "Laporan: cakupan kepesertaan per wilayah (lindung report coverage ...)."

    def add_arguments(self, parser):
        REPORT.add_arguments(parser)

    def handle(self, *args, action, **options):
        REPORT.run(self, action, options)
