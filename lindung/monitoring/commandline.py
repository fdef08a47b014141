"""`lindung report coverage` (the contract of DESIGN.md §4) and `lindung monitoring refresh|figures|target`:
coverage by region for any date, the daily figures, and the reference figures coverage is measured
against. `REPORT` is a command group: other apps may add their reports to `lindung report`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from lindung.accounts.commandline import acting_user, add_actor_argument
from lindung.domain.exchange import BPJS_AGGREGATE, COVERAGE_COLUMNS, WORKFORCE
from lindung.domain.progress import TerminalProgress
from lindung.platform import commandline as cli
from lindung.platform.commandline import CommandGroup
from lindung.platform.files import read_table, text_frame, write_table
from lindung.programs.commandline import programme
from lindung.regions.models import Region
from lindung.tenants.models import Tenant

from .denominators import parse_figures
from .selectors.coverage import contract_row, coverage_report
from .services import references
from .services.refresh import refresh

REPORT = CommandGroup()
MONITORING = CommandGroup()
LEVELS = {"kecamatan": Region.Level.KECAMATAN, "kelurahan": Region.Level.KELURAHAN_DESA}


def _coverage_arguments(parser) -> None:
    parser.add_argument("--program", required=True, help="kode program")
    parser.add_argument("--on", required=True, help="tanggal keadaan peserta (YYYY-MM-DD)")
    parser.add_argument("--workforce", required=True, help="angka BPS: kode_wilayah, tahun, pekerja, pekerja_informal")
    parser.add_argument("--bpjs-aggregate", help="agregat BPJS: kode_wilayah, tahun, peserta_pu, peserta_bpu")
    parser.add_argument("--by", choices=tuple(LEVELS), default="kecamatan", help="tingkat wilayah (bawaan: kecamatan)")
    parser.add_argument("--out", required=True, help="berkas hasil (.csv atau .xlsx)")


@REPORT.action("coverage", "cakupan kepesertaan per wilayah", _coverage_arguments)
def coverage(command, *, program, on, workforce, bpjs_aggregate, by, out, **_options) -> None:
    chosen = programme(program)
    day = cli.day(on)
    workforce_file = parse_figures(read_table(workforce, WORKFORCE), "workforce")
    aggregate_file = parse_figures(read_table(bpjs_aggregate, BPJS_AGGREGATE), "aggregate") if bpjs_aggregate else None
    report = coverage_report(chosen, day, workforce_file, aggregate_file, LEVELS[by])
    rows = [contract_row(r) for r in [*report.rows, report.total]]
    write_table(text_frame(rows, COVERAGE_COLUMNS), out, COVERAGE_COLUMNS)
    for label, parsed in (("angka BPS", workforce_file), ("agregat BPJS", aggregate_file)):
        for problem in (parsed.problems if parsed else [])[: cli.SHOWN]:
            command.stderr.write(f"{label} baris {problem.row}: {problem.reason}")
    for note in report.notes[: cli.SHOWN]:
        command.stderr.write(note)
    command.stdout.write(f"Cakupan {chosen.code} per {day}: {len(report.rows)} wilayah, "
                         f"{cli.count_text(report.total.active)} peserta aktif, cakupan PBI "
                         f"{report.total.pbi.text or '-'}% → {out}")


def _refresh_arguments(parser) -> None:
    parser.add_argument("--on", help="tanggal keadaan (bawaan: hari ini)")
    add_actor_argument(parser)


@MONITORING.action("refresh", "menghitung ulang semua angka monitoring", _refresh_arguments)
def refresh_figures(command, *, on, pengguna, **_options) -> None:
    actor = acting_user(pengguna)
    snapshot = refresh(actor, on=cli.optional_day(on), progress=TerminalProgress())
    command.stdout.write(f"Angka monitoring per {snapshot.as_of}: {cli.count_text(snapshot.figures)} angka dalam "
                         f"{snapshot.seconds} detik.")


def _figures_arguments(parser) -> None:
    parser.add_argument("--tenant", required=True, help="kode pemerintah daerah, mis. balikpapan")
    parser.add_argument("--workforce", help="angka BPS: kode_wilayah, tahun, pekerja, pekerja_informal")
    parser.add_argument("--bpjs-aggregate", help="agregat BPJS: kode_wilayah, tahun, peserta_pu, peserta_bpu")
    parser.add_argument("--source", required=True, help='sumber angka, mis. "BPS, Sakernas Agustus 2025"')
    add_actor_argument(parser)


def _tenant(code: str) -> Tenant:
    return cli.found(lambda c: Tenant.objects.get(code=c), code)


@MONITORING.action("figures", "mengimpor angka BPS dan agregat BPJS sebagai penyebut cakupan", _figures_arguments)
def import_figures(command, *, tenant, workforce, bpjs_aggregate, source, pengguna, **_options) -> None:
    if not workforce and not bpjs_aggregate:
        raise CommandError("sebutkan --workforce dan/atau --bpjs-aggregate")
    actor, owner = acting_user(pengguna), _tenant(tenant)
    for kind, path, layout in (("workforce", workforce, WORKFORCE), ("aggregate", bpjs_aggregate, BPJS_AGGREGATE)):
        if not path:
            continue
        outcome = references.import_figures(actor, tenant=owner, kind=kind, rows=read_table(path, layout),
                                            source=source, file_name=Path(path).name)
        for problem in outcome.problems[: cli.SHOWN]:
            where = f"baris {problem.row}" if problem.row else problem.code
            command.stderr.write(f"{Path(path).name} {where}: {problem.reason}")
        command.stdout.write(f"{Path(path).name}: {outcome.created} angka baru, {outcome.replaced} diganti, "
                             f"{len(outcome.problems)} baris bermasalah.")


def _target_arguments(parser) -> None:
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--indicator", required=True, choices=("cakupan_pbi", "cakupan_total"))
    parser.add_argument("--year", required=True, type=int, help="tahun sasaran (akhir tahun)")
    parser.add_argument("--percent", required=True, help="sasaran dalam persen, mis. 50")
    parser.add_argument("--from", dest="valid_from", required=True, help="berlaku sejak (YYYY-MM-DD)")
    parser.add_argument("--reference", required=True, help="dasar sasaran, mis. RPJMD 2025-2029")
    add_actor_argument(parser)


@MONITORING.action("target", "menetapkan sasaran cakupan", _target_arguments)
def set_target(command, *, tenant, indicator, year, percent, valid_from, reference, pengguna, **_options) -> None:
    target = references.set_target(acting_user(pengguna), tenant=_tenant(tenant), indicator=indicator, year=year,
                                   percent=percent, valid_from=cli.day(valid_from), reference=reference)
    command.stdout.write(f"Sasaran {target.get_indicator_display()} {target.year}: {target.percent}% "
                         f"(berlaku sejak {target.valid_from}).")
