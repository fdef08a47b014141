"""Issue 13 item 6: the person record is a hub — applications and decisions with articles, membership
with KPJ and dates, bills — each linked, and each only for a reader who may see it."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader

from lindung.applications.services import submit, verify
from lindung.membership.models import MembershipPeriod, Participant
from lindung.programs import services as programmes
from tests.workflow import factories


def test_the_person_page_tells_the_whole_story_in_scope(client, users, make_person):
    programme = factories.programme(users["labour"])
    cycle = factories.open_cycle(users["labour"], programme)
    person = make_person("Rahmawati", kelurahan="64.71.01.1001")
    data = factories.applicant("Rahmawati", nik=person.nik, monthly_income=9_000_000, serial=None)
    application = submit.submit_application(users["lurah"], cycle=cycle, data=data)
    verify.reject(users["lurah"], application=application, reason="Penghasilan di atas UMK")
    participant = Participant.objects.create(programme=programme, person=person, kpj="12345678901")
    MembershipPeriod.objects.create(participant=participant, start=date(2025, 4, 1), end=date(2025, 6, 10),
                                    end_reason="meninggal")
    client.force_login(users["labour"])
    page = client.get(f"/penduduk/{person.pk}/").content.decode()
    assert application.reference in page and "Tidak memenuhi syarat" in page
    assert "Pasal 5 ayat (1) huruf f" in page  # the decision with its article
    assert "KPJ 12345678901" in page and "01-04-2025 s.d. 10-06-2025" in page
    assert f"/usulan/{application.pk}/" in page and f"/kepesertaan/peserta/{participant.pk}/surat.pdf" in page
    # A lurah sees the person (their kelurahan) and the application, but prints no membership letter.
    client.force_login(users["lurah"])
    lurah_page = client.get(f"/penduduk/{person.pk}/").content.decode()
    assert application.reference in lurah_page and "surat.pdf" not in lurah_page
    assert client.get(f"/kepesertaan/peserta/{participant.pk}/surat.pdf").status_code == 404


def test_the_participant_letter_states_kpj_and_coverage(client, users, make_person):
    programme = programmes.create_programme(users["labour"], code="bpp-surat", name="PBI Balikpapan",
                                            ruleset_id="balikpapan-perwali-3-2025", year=2025)
    person = make_person("Yohanes Lado")
    participant = Participant.objects.create(programme=programme, person=person, kpj="99887766554")
    MembershipPeriod.objects.create(participant=participant, start=date(2025, 4, 1))
    client.force_login(users["bpjs"])
    response = client.get(f"/kepesertaan/peserta/{participant.pk}/surat.pdf")
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages))
    assert "SURAT KETERANGAN KEPESERTAAN" in text and "99887766554" in text and person.nik in text
    assert "mulai 1 April 2025 dan masih aktif" in text
