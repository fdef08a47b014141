"""Receiving a complaint: routing per category (Pasal 13 ayat (3), Pasal 6 and Lampiran I), the response
deadline in working days, links to what it concerns."""

from datetime import date

import pytest

from lindung.grievance.models import Complaint, HandlerKind, Status

from .conftest import at


@pytest.mark.parametrize("category, handled_by, kind", [
    ("KEPESERTAAN", "bpjs", HandlerKind.BPJS),
    ("KECELAKAAN_KERJA", "bpjs", HandlerKind.BPJS),
    ("KLAIM_MANFAAT", "bpjs", HandlerKind.BPJS),
    ("IURAN", "disnaker", HandlerKind.PERANGKAT_DAERAH),
    ("LAINNYA", "disnaker", HandlerKind.PERANGKAT_DAERAH),
    ("PUNGLI", "disnaker", HandlerKind.PERANGKAT_DAERAH),
])
def test_fixed_routes(complain, category, handled_by, kind):
    complaint = complain(category)
    assert complaint.handled_by == handled_by
    assert complaint.handler_kind == kind
    assert complaint.status == Status.DITERIMA
    assert complaint.sealed == complaint.head_only == (category == "PUNGLI")
    assert complaint.number.startswith("PGD-")


def test_data_collection_goes_to_the_occupations_agency_or_the_kelurahan(complain):
    assert complain("PENDATAAN", occupation="nelayan").handled_by == "dp3"
    assert complain("PENDATAAN", occupation="tukang_ojek").handled_by == "dishub"
    territorial = complain("PENDATAAN", occupation="pemulung", kelurahan="64.71.01.1001")
    assert territorial.handled_by == "kelurahan:64.71.01.1001"
    fallback = complain("PENDATAAN", occupation="pemulung")
    assert fallback.handled_by == "disnaker"
    assert "kode_wilayah kosong" in fallback.routing_note


def test_data_collection_reads_the_occupation_of_the_person_it_concerns(complain, make_person):
    person = make_person(occupation="juru_parkir", kelurahan="64.71.06.1001")
    complaint = complain("PENDATAAN", nik=person.nik)
    assert complaint.handled_by == "dishub"
    assert complaint.person == person


def test_response_deadline_across_a_weekend_and_a_national_holiday(complain):
    # Tuesday 13 Jan 2026: Wed 14, Thu 15, (Fri 16 Isra Mikraj, Sat, Sun), Mon 19.
    complaint = complain("IURAN", when=at(2026, 1, 13, 10, 0))
    assert complaint.response_due == date(2026, 1, 19)
    # A work accident on Saturday is due on Monday.
    accident = complain("KECELAKAAN_KERJA", when=at(2026, 1, 17, 22, 0))
    assert accident.response_due == date(2026, 1, 19)
    assert accident.emergency


def test_tickets_are_unique(complain):
    numbers = {complain().number for _ in range(5)}
    assert len(numbers) == 5 == Complaint.objects.count()


def test_the_stored_codes_are_the_contracts_and_the_domains():
    from lindung.domain import grievance as g
    from lindung.grievance.models import Category, Channel, SlaState

    assert list(Category.values) == list(g.CATEGORIES)
    assert list(Channel.values) == list(g.CHANNELS)
    assert list(Status.values) == list(g.STATUSES)
    assert list(SlaState.values) == list(g.SLA_STATES)
