"""The REST API for partner systems, /api/v1/ (DESIGN §4 "REST API (contract)"): the province, BPJS's
branch tools, village apps and SP4N-LAPOR! call the same selectors and services as the web pages, with
the token's user and that user's scope. Schema /api/v1/openapi.json, documentation /api/v1/docs (Swagger
UI files served by the app: no CDN)."""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from lindung.platform.http import client_ip

from . import errors, tokens


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`: the request acts as the token's user, with that user's scope."""

    openapi_description = "Token dari `lindung api token create --user USERNAME [--days N]`"

    def authenticate(self, request, token: str):
        user = tokens.authenticate(token, client_ip(request))
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Lindung API",
    version="1",
    description=("API untuk sistem mitra (provinsi, BPJS Ketenagakerjaan, aplikasi desa, SP4N-LAPOR!). Setiap "
                 "permintaan bertindak sebagai pengguna pemilik token, dengan cakupan pengguna itu; di luar cakupan "
                 "jawabannya 404, sama dengan data yang tidak ada. Galat: JSON {kode, pesan}."),
    urls_namespace="api",
    auth=BearerToken(),
    throttle=[AuthRateThrottle(getattr(settings, "LINDUNG_API_RATE", "600/m"))],
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)


def _routes() -> None:
    from . import applications, billing, membership, people, public, screening

    for module in (screening, people, applications, membership, billing, public):
        api.add_router("", module.router)


_routes()
