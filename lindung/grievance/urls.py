from django.urls import path

from .views import desk, imports, officers, public

app_name = "grievance"

urlpatterns = [
    # Public (no login): the worker's complaint, its receipt, tracking.
    path("pengaduan/", public.complain, name="complain"),
    path("pengaduan/terkirim/", public.sent, name="sent"),
    path("pengaduan/lacak/", public.track, name="track"),
    path("pengaduan/lacak/tanggapi/", public.reply, name="reply"),
    # Officers.
    path("pengaduan/petugas/", officers.worklist, name="worklist"),
    path("pengaduan/petugas/baru/", desk.new, name="new"),
    path("pengaduan/petugas/statistik/", officers.statistics_page, name="statistics"),
    path("pengaduan/petugas/impor/", imports.upload, name="import"),
    path("pengaduan/petugas/impor/<uuid:pk>/", imports.detail, name="import_detail"),
    path("pengaduan/petugas/impor/<uuid:pk>/hasil.csv", imports.result, name="import_result"),
    path("pengaduan/petugas/<int:pk>/", officers.detail, name="detail"),
    path("pengaduan/petugas/<int:pk>/slip/", desk.slip, name="slip"),
    path("pengaduan/petugas/<int:pk>/lampiran/<int:att>/", officers.attachment, name="attachment"),
    path("pengaduan/petugas/<int:pk>/<slug:step>/", officers.act, name="act"),
]
