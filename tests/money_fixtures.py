"""Fixtures for the programme, membership and billing tests (imported by their conftest files)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from lindung.domain.exchange import INVOICE, PARTICIPANTS
from lindung.membership.models import MembershipPeriod, Participant
from lindung.programs import services as programme_services

RULESET = "balikpapan-perwali-3-2025"


@pytest.fixture
def programme(balikpapan):
    return programme_services.create_programme(
        None, code="bpp-2025", name="Jamsostek Pekerja Rentan Balikpapan 2025", ruleset_id=RULESET, year=2025,
        labour_head_name="Drs. Andi Labour", labour_head_nip="197001012000031001",
        bpjs_branch="Balikpapan", bpjs_officer_name="Sari BPJS",
    )


@pytest.fixture
def enrol(make_person):
    """Enrol a (new or given) person in a programme with one period."""

    def make(programme, person=None, *, start: date = date(2025, 4, 1), end: date | None = None, reason: str = "",
             kpj: str = "", **person_fields) -> Participant:
        person = person or make_person(**person_fields)
        participant = Participant.objects.create(programme=programme, person=person, kpj=kpj or f"KPJ{person.pk:06d}")
        MembershipPeriod.objects.create(participant=participant, start=start, end=end,
                                        end_reason=reason or ("meninggal" if end else ""))
        return participant

    return make


@pytest.fixture
def write_csv(tmp_path):
    def write(name: str, columns, rows) -> Path:
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([row.get(c, "") for c in columns] if isinstance(row, dict) else row)
        return path

    return write


@pytest.fixture
def participants_file(write_csv):
    def write(rows: list[dict], name: str = "peserta.csv") -> Path:
        return write_csv(name, PARTICIPANTS.columns, rows)

    return write


@pytest.fixture
def invoice_file(write_csv):
    def write(rows: list[dict], name: str = "tagihan.csv") -> Path:
        return write_csv(name, INVOICE.columns, rows)

    return write


def invoice_row(participant_or_nik, amount="16800", month="2025-06", **extra) -> dict:
    nik = participant_or_nik if isinstance(participant_or_nik, str) else participant_or_nik.person.nik
    return {"nik": nik, "bulan": month, "jumlah": amount, **extra}


def read_csv(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def import_participants_file(actor, programme, path, **options):
    """What the command line does: read the file at the edge, hand its rows to the service."""
    from lindung.membership import exchange
    from lindung.membership.services import participants

    return participants.import_participants(actor, programme=programme, rows=exchange.read_participants(programme, path),
                                            source=Path(path).name, **options)


def propose_terminations_file(actor, programme, path, *, source: str):
    from lindung.membership import exchange
    from lindung.membership.services import terminations

    return terminations.import_termination_proposals(actor, programme=programme, rows=exchange.read_terminations(programme, path),
                                                     source=source, file_name=Path(path).name)
