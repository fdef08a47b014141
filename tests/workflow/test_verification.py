"""Verification, BPJS check, TVEM consolidation, decree and enrolment, each by its own role."""

from datetime import date

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lindung.accounts.permissions import PermissionDenied
from lindung.applications import documents
from lindung.applications.models import Application, DuplicateCase
from lindung.applications.services import bpjs_check, consolidate, enrol, status, verify
from lindung.applications.services import decree as decrees
from lindung.applications.services import submit as submitting
from lindung.audit.models import AuditEvent
from lindung.membership.models import MembershipPeriod, Participant
from lindung.platform.files import TableError, write_table

from . import factories
from .factories import applicant

S = Application.Status


def submit(cycle, actor=None, **kw):
    return submitting.submit_application(actor, cycle=cycle, data=applicant(**kw))


# --- Verification (Pasal 7 ayat (2)) -------------------------------------------------------------------


def test_the_responsible_lurah_approves_and_the_person_enters_the_register(cycle, users, poor):
    app = submit(cycle)
    verify.approve(users["lurah"], application=app)
    app.refresh_from_db()
    assert app.status == S.DIVERIFIKASI and app.person.nik == app.nik
    event = AuditEvent.objects.get(action="application.approve")
    assert event.before == {"status": "DIAJUKAN", "person_id": None}
    assert event.after["status"] == "DIVERIFIKASI"


def test_only_the_responsible_officer_may_decide(cycle, users, poor):
    app = submit(cycle)  # pemulung in Manggar: Camat/Lurah
    for role in ("dishub", "dinsos", "labour", "tvem", "bpjs", "auditor"):
        with pytest.raises(PermissionDenied):
            verify.approve(users[role], application=app)
        with pytest.raises(PermissionDenied):
            verify.reject(users[role], application=app, reason="tidak")
    verify.approve(users["camat"], application=app)  # the kecamatan also covers Manggar


def test_perlu_verifikasi_needs_a_confirming_field_visit(cycle, users):
    app = submit(cycle)
    assert app.keputusan == "PERLU_VERIFIKASI"
    with pytest.raises(status.StepRefused):
        verify.approve(users["lurah"], application=app)
    verify.record_field_visit(users["lurah"], application=app, on=timezone.localdate(), confirms=True,
                                note="Rumah semi permanen, penghasilan harian tidak tetap")
    verify.approve(users["lurah"], application=app)
    assert app.status == S.DIVERIFIKASI


def test_not_eligible_cannot_be_approved_only_rejected_with_a_reason(cycle, users, poor):
    app = submit(cycle, monthly_income=9_000_000)
    assert app.keputusan == "TIDAK_LAYAK"
    with pytest.raises(status.StepRefused):
        verify.approve(users["lurah"], application=app)
    with pytest.raises(status.StepRefused):
        verify.reject(users["lurah"], application=app, reason="  ")
    verify.reject(users["lurah"], application=app, reason="Penghasilan di atas UMK")
    assert app.status == S.DITOLAK and app.status_reason == "Penghasilan di atas UMK"


def test_send_back_then_correct_resubmits_and_re_evaluates(cycle, users, poor):
    app = submit(cycle, monthly_income=9_000_000)
    verify.send_back(users["lurah"], application=app, reason="Penghasilan salah tulis, mohon dicek")
    submitting.correct_application(users["lurah"], application=app, data={"monthly_income": 1_200_000})
    app.refresh_from_db()
    assert app.status == S.DIAJUKAN and app.keputusan == "LAYAK"
    assert AuditEvent.objects.filter(action="application.correct", target_id=str(app.pk)).exists()


def test_invalid_transitions_are_refused(cycle, users, poor):
    app = submit(cycle)
    verify.reject(users["lurah"], application=app, reason="Tidak berdomisili")
    with pytest.raises(status.TransitionRefused):
        verify.approve(users["lurah"], application=app)
    with pytest.raises(status.TransitionRefused):
        status.move(users["lurah"], application=app, target=S.TERDAFTAR, action="hack")
    with pytest.raises(status.TransitionRefused):
        submitting.correct_application(users["lurah"], application=app, data={"name": "X"})
    app.refresh_from_db()
    assert app.status == S.DITOLAK


