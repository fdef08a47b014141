import base64

from django.conf import settings
from django.core.management.base import BaseCommand

from lindung.accounts.mfa import current_code
from lindung.demo.city import DEMO_PASSWORD, DEMO_TOTP_KEY, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Memuat kota demo (Kota Balikpapan): satu pengguna per peran dan beberapa ribu penduduk sintetis."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=3000, help="jumlah penduduk sintetis (bawaan 3000)")
        parser.add_argument("--logins", action="store_true", help="hanya cetak daftar akun demo")
        parser.add_argument("--kode", action="store_true", help="cetak kode verifikasi dua langkah demo saat ini")

    def handle(self, *args, persons=3000, logins=False, kode=False, **options):
        if kode:
            self.stdout.write(current_code(DEMO_TOTP_KEY))
            return
        if not logins:
            users, created, done = load_demo(persons)
            self.stdout.write(f"Kota demo siap: {len(users)} pengguna, {created:,} penduduk baru.")
            for line in done:
                self.stdout.write(f"  {line}")
        self.stdout.write("")
        self.stdout.write(f"Akun demo (kata sandi semua: {DEMO_PASSWORD}):")
        for spec in DEMO_USERS:
            where = spec.agency or spec.region or ("seluruh sistem" if spec.superuser else "Kota Balikpapan")
            label = "Administrator sistem" if spec.superuser else spec.role.label
            self.stdout.write(f"  {spec.username:<16} {label} ({where})")
        if settings.LINDUNG_MFA_REQUIRED:
            key = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode().rstrip("=")
            self.stdout.write("")
            self.stdout.write("Verifikasi dua langkah (disnaker, tvem, bpjs, auditor, admin): setelah kata sandi, ketik "
                              "kode 6 angka dari aplikasi autentikator dengan kunci demo")
            self.stdout.write(f"  {key}")
            self.stdout.write("  atau cetak kode saat ini: .venv/bin/lindung demo --kode")
