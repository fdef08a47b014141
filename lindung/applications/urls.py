from django.urls import path, register_converter

from .views import applications, cycles, public, uploads, verify


class SheetFormat:
    """A spreadsheet export: csv or xlsx."""

    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class DocumentFormat(SheetFormat):
    """A decree annex: pdf or xlsx."""

    regex = "pdf|xlsx"


register_converter(SheetFormat, "sheet")
register_converter(DocumentFormat, "doc")

app_name = "applications"

urlpatterns = [
    # Public (no login): the worker's own application and status.
    path("usulan/daftar/", public.apply, name="apply"),
    path("usulan/daftar/periksa/", public.check, name="check"),
    path("usulan/daftar/terkirim/", public.applied, name="applied"),
    path("usulan/daftar/terkirim/tanda-terima.pdf", public.applied_receipt, name="applied_receipt"),
    path("usulan/status/", public.status, name="status"),
    # Officers: applications.
    path("usulan/", applications.application_list, name="list"),
    path("usulan/baru/", applications.application_new, name="new"),
    path("usulan/<int:pk>/", applications.application_detail, name="detail"),
    path("usulan/<int:pk>/perbaiki/", applications.application_correct, name="correct"),
    path("usulan/<int:pk>/surat/<slug:kind>.pdf", applications.letter, name="letter"),
    path("usulan/<int:pk>/dokumen/", applications.document_add, name="document_add"),
    path("usulan/<int:pk>/dokumen/<int:doc>/", applications.document, name="document"),
    path("usulan/unggah/", uploads.upload, name="upload"),
    path("usulan/unggah/<int:pk>/", uploads.upload_detail, name="upload_detail"),
    path("usulan/unggah/<int:pk>/hasil/", uploads.upload_result, name="upload_result"),
    path("usulan/siklus/", cycles.cycles, name="cycles"),
    # Verification and the later steps of a cycle.
    path("verifikasi/", verify.inbox, name="inbox"),
    path("verifikasi/semua/<slug:which>/", verify.decide_all, name="decide_all"),
    path("verifikasi/usulan/<int:pk>/setujui/", verify.approve, name="approve"),
    path("verifikasi/usulan/<int:pk>/tolak/", verify.reject, name="reject"),
    path("verifikasi/usulan/<int:pk>/kembalikan/", verify.send_back, name="send_back"),
    path("verifikasi/usulan/<int:pk>/lapangan/", verify.field_visit, name="field_visit"),
    path("verifikasi/usulan/<int:pk>/pekerjaan/", verify.occupation, name="occupation"),
    path("verifikasi/siklus/<int:pk>/", cycles.cycle, name="cycle"),
    path("verifikasi/siklus/<int:pk>/bpjs/", cycles.bpjs, name="bpjs"),
    path("verifikasi/siklus/<int:pk>/bpjs/kirim/", cycles.bpjs_start, name="bpjs_start"),
    path("verifikasi/pemeriksaan/<int:pk>/calon.<sheet:fmt>", cycles.bpjs_export, name="bpjs_export"),
    path("verifikasi/pemeriksaan/<int:pk>/jawaban/", cycles.bpjs_answer, name="bpjs_answer"),
    path("verifikasi/siklus/<int:pk>/konsolidasi/", cycles.consolidation, name="consolidation"),
    path("verifikasi/siklus/<int:pk>/konsolidasi/jalankan/", cycles.consolidate, name="consolidate"),
    path("verifikasi/ganda/<int:pk>/", cycles.decide_case, name="decide_case"),
    path("verifikasi/siklus/<int:pk>/keputusan/", cycles.decree, name="decree"),
    path("verifikasi/siklus/<int:pk>/keputusan/rancangan.<doc:fmt>", cycles.decree_draft, name="decree_draft"),
    path("verifikasi/keputusan/<int:pk>/lampiran.<doc:fmt>", cycles.decree_annex, name="decree_annex"),
    path("verifikasi/siklus/<int:pk>/pendaftaran/", cycles.enrolment, name="enrolment"),
    path("verifikasi/keputusan/<int:pk>/pendaftaran.<sheet:fmt>", cycles.registration, name="registration"),
]