def test_data_collection_occupation_wins_over_the_ektp_one(cycle, users, poor):
    """Pasal 6 ayat (4)."""
    app = submit(cycle, occupation="pemulung", ktp_occupation="Karyawan swasta")
    assert app.keputusan == "LAYAK"  # judged on the collected occupation
    verify.approve(users["lurah"], application=app)
    assert app.person.occupation_id == "pemulung"


def test_a_corrected_occupation_reroutes_the_application(cycle, users, poor):
    app = submit(cycle, occupation="pemulung")
    verify.set_collected_occupation(users["lurah"], application=app, occupation_code="tukang_ojek", note="Di lapangan bekerja sebagai ojek")
    app.refresh_from_db()
    assert app.agency == users["dishub"].agency and not app.territorial
    with pytest.raises(PermissionDenied):
        verify.approve(users["lurah"], application=app)
    verify.approve(users["dishub"], application=app)


# --- The whole way: BPJS check, consolidation, decree, enrolment --------------------------------------


# Clearly different people: "Calon 0" and "Calon 1", born the same day in the same kelurahan, are what
# the consolidation's duplicate matcher rightly holds as one person under a mistyped name.
CANDIDATE_NAMES = ["Ahmad Fauzi", "Rahmawati Siregar", "Yohanes Londa", "Ketut Sudarma", "Wahyuni Daeng"]


def verified(cycle, users, n=1, **kw):
    apps = []
    for i in range(n):
        app = submit(cycle, name=CANDIDATE_NAMES[i], **kw)
        verify.approve(users["lurah"], application=app)
        apps.append(app)
    return apps


def answer_file(tmp_path, rows, name="jawaban.csv", header=("nik", "kpj", "status")):
    return write_table([dict(zip(header, r, strict=True)) for r in rows], tmp_path / name, header)


def test_bpjs_check_export_and_answer(cycle, users, poor, tmp_path):
    a, b, c = verified(cycle, users, 3)
    with pytest.raises(PermissionDenied):
        bpjs_check.start_bpjs_check(users["bpjs"], cycle=cycle)
    check = bpjs_check.start_bpjs_check(users["labour"], cycle=cycle)
    assert set(Application.objects.values_list("status", flat=True)) == {S.CEK_BPJS}
    exported = bpjs_check.export_bpjs_check(users["bpjs"], check=check, fmt="csv")
    assert {a.nik, b.nik, c.nik} <= set(exported.read_text().split(",")) | {
        line.split(",")[0] for line in exported.read_text().splitlines()}
    answer = answer_file(tmp_path, [(a.nik, "12345678901", "AKTIF"), (b.nik, "", "NONAKTIF"),
                                    ("6471015705900999", "", "AKTIF")])
    result = factories.answer_bpjs(users["bpjs"], check, answer)
    assert (result.active, result.not_participant, result.still_pending) == (1, 1, 1)
    assert [p.reason for p in result.problems] == ["bukan calon pada pemeriksaan ini"]
    statuses = dict(Application.objects.values_list("nik", "status"))
    assert statuses == {a.nik: S.SUDAH_PESERTA, b.nik: S.LOLOS_BPJS, c.nik: S.CEK_BPJS}
    again = factories.answer_bpjs(users["bpjs"], check, answer)
    assert (again.active, again.not_participant) == (0, 0)


def test_bpjs_answer_with_a_column_mapping_and_absent_rows(cycle, users, poor, tmp_path):
    a, _ = verified(cycle, users, 2)
    check = bpjs_check.start_bpjs_check(users["labour"], cycle=cycle)
    answer = answer_file(tmp_path, [(a.nik, "AKTIF")], header=("No Identitas", "Keterangan Kepesertaan"))
    with pytest.raises(TableError):  # the default layout lacks the columns
        factories.answer_bpjs(users["bpjs"], check, answer)
    result = factories.answer_bpjs(users["bpjs"], check, answer, absent_means_not_participant=True,
                                         mapping={"No Identitas": "nik", "Keterangan Kepesertaan": "status"})
    assert (result.active, result.not_participant) == (1, 1)


