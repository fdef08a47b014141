"""Who acts when `lindung` runs a command: the user named by `--pengguna` (or `LINDUNG_PENGGUNA`), with that
user's permissions and in the audit trail under their name, exactly as in the web pages; without one, the
command-line operator (`cli:<login>`), who may run programme and money commands and is named in the
audit trail (the contract's commands, DESIGN §4, work without the option)."""

from __future__ import annotations

import os

from django.core.management.base import CommandError

from .models import User
from .permissions import Operator

ENVIRONMENT = "LINDUNG_PENGGUNA"


def add_actor_argument(parser, *, required: bool = False) -> None:
    parser.add_argument("--pengguna", required=required, metavar="USER",
                        help=f"nama pengguna yang bertindak (bawaan: ${ENVIRONMENT}, atau operator baris perintah)")


def acting_user(username: str | None) -> User | Operator:
    username = (username or os.environ.get(ENVIRONMENT) or "").strip()
    if not username:
        return Operator()
    user = User.objects.filter(username=username).first()
    if user is None or not user.is_active:
        raise CommandError(f"pengguna {username!r} tidak ada atau tidak aktif")
    return user
