from django.urls import reverse

from lindung.membership.models import TerminationProposal
from tests.money_fixtures import propose_terminations_file


def test_labour_confirms_and_rejects_proposals_on_the_page(client, users, programme, enrol, write_csv):
    dead, moved = enrol(programme), enrol(programme)
    propose_terminations_file(None, programme, write_csv("d.csv", ["nik", "tanggal", "bukti"], [
        [dead.person.nik, "2025-06-10", "AKTA-1"], [moved.person.nik, "2025-06-11", "AKTA-2"]]),
        source="dukcapil_meninggal")
    first, second = TerminationProposal.objects.order_by("effective_date")
    client.force_login(users["labour"])
    page = client.get(reverse("membership:proposals")).content.decode()
    assert dead.person.masked_nik in page and "AKTA-1" in page and dead.person.nik not in page
    confirmation = client.post(reverse("membership:decide", args=[first.pk]), {"keputusan": "konfirmasi"}).content.decode()
    assert "Kepesertaan 1 peserta akan berakhir." in confirmation and "10-06-2025" in confirmation
    assert dead.periods.get().end is None  # nothing ends before the officer says yes
    client.post(reverse("membership:decide", args=[first.pk]), {"keputusan": "konfirmasi", "konfirmasi": "ya"})
    assert dead.periods.get().end is not None
    page = client.post(reverse("membership:decide", args=[second.pk]), {"keputusan": "tolak"}, follow=True)
    assert "catatan" in page.content.decode()  # a rejection needs a note
    client.post(reverse("membership:decide", args=[second.pk]), {"keputusan": "tolak", "catatan": "salah orang"})
    assert TerminationProposal.objects.get(pk=second.pk).status == "ditolak"
    assert moved.periods.get().end is None


def test_auditor_sees_proposals_but_cannot_decide(client, users, programme, enrol, write_csv):
    p = enrol(programme)
    propose_terminations_file(None, programme, write_csv("d.csv", ["nik", "tanggal"], [[p.person.nik, "2025-06-10"]]),
                                 source="dukcapil_meninggal")
    client.force_login(users["auditor"])
    page = client.get(reverse("membership:proposals")).content.decode()
    assert p.person.masked_nik in page and "Konfirmasi" not in page
    client.post(reverse("membership:decide", args=[TerminationProposal.objects.get().pk]),
                {"keputusan": "konfirmasi", "konfirmasi": "ya"})
    assert p.periods.get().end is None


def test_ticked_proposals_are_confirmed_together_after_one_confirmation(client, users, programme, enrol, write_csv):
    people = [enrol(programme, name=f"Pekerja Nomor {i}") for i in range(3)]
    propose_terminations_file(None, programme, write_csv("d.csv", ["nik", "tanggal", "bukti"], [
        [p.person.nik, f"2025-06-1{i}", f"AKTA-{i}"] for i, p in enumerate(people)]), source="dukcapil_meninggal")
    chosen = list(TerminationProposal.objects.order_by("effective_date").values_list("pk", flat=True)[:2])
    client.force_login(users["labour"])
    url = reverse("membership:decide_selected")
    page = client.post(url, {"pilih": chosen, "keputusan": "konfirmasi"}).content.decode()
    assert "Kepesertaan 2 peserta akan berakhir." in page and people[2].person.name not in page
    client.post(url, {"pilih": chosen, "keputusan": "konfirmasi", "konfirmasi": "ya"})
    assert [p.periods.get().end is not None for p in people] == [True, True, False]
    left = TerminationProposal.objects.get(status="diusulkan")
    client.post(url, {"pilih": [left.pk], "keputusan": "tolak", "catatan": "akta bukan orang ini"})
    left.refresh_from_db()
    assert (left.status, left.decision_note) == ("ditolak", "akta bukan orang ini")
