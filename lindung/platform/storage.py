"""Files kept for the workflow: supporting documents, uploaded spreadsheets, generated results.

Everything lives under MEDIA_ROOT with a random name (never the uploader's), and is served only
through permission-checked views: MEDIA_ROOT is not published by the web server.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

# A document is PDF, JPEG or PNG as its first bytes say; the name and the browser's type are not trusted.
MAGIC = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
DOCUMENT_MAX_BYTES = getattr(settings, "LINDUNG_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024)
SPREADSHEET_MAX_BYTES = getattr(settings, "LINDUNG_SPREADSHEET_MAX_BYTES", 200 * 1024 * 1024)


class FileRefused(ValueError):
    """The uploaded file cannot be kept; the message says why, in Bahasa Indonesia."""


@dataclass(frozen=True)
class Stored:
    path: str  # relative to MEDIA_ROOT
    size: int
    sha256: str
    content_type: str = ""


def root() -> Path:
    return Path(settings.MEDIA_ROOT)


def absolute(relative: str) -> Path:
    path = (root() / relative).resolve()
    if root().resolve() not in path.parents:  # a stored path never leaves MEDIA_ROOT
        raise FileRefused("lokasi berkas tidak sah")
    return path


def _target(folder: str, extension: str) -> tuple[str, Path]:
    relative = f"{folder}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"
    path = root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return relative, path


def _copy(upload, path: Path, max_bytes: int) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with path.open("wb") as out:
        for chunk in upload.chunks():
            size += len(chunk)
            if size > max_bytes:
                out.close()
                path.unlink(missing_ok=True)
                raise FileRefused(f"berkas lebih besar dari {max_bytes // (1024 * 1024)} MB")
            digest.update(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the first bytes, or None when not an accepted document type."""
    for magic, content_type, extension in MAGIC:
        if head.startswith(magic):
            return content_type, extension
    return None


def store_document(upload) -> Stored:
    """Check a document's type by its magic bytes and its size, then keep it under a random name."""
    if upload.size is not None and upload.size > DOCUMENT_MAX_BYTES:
        raise FileRefused(f"berkas lebih besar dari {DOCUMENT_MAX_BYTES // (1024 * 1024)} MB")
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise FileRefused("hanya berkas PDF, JPEG atau PNG yang diterima")
    relative, path = _target("dokumen", kind[1])
    size, sha = _copy(upload, path, DOCUMENT_MAX_BYTES)
    if size == 0:
        path.unlink(missing_ok=True)
        raise FileRefused("berkas kosong")
    return Stored(relative, size, sha, kind[0])


def store_spreadsheet(upload, extension: str) -> Stored:
    relative, path = _target("unggahan", extension)
    size, sha = _copy(upload, path, SPREADSHEET_MAX_BYTES)
    return Stored(relative, size, sha)


def new_output(folder: str, extension: str) -> tuple[str, Path]:
    """A fresh random path for a generated file (results, exports)."""
    return _target(folder, extension)
