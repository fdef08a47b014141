"""`lindung program create|list|fund|assign-funding|budget|map-columns` — programmes and their money."""

from django.core.management.base import BaseCommand, CommandError

from lindung.domain.money import format_rupiah
from lindung.membership import services as membership
from lindung.programs import commandline as cli
from lindung.programs import services
from lindung.programs.models import ColumnMapping, FundingSource, Programme
from lindung.programs.selectors import source_quota


class Command(BaseCommand):
    help = "Program JKK+JKM: membuat program, sumber dana, pembagian peserta ke sumber dana, anggaran."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)

        create = sub.add_parser("create", help="membuat program")
        create.add_argument("--code", required=True)
        create.add_argument("--ruleset", required=True, help="id aturan, mis. balikpapan-perwali-3-2025")
        create.add_argument("--year", required=True, type=int)
        create.add_argument("--name", required=True)
        create.add_argument("--tenant", help="kode pemerintah daerah (bawaan: dari wilayah aturan)")
        create.add_argument("--window-start", help="program berjangka: tanggal 1 bulan pertama (YYYY-MM-DD)")
        create.add_argument("--window-end", help="program berjangka: tanggal akhir bulan terakhir (YYYY-MM-DD)")
        self._funding_arguments(create, required=False)
        for name in ("labour-head-name", "labour-head-nip", "bpjs-branch", "bpjs-officer-name"):
            create.add_argument(f"--{name}", default="")

        sub.add_parser("list", help="daftar program")

        fund = sub.add_parser("fund", help="menambah sumber dana tahun anggaran")
        fund.add_argument("--program", required=True)
        self._funding_arguments(fund, required=True)

        assign = sub.add_parser("assign-funding", help="membagi peserta ke sumber dana (kuota dan batasan)")
        assign.add_argument("--program", required=True)
        assign.add_argument("--year", type=int)

        budget = sub.add_parser("budget", help="anggaran, realisasi dan proyeksi tahun berikutnya")
        budget.add_argument("--program", required=True)
        budget.add_argument("--year", type=int)

        mapping = sub.add_parser("map-columns", help="menyimpan pemetaan kolom berkas mitra")
        mapping.add_argument("--program", required=True)
        mapping.add_argument("--layout", required=True, choices=ColumnMapping.Layout.values)
        mapping.add_argument("pairs", nargs="+", metavar="JUDUL_DI_BERKAS=kolom_kontrak")

    @staticmethod
    def _funding_arguments(parser, *, required: bool):
        parser.add_argument("--funding", required=required, choices=FundingSource.Kind.values,
                            help="jenis sumber dana")
        parser.add_argument("--budget", required=required, help="pagu anggaran (rupiah)")
        parser.add_argument("--budget-year", type=int, help="tahun anggaran (bawaan: tahun program)")
        parser.add_argument("--quota", type=int, help="kuota peserta yang ditetapkan (bawaan: pagu ÷ iuran × bulan)")
        parser.add_argument("--months", type=int, help="jumlah bulan dibiayai (bawaan: 12, atau bulan jendela)")
        parser.add_argument("--payer", help="kode pemerintah daerah pembayar (pembiayaan bersama)")
        parser.add_argument("--label", default="")
        parser.add_argument("--occupations", help="hanya untuk kode pekerjaan ini (dipisah koma)")
        parser.add_argument("--regions", help="hanya untuk kode wilayah ini (dipisah koma)")

    def handle(self, *args, action, **options):
        with cli.failures():
            getattr(self, "do_" + action.replace("-", "_"))(**options)

    def do_create(self, *, code, ruleset, year, name, tenant, window_start, window_end, **options):
        programme = services.create_programme(
            None, code=code, name=name, ruleset_id=ruleset, year=year, tenant_code=tenant,
            coverage_start=cli.day(window_start) if window_start else None,
            coverage_end=cli.day(window_end) if window_end else None,
            labour_head_name=options["labour_head_name"], labour_head_nip=options["labour_head_nip"],
            bpjs_branch=options["bpjs_branch"], bpjs_officer_name=options["bpjs_officer_name"],
        )
        self.stdout.write(f"Program {programme.code} dibuat untuk {programme.tenant.name} (aturan {programme.ruleset_id}).")
        rules = programme.billing_rules(programme.first_month(year))
        self.stdout.write(f"Iuran per peserta per bulan: {format_rupiah(rules.contribution.total)} "
                          f"(JKK {format_rupiah(rules.contribution.jkk)} + JKM {format_rupiah(rules.contribution.jkm)})")
        if options.get("funding") or options.get("budget"):
            if not (options.get("funding") and options.get("budget")):
                raise CommandError("--funding dan --budget harus diberikan bersama")
            self._add_source(programme, **options)

    def do_list(self, **options):
        for p in Programme.objects.select_related("tenant"):
            window = f" jendela {p.coverage_start}–{p.coverage_end}" if p.is_time_boxed else ""
            self.stdout.write(f"{p.code}\t{p.year}\t{p.tenant.code}\t{p.ruleset_id}\t{p.name}{window}")

    def do_fund(self, *, program, **options):
        self._add_source(cli.programme(program), **options)

    def _add_source(self, programme, *, funding, budget, budget_year, quota, months, payer, label, occupations,
                    regions, **_):
        source = services.add_funding_source(
            None, programme, kind=funding, amount=cli.amount(budget), year=budget_year, months=months,
            fixed_quota=quota, label=label, payer_code=payer, occupations=cli.codes(occupations),
            regions=cli.codes(regions),
        )
        self.stdout.write(f"Sumber dana {source}: pagu {format_rupiah(source.amount)}, "
                          f"kuota {cli.count_text(source_quota(source))} peserta")

    def do_assign_funding(self, *, program, year, **_):
        programme = cli.programme(program)
        result = membership.assign_funding(None, programme, year or programme.year)
        self.stdout.write(f"Peserta dibiayai: {result.assigned} (berubah: {result.changed}); "
                          f"tanpa sumber dana: {result.unfunded}")
        for source in FundingSource.objects.filter(pk__in=result.used):
            self.stdout.write(f"  {source}: {result.used[source.pk]} peserta")

    def do_budget(self, *, program, year, **_):
        from lindung.billing.selectors import budget

        programme = cli.programme(program)
        b = budget(programme, year or programme.year)
        self.stdout.write(f"Anggaran {programme.code} tahun {b.year}")
        for s in b.sources:
            self.stdout.write(
                f"  {s.source}: pagu {format_rupiah(s.source.amount)}, kuota {s.quota}, peserta {s.assigned}, "
                f"realisasi {format_rupiah(s.realised)}, disepakati belum dibayar {format_rupiah(s.committed)}, "
                f"sisa {format_rupiah(s.remaining)}"
            )
        self.stdout.write(f"  Jumlah: pagu {format_rupiah(b.allocated)}, realisasi {format_rupiah(b.realised)}; "
                          f"peserta tanpa sumber dana: {b.unfunded}")
        self.stdout.write(f"Proyeksi {b.year + 1}: {format_rupiah(b.projected_next_year)} "
                          f"(paling banyak {b.projected_peak} peserta per bulan, tanpa peserta baru)")

    def do_map_columns(self, *, program, layout, pairs, **_):
        mapping = {}
        for pair in pairs:
            header, sep, column = pair.partition("=")
            if not sep or not header.strip() or not column.strip():
                raise CommandError(f"tulis pasangan sebagai JUDUL=kolom: {pair!r}")
            mapping[header.strip()] = column.strip()
        services.save_column_mapping(None, cli.programme(program), layout, mapping)
        self.stdout.write(f"Pemetaan kolom {layout} disimpan: {mapping}")
