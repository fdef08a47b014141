from django.urls import path

from . import views

app_name = "registers"

urlpatterns = [
    path("", views.screening, name="screening"),
    path("<uuid:pk>/", views.screening_result, name="screening_result"),
    path("<uuid:pk>/pasangan/", views.screening_pair, name="screening_pair"),
    path("<uuid:pk>/unduh/<str:fmt>/", views.screening_download, name="screening_download"),
    path("data/", views.datasets, name="datasets"),
    path("data/<int:pk>/", views.dataset_detail, name="dataset_detail"),
]
