"""Fixtures for the claims tests: a programme with participants (tests/money_fixtures.py), BPJS's claim
report as a file, and paid contribution months for the scholarship guard."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache

from lindung.billing.models import BillingMonth, BillLine, ReconciliationLine
from lindung.domain.calendar import Month
from lindung.membership.models import Participant
from tests.money_fixtures import enrol, invoice_file, participants_file, programme, write_csv  # noqa: F401

CONTRACT = ("nik", "kpj", "jenis", "tanggal_kejadian", "tanggal_pengajuan", "tanggal_bayar", "status", "jumlah",
            "referensi_bpjs", "keterangan")


def claim_row(participant_or_nik, **values) -> dict:
    """A row of BPJS's report: a submitted JKM claim unless `values` say otherwise."""
    nik = participant_or_nik if isinstance(participant_or_nik, str) else participant_or_nik.person.nik
    return {"nik": nik, "jenis": "JKM", "tanggal_kejadian": "2025-06-10", "tanggal_pengajuan": "2025-06-20",
            "status": "DIAJUKAN", **values}


@pytest.fixture(autouse=True)
def fresh_dashboard_counts():
    """Dashboard counts are cached for a minute per scope; tests must not see another test's."""
    cache.clear()


@pytest.fixture
def claims_file(write_csv):  # noqa: F811
    def write(rows: list[dict], name: str = "klaim.csv", columns=CONTRACT):
        return write_csv(name, columns, rows)

    return write


@pytest.fixture
def import_file(claims_file):
    """What the command line does: read the report at the edge, hand its rows to the service."""
    from pathlib import Path

    from lindung.claims import exchange
    from lindung.claims.services import imports

    def run(actor, programme, rows_or_path, **options):  # noqa: F811 - the programme passed in, not the fixture
        path = rows_or_path if isinstance(rows_or_path, Path) else claims_file(rows_or_path)
        return imports.import_claims(actor, programme=programme, rows=exchange.read_claims(programme, path),
                                     file_name=path.name, **options)

    return run


@pytest.fixture
def contributions():
    """Bill `participant` for `months`; the ones in `paid` are agreed (COCOK) in months paid by SP2D."""

    def make(participant: Participant, months: list[Month], paid: set[Month]) -> None:
        for month in months:
            bm, _ = BillingMonth.objects.get_or_create(
                programme=participant.programme, month=month.first_day, payer=participant.programme.tenant,
                defaults={"contribution_jkk": Decimal(10000), "contribution_jkm": Decimal(6800),
                          "status": BillingMonth.Status.DIBAYAR if month in paid else BillingMonth.Status.DRAF})
            person = participant.person
            BillLine.objects.create(billing_month=bm, participant=participant, nik=person.nik, name=person.name,
                                    jkk=Decimal(10000), jkm=Decimal(6800), amount=Decimal(16800))
            if month in paid:
                ReconciliationLine.objects.create(billing_month=bm, nik=person.nik, name=person.name,
                                                  status="COCOK", amount_pemda=Decimal(16800),
                                                  amount_bpjs=Decimal(16800))

    return make


def months(first: Month, count: int) -> list[Month]:
    return [first + i for i in range(count)]

