"""Small HTTP helpers every interface shares: who is calling, and sending a generated file once."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpResponse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def send_file(path: Path, filename: str) -> HttpResponse:
    """A generated file, sent once and removed: exports hold full NIKs and must not linger on disk."""
    data = path.read_bytes()
    path.unlink(missing_ok=True)
    response = HttpResponse(data, content_type=CONTENT_TYPES[path.suffix.lstrip(".")])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
