"""`lindung program ACTION`: the actions of programmes themselves (create, list, fund, map-columns).
Apps above add theirs to `PROGRAM` (membership: assign-funding; billing: budget)."""

from __future__ import annotations

from decimal import Decimal

from django.core.management.base import CommandError

from lindung.accounts.commandline import acting_user, add_actor_argument
from lindung.domain.money import format_rupiah
from lindung.platform import commandline as cli
from lindung.platform.commandline import CommandGroup

from . import services
from .models import ColumnMapping, FundingSource, Programme
from .selectors import programme_by_code, source_quota

PROGRAM = CommandGroup()


def programme(code: str) -> Programme:
    """The programme of `--program CODE`, or a CommandError naming the known codes."""
    return cli.found(programme_by_code, code)


def funding_arguments(parser, *, required: bool) -> None:
    parser.add_argument("--funding", required=required, choices=FundingSource.Kind.values, help="jenis sumber dana")
    parser.add_argument("--budget", required=required, help="pagu anggaran (rupiah)")
    parser.add_argument("--revision", help="bagian pagu yang bergantung pada APBD Perubahan (rupiah)")
    parser.add_argument("--preference", type=int,
                        help="urutan penggunaan, kecil lebih dulu (bawaan: sumber berbatasan sebelum sumber umum)")
    parser.add_argument("--budget-year", type=int, help="tahun anggaran (bawaan: tahun program)")
    parser.add_argument("--quota", type=int, help="kuota peserta yang ditetapkan (bawaan: pagu ÷ iuran × bulan)")
    parser.add_argument("--months", type=int, help="jumlah bulan dibiayai (bawaan: 12, atau bulan jendela)")
    parser.add_argument("--payer", help="kode pemerintah daerah pembayar (pembiayaan bersama)")
    parser.add_argument("--label", default="")
    parser.add_argument("--occupations", help="hanya untuk kode pekerjaan ini (dipisah koma)")
    parser.add_argument("--regions", help="hanya untuk kode wilayah ini (dipisah koma)")
    add_actor_argument(parser)


def _create_arguments(parser) -> None:
    parser.add_argument("--code", required=True)
    parser.add_argument("--ruleset", required=True, help="id aturan, mis. balikpapan-perwali-3-2025")
    parser.add_argument("--year", required=True, type=int)
    parser.add_argument("--name", required=True)
    parser.add_argument("--tenant", help="kode pemerintah daerah (bawaan: dari wilayah aturan)")
    parser.add_argument("--window-start", help="program berjangka: tanggal 1 bulan pertama (YYYY-MM-DD)")
    parser.add_argument("--window-end", help="program berjangka: tanggal akhir bulan terakhir (YYYY-MM-DD)")
    funding_arguments(parser, required=False)
    for name in ("labour-head-name", "labour-head-nip", "bpjs-branch", "bpjs-officer-name"):
        parser.add_argument(f"--{name}", default="")


@PROGRAM.action("create", "membuat program", _create_arguments)
def create(command, *, code, ruleset, year, name, tenant, window_start, window_end, pengguna, **options) -> None:
    actor = acting_user(pengguna)
    created = services.create_programme(
        actor, code=code, name=name, ruleset_id=ruleset, year=year, tenant_code=tenant,
        coverage_start=cli.optional_day(window_start), coverage_end=cli.optional_day(window_end),
        labour_head_name=options["labour_head_name"], labour_head_nip=options["labour_head_nip"],
        bpjs_branch=options["bpjs_branch"], bpjs_officer_name=options["bpjs_officer_name"],
    )
    command.stdout.write(f"Program {created.code} dibuat untuk {created.tenant.name} (aturan {created.ruleset_id}).")
    rules = created.billing_rules(created.first_month(year))
    command.stdout.write(f"Iuran per peserta per bulan: {format_rupiah(rules.contribution.total)} "
                         f"(JKK {format_rupiah(rules.contribution.jkk)} + JKM {format_rupiah(rules.contribution.jkm)})")
    if options.get("funding") or options.get("budget"):
        if not (options.get("funding") and options.get("budget")):
            raise CommandError("--funding dan --budget harus diberikan bersama")
        _add_source(command, actor, created, **options)


@PROGRAM.action("list", "daftar program")
def list_programmes(command, **_) -> None:
    for p in Programme.objects.select_related("tenant"):
        window = f" jendela {p.coverage_start}–{p.coverage_end}" if p.is_time_boxed else ""
        command.stdout.write(f"{p.code}\t{p.year}\t{p.tenant.code}\t{p.ruleset_id}\t{p.name}{window}")


def _fund_arguments(parser) -> None:
    parser.add_argument("--program", required=True)
    funding_arguments(parser, required=True)


@PROGRAM.action("fund", "menambah sumber dana tahun anggaran", _fund_arguments)
def fund(command, *, program, pengguna, **options) -> None:
    _add_source(command, acting_user(pengguna), programme(program), **options)


def _add_source(command, actor, target: Programme, *, funding, budget, budget_year, quota, months, payer, label,
                occupations, regions, revision=None, preference=None, **_) -> None:
    source = services.add_funding_source(
        actor, programme=target, kind=funding, amount=cli.amount(budget), year=budget_year, months=months,
        fixed_quota=quota, label=label, payer_code=payer, occupations=cli.codes(occupations),
        regions=cli.codes(regions), revision_amount=cli.amount(revision) if revision else Decimal(0),
        preference=preference,
    )
    command.stdout.write(f"Sumber dana {source}: pagu {format_rupiah(source.amount)}, "
                         f"kuota {cli.count_text(source_quota(source))} peserta")


def _mapping_arguments(parser) -> None:
    parser.add_argument("--program", required=True)
    parser.add_argument("--layout", required=True, choices=ColumnMapping.Layout.values)
    parser.add_argument("pairs", nargs="+", metavar="JUDUL_DI_BERKAS=kolom_kontrak")
    add_actor_argument(parser)


@PROGRAM.action("map-columns", "menyimpan pemetaan kolom berkas mitra", _mapping_arguments)
def map_columns(command, *, program, layout, pairs, pengguna, **_) -> None:
    mapping = {}
    for pair in pairs:
        header, sep, column = pair.partition("=")
        if not sep or not header.strip() or not column.strip():
            raise CommandError(f"tulis pasangan sebagai JUDUL=kolom: {pair!r}")
        mapping[header.strip()] = column.strip()
    services.save_column_mapping(acting_user(pengguna), programme=programme(program), layout=layout, mapping=mapping)
    command.stdout.write(f"Pemetaan kolom {layout} disimpan: {mapping}")