def through_bpjs(cycle, users, apps, tmp_path):
    check = bpjs_check.start_bpjs_check(users["labour"], cycle=cycle)
    factories.answer_bpjs(users["bpjs"], check, answer_file(tmp_path, [(a.nik, "", "NONAKTIF") for a in apps]))


def test_consolidation_ranks_by_priority_when_over_quota(users, programme, poor, tmp_path):
    cycle = factories.open_cycle(users["labour"], programme, quota=2)
    plain = submit(cycle, name="Biasa", serial=5001)
    disabled = submit(cycle, name="Disabilitas", serial=5002, disability=True)
    extreme_nik = applicant(serial=5003)["nik"]
    poor.extreme.add(extreme_nik)
    extreme = submit(cycle, name="Miskin Ekstrem", serial=5003)
    apps = [plain, disabled, extreme]
    for app in apps:
        verify.approve(users["lurah"], application=app)
    through_bpjs(cycle, users, apps, tmp_path)
    with pytest.raises(PermissionDenied):
        consolidate.consolidate(users["labour"], cycle=cycle)
    result = consolidate.consolidate(users["tvem"], cycle=cycle)
    assert (result.added, result.selected, result.reserve, result.quota) == (3, 2, 1, 2)
    ranked = dict(Application.objects.values_list("name", "rank"))
    assert ranked == {"Miskin Ekstrem": 1, "Disabilitas": 2, "Biasa": 3}  # Pasal 5 ayat (2) order
    assert Application.objects.get(name="Biasa").status == S.CADANGAN
    again = consolidate.consolidate(users["tvem"], cycle=cycle)
    assert (again.added, again.selected, again.reserve) == (0, 2, 1)


def test_the_same_nik_proposed_by_the_province_is_held_for_the_tvem(users, programme, poor, tmp_path, make_user):
    province_labour = make_user("disnakertrans", "disnaker", agency="disnaker", tenant=programme.tenant.__class__.objects.get(code="kaltim"))
    province = factories.programme(province_labour, "kaltim-pbi", tenant="kaltim", name="PBI Provinsi Kaltim",
                                   ruleset="kaltim-pergub-40-2025")
    province_cycle = factories.open_cycle(province_labour, province)
    cycle = factories.open_cycle(users["labour"], programme)
    data = applicant(serial=7001)
    ours = submitting.submit_application(None, cycle=cycle, data=data)
    submitting.submit_application(None, cycle=province_cycle, data=data)
    verify.approve(users["lurah"], application=ours)
    through_bpjs(cycle, users, [ours], tmp_path)
    result = consolidate.consolidate(users["tvem"], cycle=cycle)
    assert result.cases_opened == 1 and result.held == 1
    ours.refresh_from_db()
    assert ours.on_hold and list(decrees.decree_candidates(cycle)) == []
    case = DuplicateCase.objects.get()
    assert case.kind == DuplicateCase.Kind.NIK_PROGRAM_LAIN and "Kaltim" in case.other
    consolidate.decide_duplicate(users["tvem"], case=case, keep=consolidate.KEEP_OTHER, note="Dibiayai provinsi")
    ours.refresh_from_db()
    assert ours.status == S.DITOLAK and not ours.on_hold and "Dibiayai provinsi" in ours.status_reason
    assert consolidate.consolidate(users["tvem"], cycle=cycle).cases_opened == 0  # decided once, not reopened


def test_probable_same_person_across_agencies_is_held_then_released(cycle, users, poor, tmp_path):
    born = date(1985, 2, 3)
    one = submit(cycle, name="Rudi Hartono", sex="L", birth_date=born, serial=8001)
    two = submit(cycle, name="Rudi  hartono", sex="L", birth_date=born, serial=8002, occupation="tukang_ojek")
    verify.approve(users["lurah"], application=one)
    verify.approve(users["dishub"], application=two)
    through_bpjs(cycle, users, [one, two], tmp_path)
    result = consolidate.consolidate(users["tvem"], cycle=cycle)
    assert result.held == 2 and result.ranked == 0
    case = DuplicateCase.objects.get(kind=DuplicateCase.Kind.KEMUNGKINAN_GANDA)
    consolidate.decide_duplicate(users["tvem"], case=case, keep=None, note="Dua orang berbeda, dicek ke Disdukcapil")
    assert set(Application.objects.values_list("status", "on_hold")) == {(S.KONSOLIDASI, False)}
    assert Application.objects.filter(rank__isnull=False).count() == 2


