from django.core.management.base import BaseCommand

from lindung.regions.services import SOURCE_NAME, load_regions
from lindung.tenants.services import load_occupations, load_tenants


class Command(BaseCommand):
    help = "Memuat data rujukan: wilayah Kemendagri, kosakata pekerjaan, pemerintah daerah dan perangkat daerahnya."

    def add_arguments(self, parser):
        parser.add_argument("--regions-prefix", default="", help="hanya wilayah di bawah kode ini (mis. 64); bawaan: seluruh Indonesia")

    def handle(self, *args, regions_prefix="", **options):
        n = load_regions(regions_prefix)
        self.stdout.write(f"Wilayah: {n:,} kode dimuat ({SOURCE_NAME})")
        self.stdout.write(f"Pekerjaan: {load_occupations()} kode")
        tenants = load_tenants()
        self.stdout.write("Pemerintah daerah: " + ", ".join(t.name for t in tenants))
