"""Handling a complaint in its office (Pasal 13): take it up, answer, close on the reporter's word or reopen
it, give it to an officer, forward it to another office with a reason, comment (one comment is the
resolution the reporter sees), attach a scanned letter, link it to what it concerns. Every step checks
lindung.grievance.permissions, goes through the domain's status machine and writes the audit trail."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lindung.accounts.models import User
from lindung.accounts.permissions import can_see_sealed_reporter
from lindung.applications.models import Application
from lindung.audit import services as audit
from lindung.domain import grievance as g
from lindung.notifications import services as outbox
from lindung.platform import storage
from lindung.platform.errors import PermissionDenied, require
from lindung.regions.selectors import known_village_codes

from ..actions import Action
from ..models import Attachment, Comment, Complaint, Event, Reporter, Status
from ..permissions import may_be_assigned, may_forward, may_handle
from ..tenant_rules import rules_for
from .common import ComplaintInvalid, ComplaintRefused, add_event, evaluate, move, name_of, record, snapshot
from .receive import Links, attach_stored, find_links, office

MAX_COMMENT = 10_000


def _require_handler(actor, complaint: Complaint) -> None:
    require(may_handle(actor, complaint), "Pengaduan ini ditangani unit lain.")


def _text(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ComplaintInvalid({"text": f"Tuliskan {what}."})
    if len(text) > MAX_COMMENT:
        raise ComplaintInvalid({"text": f"{what.capitalize()} paling banyak {MAX_COMMENT} karakter."})
    return text


@transaction.atomic
def take_up(actor, *, complaint: Complaint, note: str = "") -> Complaint:
    """The first response (DITERIMA -> DIPROSES) or taking a reopened complaint up again; the officer
    who takes it up becomes its handler when nobody is."""
    _require_handler(actor, complaint)
    move(actor, complaint, Status.DIPROSES, actor_kind=g.PETUGAS, action=Action.COMPLAINT_TAKE_UP, reason=note.strip())
    if complaint.assigned_to_id is None and isinstance(actor, User) and may_be_assigned(actor, complaint):
        _give(actor, complaint, actor, "")
    if note.strip():
        comment(actor, complaint=complaint, text=note, internal=True)
    return complaint


@transaction.atomic
def answer(actor, *, complaint: Complaint, text: str) -> Comment:
    """The follow-up decision (DIJAWAB): the answer becomes the resolution the reporter reads on the
    tracking page; the reporter's window to reply (auto-close) starts."""
    _require_handler(actor, complaint)
    text = _text(text, "jawaban")
    move(actor, complaint, Status.DIJAWAB, actor_kind=g.PETUGAS, action=Action.COMPLAINT_ANSWER)
    Comment.objects.filter(complaint=complaint, is_resolution=True).update(is_resolution=False)
    resolution = Comment.objects.create(complaint=complaint, author=actor if isinstance(actor, User) else None,
                                        author_name=name_of(actor)[:150], internal=False, is_resolution=True,
                                        text=text)
    # The reporter is told on their phone (lindung.notifications); the answer itself is read on the
    # tracking page with the ticket number and the phone, so the message names neither the matter nor them.
    reporter = Reporter.objects.filter(complaint=complaint).only("phone").first()
    if reporter is not None and reporter.phone:
        outbox.queue(tenant=complaint.tenant, purpose=Action.COMPLAINT_ANSWER, messages=[(
            reporter.phone, f"Lindung: pengaduan {complaint.number} sudah dijawab. Baca jawabannya di halaman Lacak "
                            f"Pengaduan dengan nomor ini dan nomor telepon Anda.", complaint)])
    return resolution


@transaction.atomic
def close(actor, *, complaint: Complaint, note: str = "") -> Complaint:
    """The reporter accepts the answer, said at the desk or on the phone (DIJAWAB -> SELESAI)."""
    _require_handler(actor, complaint)
    return move(actor, complaint, Status.SELESAI, actor_kind=g.PETUGAS, action=Action.COMPLAINT_CLOSE,
                reason=note.strip())


