"""Pasal 10 terminations, the automatic end at 64 years 11 months, proposals from files."""

from datetime import date

import pytest

from lindung.accounts.permissions import PermissionDenied
from lindung.audit.models import AuditEvent
from lindung.domain.calendar import Month
from lindung.membership.models import TerminationProposal
from lindung.membership.services import terminations
from tests.money_fixtures import propose_terminations_file


def test_ending_a_membership_needs_a_reason_evidence_and_a_date_after_the_start(programme, enrol, users):
    p = enrol(programme)
    with pytest.raises(terminations.MembershipError, match="bukti"):
        terminations.end_membership(users["labour"], participant=p, reason="pindah_domisili", on=date(2025, 7, 3))
    with pytest.raises(terminations.MembershipError, match="tidak dikenal"):
        terminations.end_membership(users["labour"], participant=p, reason="malas", on=date(2025, 7, 3), evidence="x")
    with pytest.raises(terminations.MembershipError, match="sebelum mulai"):
        terminations.end_membership(users["labour"], participant=p, reason="meninggal", on=date(2025, 3, 3), evidence="akta 1")
    with pytest.raises(PermissionDenied):
        terminations.end_membership(users["bpjs"], participant=p, reason="meninggal", on=date(2025, 7, 3), evidence="akta 1")
    period = terminations.end_membership(users["labour"], participant=p, reason="pindah_domisili", on=date(2025, 7, 3),
                                     evidence="SKPWNI 6471/123")
    assert (period.end, period.end_reason, period.ended_by) == (date(2025, 7, 3), "pindah_domisili", users["labour"])
    assert AuditEvent.objects.filter(action="membership.end", target_id=str(p.pk)).exists()
    with pytest.raises(terminations.MembershipError, match="masih berjalan"):
        terminations.end_membership(users["labour"], participant=p, reason="meninggal", on=date(2025, 8, 1), evidence="akta")


def test_memberships_end_automatically_at_64_years_11_months(programme, enrol):
    old = enrol(programme, birth_date=date(1960, 6, 15))  # 780 months on 15 June 2025
    young = enrol(programme, birth_date=date(1960, 7, 2))
    assert terminations.close_at_age_limit(None, programme=programme, month=Month(2025, 7)) == 1
    period = old.periods.get()
    assert (period.end, period.end_reason) == (date(2025, 6, 14), "batas_usia")
    assert young.periods.get().end is None
    assert terminations.close_at_age_limit(None, programme=programme, month=Month(2025, 7)) == 0  # already closed


def test_proposals_from_a_deaths_file_are_confirmed_by_the_labour_agency(programme, enrol, write_csv, users):
    dead, alive = enrol(programme), enrol(programme)
    path = write_csv("kematian.csv", ["NIK", "Nama", "Tanggal Meninggal", "Nomor Akta"], [
        [dead.person.nik, dead.person.name, "2025-06-10", "AKTA-6471-2025-0042"],
        ["6471010101010001", "Bukan Peserta", "2025-06-11", "AKTA-2"],
        [alive.person.nik, alive.person.name, "10-06-2025", "AKTA-3"],
    ])
    result = propose_terminations_file(users["labour"], programme, path, source="dukcapil_meninggal")
    assert (result.proposed, len(result.not_participants), len(result.rejected)) == (1, 1, 1)
    assert "tanggal" in result.rejected[0][1]
    again = propose_terminations_file(users["labour"], programme, path, source="dukcapil_meninggal")
    assert (again.proposed, again.already_proposed) == (0, 1)

    proposal = TerminationProposal.objects.get()
    assert proposal.reason == "meninggal" and proposal.evidence == "AKTA-6471-2025-0042"
    terminations.decide_proposal(users["labour"], proposal=proposal, confirm=True)
    period = dead.periods.get()
    assert (period.end, period.end_reason) == (date(2025, 6, 10), "meninggal")
    assert "AKTA-6471-2025-0042" in period.end_evidence and "kematian.csv baris 1" in period.end_evidence
    dead.person.refresh_from_db()
    assert dead.person.death_date == date(2025, 6, 10)
    with pytest.raises(terminations.MembershipError, match="sudah diputuskan"):
        terminations.decide_proposal(users["labour"], proposal=proposal, confirm=False, note="x")


def test_a_rejected_proposal_needs_a_note_and_ends_nothing(programme, enrol, write_csv, users):
    p = enrol(programme)
    path = write_csv("pu.csv", ["nik", "tanggal"], [[p.person.nik, "2025-05-01"]])
    propose_terminations_file(None, programme, path, source="bpjs_pekerja_formal")
    proposal = TerminationProposal.objects.get()
    assert proposal.reason == "pekerja_formal"
    with pytest.raises(terminations.MembershipError, match="catatan"):
        terminations.decide_proposal(users["labour"], proposal=proposal, confirm=False)
    terminations.decide_proposal(users["labour"], proposal=proposal, confirm=False, note="kontrak kerja hanya 2 minggu")
    assert p.periods.get().end is None
    assert TerminationProposal.objects.get().status == "ditolak"
