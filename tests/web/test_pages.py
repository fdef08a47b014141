from django.urls import reverse

from lindung.audit.models import AuditEvent


def login(client, user):
    client.force_login(user)
    return client


def test_dashboard_shows_counts_in_scope(client, users, make_person):
    make_person("Ani", kelurahan="64.71.01.1001")
    make_person("Budi", kelurahan="64.71.06.1001", sex="L")
    page = login(client, users["lurah"]).get(reverse("web:dashboard")).content.decode()
    assert "Penduduk dalam cakupan Anda" in page
    assert '<a href="/penduduk/">1</a>' in page


def test_lurah_gets_404_for_a_person_elsewhere(client, users, make_person):
    elsewhere = make_person("Budi", kelurahan="64.71.06.1001", sex="L")
    response = login(client, users["lurah"]).get(reverse("people:detail", args=[elsewhere.pk]))
    assert response.status_code == 404


def test_nik_is_masked_until_revealed_and_the_reveal_is_audited(client, users, make_person):
    person = make_person("Ani", kelurahan="64.71.01.1001")
    login(client, users["lurah"])
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert person.nik not in page and person.masked_nik in page
    client.post(reverse("people:reveal_nik", args=[person.pk]))
    assert person.nik in client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert AuditEvent.objects.filter(action="person.nik_view", target_id=str(person.pk)).exists()
    # Shown once: the next view is masked again.
    assert person.nik not in client.get(reverse("people:detail", args=[person.pk])).content.decode()


def test_audit_page_is_for_auditors_not_agencies(client, users):
    assert login(client, users["auditor"]).get(reverse("web:audit")).status_code == 200
    client.logout()
    assert login(client, users["dinsos"]).get(reverse("web:audit")).status_code == 403


def test_english_is_available(client, users):
    login(client, users["labour"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_the_audit_page_says_each_action_in_words(client, users, make_person):
    person = make_person()
    from lindung.people import services

    services.reveal_nik(users["labour"], person=person)
    client.force_login(users["auditor"])
    page = client.get("/audit/").content.decode()
    assert "NIK lengkap dilihat" in page and "person.nik_view" in page


def test_the_audit_page_reads_before_and_after_filters_and_exports(client, users, make_person, balikpapan):
    """Issue 13 item 3: `{'status': 'agreed'}` showed raw; /audit/?hal=abc was a 500."""
    from lindung.audit import services as audit

    person = make_person("Sumarni")
    audit.record(users["labour"], "application.reject", person, before={"status": "DIAJUKAN"},
                 after={"status": "DITOLAK", "applications": list(range(40))}, tenant=balikpapan)
    client.force_login(users["auditor"])
    page = client.get("/audit/").content.decode()
    assert "Usulan ditolak" in page and "DIAJUKAN → DITOLAK" not in page
    assert "Diajukan, menunggu verifikasi → Ditolak" in page and "40 butir" in page
    assert client.get("/audit/?hal=abc&dari=kemarin").status_code == 200
    assert "Usulan ditolak" not in client.get("/audit/?pelaku=tidak-ada").content.decode()
    export = client.get("/audit/?ekspor=csv").content.decode().splitlines()
    assert export[0] == "waktu,pelaku,tindakan,kode_tindakan,objek,perubahan" and len(export) >= 2
