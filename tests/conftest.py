"""Fixtures shared by the whole suite: the Balikpapan tenant (loaded by migrations), one user per
role, and a small factory for residents."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from lindung.accounts.models import Role, User
from lindung.domain import nik as nik_rules
from lindung.people.models import Person
from lindung.regions.models import Region
from lindung.tenants.models import Agency, Tenant
from lindung.tenants.services import ensure_reference_data

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: dashboard counts are cached per user id, and ids repeat
    from one rolled-back test to the next (rate-limit counters too)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def balikpapan(db) -> Tenant:
    # Transactional tests (browser tests) flush every table, reference data included: put it back.
    ensure_reference_data()
    return Tenant.objects.get(code="balikpapan")


@pytest.fixture
def make_user(balikpapan):
    def make(username: str, role: str = "", *, agency: str = "", region: str = "", tenant: Tenant | None = None,
             superuser: bool = False) -> User:
        tenant = tenant or balikpapan
        user = User(
            username=username, role=role, tenant=tenant, is_superuser=superuser, is_staff=superuser,
            agency=Agency.objects.get(tenant=tenant, code=agency) if agency else None,
            region=Region.objects.get(code=region) if region else None,
        )
        user.set_password("rahasia-uji-123")
        user.full_clean(exclude=["password"])
        user.save()
        return user

    return make


@pytest.fixture
def users(make_user) -> dict[str, User]:
    return {
        "labour": make_user("disnaker", Role.DISNAKER, agency="disnaker"),
        "dinsos": make_user("dinsos", Role.PERANGKAT_DAERAH, agency="dinsos"),
        "dishub": make_user("dishub", Role.PERANGKAT_DAERAH, agency="dishub"),
        "camat": make_user("camat.timur", Role.KEWILAYAHAN, region="64.71.01"),
        "lurah": make_user("lurah.manggar", Role.KEWILAYAHAN, region="64.71.01.1001"),
        "tvem": make_user("tvem", Role.TVEM),
        "bpjs": make_user("bpjs", Role.BPJS),
        "auditor": make_user("auditor", Role.AUDITOR),
    }


@pytest.fixture
def make_person(db):
    def make(name: str = "Siti Aminah", *, kelurahan: str = "64.71.01.1001", occupation: str | None = "pemulung",
             sex: str = "P", birth_date: date = date(1990, 5, 17), nik_district: str = "64.71.01", **extra) -> Person:
        nik = nik_rules.make(nik_district, birth_date, sex, next(_serial))
        person = Person(nik=nik, name=name, birth_date=birth_date, sex=sex, kelurahan_id=kelurahan,
                        occupation_id=occupation, **extra)
        person.save()
        return person

    return make
