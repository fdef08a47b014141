"""Cycles, applications, routing (Lampiran I), evaluation, documents and scoping."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lindung.accounts.permissions import PermissionDenied
from lindung.applications import evaluation, selectors
from lindung.applications.models import Application, Document
from lindung.applications.services import cycles, status, submit
from lindung.audit.models import AuditEvent
from lindung.people.models import Person
from lindung.platform import storage

from .factories import applicant

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_default_cycle_is_the_third_quarter_and_enrols_next_january(users, programme):
    cycle = cycles.create_cycle(users["labour"], programme=programme, year=2026)
    assert (cycle.collection_start, cycle.collection_end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert cycle.enrolment_date == date(2027, 1, 1)
    assert AuditEvent.objects.filter(action="cycle.create").count() == 1


def test_only_the_labour_agency_opens_cycles(users, programme):
    for role in ("dishub", "tvem", "bpjs", "lurah"):
        with pytest.raises(PermissionDenied):
            cycles.create_cycle(users[role], programme=programme, year=2026)


def test_public_application_is_routed_evaluated_and_stays_out_of_the_register(cycle):
    app = submit.submit_application(None, cycle=cycle, data=applicant())
    assert app.status == Application.Status.DIAJUKAN and app.channel == "publik"
    assert app.territorial and app.agency is None  # pemulung: Camat/Lurah (Lampiran I)
    assert app.person is None and not Person.objects.exists()
    # No poverty data loaded: the rule set asks for field verification, with the article.
    assert app.keputusan == "PERLU_VERIFIKASI"
    assert [f["cite"] for f in app.findings if f["code"] == "DATA_KEMISKINAN_TIDAK_ADA"] == ["Pasal 5 ayat (1) huruf b"]
    event = AuditEvent.objects.get(action="application.submit")
    assert event.actor is None and event.after["evaluation"]["keputusan"] == "PERLU_VERIFIKASI"


def test_agency_occupations_are_routed_to_their_agency(cycle, users):
    app = submit.submit_application(None, cycle=cycle, data=applicant("Made Ojek", occupation="tukang_ojek", sex="L"))
    assert app.agency == users["dishub"].agency and not app.territorial


def test_officer_entry_creates_the_person(cycle, users, poor):
    app = submit.submit_application(users["lurah"], cycle=cycle, data=applicant())
    assert app.channel == "petugas" and app.person.nik == app.nik
    assert app.keputusan == "LAYAK"


def test_same_nik_twice_in_a_cycle_is_refused(cycle):
    data = applicant()
    submit.submit_application(None, cycle=cycle, data=data)
    with pytest.raises(status.ApplicationInvalid) as err:
        submit.submit_application(None, cycle=cycle, data={**data, "name": "Siti A."})
    assert "nik" in err.value.errors
    assert Application.objects.count() == 1


def test_outside_the_collection_window_is_refused(users, programme):
    today = timezone.localdate()
    cycle = cycles.create_cycle(users["labour"], programme=programme, year=today.year, collection_start=today - timedelta(days=60),
                                  collection_end=today - timedelta(days=1), enrolment_date=date(today.year + 1, 1, 1))
    with pytest.raises(status.ApplicationInvalid) as err:
        submit.submit_application(None, cycle=cycle, data=applicant())
    assert "__all__" in err.value.errors


def test_invalid_data_lists_every_problem(cycle):
    with pytest.raises(status.ApplicationInvalid) as err:
        submit.submit_application(None, cycle=cycle, data=applicant(nik="12345", name="", kelurahan_id="64.71.99.9999"))
    assert {"nik", "name", "kelurahan_id"} <= set(err.value.errors)
    assert not Application.objects.exists()


def test_failed_criteria_are_explained_with_their_article(cycle):
    app = submit.submit_application(None, cycle=cycle, data=applicant(birth_date=date(1950, 1, 1), monthly_income=5_000_000))
    assert app.keputusan == "TIDAK_LAYAK"
    explained = evaluation.explain(app.findings)
    cites = {line.code: line.cite for line in explained.problems}
    assert cites["USIA_DI_LUAR_BATAS"] == "Pasal 5 ayat (1) huruf c"
    assert cites["PENGHASILAN_TIDAK_DI_BAWAH_UMK"] == "Pasal 5 ayat (1) huruf f"


def test_public_live_check_never_reveals_the_registers(cycle, poor):
    data = applicant()
    poor.insured.add(data["nik"])
    row = evaluation.applicant_row({**data, "applied_on": timezone.localdate()})
    explained = evaluation.explain_public(cycle.programme.ruleset, row, partial=False)
    shown = {line.code for line in explained.problems + explained.checks}
    assert "SUDAH_TERDAFTAR" not in shown and "DATA_KEMISKINAN_TIDAK_ADA" not in shown
    assert explained.keputusan == "LAYAK"
    partial = evaluation.explain_public(cycle.programme.ruleset, {"nik": data["nik"]}, partial=True)
    assert all(line.code != "DATA_WAJIB_KOSONG" for line in partial.problems)


# --- Scoping ----------------------------------------------------------------------------------------


@pytest.fixture
def spread(cycle):
    """One application per responsibility: Manggar pemulung, Prapatan pemulung, an ojek, a fisher."""
    return {
        "manggar": submit.submit_application(None, cycle=cycle, data=applicant("Warga Manggar")),
        "prapatan": submit.submit_application(None, cycle=cycle, data=applicant("Warga Prapatan", kelurahan="64.71.06.1001")),
        "ojek": submit.submit_application(None, cycle=cycle, data=applicant("Tukang Ojek", occupation="tukang_ojek", sex="L")),
        "nelayan": submit.submit_application(None, cycle=cycle, data=applicant("Nelayan", occupation="nelayan", sex="L")),
    }


def _names(user):
    return set(selectors.visible_applications(user).values_list("name", flat=True))


def test_each_role_sees_exactly_its_scope(spread, users, make_user):
    dp3 = make_user("dp3", "perangkat_daerah", agency="dp3")
    assert _names(users["dishub"]) == {"Tukang Ojek"}
    assert _names(dp3) == {"Nelayan"}
    assert _names(users["dinsos"]) == set()
    assert _names(users["lurah"]) == {"Warga Manggar"}
    assert _names(users["camat"]) == {"Warga Manggar"}  # Prapatan is in Balikpapan Kota
    assert _names(users["labour"]) == _names(users["tvem"]) == _names(users["auditor"]) == {
        "Warga Manggar", "Warga Prapatan", "Tukang Ojek", "Nelayan"}
    assert _names(users["bpjs"]) == set()  # nothing has reached the BPJS check yet


def test_an_agency_cannot_open_another_agencys_application(spread, users):
    with pytest.raises(Application.DoesNotExist):
        selectors.get_application(users["dishub"], spread["nelayan"].pk)
    assert selectors.get_application(users["dishub"], spread["ojek"].pk) == spread["ojek"]


def test_other_tenants_see_nothing(spread, make_user):
    from lindung.tenants.models import Tenant

    samarinda = Tenant.objects.get(code="samarinda")
    officer = make_user("disnaker.smd", "disnaker", agency="disnaker", tenant=samarinda)
    assert _names(officer) == set()


# --- Documents ---------------------------------------------------------------------------------------


def test_documents_are_checked_by_their_bytes_and_stored_under_random_names(cycle, users):
    app = submit.submit_application(None, cycle=cycle, data=applicant(), documents=[
        ("ktp", SimpleUploadedFile("ktp saya.pdf", PDF, content_type="application/pdf")),
        ("kk", SimpleUploadedFile("kk.png", PNG, content_type="image/png")),
    ])
    docs = {d.kind: d for d in app.documents.all()}
    assert docs["ktp"].content_type == "application/pdf" and docs["kk"].content_type == "image/png"
    assert "ktp saya" not in docs["ktp"].path and docs["ktp"].path.endswith(".pdf")
    assert storage.absolute(docs["ktp"].path).read_bytes() == PDF


def test_a_renamed_executable_is_refused(cycle):
    fake = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(status.ApplicationInvalid) as err:
        submit.submit_application(None, cycle=cycle, data=applicant(), documents=[("ktp", fake)])
    assert "doc_ktp" in err.value.errors
    assert not Application.objects.exists() and not Document.objects.exists()


def test_an_oversized_document_is_refused(cycle, monkeypatch):
    monkeypatch.setattr(storage, "DOCUMENT_MAX_BYTES", 1000)
    big = SimpleUploadedFile("kk.pdf", PDF + b"0" * 2000, content_type="application/pdf")
    with pytest.raises(status.ApplicationInvalid):
        submit.submit_application(None, cycle=cycle, data=applicant(), documents=[("kk", big)])


def test_worker_lookup_needs_both_nik_and_birth_date(cycle):
    data = applicant()
    submit.submit_application(None, cycle=cycle, data=data)
    assert len(selectors.for_worker(data["nik"], data["birth_date"])) == 1
    assert selectors.for_worker(data["nik"], date(1990, 5, 18)) == []