@transaction.atomic
def reopen(actor, *, complaint: Complaint, reason: str) -> Complaint:
    """The reporter is not satisfied, said at the desk or on the phone, within the window after the answer."""
    _require_handler(actor, complaint)
    reason = _text(reason, "alasan pelapor")
    rules = rules_for(complaint.tenant)
    if complaint.status == Status.DIJAWAB and not evaluate(complaint, rules).may_reopen:
        raise ComplaintRefused("Batas waktu pelapor menanggapi jawaban sudah lewat; catat sebagai pengaduan baru.")
    move(actor, complaint, Status.DIBUKA_KEMBALI, actor_kind=g.PETUGAS, action=Action.COMPLAINT_REOPEN,
         reason=reason, rules=rules)
    Comment.objects.create(complaint=complaint, author=actor if isinstance(actor, User) else None,
                           author_name=name_of(actor)[:150], from_reporter=True, internal=False, text=reason)
    return complaint


@transaction.atomic
def assign(actor, *, complaint: Complaint, officer: User, reason: str = "") -> Complaint:
    """Give the complaint to an officer of its office (Pasal 13 ayat (3): BPJS assigns an officer)."""
    _require_handler(actor, complaint)
    if complaint.is_closed:
        raise ComplaintRefused("Pengaduan sudah ditutup.")
    if not may_be_assigned(officer, complaint):
        raise ComplaintInvalid({"officer": "Petugas ini bukan bagian dari unit yang menangani pengaduan."})
    reason = reason.strip()
    if complaint.assigned_to_id and complaint.assigned_to_id != officer.pk and not reason:
        raise ComplaintInvalid({"reason": "Tuliskan alasan penggantian petugas."})
    return _give(actor, complaint, officer, reason)


def _give(actor, complaint: Complaint, officer: User, reason: str) -> Complaint:
    before = snapshot(complaint)
    previous = complaint.assigned_to
    complaint.assigned_to = officer
    complaint.save(update_fields=["assigned_to", "updated_at"])
    add_event(complaint, Event.Kind.TUGASKAN, actor=actor, actor_kind=g.PETUGAS, reason=reason,
              dari=name_of(previous) if previous else "", ke=name_of(officer))
    record(actor, Action.COMPLAINT_ASSIGN, complaint, before, **({"alasan": reason} if reason else {}))
    return complaint


@transaction.atomic
def forward(actor, *, complaint: Complaint, handler: str, reason: str) -> Complaint:
    """Send the complaint to another office (`bpjs`, an agency code, `kelurahan:<code>`), with a reason.
    Deadlines keep counting from the day of receipt; a sealed complaint stays sealed wherever it goes."""
    require(may_forward(actor, complaint), "Pengaduan ini ditangani unit lain.")
    if complaint.is_closed:
        raise ComplaintRefused("Pengaduan sudah ditutup.")
    reason = _text(reason, "alasan penerusan")
    if handler.startswith(g.KELURAHAN_PREFIX) and handler.removeprefix(g.KELURAHAN_PREFIX) not in known_village_codes(
            complaint.tenant.region_id):
        raise ComplaintInvalid({"handler": "Kelurahan tidak dikenal di wilayah pemerintah daerah ini."})
    rules = rules_for(complaint.tenant)
    fields, note = office(rules, handler, on=timezone.localdate())
    if note:
        raise ComplaintInvalid({"handler": "Unit tujuan tidak dikenal."})
    previous = complaint.handled_by
    if previous == handler and not complaint.head_only:
        raise ComplaintInvalid({"handler": "Pengaduan sudah ditangani unit ini."})
    before = snapshot(complaint)
    for name, value in fields.items():
        setattr(complaint, name, value)
    complaint.head_only = False
    complaint.assigned_to = None
    complaint.save()
    add_event(complaint, Event.Kind.TERUSKAN, actor=actor, actor_kind=g.PETUGAS, reason=reason, dari=previous,
              ke=complaint.handled_by)
    record(actor, Action.COMPLAINT_FORWARD, complaint, before, alasan=reason, dari=previous, ke=complaint.handled_by)
    return complaint


