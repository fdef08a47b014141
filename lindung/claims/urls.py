from django.urls import path

from .views import claims, imports

app_name = "claims"

urlpatterns = [
    path("", claims.claim_list, name="list"),
    path("baru/", claims.new_claim, name="new"),
    path("<int:pk>/", claims.detail, name="detail"),
    path("<int:pk>/status/", claims.update_status, name="status"),
    path("peserta/<int:pk>/", claims.participant_page, name="participant"),
    path("meninggal-tanpa-klaim/", claims.deaths, name="deaths"),
    path("statistik/", claims.statistics, name="statistics"),
    path("impor/", imports.upload, name="upload"),
    path("impor/<int:pk>/", imports.import_detail, name="import_detail"),
    path("impor/<int:pk>/hasil/", imports.import_result, name="import_result"),
]
