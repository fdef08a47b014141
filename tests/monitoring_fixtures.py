"""Fixtures for the monitoring tests (imported by their conftest files): a small programme whose every
monitoring figure is computed by hand in the tests.

Six applications of the 2025 cycle, with their status changes written to the audit trail exactly as
the workflow services write them (single moves, and batch moves listing the applications):

    A1 Manggar   pemulung (Camat/Lurah)   P 1990-05-17  LAYAK            enrolled
       created 07-01, verified 07-11, sent to BPJS 07-21, cleared 08-20, consolidated 09-01,
       decreed 10-01, enrolled 12-31
    A2 Manggar   nelayan (DP3)            L 1960-01-01  LAYAK, disabled, extremely poor   verified 07-11, waits
    A3 Prapatan  tukang_ojek (Dishub)     L 2000-03-03  TIDAK_LAYAK (5(1)b, 5(1)f)   rejected 07-06
    A4 Prapatan  pemulung (Camat/Lurah)   P 1985-08-08  TIDAK_LAYAK (5(1)c)          waits since 07-01
    A5 Lamaru    pemulung (Camat/Lurah)   P 1995-06-01  PERLU_VERIFIKASI (5(1)b)     waits since 08-01
    A6 Lamaru    pedagang_kaki_lima (Disdag) L 2008-01-10 LAYAK  verified 07-05, BPJS 07-21/08-20,
       consolidated 09-01, rejected by the TVEM as a duplicate 09-10

Five participants of the programme (kelurahan of their address):

    M1 Manggar   P 1980-02-29 disabled, pemulung      2025-04-01 → open
    M2 Manggar   L nelayan                             2025-04-01 → 2025-06-30 meninggal
    M3 Prapatan  P tukang_ojek                         2025-05-15 → open
    M4 Prapatan  L pemulung                            2025-04-01 → 2025-12-31 pekerja_formal
    M5 Lamaru    P pedagang_kaki_lima, extremely poor  2025-04-01 → open

May 2025 is paid (four COCOK lines at Rp16,800: M1, M2, M4, M5; one SELISIH line not counted); June is
agreed but not paid. The figures are computed at 2026-01-10 00:00 WITA.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from lindung.applications.models import Application, Cycle
from lindung.audit.models import AuditEvent
from lindung.audit.services import record
from lindung.billing.models import BillingMonth, ReconciliationLine
from lindung.domain import nik as nik_rules
from lindung.membership.models import MembershipPeriod, Participant
from lindung.monitoring.services.refresh import refresh
from lindung.programs import services as programme_services
from lindung.registers.models import PovertyRecord, ReferenceDataset
from lindung.tenants.models import Agency

WITA = timezone(timedelta(hours=8))
MOMENT = datetime(2026, 1, 10, tzinfo=WITA)
AS_OF = date(2026, 1, 10)
MANGGAR, LAMARU, PRAPATAN = "64.71.01.1001", "64.71.01.1002", "64.71.06.1001"
S = Application.Status


def at(month: int, day: int, year: int = 2025) -> datetime:
    return datetime(year, month, day, tzinfo=WITA)


@pytest.fixture
def programme(balikpapan):
    return programme_services.create_programme(
        None, code="bpp-monev", name="PBI Jamsostek Balikpapan", ruleset_id="balikpapan-perwali-3-2025", year=2025)


@pytest.fixture
def cycle(programme):
    return Cycle.objects.create(programme=programme, year=2025, collection_start=date(2025, 7, 1),
                                collection_end=date(2025, 9, 30), enrolment_date=date(2026, 1, 1))


def finding(code: str, effect: str, cite: str) -> dict:
    return {"code": code, "effect": effect, "message": code, "cite": cite}


B = "Pasal 5 ayat (1) huruf b"


@pytest.fixture
def applications(cycle, balikpapan):
    agency = {a.code: a for a in Agency.objects.filter(tenant=balikpapan)}
    specs = {
        "A1": (MANGGAR, "pemulung", None, "P", date(1990, 5, 17), False, "LAYAK", [], S.TERDAFTAR),
        "A2": (MANGGAR, "nelayan", "dp3", "L", date(1960, 1, 1), True, "LAYAK",
               [finding("PRIORITAS_MISKIN_EKSTREM", "PRIORITAS", "Pasal 5 ayat (2)")], S.DIVERIFIKASI),
        "A3": (PRAPATAN, "tukang_ojek", "dishub", "L", date(2000, 3, 3), False, "TIDAK_LAYAK",
               [finding("BUKAN_MISKIN", "TIDAK_LAYAK", B),
                finding("PENGHASILAN_TIDAK_DI_BAWAH_UMK", "TIDAK_LAYAK", "Pasal 5 ayat (1) huruf f")], S.DITOLAK),
        "A4": (PRAPATAN, "pemulung", None, "P", date(1985, 8, 8), False, "TIDAK_LAYAK",
               [finding("USIA_DI_LUAR_BATAS", "TIDAK_LAYAK", "Pasal 5 ayat (1) huruf c"),
                finding("TANGGAL_LAHIR_BEDA_NIK", "PERINGATAN", "")], S.DIAJUKAN),
        "A5": (LAMARU, "pemulung", None, "P", date(1995, 6, 1), False, "PERLU_VERIFIKASI",
               [finding("DATA_KEMISKINAN_TIDAK_ADA", "PERLU_VERIFIKASI", B)], S.DIAJUKAN),
        "A6": (LAMARU, "pedagang_kaki_lima", "disdag", "L", date(2008, 1, 10), False, "LAYAK", [], S.DITOLAK),
    }
    created = {"A5": at(8, 1)}
    apps = {}
    for serial, (name, (kel, occ, ag, sex, born, disabled, keputusan, findings, status)) in enumerate(specs.items(), 1):
        apps[name] = Application.objects.create(
            reference=f"U25-{serial:05d}", cycle=cycle, nik=nik_rules.make("64.71.01", born, sex, serial), name=name,
            birth_date=born, sex=sex, kelurahan_id=kel, occupation_id=occ, monthly_income=Decimal(1500000),
            domicile_since=date(2015, 1, 1), disability=disabled, applied_on=date(2025, 7, 1),
            channel=Application.Channel.PETUGAS, agency=agency.get(ag), territorial=ag is None, status=status,
            keputusan=keputusan, findings=findings)
    for name, app in apps.items():
        Application.objects.filter(pk=app.pk).update(created_at=created.get(name, at(7, 1)))

    def single(app, status, when, action="application.approve"):
        event = record(None, action, app, before={"status": "x"}, after={"status": status}, tenant=cycle.tenant)
        AuditEvent.objects.filter(pk=event.pk).update(at=when)

    def batch(names, status, when, action):
        event = record(None, action, cycle, tenant=cycle.tenant, before={"status": ["x"]},
                       after={"status": status, "count": len(names), "applications": [apps[n].pk for n in names]})
        AuditEvent.objects.filter(pk=event.pk).update(at=when)

    # The submission event of an application is not a stage entry of its own (its creation time is).
    record(None, "application.submit", apps["A1"], after={"status": "DIAJUKAN"}, tenant=cycle.tenant)
    single(apps["A6"], S.DIVERIFIKASI, at(7, 5))
    single(apps["A3"], S.DITOLAK, at(7, 6), "application.reject")
    single(apps["A1"], S.DIVERIFIKASI, at(7, 11))
    single(apps["A2"], S.DIVERIFIKASI, at(7, 11))
    batch(["A1", "A6"], S.CEK_BPJS, at(7, 21), "bpjs_check.start")
    batch(["A1", "A6"], S.LOLOS_BPJS, at(8, 20), "bpjs_check.not_participant")
    batch(["A1", "A6"], S.KONSOLIDASI, at(9, 1), "consolidation.add")
    single(apps["A6"], S.DITOLAK, at(9, 10), "consolidation.duplicate_rejected")
    batch(["A1"], S.DITETAPKAN, at(10, 1), "decree.fix")
    batch(["A1"], S.TERDAFTAR, at(12, 31), "enrolment.enrol")
    return apps


@pytest.fixture
def participants(programme, make_person, balikpapan):
    specs = {
        "M1": (MANGGAR, "P", date(1980, 2, 29), "pemulung", True, date(2025, 4, 1), None, ""),
        "M2": (MANGGAR, "L", date(1975, 3, 3), "nelayan", False, date(2025, 4, 1), date(2025, 6, 30), "meninggal"),
        "M3": (PRAPATAN, "P", date(1992, 9, 9), "tukang_ojek", False, date(2025, 5, 15), None, ""),
        "M4": (PRAPATAN, "L", date(1970, 1, 1), "pemulung", False, date(2025, 4, 1), date(2025, 12, 31), "pekerja_formal"),
        "M5": (LAMARU, "P", date(1999, 12, 12), "pedagang_kaki_lima", False, date(2025, 4, 1), None, ""),
    }
    out = {}
    for name, (kel, sex, born, occ, disabled, start, end, reason) in specs.items():
        person = make_person(name, kelurahan=kel, sex=sex, birth_date=born, occupation=occ, disability=disabled)
        out[name] = Participant.objects.create(programme=programme, person=person, kpj=f"KPJ-{name}")
        MembershipPeriod.objects.create(participant=out[name], start=start, end=end, end_reason=reason)
    dataset = ReferenceDataset.objects.create(tenant=balikpapan, kind="kemiskinan", snapshot_date=date(2025, 12, 1),
                                              file="rujukan/x.csv", original_name="dtsen.csv", row_count=2, stored_count=2)
    PovertyRecord.objects.create(dataset=dataset, nik=out["M5"].person.nik, desil=1, miskin_ekstrem=True)
    PovertyRecord.objects.create(dataset=dataset, nik=out["M1"].person.nik, desil=2, miskin_ekstrem=False)
    return out


@pytest.fixture
def money(programme, participants):
    source = programme_services.add_funding_source(None, programme=programme, kind="apbd_kota", year=2025,
                                                   amount=Decimal("2016000"), label="DPA Disnaker 2025")
    paid = BillingMonth.objects.create(programme=programme, payer=programme.tenant, month=date(2025, 5, 1), status=BillingMonth.Status.DIBAYAR,
                                       contribution_jkk=Decimal(10000), contribution_jkm=Decimal(6800))
    agreed = BillingMonth.objects.create(programme=programme, payer=programme.tenant, month=date(2025, 6, 1),
                                         status=BillingMonth.Status.DISEPAKATI, contribution_jkk=Decimal(10000),
                                         contribution_jkm=Decimal(6800))
    for name in ("M1", "M2", "M4", "M5"):
        for month in (paid, agreed):
            ReconciliationLine.objects.create(billing_month=month, funding_source=source, status="COCOK",
                                              nik=participants[name].person.nik, amount_pemda=Decimal(16800),
                                              amount_bpjs=Decimal(16800))
    ReconciliationLine.objects.create(billing_month=paid, funding_source=source, status="SELISIH_NOMINAL",
                                      nik=participants["M3"].person.nik, amount_pemda=Decimal(16800),
                                      amount_bpjs=Decimal(20000))
    return source


@pytest.fixture
def snapshot(applications, participants, money):
    return refresh(None, on=AS_OF, moment=MOMENT)
