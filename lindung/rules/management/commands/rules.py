"""`lindung rules list` and `lindung rules show ID [--on YYYY-MM-DD]`: the rule sets, their criteria with
citations, and the parameter values in force on a date. Reads files only; never the database."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from lindung.domain.rules import RuleSetError
from lindung.rules import selectors


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--on harus tanggal YYYY-MM-DD: {text!r}") from None


class Command(BaseCommand):
    help = "Daftar aturan (rule set) dan isinya: kriteria, dasar hukum, nilai parameter pada suatu tanggal."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="daftar aturan yang tersedia")
        show = actions.add_parser("show", help="kriteria dan parameter satu aturan")
        show.add_argument("ruleset", metavar="ID")
        show.add_argument("--on", type=_date, default=None, help="tanggal berlaku nilai parameter (bawaan: hari ini)")

    def handle(self, *args, action: str, **options):
        if action == "list":
            self._list()
        else:
            self._show(options["ruleset"], options["on"] or date.today())

    def _list(self) -> None:
        for ruleset in selectors.list_rulesets():
            status = "final" if ruleset.status == "final" else "SEMENTARA (provisional)"
            self.stdout.write(f"{ruleset.id}\t{ruleset.instrument}\twilayah {ruleset.jurisdiction}\t{status}")

    def _show(self, ruleset_id: str, on: date) -> None:
        try:
            view = selectors.ruleset_view(ruleset_id, on)
        except RuleSetError as exc:
            raise CommandError(str(exc)) from None
        rs = view.ruleset
        w = self.stdout.write
        w(f"{rs.id} — {rs.instrument}")
        w(f"  {rs.title}")
        w(f"  Status: {rs.status}   Wilayah: {rs.jurisdiction}   Berlaku: {view.period}")
        w(f"  Nilai per tanggal {on.isoformat()}" + ("" if view.in_force else " (aturan TIDAK berlaku pada tanggal ini)"))
        if rs.source:
            w(f"  Sumber: {rs.source}")
        w("")
        w("Kriteria (semua harus terpenuhi; setiap yang gagal dicantumkan):")
        for c in view.criteria:
            self._criterion(c)
        if view.priorities:
            w("")
            w("Prioritas:")
            for p in view.priorities:
                self._criterion(p)
        w("")
        w(f"Parameter pada {on.isoformat()}:")
        for p in view.parameters:
            shown = p.shown if p.current else "(belum ada nilai)"
            since = f" sejak {p.current.start.isoformat()}" if p.current else ""
            w(f"  {p.name} = {shown}{since}")
            if p.current:
                w(f"      dasar: {p.current.ref}")
        if rs.notes:
            w("")
            w(f"Catatan: {rs.notes}")

    def _criterion(self, c) -> None:
        w = self.stdout.write
        w(f"  {c.code} [{c.cite}] -> {c.outcome}")
        w(f"      {c.description}")
        for p in c.parameters:
            if p.current:
                w(f"      {p.name} = {p.shown} ({p.current.ref})")
