"""How a message leaves Lindung: a pluggable sender, chosen by settings.LINDUNG_NOTIFY_SENDER.

- `file` (default): appends each message as a JSON line to `<LINDUNG_DATA_DIR>/outbox/messages.jsonl`, for a
  deployment without a gateway contract yet (an operator, or a gateway's file pickup, forwards them);
- `console`: logs each message (development);
- `http`: posts each message to an SMS/WhatsApp gateway: settings.LINDUNG_NOTIFY_GATEWAY = {"url": ...,
  "token": ..., "phone_field": "to", "text_field": "message", "reference_field": "id", "timeout": 10}.
  Any gateway that takes a JSON POST with a bearer token fits; one that needs another shape is a new class.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)


class SendFailed(Exception):
    """The gateway refused or could not be reached; the message says why (kept in the log)."""


class FileSender:
    def __init__(self, path: Path | None = None):
        self.path = path or Path(settings.DATA_DIR) / "outbox" / "messages.jsonl"

    def send(self, phone: str, text: str) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"to": phone, "text": text}, ensure_ascii=False) + "\n")
        return ""


class ConsoleSender:
    def send(self, phone: str, text: str) -> str:
        log.info("SMS ke %s: %s", phone, text)
        return ""


class HttpGatewaySender:
    def __init__(self, config: dict):
        self.url = config["url"]
        self.token = config.get("token", "")
        self.phone_field = config.get("phone_field", "to")
        self.text_field = config.get("text_field", "message")
        self.reference_field = config.get("reference_field", "id")
        self.timeout = float(config.get("timeout", 10))

    def send(self, phone: str, text: str) -> str:
        body = json.dumps({self.phone_field: phone, self.text_field: text}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json", **({"Authorization": f"Bearer {self.token}"} if self.token else {})})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise SendFailed(f"gerbang menjawab {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SendFailed(f"gerbang tidak dapat dihubungi ({getattr(exc, 'reason', exc)})") from exc
        except ValueError as exc:
            raise SendFailed("jawaban gerbang bukan JSON") from exc
        return str(answer.get(self.reference_field, ""))[:100] if isinstance(answer, dict) else ""


def configured():
    kind = getattr(settings, "LINDUNG_NOTIFY_SENDER", "file")
    if kind == "console":
        return ConsoleSender()
    if kind == "http":
        return HttpGatewaySender(settings.LINDUNG_NOTIFY_GATEWAY)
    return FileSender()
