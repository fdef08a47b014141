from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.months, name="months"),
    path("<int:pk>/<str:month>/", views.month_page, name="month"),
    path("<int:pk>/<str:month>/susun/", views.run, name="run"),
    path("<int:pk>/<str:month>/tagihan-bpjs/", views.upload_invoice, name="upload"),
    path("<int:pk>/<str:month>/sepakati/", views.agree, name="agree"),
    path("<int:pk>/<str:month>/buka-kembali/", views.reopen, name="reopen"),
    path("<int:pk>/<str:month>/bayar/", views.pay, name="pay"),
    path("<int:pk>/<str:month>/unduh/<str:kind>/", views.download, name="download"),
]
