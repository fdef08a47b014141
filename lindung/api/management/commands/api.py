"""`lindung api token create --user USERNAME [--days N]` (contract, DESIGN §4): prints a new token as its last
line (shown once: only its hash is kept). `lindung api token list [--user USERNAME]` and `lindung api token
revoke PREFIX` manage them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lindung.accounts.commandline import acting_user, add_actor_argument
from lindung.accounts.models import User
from lindung.api import tokens
from lindung.api.models import ApiToken


class Command(BaseCommand):
    help = "Token API untuk sistem mitra."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        token = sub.add_parser("token", help="token API").add_subparsers(dest="action", required=True)
        create = token.add_parser("create", help="buat token baru (dicetak sekali, pada baris terakhir)")
        create.add_argument("--user", required=True, metavar="USERNAME", help="pengguna yang diwakili token")
        create.add_argument("--days", type=int, default=tokens.DEFAULT_DAYS, metavar="N",
                            help=f"masa berlaku dalam hari (bawaan {tokens.DEFAULT_DAYS})")
        create.add_argument("--name", default="", help="nama sistem mitra, untuk daftar token")
        add_actor_argument(create)
        listing = token.add_parser("list", help="daftar token (tanpa isinya)")
        listing.add_argument("--user", metavar="USERNAME")
        revoke = token.add_parser("revoke", help="cabut token")
        revoke.add_argument("prefix", help="awalan token (12 karakter pertama, lihat `list`)")
        add_actor_argument(revoke)

    def handle(self, *args, what, action, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, *, user, days, name, pengguna, **_):
        found = User.objects.filter(username=user).first()
        if found is None:
            raise CommandError(f"pengguna {user!r} tidak ada")
        try:
            record, token = tokens.create_token(acting_user(pengguna), user=found, days=days, name=name)
        except tokens.TokenRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Token untuk {found.username} ({found.role_label}), berlaku sampai "
                          f"{timezone.localtime(record.expires_at):%Y-%m-%d %H:%M}. Simpan sekarang: tidak dapat "
                          f"ditampilkan lagi.")
        self.stdout.write(token)

    def _list(self, *, user=None, **_):
        rows = ApiToken.objects.select_related("user")
        if user:
            rows = rows.filter(user__username=user)
        for row in rows:
            state = "dicabut" if row.revoked_at else ("kedaluwarsa" if row.expires_at <= timezone.now() else "berlaku")
            used = f"{timezone.localtime(row.last_used_at):%Y-%m-%d %H:%M}" if row.last_used_at else "belum dipakai"
            self.stdout.write(f"{row.prefix}  {row.user.username:<16} {state:<12} sampai "
                              f"{timezone.localtime(row.expires_at):%Y-%m-%d}  terakhir: {used}  {row.name}")

    def _revoke(self, *, prefix, pengguna, **_):
        found = ApiToken.objects.filter(prefix=prefix).first()
        if found is None:
            raise CommandError(f"token {prefix!r} tidak ada (lihat `lindung api token list`)")
        tokens.revoke_token(acting_user(pengguna), token=found)
        self.stdout.write(f"Token {found.prefix} milik {found.user.username} dicabut.")
