from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<int:pk>/anggaran/", views.budget, name="budget"),
]
