from django.urls import reverse

from lindung.accounts.models import Role, User


def test_login_then_dashboard(client, users):
    response = client.post(reverse("accounts:login"), {"username": "disnaker", "password": "rahasia-uji-123"})
    assert response.status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_lockout_after_repeated_failures(client, users):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "disnaker", "password": "salah"})
    # Even the right password is refused while locked.
    response = client.post(reverse("accounts:login"), {"username": "disnaker", "password": "rahasia-uji-123"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_pages_need_login(client, db):
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_territorial_officer_needs_a_kecamatan_or_kelurahan(balikpapan):
    import pytest
    from django.core.exceptions import ValidationError

    user = User(username="x", role=Role.KEWILAYAHAN, tenant=balikpapan)
    with pytest.raises(ValidationError):
        user.full_clean(exclude=["password"])


def test_security_headers(client, db):
    response = client.get(reverse("accounts:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
