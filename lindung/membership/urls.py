from django.urls import path

from . import views

app_name = "membership"

urlpatterns = [
    path("peserta/", views.participant_list, name="participants"),
    path("usulan-penghentian/", views.proposals, name="proposals"),
    path("usulan-penghentian/<int:pk>/", views.decide, name="decide"),
    path("usulan-penghentian/putuskan/", views.decide_selected, name="decide_selected"),
    path("peserta/<int:pk>/surat.pdf", views.letter, name="letter"),
]
