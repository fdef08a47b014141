from django.contrib import admin
from django.urls import include, path

from lindung.api.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("akun/", include("lindung.accounts.urls")),
    path("penduduk/", include("lindung.people.urls")),
    path("pekerjaan-latar/", include("lindung.jobs.urls")),
    path("pesan/", include("lindung.notifications.urls")),
    path("aturan/", include("lindung.rules.urls")),
    path("penyaringan/", include("lindung.registers.urls")),
    path("program/", include("lindung.programs.urls")),
    path("kepesertaan/", include("lindung.membership.urls")),
    path("klaim/", include("lindung.claims.urls")),
    path("monitoring/", include("lindung.monitoring.urls")),
    path("transparansi/", include("lindung.monitoring.public_urls")),
    path("", include("lindung.billing.urls")),
    path("", include("lindung.applications.urls")),
    path("", include("lindung.grievance.urls")),
    path("", include("lindung.web.urls")),
]
