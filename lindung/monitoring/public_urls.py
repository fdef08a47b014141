"""The public transparency pages (no login), mounted at /transparansi/."""

from django.urls import path

from .views import public

app_name = "transparency"

urlpatterns = [
    path("", public.index, name="index"),
    path("<slug:code>/", public.tenant_page, name="tenant"),
    path("<slug:code>/unduh/<str:key>.<str:fmt>", public.download, name="download"),
]
