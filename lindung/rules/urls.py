from django.urls import path

from . import views

app_name = "rules"

urlpatterns = [
    path("", views.ruleset_list, name="list"),
    path("<slug:ruleset_id>/", views.ruleset_detail, name="detail"),
]
