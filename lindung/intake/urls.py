from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    # Public (no login): the worker's own application and status.
    path("daftar/", views.apply, name="apply"),
    path("daftar/periksa/", views.check, name="check"),
    path("daftar/terkirim/", views.applied, name="applied"),
    path("status/", views.status, name="status"),
    # Officers.
    path("", views.application_list, name="list"),
    path("baru/", views.application_new, name="new"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/perbaiki/", views.application_correct, name="correct"),
    path("<int:pk>/dokumen/", views.document_add, name="document_add"),
    path("<int:pk>/dokumen/<int:doc>/", views.document, name="document"),
    path("unggah/", views.upload, name="upload"),
    path("unggah/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("unggah/<int:pk>/hasil/", views.upload_result, name="upload_result"),
    path("siklus/", views.cycles, name="cycles"),
]
