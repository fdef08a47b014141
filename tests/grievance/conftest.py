"""Complaint fixtures: the suite's users plus the head of the labour agency, and a helper that
receives a complaint at a given moment (local time, WITA) the way the desk does."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from lindung.accounts.models import Role
from lindung.grievance.services.receive import Received, receive


@pytest.fixture
def head(make_user):
    user = make_user("kadisnaker", Role.DISNAKER, agency="disnaker")
    user.is_head = True
    user.save()
    return user


@pytest.fixture
def officers(users, head, make_user):
    """The suite's users, the head of the labour agency, a DP3 officer and a Prapatan lurah."""
    return {**users, "head": head, "dp3": make_user("dp3", Role.PERANGKAT_DAERAH, agency="dp3"),
            "lurah_prapatan": make_user("lurah.prapatan", Role.KEWILAYAHAN, region="64.71.06.1001")}


def at(*args) -> datetime:
    """An aware moment in the installation's local time (Asia/Makassar)."""
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def complain(balikpapan, users):
    """Receive a complaint as the labour agency's desk would (LISAN unless said otherwise)."""

    def make(category: str = "IURAN", *, actor=None, when: datetime | None = None, channel: str = "LISAN",
             text: str = "Kartu belum diterima", attachments=(), **identity):
        received = Received(channel=channel, category=category, text=text,
                            received_at=when or timezone.now(), phone=identity.pop("phone", "0812-5555-1234"),
                            **identity)
        return receive(users["labour"] if actor is None else actor, tenant=balikpapan, received=received,
                       attachments=attachments)

    return make