@transaction.atomic
def comment(actor, *, complaint: Complaint, text: str, internal: bool = True) -> Comment:
    """A note: internal (officers only) or for the reporter (shown on the tracking page only when it is
    marked as the resolution)."""
    _require_handler(actor, complaint)
    note = Comment.objects.create(complaint=complaint, author=actor if isinstance(actor, User) else None,
                                  author_name=name_of(actor)[:150], internal=internal,
                                  text=_text(text, "catatan"))
    record(actor, Action.COMPLAINT_COMMENT, complaint, None, catatan=note.pk, internal=internal)
    return note


@transaction.atomic
def mark_resolution(actor, *, complaint: Complaint, note: Comment) -> Comment:
    """Mark which note answers the complaint (the tracking page shows it); internal notes cannot be."""
    _require_handler(actor, complaint)
    if note.complaint_id != complaint.pk or note.internal:
        raise ComplaintInvalid({"comment": "Hanya catatan untuk pelapor yang dapat menjadi jawaban penyelesaian."})
    Comment.objects.filter(complaint=complaint, is_resolution=True).exclude(pk=note.pk).update(is_resolution=False)
    note.is_resolution = True
    note.save(update_fields=["is_resolution"])
    record(actor, Action.COMPLAINT_RESOLUTION, complaint, None, catatan=note.pk)
    return note


@transaction.atomic
def attach(actor, *, complaint: Complaint, upload) -> Attachment:
    """A scanned letter or a photo; refused (nothing else changes) when not PDF/JPEG/PNG or too large."""
    _require_handler(actor, complaint)
    try:
        kept = storage.store_document(upload)
    except storage.FileRefused as exc:
        raise ComplaintInvalid({"attachment": f"{upload.name}: {exc}"}) from exc
    return attach_stored(actor, complaint, upload, kept)


def open_attachment(actor, *, attachment: Attachment, ip: str | None = None):
    """The stored file for a user the selector let see the complaint; every opening is audited."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Silakan masuk terlebih dahulu.")
    record(actor, Action.COMPLAINT_ATTACHMENT_VIEW, attachment.complaint, None, lampiran=attachment.pk)
    return storage.absolute(attachment.path).open("rb")


@transaction.atomic
def link(actor, *, complaint: Complaint, application_reference: str = "", nik: str = "") -> Complaint:
    """Link the complaint to an application (by its number) or a person (by NIK), and through them to a
    participation; a complaint about a rejected application then shows the decision with its articles."""
    _require_handler(actor, complaint)
    reference = (application_reference or "").strip().upper()
    if reference and not Application.objects.filter(reference=reference,
                                                    cycle__programme__tenant=complaint.tenant).exists():
        raise ComplaintInvalid({"application_reference": "Nomor usulan tidak ditemukan."})
    found: Links = find_links(complaint.tenant, nik=(nik or "").strip(), application_reference=reference)
    if not (found.person or found.application):
        raise ComplaintInvalid({"nik": "Tidak ada penduduk atau usulan dengan data ini."})
    before = snapshot(complaint)
    complaint.person, complaint.application, complaint.participant = found.person, found.application, found.participant
    complaint.save()
    add_event(complaint, Event.Kind.TAUTAN, actor=actor, actor_kind=g.PETUGAS,
              usulan=found.application.reference if found.application else "")
    record(actor, Action.COMPLAINT_LINK, complaint, before)
    return complaint


def reveal_reporter(actor, *, complaint: Complaint, ip: str | None = None) -> Reporter | None:
    """The sealed reporter's identity, for the head of the labour agency and auditors; each look is an
    audit event (which names the complaint, never the reporter)."""
    require(can_see_sealed_reporter(actor), "Identitas pelapor pengaduan ini dirahasiakan.")
    require(actor.tenant_id == complaint.tenant_id, "Pengaduan ini milik pemerintah daerah lain.")
    audit.record(actor, Action.COMPLAINT_REPORTER_VIEW, complaint, tenant=complaint.tenant, ip=ip)
    return Reporter.objects.select_related("kelurahan", "occupation").filter(complaint=complaint).first()
