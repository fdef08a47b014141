from django.urls import path, register_converter

from . import views


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

app_name = "verification"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("semua/<slug:which>/", views.decide_all, name="decide_all"),
    path("usulan/<int:pk>/setujui/", views.approve, name="approve"),
    path("usulan/<int:pk>/tolak/", views.reject, name="reject"),
    path("usulan/<int:pk>/kembalikan/", views.send_back, name="send_back"),
    path("usulan/<int:pk>/lapangan/", views.field_visit, name="field_visit"),
    path("usulan/<int:pk>/pekerjaan/", views.occupation, name="occupation"),
    path("siklus/<int:pk>/", views.cycle, name="cycle"),
    path("siklus/<int:pk>/bpjs/", views.bpjs, name="bpjs"),
    path("siklus/<int:pk>/bpjs/kirim/", views.bpjs_start, name="bpjs_start"),
    path("pemeriksaan/<int:pk>/calon.<sheet:fmt>", views.bpjs_export, name="bpjs_export"),
    path("pemeriksaan/<int:pk>/jawaban/", views.bpjs_answer, name="bpjs_answer"),
    path("siklus/<int:pk>/konsolidasi/", views.consolidation, name="consolidation"),
    path("siklus/<int:pk>/konsolidasi/jalankan/", views.consolidate, name="consolidate"),
    path("ganda/<int:pk>/", views.decide_case, name="decide_case"),
    path("siklus/<int:pk>/keputusan/", views.decree, name="decree"),
    path("siklus/<int:pk>/keputusan/rancangan.<doc:fmt>", views.decree_draft, name="decree_draft"),
    path("keputusan/<int:pk>/lampiran.<doc:fmt>", views.decree_annex, name="decree_annex"),
    path("siklus/<int:pk>/pendaftaran/", views.enrolment, name="enrolment"),
    path("keputusan/<int:pk>/pendaftaran.<sheet:fmt>", views.registration, name="registration"),
]
