"""Scope: every complaint page and step answers 404 to a role whose scope does not hold the complaint;
sealed (illegal-levy) identities are seen only by the head of the labour agency and auditors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.audit.models import AuditEvent
from lindung.grievance import selectors
from lindung.grievance.models import Complaint
from lindung.grievance.services import handle
from lindung.platform.errors import PermissionDenied

# Who may read a complaint routed to each office (besides the head of the labour agency and auditors).
READERS = {
    "bpjs": {"bpjs", "labour"},
    "dishub": {"dishub", "labour"},
    "kelurahan:64.71.01.1001": {"lurah", "camat", "labour"},
    "disnaker": {"labour"},
}
ROLES = ["labour", "dinsos", "dishub", "camat", "lurah", "tvem", "bpjs", "auditor", "dp3", "lurah_prapatan", "head"]


def letter():
    return SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


@pytest.fixture
def routed(complain):
    return {
        "bpjs": complain("KLAIM_MANFAAT", attachments=[letter()]),
        "dishub": complain("PENDATAAN", occupation="tukang_ojek"),
        "kelurahan:64.71.01.1001": complain("PENDATAAN", occupation="pemulung", kelurahan="64.71.01.1001"),
        "disnaker": complain("IURAN"),
    }


def urls(complaint: Complaint) -> list[tuple[str, str]]:
    pk = complaint.pk
    files = [("get", reverse("grievance:attachment", args=[pk, a.pk])) for a in complaint.attachments.all()]
    return [*files, ("get", reverse("grievance:detail", args=[pk])), ("get", reverse("grievance:slip", args=[pk])),
            *[("post", reverse("grievance:act", args=[pk, step])) for step in
              ("ambil", "jawab", "selesai", "buka", "tugaskan", "teruskan", "catatan", "lampiran", "tautan",
               "identitas", "penyelesaian")]]


@pytest.mark.parametrize("office", list(READERS))
def test_every_role_outside_the_scope_gets_404(client, officers, routed, office):
    complaint = routed[office]
    for role in ROLES:
        client.force_login(officers[role])
        expected_readable = role in READERS[office] | {"head", "auditor"}
        for method, url in urls(complaint):
            response = getattr(client, method)(url, {"text": "x", "reason": "x", "note": "x"})
            if expected_readable:
                assert response.status_code != 404, (role, url)
            else:
                assert response.status_code == 404, (role, url)


def test_an_agency_officer_cannot_act_on_a_complaint_routed_elsewhere(officers, routed):
    dinsos = officers["dinsos"]
    with pytest.raises(Complaint.DoesNotExist):
        selectors.get_complaint(dinsos, routed["dishub"].pk)
    with pytest.raises(PermissionDenied):
        handle.take_up(dinsos, complaint=routed["dishub"])
    with pytest.raises(PermissionDenied):
        handle.forward(dinsos, complaint=routed["dishub"], handler="dinsos", reason="salah alamat")
    assert not Complaint.objects.filter(status="DIPROSES").exists()


def test_the_worklist_holds_only_what_the_scope_holds(officers, routed):
    def numbers(role):
        return {c.number for c in selectors.in_view(selectors.visible_complaints(officers[role]), "terbuka")}

    assert numbers("bpjs") == {routed["bpjs"].number}
    assert numbers("dishub") == {routed["dishub"].number}
    assert numbers("lurah") == numbers("camat") == {routed["kelurahan:64.71.01.1001"].number}
    assert numbers("lurah_prapatan") == numbers("dinsos") == numbers("tvem") == set()
    assert numbers("labour") == numbers("auditor") == numbers("head") == {c.number for c in routed.values()}


def test_forwarding_moves_the_complaint_to_the_other_office(officers, routed):
    complaint = routed["disnaker"]
    handle.forward(officers["labour"], complaint=complaint, handler="dishub", reason="tentang juru parkir")
    assert complaint.handled_by == "dishub"
    assert selectors.visible_complaints(officers["dishub"]).filter(pk=complaint.pk).exists()
    assert complaint.events.filter(kind="teruskan", reason="tentang juru parkir").exists()
    # The lurah cannot pass it on: not their complaint, and not the hub.
    with pytest.raises(PermissionDenied):
        handle.forward(officers["lurah"], complaint=complaint, handler="bpjs", reason="x")


def test_assignment_stays_inside_the_office(officers, routed):
    complaint = routed["bpjs"]
    handle.assign(officers["bpjs"], complaint=complaint, officer=officers["bpjs"])
    from lindung.grievance.services.common import ComplaintInvalid

    with pytest.raises(ComplaintInvalid, match="bukan bagian"):
        handle.assign(officers["bpjs"], complaint=complaint, officer=officers["dishub"])
    assert list(selectors.officers_for(complaint)) == [officers["bpjs"]]


# -- sealed identity ------------------------------------------------------------------------------------


@pytest.fixture
def levy(complain):
    return complain("PUNGLI", name="Pelapor Rahasia", nik="", phone="0813-1111-2222",
                    text="Diminta Rp50.000 saat mendaftar")


def test_illegal_levy_is_the_heads_alone(client, officers, levy):
    assert levy.sealed and levy.head_only and levy.office_name.startswith("Kepala")
    for role in ("labour", "bpjs", "dishub", "lurah", "tvem"):
        client.force_login(officers[role])
        assert client.get(reverse("grievance:detail", args=[levy.pk])).status_code == 404, role
    client.force_login(officers["head"])
    page = client.get(reverse("grievance:detail", args=[levy.pk])).content.decode()
    assert "Diminta Rp50.000" in page and "Pelapor Rahasia" not in page and "dirahasiakan" in page


@pytest.mark.parametrize("role", ["head", "auditor"])
def test_head_and_auditor_open_the_identity_and_each_look_is_audited(client, officers, levy, role):
    client.force_login(officers[role])
    url = reverse("grievance:detail", args=[levy.pk])
    client.post(reverse("grievance:act", args=[levy.pk, "identitas"]))
    shown = client.get(url).content.decode()
    assert "Pelapor Rahasia" in shown and "0813-1111-2222" in shown
    assert "Pelapor Rahasia" not in client.get(url).content.decode()  # once, on the next view only
    events = AuditEvent.objects.filter(action="complaint.reporter_view", target_id=str(levy.pk))
    assert events.count() == 1 and events.get().actor == officers[role]
    assert not AuditEvent.objects.filter(after__icontains="Pelapor Rahasia").exists()


def test_sealed_stays_sealed_after_forwarding(client, officers, levy):
    handle.forward(officers["head"], complaint=levy, handler="dinsos", reason="pungutan di loket Dinsos")
    client.force_login(officers["dinsos"])
    page = client.get(reverse("grievance:detail", args=[levy.pk])).content.decode()
    assert "Diminta Rp50.000" in page and "Pelapor Rahasia" not in page and "0813-1111-2222" not in page
    assert client.post(reverse("grievance:act", args=[levy.pk, "identitas"])).status_code == 403
    with pytest.raises(PermissionDenied):
        handle.reveal_reporter(officers["dinsos"], complaint=levy)


def test_a_superuser_is_not_a_reader_of_sealed_identities(make_user, levy):
    admin = make_user("root", superuser=True)
    with pytest.raises(PermissionDenied):
        handle.reveal_reporter(admin, complaint=levy)
    assert not selectors.visible_complaints(admin).filter(pk=levy.pk).exists()