def test_keeping_one_of_two_rejects_the_other(cycle, users, poor, tmp_path):
    born = date(1985, 2, 3)
    one = submit(cycle, name="Rudi Hartono", sex="L", birth_date=born, serial=8101)
    two = submit(cycle, name="Rudi Hartono", sex="L", birth_date=born, serial=8102)
    for app in (one, two):
        verify.approve(users["lurah"], application=app)
    through_bpjs(cycle, users, [one, two], tmp_path)
    consolidate.consolidate(users["tvem"], cycle=cycle)
    case = DuplicateCase.objects.get()
    consolidate.decide_duplicate(users["tvem"], case=case, keep=one.pk, note="NIK kedua salah ketik")
    assert dict(Application.objects.values_list("id", "status")) == {one.pk: S.KONSOLIDASI, two.pk: S.DITOLAK}


@pytest.fixture
def consolidated(cycle, users, poor, tmp_path):
    apps = verified(cycle, users, 2)
    through_bpjs(cycle, users, apps, tmp_path)
    consolidate.consolidate(users["tvem"], cycle=cycle)
    return apps


def test_draft_annex_as_pdf_and_xlsx(cycle, users, consolidated):
    pdf = decrees.draft_annex(users["labour"], cycle=cycle, fmt="pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "RANCANGAN" in text and "Ahmad Fauzi" in text and "WALI KOTA BALIKPAPAN" in text
    xlsx = decrees.draft_annex(users["labour"], cycle=cycle, fmt="xlsx")
    from lindung.platform.files import read_headers

    assert read_headers(xlsx)[:3] == ["no", "nik", "nama"]
    with pytest.raises(PermissionDenied):
        decrees.draft_annex(users["tvem"], cycle=cycle, fmt="pdf")


def test_signed_decree_locks_the_list(cycle, users, poor, consolidated, tmp_path):
    decree = decrees.record_decree(users["labour"], cycle=cycle, number="100.3.3.2/123/2026", signed_on=timezone.localdate())
    assert decree.beneficiaries == 2 and decree.entries.count() == 2
    app = Application.objects.get(pk=consolidated[0].pk)
    assert app.status == S.DITETAPKAN and app.is_locked
    with pytest.raises((status.TransitionRefused, PermissionDenied)):
        verify.reject(users["lurah"], application=app, reason="berubah pikiran")
    with pytest.raises(status.TransitionRefused):
        submitting.add_document(users["lurah"], application=app, kind="ktp", upload=None)
    with pytest.raises(status.StepRefused):  # nothing new to fix: the list cannot be re-signed
        decrees.record_decree(users["labour"], cycle=cycle, number="100.3.3.2/124/2026", signed_on=timezone.localdate())
    # A candidate consolidated later is fixed by a new decree; the first one's annex is unchanged.
    late = verified(cycle, users, 1, serial=9001)
    through_bpjs(cycle, users, late, tmp_path)
    consolidate.consolidate(users["tvem"], cycle=cycle)
    second = decrees.record_decree(users["labour"], cycle=cycle, number="100.3.3.2/200/2026", signed_on=timezone.localdate())
    assert second.beneficiaries == 1 and decree.entries.count() == 2
    pdf = decrees.signed_annex(users["labour"], decree=decree, fmt="pdf")
    assert "100.3.3.2/123/2026" in PdfReader(pdf).pages[0].extract_text()


def test_an_amending_decree_takes_a_beneficiary_out_before_enrolment(cycle, users, consolidated, tmp_path):
    first, second = consolidated
    decree = decrees.record_decree(users["labour"], cycle=cycle, number="SK-1", signed_on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        decrees.record_amendment(users["tvem"], cycle=cycle, number="SK-2", signed_on=timezone.localdate(),
                                  niks=[first.nik], reason="meninggal dunia")
    with pytest.raises(status.StepRefused):  # the reason is part of the decree
        decrees.record_amendment(users["labour"], cycle=cycle, number="SK-2", signed_on=timezone.localdate(),
                                  niks=[first.nik], reason=" ")
    with pytest.raises(status.StepRefused):  # only someone an earlier decree fixed
        decrees.record_amendment(users["labour"], cycle=cycle, number="SK-2", signed_on=timezone.localdate(),
                                  niks=["6471010101900009"], reason="salah ketik")
    amendment = decrees.record_amendment(users["labour"], cycle=cycle, number="SK-2", signed_on=timezone.localdate(),
                                          niks=[first.nik], reason="meninggal dunia sebelum kepesertaan mulai")
    assert amendment.revoked == 1 and amendment.beneficiaries == 0
    assert Application.objects.get(pk=first.pk).status == S.DICABUT
    assert Application.objects.get(pk=second.pk).status == S.DITETAPKAN
    # The first decree's annex stays as signed; the registration for BPJS leaves the revoked one out.
    assert decree.entries.count() == 2
    lines = enrol.registration_file(users["labour"], decree=decree, fmt="csv").read_text().splitlines()
    assert len(lines) == 2 and second.nik in lines[1]
    annex = "".join(p.extract_text() for p in PdfReader(decrees.signed_annex(users["labour"], decree=amendment, fmt="pdf")).pages)
    assert "PERUBAHAN" in annex and first.name in annex and second.name not in annex
    with pytest.raises(status.StepRefused):  # taken out once
        decrees.record_amendment(users["labour"], cycle=cycle, number="SK-3", signed_on=timezone.localdate(),
                                  niks=[first.nik], reason="lagi")
    assert AuditEvent.objects.filter(action="decree.amend").count() == 1


def test_an_enrolled_participant_is_not_taken_out_by_decree(cycle, users, consolidated, tmp_path):
    decree = decrees.record_decree(users["labour"], cycle=cycle, number="SK-1", signed_on=timezone.localdate())
    enrolled = consolidated[0]
    factories.answer_kpj(users["labour"], cycle, answer_file(tmp_path, [(enrolled.nik, "12345678901", "")],
                                                                header=("nik", "kpj", "nama")))
    assert Application.objects.get(pk=enrolled.pk).status == S.TERDAFTAR
    with pytest.raises(status.StepRefused, match="Pasal 10"):
        decrees.record_amendment(users["labour"], cycle=cycle, number="SK-2", signed_on=timezone.localdate(),
                                  niks=[enrolled.nik], reason="pindah domisili")
    assert decree.entries.filter(revoked_by__isnull=False).count() == 0


def test_enrolment_creates_participants_active_on_the_enrolment_date(cycle, users, consolidated, tmp_path):
    decree = decrees.record_decree(users["labour"], cycle=cycle, number="SK-1", signed_on=timezone.localdate())
    registration = enrol.registration_file(users["labour"], decree=decree, fmt="csv")
    lines = registration.read_text().splitlines()
    assert lines[0].startswith("nik,") and len(lines) == 3 and cycle.enrolment_date.isoformat() in lines[1]
    a, b = consolidated
    kpj = write_table([{"nik": a.nik, "kpj": "26010000001"}, {"nik": b.nik, "kpj": "26010000002"},
                       {"nik": "6471015705900999", "kpj": "1"}], tmp_path / "kpj.csv", ("nik", "kpj"))
    with pytest.raises(PermissionDenied):
        factories.answer_kpj(users["bpjs"], cycle, kpj)
    result = factories.answer_kpj(users["labour"], cycle, kpj)
    assert result.enrolled == 2 and len(result.problems) == 1
    participant = Participant.objects.get(person__nik=a.nik)
    assert participant.kpj == "26010000001" and participant.programme == cycle.programme
    period = MembershipPeriod.objects.get(participant=participant)
    assert period.start == cycle.enrolment_date and period.end is None
    assert set(Application.objects.values_list("status", flat=True)) == {S.TERDAFTAR}
    again = factories.answer_kpj(users["labour"], cycle, kpj)
    assert (again.enrolled, again.already) == (0, 2)
    assert Participant.objects.count() == 2 and MembershipPeriod.objects.count() == 2


def test_whole_worklist_decisions_stay_in_scope(cycle, users, poor):
    good = submit(cycle, name="Layak")
    bad = submit(cycle, name="Penghasilan Tinggi", monthly_income=9_000_000)
    unsure_nik = applicant(serial=6001)["nik"]
    poor.unknown.add(unsure_nik)
    unsure = submit(cycle, name="Belum Ada Data", serial=6001)
    ojek = submit(cycle, name="Ojek Tinggi", occupation="tukang_ojek", sex="L", monthly_income=9_000_000)
    from lindung.applications.selectors import worklist

    assert verify.reject_ineligible(users["dishub"], applications=worklist(users["lurah"])) == 0  # not dishub's
    assert verify.reject_ineligible(users["lurah"], applications=worklist(users["lurah"])) == 1
    assert verify.approve_eligible(users["lurah"], applications=worklist(users["lurah"])) == 1
    statuses = dict(Application.objects.values_list("name", "status"))
    assert statuses == {"Layak": S.DIVERIFIKASI, "Penghasilan Tinggi": S.DITOLAK, "Belum Ada Data": S.DIAJUKAN,
                        "Ojek Tinggi": S.DIAJUKAN}
    bad.refresh_from_db()
    assert "Pasal 5 ayat (1) huruf f" in bad.status_reason
    good.refresh_from_db()
    assert good.person is not None and unsure.keputusan == "PERLU_VERIFIKASI" and ojek.agency_id
    assert AuditEvent.objects.filter(action="application.reject_ineligible").count() == 1


def test_the_decree_page_records_an_amendment(client, cycle, users, consolidated):
    from django.urls import reverse

    decrees.record_decree(users["labour"], cycle=cycle, number="SK-1", signed_on=timezone.localdate())
    client.force_login(users["labour"])
    url = reverse("applications:decree", args=[cycle.pk])
    response = client.post(url, {"number": "SK-2", "signed_on": timezone.localdate().isoformat(),
                                 "niks": consolidated[1].nik, "reason": "pindah ke luar kota"}, follow=True)
    assert "1 penerima dicabut" in response.content.decode()
    assert Application.objects.get(pk=consolidated[1].pk).status == S.DICABUT
    page = client.post(url, {"number": "SK-3", "signed_on": timezone.localdate().isoformat(),
                             "niks": "6471010101900009", "reason": "x"}).content.decode()
    assert "Bukan penerima yang ditetapkan" in page


def test_a_province_decree_annex_says_it_rests_on_provisional_rules(users, make_user, poor, tmp_path):
    """Issue 15: nobody signs a decree believing it rests on confirmed articles."""
    kaltim = users["labour"].tenant.__class__.objects.get(code="kaltim")
    province_labour = make_user("disnakertrans.annex", "disnaker", agency="disnaker", tenant=kaltim)
    province = factories.programme(province_labour, "kaltim-pbi", tenant="kaltim", name="PBI Provinsi Kaltim",
                                   ruleset="kaltim-pergub-40-2025")
    cycle = factories.open_cycle(province_labour, province)
    application = submitting.submit_application(None, cycle=cycle, data=applicant(serial=7301))
    application.refresh_from_db()
    assert application.keputusan in ("LAYAK", "PERLU_VERIFIKASI")
    Application.objects.filter(pk=application.pk).update(status=S.KONSOLIDASI)  # the steps before are tested above
    text = "".join(p.extract_text() for p in PdfReader(decrees.draft_annex(province_labour, cycle=cycle, fmt="pdf")).pages)
    assert "GUBERNUR" in text and "Dasar: ketentuan sementara Peraturan Gubernur Kalimantan Timur Nomor 40" in text
    city_cycle = factories.open_cycle(users["labour"], factories.programme(users["labour"]))
    assert "sementara" not in documents.basis(city_cycle) and "Perwali" not in documents.basis(city_cycle)
    assert documents.basis(city_cycle) == "Dasar: Peraturan Wali Kota Balikpapan Nomor 3 Tahun 2025"
