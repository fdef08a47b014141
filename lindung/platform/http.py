"""Small HTTP helpers every interface shares: who is calling, reading numbers from a query string without
ever failing on what a visitor typed, and sending a generated file once."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpResponse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


# The largest key a database integer column holds: a bigger number in a URL or a query string identifies
# nothing (and would overflow the driver), so it is read as "absent".
DB_INT_MAX = 2**63 - 1


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def query_int(request, name: str, default: int | None = None, *, minimum: int = 1,
              maximum: int = DB_INT_MAX) -> int | None:
    """An integer from the query string, or `default` when it is missing, not a number, or outside
    [minimum, maximum]: a hand-edited URL gets the page as if the parameter were absent, never a 500."""
    text = (request.GET.get(name) or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return default
    value = int(text)
    return value if minimum <= value <= maximum else default


def send_file(path: Path, filename: str) -> HttpResponse:
    """A generated file, sent once and removed: exports hold full NIKs and must not linger on disk."""
    data = path.read_bytes()
    path.unlink(missing_ok=True)
    response = HttpResponse(data, content_type=CONTENT_TYPES[path.suffix.lstrip(".")])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
