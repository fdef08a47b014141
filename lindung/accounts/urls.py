from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("verifikasi/", views.mfa_verify, name="mfa_verify"),
    path("daftar-otp/", views.mfa_enrol, name="mfa_enrol"),
    path("keamanan/", views.security, name="security"),
    path("keamanan/kode-pemulihan/", views.new_codes, name="new_codes"),
]
