import pytest

from lindung.applications import registers

from . import factories


@pytest.fixture
def programme(users):
    return factories.programme(users["labour"])


@pytest.fixture
def cycle(users, programme):
    return factories.open_cycle(users["labour"], programme)


@pytest.fixture
def poor(monkeypatch):
    """The poverty register lists every NIK in decile 2 (and any NIK in `extreme` as extremely poor);
    the BPJS registry lists the NIKs in `insured` as active members."""

    class Registers:
        extreme: set = set()
        insured: set = set()
        unknown: set = set()

    def lookup(nik, tenant):
        poverty = [] if nik in Registers.unknown else [{"nik": nik, "desil": "2", "miskin_ekstrem": "ya" if nik in Registers.extreme else "tidak"}]
        bpjs = [{"nik": nik, "status": "AKTIF"}] if nik in Registers.insured else []
        return poverty, bpjs

    monkeypatch.setattr(registers, "lookup", lookup)
    return Registers
