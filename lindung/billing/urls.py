from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("program/<int:pk>/anggaran/", views.budget, name="budget"),
    path("program/<int:pk>/anggaran/sumber-dana/", views.add_source, name="add_source"),
    path("program/<int:pk>/anggaran/bagi/", views.assign, name="assign"),
    path("program/<int:pk>/anggaran/<int:year>/peserta/", views.assignments, name="assignments"),
    path("tagihan/", views.months, name="months"),
    path("tagihan/<int:pk>/<str:month>/", views.month_page, name="month"),
    path("tagihan/<int:pk>/<str:month>/susun/", views.run, name="run"),
    path("tagihan/<int:pk>/<str:month>/tagihan-bpjs/", views.upload_invoice, name="upload"),
    path("tagihan/<int:pk>/<str:month>/sepakati/", views.agree, name="agree"),
    path("tagihan/<int:pk>/<str:month>/buka-kembali/", views.reopen, name="reopen"),
    path("tagihan/<int:pk>/<str:month>/bayar/", views.pay, name="pay"),
    path("tagihan/<int:pk>/<str:month>/unduh/<str:kind>/", views.download, name="download"),
]
