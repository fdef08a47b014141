"""`lindung program create|list|fund|assign-funding|budget|map-columns` — programmes and their money. The
actions are registered by the apps that own them (lindung.programs.commandline.PROGRAM)."""

from django.core.management.base import BaseCommand

from lindung.programs.commandline import PROGRAM


class Command(BaseCommand):
    help = "Program JKK+JKM: membuat program, sumber dana, pembagian peserta ke sumber dana, anggaran."

    def add_arguments(self, parser):
        PROGRAM.add_arguments(parser)

    def handle(self, *args, action, **options):
        PROGRAM.run(self, action, options)
