"""Queueing and sending messages to workers' phones. A capability that decides about a worker (sent back,
refused, fixed by decree, enrolled, complaint answered) queues a message; sending happens outside the
request, with retries: a failed attempt waits 5 min, 30 min, 2 h, 12 h, and after five attempts the message
is marked failed, visible to the labour agency, who can send it again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lindung.accounts.permissions import can_manage_programmes
from lindung.audit import services as audit
from lindung.jobs import services as jobs
from lindung.platform.errors import require

from .actions import Action
from .models import Message
from .phones import normalize_phone
from .senders import SendFailed, configured

JOB_KIND = "notifications.send"
BACKOFF = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12))
MAX_ATTEMPTS = len(BACKOFF) + 1


def queue(*, tenant, messages: Iterable[tuple[str, str, object]], purpose: str) -> int:
    """Queue (phone, text, target) messages; rows without a usable phone number are skipped. Sending
    starts after the caller's transaction commits. Returns how many were queued."""
    rows = []
    now = timezone.now()
    for phone, text, target in messages:
        number = normalize_phone(phone)
        if not number:
            continue
        rows.append(Message(tenant=tenant, phone=number, text=text[:1000], purpose=purpose, next_attempt_at=now,
                            target_type=target._meta.label_lower if target is not None else "",
                            target_id=str(target.pk) if target is not None else ""))
    Message.objects.bulk_create(rows, batch_size=1000)
    if rows:
        transaction.on_commit(lambda: jobs.submit(JOB_KIND, title="Kirim pesan ke pekerja", actor=None,
                                                  tenant=tenant, params={}))
    return len(rows)


def deliver_due(*, sender=None, now=None, limit: int = 1000) -> dict[str, int]:
    """Send every message whose time has come; returns counts. Safe to run often (cron or the job)."""
    sender = sender or configured()
    now = now or timezone.now()
    due = (Message.objects.filter(status=Message.Status.MENUNGGU)
           .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)).order_by("id")[:limit])
    counts = {"terkirim": 0, "dicoba_lagi": 0, "gagal": 0}
    for message in due:
        message.attempts += 1
        try:
            message.provider_reference = sender.send(message.phone, message.text)
        except SendFailed as exc:
            message.last_error = str(exc)[:300]
            if message.attempts >= MAX_ATTEMPTS:
                message.status, message.next_attempt_at = Message.Status.GAGAL, None
                counts["gagal"] += 1
            else:
                message.next_attempt_at = now + BACKOFF[message.attempts - 1]
                counts["dicoba_lagi"] += 1
        else:
            message.status, message.sent_at, message.next_attempt_at, message.last_error = (
                Message.Status.TERKIRIM, now, None, "")
            counts["terkirim"] += 1
        message.save(update_fields=["attempts", "provider_reference", "last_error", "status", "next_attempt_at",
                                    "sent_at"])
    return counts


@transaction.atomic
def retry(actor, *, message: Message) -> Message:
    """The labour agency sends a failed message again (after correcting the gateway, say)."""
    require(can_manage_programmes(actor), "Hanya Dinas Tenaga Kerja yang mengirim ulang pesan.")
    message.status, message.attempts, message.next_attempt_at = Message.Status.MENUNGGU, 0, timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit.record(actor, Action.MESSAGE_RETRY, message, tenant=message.tenant)
    transaction.on_commit(lambda: jobs.submit(JOB_KIND, title="Kirim ulang pesan", actor=actor, params={}))
    return message
