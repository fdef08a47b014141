"""What a worker's phone is told when their application moves (sent back, refused, fixed by decree,
enrolled), queued in the outbox (lindung.notifications). Short: an SMS is 160 characters."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.formats import date_format

from lindung.notifications import services as outbox

from .actions import Action
from .models import Application


def _short(text: str, size: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _who(application: Application) -> str:
    if application.territorial:
        return f"Kel. {application.kelurahan.name}"
    return application.agency.short_name or application.agency.name if application.agency_id else "Disnaker"


def _queue(applications: Iterable[Application], text, purpose: str) -> int:
    applications = list(applications)
    if not applications:
        return 0
    tenant = applications[0].cycle.programme.tenant
    return outbox.queue(tenant=tenant, purpose=purpose,
                        messages=((a.phone, text(a), a) for a in applications if a.phone))


def sent_back(applications: Iterable[Application]) -> int:
    return _queue(applications, lambda a: (
        f"Lindung: usulan {a.reference} dikembalikan untuk diperbaiki: {_short(a.status_reason)}. "
        f"Hubungi {_who(a)} dengan KTP, KK dan surat domisili."), Action.APPLICATION_SEND_BACK)


def refused(applications: Iterable[Application]) -> int:
    return _queue(applications, lambda a: (
        f"Lindung: usulan {a.reference} tidak dapat diterima: {_short(a.status_reason)}. "
        f"Keberatan: Dinas Tenaga Kerja."), Action.APPLICATION_REJECT)


def fixed(applications: Iterable[Application], decree) -> int:
    return _queue(applications, lambda a: (
        f"Lindung: Anda ditetapkan sebagai penerima iuran JKK dan JKM (Keputusan {decree.number}). Kepesertaan "
        f"mulai {date_format(a.cycle.enrolment_date, 'j F Y')}."), Action.DECREE_FIX)


def enrolled(applications: Iterable[Application]) -> int:
    return _queue(applications, lambda a: (
        f"Lindung: Anda terdaftar sebagai peserta JKK dan JKM mulai {date_format(a.cycle.enrolment_date, 'j F Y')}, "
        f"KPJ {a.kpj}. Iuran dibayar Pemerintah Daerah."), Action.ENROLMENT_ENROL)
