"""`lindung complaints import|sweep` — complaints (Pasal 13) from the command line.

`lindung complaints import --tenant CODE FILE --out FILE` is the contract of DESIGN.md §4: one result
line per input row, in input order. `lindung complaints sweep` closes complaints whose reporter stayed
silent and escalates breached deadlines; schedule it daily (docs/GRIEVANCE.md)."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lindung.accounts.commandline import acting_user, add_actor_argument
from lindung.domain import grievance as g
from lindung.domain.progress import TerminalProgress
from lindung.grievance.services import importing, sweep
from lindung.platform import commandline as cli
from lindung.platform.files import file_format, read_table
from lindung.tenants.models import Tenant


def tenant_of(code: str) -> Tenant:
    found = Tenant.objects.filter(code=code).first()
    if found is None:
        known = ", ".join(Tenant.objects.values_list("code", flat=True)) or "belum ada"
        raise CommandError(f"pemerintah daerah {code!r} tidak dikenal (yang ada: {known})")
    return found


class Command(BaseCommand):
    help = "Pengaduan: impor ekspor SP4N-LAPOR! atau catatan loket, penutupan otomatis dan eskalasi."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="impor pengaduan (format Pengaduan, DESIGN §4)")
        imp.add_argument("--tenant", required=True, help="kode pemerintah daerah, mis. balikpapan")
        imp.add_argument("file", help="berkas pengaduan (.csv atau .xlsx)")
        imp.add_argument("--out", required=True, help="berkas hasil, satu baris per baris masukan (.csv atau .xlsx)")
        add_actor_argument(imp)

        run = sub.add_parser("sweep", help="menutup otomatis dan mengeskalasi pengaduan (jalankan setiap hari)")
        run.add_argument("--tenant", help="hanya pemerintah daerah ini (bawaan: semua)")
        run.add_argument("--pada", help="tanggal yang dianggap hari ini (YYYY-MM-DD; bawaan: hari ini)")

    def handle(self, *args, action, **options):
        with cli.failures():
            getattr(self, "do_" + action)(**options)

    def do_import(self, *, tenant, file, out, pengguna, **_):
        target = Path(out)
        file_format(target)  # refuse an unsupported result name before any work is done
        rows = read_table(file, g.LAYOUT)
        result = importing.import_complaints(acting_user(pengguna), tenant=tenant_of(tenant), rows=rows,
                                             source=Path(file).name, progress=TerminalProgress(self.stderr))
        importing.write_result(result, target)
        counts = result.counts
        self.stdout.write(f"Baris: {len(result.rows)}; dicatat: {counts[importing.RECORDED]}; "
                          f"sudah ada: {counts[importing.ALREADY]}; ditolak: {counts[importing.REFUSED]}")
        refused = [r for r in result.rows if not r["nomor"]]
        for r in refused[: cli.SHOWN]:
            self.stdout.write(f"  ditolak baris {r['baris']}: {r['alasan']}")
        if len(refused) > cli.SHOWN:
            self.stdout.write(f"  ... {len(refused) - cli.SHOWN} baris ditolak lainnya")
        self.stdout.write(f"Hasil per baris: {target}")

    def do_sweep(self, *, tenant, pada, **_):
        now = timezone.now()
        if pada:
            day = cli.day(pada)
            if day < timezone.localdate():
                raise CommandError("--pada tidak boleh sebelum hari ini: riwayat pengaduan tidak dapat dibalik")
            if day > timezone.localdate():
                now = timezone.make_aware(datetime.combine(day, time(12, 0)))
        result = sweep.sweep(now=now, tenant=tenant_of(tenant) if tenant else None)
        self.stdout.write(f"Ditutup otomatis: {len(result.auto_closed)}; dieskalasi: {len(result.escalated)}")
        for number in result.escalated[: cli.SHOWN]:
            self.stdout.write(f"  eskalasi {number}")
