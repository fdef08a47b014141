"""The demo city's claims: BPJS's report imported by the BPJS officer, and deaths with no claim yet."""

from lindung.claims import selectors
from lindung.claims.models import Claim
from lindung.demo.city import PROGRAMME, create_programme, create_users
from lindung.demo.claims import create_claims
from lindung.membership.models import TerminationProposal


def test_the_demo_city_has_claims_and_a_worklist(balikpapan, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    users = create_users()
    labour = next(u for u in users if u.username == "disnaker")
    create_programme(labour, participants=300)
    done = create_claims(users, PROGRAMME)
    assert len(done) == 2 and Claim.objects.exists()
    assert set(Claim.objects.values_list("kind", flat=True)) >= {"JKK"}
    death_claims = Claim.objects.filter(selectors.DEATH_CLAIM).exclude(status="DITOLAK")
    assert TerminationProposal.objects.filter(source="klaim_kematian").count() <= death_claims.count()
    assert selectors.deaths_without_claim(labour).count() == 2
    assert (tmp_path / "demo" / "klaim-bpjs-hasil.csv").exists()
    assert create_claims(users, PROGRAMME) == []
