"""The claim <-> termination loop: a death claim proposes the Pasal 10 huruf a termination that the labour
agency confirms; a death the civil registry reported with no death claim shows up for the agency."""

from datetime import date

import pytest
from django.urls import reverse

from lindung.claims import selectors
from lindung.claims.dashboard import claims_inbox
from lindung.claims.models import Claim
from lindung.claims.services import ClaimInvalid, record
from lindung.membership.models import TerminationProposal
from lindung.membership.services import terminations
from tests.money_fixtures import propose_terminations_file

from .conftest import claim_row


def test_a_jkm_claim_proposes_the_termination_and_the_agency_confirms_it(programme, enrol, users, import_file):
    p = enrol(programme)
    outcome = import_file(users["bpjs"], programme, [claim_row(p, referensi_bpjs="KLM-1")])
    assert "penghentian kepesertaan (Pasal 10 huruf a) per 2025-06-10 diusulkan" in outcome.lines[0]["alasan"]
    assert outcome.proposed == 1
    proposal = TerminationProposal.objects.get()
    assert (proposal.participant, proposal.reason, proposal.effective_date, proposal.source, proposal.status) == (
        p, "meninggal", date(2025, 6, 10), "klaim_kematian", "diusulkan")
    assert "klaim JKM berstatus DIAJUKAN, referensi BPJS KLM-1" in proposal.evidence
    assert Claim.objects.get().termination_proposal == proposal
    assert p.periods.get().end is None  # only a proposal until the agency decides

    terminations.decide_proposal(users["labour"], proposal=proposal, confirm=True)
    period = p.periods.get()
    assert (period.end, period.end_reason) == (date(2025, 6, 10), "meninggal")
    assert "BPJS Ketenagakerjaan: klaim JKM / JKK kematian" in period.end_evidence
    assert "klaim.csv baris 1" in period.end_evidence
    p.person.refresh_from_db()
    assert p.person.death_date == date(2025, 6, 10)

    again = import_file(users["bpjs"], programme, [claim_row(p, referensi_bpjs="KLM-1", status="DIBAYAR",
                                                             tanggal_bayar="2025-06-25", jumlah="42000000")])
    assert again.lines[0]["hasil"] == "DICATAT" and TerminationProposal.objects.count() == 1


@pytest.mark.parametrize("row, proposes", [
    ({"jenis": "JKK", "manfaat": "KEMATIAN"}, True),
    ({"jenis": "JKK Meninggal"}, True),
    ({"jenis": "JKK", "keterangan": "meninggal tertimpa pohon"}, True),  # inferred, with a warning
    ({"jenis": "JKK", "keterangan": "patah tangan"}, False),
    ({"jenis": "BEASISWA"}, False),
    ({"status": "DITOLAK"}, False),  # BPJS did not accept what the claim says
])
def test_which_claims_propose_a_termination(programme, enrol, users, import_file, claims_file, row, proposes):
    p = enrol(programme)
    columns = ("nik", "jenis", "manfaat", "tanggal_kejadian", "tanggal_pengajuan", "status", "keterangan")
    import_file(users["bpjs"], programme, claims_file([claim_row(p, **row)], columns=columns))
    assert TerminationProposal.objects.filter(participant=p).exists() is proposes
    assert Claim.objects.get().termination_proposal_id is not None if proposes else True


def test_a_claim_joins_the_civil_registrys_proposal_instead_of_adding_one(programme, enrol, users, write_csv,
                                                                          import_file):
    same, other_day = enrol(programme), enrol(programme)
    deaths = write_csv("kematian.csv", ["nik", "tanggal", "bukti"], [
        [same.person.nik, "2025-06-10", "AKTA-1"], [other_day.person.nik, "2025-06-08", "AKTA-2"]])
    propose_terminations_file(users["labour"], programme, deaths, source="dukcapil_meninggal")
    outcome = import_file(users["bpjs"], programme, [claim_row(same), claim_row(other_day)])
    assert "usulan penghentian sudah ada (Disdukcapil: data kematian, diusulkan)" in outcome.lines[0]["alasan"]
    assert "per 2025-06-08, berbeda dengan tanggal kejadian klaim 2025-06-10; periksa" in outcome.lines[1]["alasan"]
    assert TerminationProposal.objects.count() == 2 and outcome.proposed == 0
    assert {c.termination_proposal.source for c in Claim.objects.all()} == {"dukcapil_meninggal"}


def test_a_claim_after_the_membership_ended_proposes_nothing(programme, enrol, users, import_file):
    p = enrol(programme, end=date(2025, 6, 30), reason="pindah_domisili")
    outcome = import_file(users["bpjs"], programme, [claim_row(p)])
    assert "kepesertaan tidak berjalan lagi" in outcome.lines[0]["alasan"]
    assert not TerminationProposal.objects.exists()


def test_the_officer_records_a_death_claim_on_the_page_side(programme, enrol, users):
    p = enrol(programme)
    claim = record.record_claim(users["bpjs"], participant=p, kind="JKM", event_date=date(2025, 8, 1),
                                submitted_on=date(2025, 8, 4), bpjs_reference="KLM-77")
    assert claim.termination_proposal.effective_date == date(2025, 8, 1)
    with pytest.raises(ClaimInvalid, match="sudah tercatat"):
        record.record_claim(users["labour"], participant=p, kind="JKM", event_date=date(2025, 8, 1),
                            submitted_on=date(2025, 8, 4), bpjs_reference="KLM-77")


def test_a_death_in_the_civil_registry_without_a_jkm_claim_waits_for_the_agency(programme, enrol, users, write_csv,
                                                                                import_file):
    covered, claimed, rejected, before_start = (enrol(programme), enrol(programme), enrol(programme),
                                                enrol(programme, start=date(2025, 7, 1)))
    deaths = write_csv("kematian.csv", ["nik", "tanggal"], [
        [covered.person.nik, "2025-06-10"], [claimed.person.nik, "2025-06-11"], [rejected.person.nik, "2025-06-12"],
        [before_start.person.nik, "2025-06-13"]])
    propose_terminations_file(users["labour"], programme, deaths, source="dukcapil_meninggal")
    terminations.decide_proposal(users["labour"], proposal=TerminationProposal.objects.get(participant=rejected),
                                 confirm=False, note="salah orang: masih hidup")
    import_file(users["bpjs"], programme, [claim_row(claimed, tanggal_kejadian="2025-06-11")])

    waiting = selectors.deaths_without_claim(users["labour"])
    assert [p.participant for p in waiting] == [covered]
    for role in ("labour", "bpjs"):
        items = claims_inbox(users[role])
        assert any("1 peserta meninggal menurut data Disdukcapil belum mempunyai klaim JKM" in i.text
                   and i.url == reverse("claims:deaths") for i in items), role
    assert claims_inbox(users["tvem"]) == []

    # The agency helps the heirs: the JKM claim is recorded and the death leaves the list.
    record.record_claim(users["labour"], participant=covered, kind="JKM", event_date=date(2025, 6, 10),
                        submitted_on=date(2025, 6, 30))
    assert not selectors.deaths_without_claim(users["bpjs"]).exists()
