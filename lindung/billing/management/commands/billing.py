"""`lindung billing run|reconcile|agree|reopen|pay` — the monthly cycle of Pasal 11."""

from pathlib import Path

from django.core.management.base import BaseCommand

from lindung.accounts.commandline import acting_user, add_actor_argument
from lindung.billing import selectors, services
from lindung.billing.documents import berita_acara_pdf
from lindung.billing.models import BillingMonth
from lindung.domain import reconciliation
from lindung.domain.money import format_rupiah
from lindung.domain.progress import TerminalProgress
from lindung.platform import commandline as cli
from lindung.platform.files import text_frame, write_table
from lindung.programs.commandline import programme as programme_of


def export(rows, columns, path) -> Path:
    return write_table(text_frame(rows, columns), path, columns)


class Command(BaseCommand):
    help = "Tagihan bulanan: menyusun tagihan, rekonsiliasi dengan tagihan BPJS, berita acara, pembayaran."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)

        run = sub.add_parser("run", help="menyusun tagihan bulan YYYY-MM")
        add_actor_argument(run)
        run.add_argument("--program", required=True)
        run.add_argument("--month", required=True)
        run.add_argument("--out", required=True, help="berkas tagihan (.csv atau .xlsx); yang dibiayai program lain: "
                                                      "<out>-dikecualikan")
        run.add_argument("--payer", help="kode pemerintah pembayar (pembiayaan bersama; bawaan: semua pembayar)")

        rec = sub.add_parser("reconcile", help="mencocokkan tagihan BPJS dengan tagihan pemda")
        add_actor_argument(rec)
        rec.add_argument("--program", required=True)
        rec.add_argument("--month", required=True)
        rec.add_argument("--payer", help="kode pemerintah pembayar (wajib bila bulan ini ditagih per pembayar)")
        rec.add_argument("--invoice", required=True, help="tagihan BPJS (.csv atau .xlsx)")
        rec.add_argument("--out", required=True, help="berkas hasil rekonsiliasi (.csv atau .xlsx)")
        rec.add_argument("--berita-acara", help="berita acara (.pdf)")
        rec.add_argument("--problems", help="baris tagihan bermasalah (bawaan: <out>-masalah.csv)")

        agree = sub.add_parser("agree", help="mencatat berita acara yang sudah ditandatangani")
        add_actor_argument(agree)
        agree.add_argument("--program", required=True)
        agree.add_argument("--month", required=True)
        agree.add_argument("--payer", help="kode pemerintah pembayar (wajib bila bulan ini ditagih per pembayar)")
        agree.add_argument("--number", default="", help="nomor berita acara (bawaan: nomor otomatis)")
        agree.add_argument("--date", help="tanggal berita acara (YYYY-MM-DD)")

        reopen = sub.add_parser("reopen", help="membuka kembali bulan yang disepakati tetapi belum dibayar")
        add_actor_argument(reopen)
        reopen.add_argument("--program", required=True)
        reopen.add_argument("--month", required=True)
        reopen.add_argument("--payer", help="kode pemerintah pembayar (wajib bila bulan ini ditagih per pembayar)")
        reopen.add_argument("--reason", required=True)

        pay = sub.add_parser("pay", help="mencatat SP2D pembayaran bulan yang disepakati")
        add_actor_argument(pay)
        pay.add_argument("--program", required=True)
        pay.add_argument("--month", required=True)
        pay.add_argument("--payer", help="kode pemerintah pembayar (wajib bila bulan ini ditagih per pembayar)")
        pay.add_argument("--sp2d", required=True, help="nomor SP2D")
        pay.add_argument("--date", required=True, help="tanggal SP2D (YYYY-MM-DD)")
        pay.add_argument("--amount", required=True)

    def handle(self, *args, action, **options):
        with cli.failures():
            getattr(self, "do_" + action)(**options)

    def _month(self, program: str, month: str, payer: str | None) -> BillingMonth:
        programme, period = programme_of(program), cli.month(month)
        return services.month_of(programme, period, services.payer_named(programme, payer))

    def do_run(self, *, program, month, out, payer, pengguna, **_):
        programme, period = programme_of(program), cli.month(month)
        run = services.run_bill(acting_user(pengguna), programme=programme, month=period,
                                payer=services.payer_named(programme, payer), progress=TerminalProgress(self.stderr))
        export(selectors.bill_rows(run.months), selectors.BILL_COLUMNS, out)
        excluded = Path(out).with_name(f"{Path(out).stem}-dikecualikan{Path(out).suffix}")
        export(selectors.exclusion_rows(run.months), selectors.EXCLUSION_COLUMNS, excluded)
        w = self.stdout.write
        w(f"Tagihan {programme.code} bulan {period}")
        for bm in run.months:
            w(f"Pembayar {bm.payer.name} ({bm.payer.code}): {cli.count_text(bm.bill_count)} peserta × "
              f"{format_rupiah(bm.contribution_jkk + bm.contribution_jkm)}\n"
              f"  iuran JKK: {format_rupiah(bm.contribution_jkk * bm.bill_count)}\n"
              f"  iuran JKM: {format_rupiah(bm.contribution_jkm * bm.bill_count)}\n"
              f"  jumlah:    {format_rupiah(bm.bill_amount)}"
              + (f"\n  dibiayai program lain (tidak ditagih): {cli.count_text(bm.excluded_count)} peserta"
                 if bm.excluded_count else ""))
        if len(run.months) > 1:
            w(f"Jumlah program: {cli.count_text(run.count)} peserta, {format_rupiah(run.amount)}")
        if run.stranded:
            w(f"PERHATIAN: {cli.count_text(run.stranded)} peserta tidak ditagih: bulan pembayarnya sudah disepakati "
              f"atau dibayar tanpa mereka (buka kembali berita acara pembayar itu)")
        w(f"Berkas tagihan: {out}")
        w(f"Dibiayai program lain ({cli.count_text(run.excluded)} peserta): {excluded}")

    def do_reconcile(self, *, program, month, invoice, out, berita_acara, problems, payer, pengguna, **_):
        programme, period = programme_of(program), cli.month(month)
        actor = acting_user(pengguna)
        outcome = services.reconcile(actor, programme=programme, month=period, invoice_path=invoice,
                                     payer=services.payer_named(programme, payer), progress=TerminalProgress(self.stderr))
        bm, s = outcome.billing_month, outcome.reconciliation.summary
        export(selectors.reconciliation_rows(bm), selectors.RECONCILIATION_COLUMNS, out)
        self.stdout.write(
            f"Rekonsiliasi {programme.code} bulan {period}, pembayar {bm.payer.name} ({bm.payer.code})\n"
            f"  tagihan pemda: {cli.count_text(s.bill_count)} peserta, {format_rupiah(s.bill_amount)}\n"
            f"  tagihan BPJS:  {cli.count_text(s.invoice_count)} peserta ({cli.count_text(s.invoice_rows)} baris), "
            f"{format_rupiah(s.invoice_amount)}"
        )
        for status in reconciliation.STATUSES:
            t = s.by_status[status]
            self.stdout.write(f"  {status:<24} {cli.count_text(t.count):>9}  pemda {format_rupiah(t.amount_pemda):>18}  "
                              f"BPJS {format_rupiah(t.amount_bpjs):>18}")
        self.stdout.write(f"  disepakati: {cli.count_text(s.agreed_count)} peserta, {format_rupiah(s.agreed_amount)}")
        self.stdout.write(f"Berkas rekonsiliasi: {out}")
        issues = outcome.reconciliation.issues
        if issues:
            counts = ", ".join(f"{code} {n}" for code, n in sorted(s.issues.items()))
            self.stdout.write(f"Baris tagihan BPJS bermasalah: {len(issues)} ({counts})")
            for issue in issues[: cli.SHOWN]:
                self.stdout.write(f"  baris {issue.row}: {issue.nik or '-'} {issue.code}: {issue.reason}")
            target = Path(problems) if problems else Path(out).with_name(f"{Path(out).stem}-masalah.csv")
            export(selectors.problem_rows(bm), selectors.PROBLEM_COLUMNS, target)
            self.stdout.write(f"Semua baris bermasalah beserta alasannya: {target}")
        if berita_acara:
            ba = bm.berita_acara if bm.is_locked else services.prepare_berita_acara(actor, bm=bm)
            Path(berita_acara).write_bytes(berita_acara_pdf(bm, ba))
            self.stdout.write(f"Berita acara {ba.number}: {berita_acara}")

    def do_agree(self, *, program, month, number, date, payer, pengguna, **_):
        bm = services.agree(acting_user(pengguna), bm=self._month(program, month, payer), number=number,
                            on=cli.optional_day(date))
        ba = bm.berita_acara
        self.stdout.write(f"Bulan {bm.period} disepakati: berita acara {ba.number}, "
                          f"{cli.count_text(ba.agreed_count)} peserta, "
                          f"{format_rupiah(ba.agreed_amount)}")

    def do_reopen(self, *, program, month, reason, payer, pengguna, **_):
        bm = services.reopen(acting_user(pengguna), bm=self._month(program, month, payer), reason=reason)
        self.stdout.write(f"Bulan {bm.period} dibuka kembali (rancangan).")

    def do_pay(self, *, program, month, sp2d, date, amount, payer, pengguna, **_):
        payment = services.record_payment(acting_user(pengguna), bm=self._month(program, month, payer), sp2d_number=sp2d,
                                          sp2d_date=cli.day(date), amount=cli.amount(amount))
        bm = payment.billing_month
        self.stdout.write(f"Pembayaran SP2D {payment.sp2d_number} {format_rupiah(payment.amount)} dicatat untuk "
                          f"{bm.period} (pembayar {bm.payer.code}); bulan terkunci dan dihitung dalam realisasi "
                          f"anggaran {bm.period.year}.")
