"""Receiving a complaint on any channel (Pasal 13 ayat (1)): validated, linked to the person, application
and participant it concerns, routed by the rules in force on the day of receipt (Pasal 13 ayat (3),
Pasal 6 and Lampiran I), given its ticket number and response deadline, with its attachments.

`receive` serves the desk (LISAN, TERTULIS), the public form (DARING, actor None) and, through
`create`, the import of SP4N-LAPOR! exports and desk records (lindung.grievance.services.importing)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from lindung.accounts.permissions import can_receive_complaints, is_operator
from lindung.applications.models import Application
from lindung.domain import grievance as g
from lindung.domain import nik as nik_rules
from lindung.domain.params import ParameterFileError
from lindung.membership.models import Participant
from lindung.people.models import Person
from lindung.platform import storage
from lindung.platform.errors import PermissionDenied, require
from lindung.regions.models import Region
from lindung.tenants.models import Occupation, Tenant

from ..actions import Action
from ..models import Attachment, Channel, Complaint, Event, HandlerKind, Reporter, Status
from ..tenant_rules import TenantRules, local, rules_for
from .common import ComplaintInvalid, name_of, record, refresh_sla, user_of


@dataclass
class Received:
    """A complaint as it arrives. Codes as the contract writes them; identity fields all optional."""

    channel: str
    category: str
    text: str
    received_at: datetime  # aware; for an import with the date only, local midnight
    time_known: bool = True
    name: str = ""
    nik: str = ""
    phone: str = ""
    kelurahan: str = ""  # kelurahan code
    occupation: str = ""  # occupation code
    lapor_number: str = ""
    import_key: str = ""
    application_reference: str = ""  # "nomor usulan" the reporter quotes


def receive(actor, *, tenant: Tenant, received: Received, attachments: Iterable = (),
            rules: TenantRules | None = None) -> Complaint:
    """A complaint from an officer's desk or the public form (actor None, channel DARING). Raises
    ComplaintInvalid with every problem beside its field; a refused attachment refuses the whole entry
    so that the officer or worker fixes it with everything else they typed still on the form."""
    _require_receiver(actor, tenant, received.channel)
    rules = rules or rules_for(tenant)
    clean = _validate(tenant, received, public=actor is None)
    stored = _store_attachments(attachments)
    try:
        with transaction.atomic():
            complaint, _plan = create(actor, tenant=tenant, received=clean, rules=rules)
            for upload, kept in stored:
                attach_stored(actor, complaint, upload, kept, from_reporter=actor is None)
    except BaseException:
        for _upload, kept in stored:
            storage.absolute(kept.path).unlink(missing_ok=True)
        raise
    return complaint


def _require_receiver(actor, tenant: Tenant, channel: str) -> None:
    if actor is None:
        if channel != Channel.DARING:
            raise PermissionDenied("Pengaduan tanpa masuk hanya melalui formulir daring.")
        return
    if is_operator(actor):
        return
    require(can_receive_complaints(actor), "Peran Anda tidak mencatat pengaduan.")
    require(actor.is_superuser or actor.tenant_id == tenant.pk, "Pengaduan ini untuk pemerintah daerah lain.")


def _validate(tenant: Tenant, r: Received, *, public: bool) -> Received:
    errors: dict[str, str] = {}
    text = (r.text or "").strip()
    if not text:
        errors["text"] = "Tuliskan isi pengaduan."
    elif len(text) > g.MAX_TEXT:
        errors["text"] = f"Isi pengaduan paling banyak {g.MAX_TEXT} karakter."
    if r.channel not in Channel.values:
        errors["channel"] = "Saluran tidak dikenal."
    if r.category not in g.CATEGORIES:
        errors["category"] = "Pilih kategori pengaduan."
    if r.received_at > timezone.now():
        errors["received_at"] = "Waktu diterima tidak boleh di masa depan."
    nik = nik_rules.normalize(r.nik or "")
    if nik:
        check = nik_rules.check(nik)
        if not check.is_valid:
            errors["nik"] = "; ".join(e.message for e in check.errors)
    phone = (r.phone or "").strip()
    if phone and g.phone_key(phone) is None:
        errors["phone"] = "Nomor telepon tidak terbaca (contoh: 0812-5555-1234)."
    elif public and not phone:
        errors["phone"] = "Nomor telepon wajib diisi: dipakai untuk melacak pengaduan dan menghubungi Anda."
    kelurahan = (r.kelurahan or "").strip()
    if kelurahan and not Region.objects.filter(code=kelurahan, level=Region.Level.KELURAHAN_DESA,
                                               code__startswith=tenant.region_id + ".").exists():
        errors["kelurahan"] = "Kelurahan tidak dikenal di wilayah ini."
    occupation = (r.occupation or "").strip()
    if occupation and not Occupation.objects.filter(code=occupation).exists():
        errors["occupation"] = "Pekerjaan tidak dikenal."
    reference = (r.application_reference or "").strip().upper()
    if reference and not Application.objects.filter(reference=reference, cycle__programme__tenant=tenant).exists():
        errors["application_reference"] = "Nomor usulan tidak ditemukan."
    if errors:
        raise ComplaintInvalid(errors)
    return dataclasses.replace(r, text=text, nik=nik, phone=phone, kelurahan=kelurahan, occupation=occupation,
                               application_reference=reference, name=(r.name or "").strip()[:150])


def _store_attachments(uploads: Iterable) -> list[tuple[object, storage.Stored]]:
    kept: list[tuple[object, storage.Stored]] = []
    for upload in uploads:
        try:
            kept.append((upload, storage.store_document(upload)))
        except storage.FileRefused as exc:
            for _upload, done in kept:
                storage.absolute(done.path).unlink(missing_ok=True)
            raise ComplaintInvalid({"attachment": f"{upload.name}: {exc}"}) from exc
    return kept


def attach_stored(actor, complaint: Complaint, upload, kept: storage.Stored, *,
                  from_reporter: bool = False) -> Attachment:
    attachment = Attachment.objects.create(
        complaint=complaint, path=kept.path, original_name=(getattr(upload, "name", "") or "")[:200],
        content_type=kept.content_type, size=kept.size, sha256=kept.sha256, from_reporter=from_reporter,
        uploaded_by=user_of(actor),
    )
    record(actor, Action.COMPLAINT_ATTACH, complaint, lampiran=attachment.pk, ukuran=kept.size, sha256=kept.sha256)
    return attachment


# --- Creating the record (shared with the import) -------------------------------------------------


@dataclass(frozen=True)
class Links:
    person: Person | None = None
    application: Application | None = None
    participant: Participant | None = None


def find_links(tenant: Tenant, *, nik: str = "", application_reference: str = "") -> Links:
    """What the complaint concerns: the application quoted (or the person's latest in this tenant), the
    person by NIK, their participation in one of the tenant's programmes."""
    application = None
    if application_reference:
        application = Application.objects.filter(reference=application_reference,
                                                 cycle__programme__tenant=tenant).first()
    if application is None and nik:
        application = (Application.objects.filter(nik=nik, cycle__programme__tenant=tenant)
                       .order_by("-cycle__year", "-id").first())
    nik = nik or (application.nik if application else "")
    person = (application.person if application and application.person_id else None) or (
        Person.objects.filter(nik=nik).first() if nik else None)
    participant = None
    if person is not None:
        participant = (Participant.objects.filter(person=person, programme__tenant=tenant)
                       .order_by("-created_at").first())
    return Links(person, application, participant)


def plan(tenant: Tenant, rules: TenantRules, *, category: str, received_at: datetime, occupation: str = "",
         kelurahan: str = "", links: Links = Links()) -> g.ComplaintPlan:
    """Route and response deadline. For PENDATAAN the occupation and kelurahan come from what the
    reporter said, else from the application or the person the complaint concerns."""
    source = links.application or links.person
    occupation = occupation or (getattr(source, "occupation_id", None) or "")
    kelurahan = kelurahan or (getattr(source, "kelurahan_id", None) or "")
    day = local(received_at)
    try:
        route = g.route(category, on=day, policy=rules.policy, occupation=occupation or None,
                        kelurahan=kelurahan or None, data_collector=rules.data_collector(day.date()))
        level, due = g.due_dates(day, category, policy=rules.policy, calendar=rules.calendar)
    except ParameterFileError as exc:
        raise ComplaintInvalid({"received_at": str(exc)}) from exc
    return g.ComplaintPlan(route, level, due)


def office(rules: TenantRules, handler: str, *, on) -> tuple[dict, str]:
    """Model fields for a `ditangani_oleh` value, and a note when it had to fall back to the labour agency."""
    if handler == g.BPJS:
        return {"handler_kind": HandlerKind.BPJS, "handler_agency": None, "handler_region_id": None}, ""
    if handler.startswith(g.KELURAHAN_PREFIX):
        code = handler.removeprefix(g.KELURAHAN_PREFIX)  # a village code checked by the caller
        return {"handler_kind": HandlerKind.KELURAHAN, "handler_agency": None, "handler_region_id": code}, ""
    agency, note = rules.agency(handler), ""
    if agency is None:
        labour_agency = rules.policy.labour_agency(on)
        note = f"perangkat daerah {handler!r} tidak terdaftar: diteruskan oleh dinas ketenagakerjaan"
        agency = rules.agency(labour_agency)
        if agency is None:
            raise ComplaintInvalid({"category": (
                f"Perangkat daerah ketenagakerjaan {labour_agency!r} belum terdaftar untuk {rules.tenant}; "
                "hubungi administrator.")})
    return {"handler_kind": HandlerKind.PERANGKAT_DAERAH, "handler_agency": agency, "handler_region_id": None}, note


@dataclass
class Built:
    """A complaint ready to be written, with its reporter and first history entry (not saved yet)."""

    complaint: Complaint
    reporter: Reporter
    event: Event
    plan: g.ComplaintPlan


def build(actor, *, tenant: Tenant, received: Received, rules: TenantRules, links: Links | None = None) -> Built:
    """Route and date a validated complaint without writing anything; the plan names the handler
    actually used (after any fallback). Its ticket number is given by `save`."""
    links = links or find_links(tenant, nik=received.nik, application_reference=received.application_reference)
    the_plan = plan(tenant, rules, category=received.category, received_at=received.received_at,
                    occupation=received.occupation, kelurahan=received.kelurahan, links=links)
    fields, note = office(rules, the_plan.route.handler, on=local(received.received_at).date())
    complaint = Complaint(
        tenant=tenant, channel=received.channel, category=received.category, lapor_number=received.lapor_number,
        import_key=received.import_key, received_at=received.received_at, received_time_known=received.time_known,
        text=received.text, head_only=the_plan.route.head_only, sealed=the_plan.route.sealed,
        emergency=the_plan.route.emergency, routing_cite=the_plan.route.cite[:200],
        routing_note="; ".join(n for n in (the_plan.route.note, note) if n)[:300], received_by=user_of(actor),
        response_due=the_plan.response_due, person=links.person, application=links.application,
        participant=links.participant, **fields,
    )
    refresh_sla(complaint, rules, changes=[])  # nothing has happened yet: no history to read
    reporter = Reporter(complaint=complaint, name=received.name, nik=received.nik, phone=received.phone,
                        phone_key=g.phone_key(received.phone) or "", kelurahan_id=received.kelurahan or None,
                        occupation_id=received.occupation or None)
    event = Event(complaint=complaint, at=received.received_at, kind=Event.Kind.STATUS, status=Status.DITERIMA,
                  actor=user_of(actor), actor_kind=g.PELAPOR if actor is None else g.PETUGAS,
                  actor_name=name_of(actor)[:150], details={"channel": received.channel})
    used = dataclasses.replace(the_plan.route, handler=complaint.handled_by, note=complaint.routing_note)
    return Built(complaint, reporter, event, dataclasses.replace(the_plan, route=used))


def save(items: list[Built]) -> None:
    """Give each complaint a free random ticket number and write them with their reporters and first
    history entries, a thousand at a time (an import writes set-wise, not row by row)."""
    for start in range(0, len(items), 1000):
        chunk = items[start:start + 1000]
        numbers = {id(b): g.new_ticket_number(local(b.complaint.received_at)) for b in chunk}
        while True:  # 729 million numbers a year: a clash is rare, so this loops once or twice
            taken = set(Complaint.objects.filter(number__in=numbers.values()).values_list("number", flat=True))
            twice = Counter(numbers.values())
            clashes = [key for key, number in numbers.items() if number in taken or twice[number] > 1]
            if not clashes:
                break
            for key in clashes:
                numbers[key] = g.new_ticket_number(timezone.now())
        for b in chunk:
            b.complaint.number = numbers[id(b)]
        Complaint.objects.bulk_create([b.complaint for b in chunk])
        for b in chunk:  # now that the complaints have their keys
            b.reporter.complaint = b.event.complaint = b.complaint
        Reporter.objects.bulk_create([b.reporter for b in chunk])
        Event.objects.bulk_create([b.event for b in chunk])


def create(actor, *, tenant: Tenant, received: Received, rules: TenantRules,
           links: Links | None = None) -> tuple[Complaint, g.ComplaintPlan]:
    """One complaint written at once, with its audit event (the desk, the public form)."""
    built = build(actor, tenant=tenant, received=received, rules=rules, links=links)
    save([built])
    complaint = built.complaint
    record(actor, Action.COMPLAINT_RECEIVE, complaint, None, nomor=complaint.number, saluran=complaint.channel,
           kategori=complaint.category, ditangani_oleh=complaint.handled_by, batas_tanggapan=complaint.response_due,
           dirahasiakan=complaint.sealed, dicatat_oleh=name_of(actor))
    return complaint, built.plan
