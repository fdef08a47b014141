"""Building blocks for the workflow tests (service tests and browser tests alike)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from lindung.applications.services import cycles
from lindung.domain import nik as nik_rules
from lindung.programs import services as programs

_serial = itertools.count(101)
RULESET = "balikpapan-perwali-3-2025"


def programme(actor, code: str = "bpp-pbi", *, tenant: str = "balikpapan", name: str = "PBI Jamsostek Kota Balikpapan",
              ruleset: str = RULESET):
    year = timezone.localdate().year + 1
    return programs.create_programme(actor, code=code, name=name, ruleset_id=ruleset, year=year, tenant_code=tenant)


def open_cycle(actor, programme, **extra):
    """A cycle collecting today (whatever today is), enrolling on 1 January of the next year."""
    today = timezone.localdate()
    return cycles.create_cycle(actor, programme=programme, year=today.year, collection_start=today - timedelta(days=30),
                               collection_end=today, enrolment_date=date(today.year + 1, 1, 1), **extra)


def applicant(name: str = "Siti Aminah", *, occupation: str = "pemulung", kelurahan: str = "64.71.01.1001",
              sex: str = "P", birth_date: date = date(1990, 5, 17), serial: int | None = None, **extra) -> dict:
    nik = nik_rules.make("64.71.01", birth_date, sex, serial or next(_serial))
    data = dict(nik=nik, no_kk="6471010101100001", name=name, birth_place="Balikpapan", birth_date=birth_date,
                sex=sex, address="Jl. Mulawarman RT 12", kelurahan_id=kelurahan, phone="081234567890",
                occupation_id=occupation, ktp_occupation="", monthly_income=Decimal(1500000),
                domicile_since=date(2015, 1, 1), disability=False)
    data.update(extra)
    return data


def answer_bpjs(actor, check, path, *, mapping=None, **options):
    """What the BPJS check page does: read the answer file at the edge, hand its rows to the service."""
    from lindung.applications import exchange
    from lindung.applications.services import bpjs_check

    rows = exchange.read_bpjs_answer(path, mapping=mapping)
    return bpjs_check.import_bpjs_answer(actor, check=check, rows=rows, file_name=Path(path).name, **options)


def answer_kpj(actor, cycle, path, *, mapping=None):
    """What the enrolment page does with BPJS's KPJ answer."""
    from lindung.applications import exchange
    from lindung.applications.services import enrol

    return enrol.import_kpj(actor, cycle=cycle, rows=exchange.read_kpj_answer(path, mapping=mapping), file_name=Path(path).name)
