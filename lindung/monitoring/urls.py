from django.urls import path

from .views import coverage, programme, reports

app_name = "monitoring"

urlpatterns = [
    path("", programme.programme, name="programme"),
    path("cakupan/", coverage.coverage, name="coverage"),
    path("cakupan/impor/", coverage.import_figures, name="import_figures"),
    path("cakupan/sasaran/", coverage.set_target, name="set_target"),
    path("anggaran/", coverage.money, name="money"),
    path("kabupaten-kota/", reports.province, name="province"),
    path("laporan/", reports.reports, name="reports"),
    path("laporan/<str:kind>", reports.report_file, name="report_file"),
    path("hitung-ulang/", programme.refresh, name="refresh"),
    path("unduh/<str:page>/<str:key>.<str:fmt>", programme.download, name="download"),
]
