"""Submitting an application (Perwali 3/2025 Pasal 6-7) from the public form or an officer: validation,
routing (Lampiran I), evaluation by the rule set, the register entry, correction after a send-back,
and supporting documents."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from lindung.accounts.permissions import can_enter_applications
from lindung.audit import services as audit
from lindung.domain import nik as nik_rules
from lindung.people import services as people
from lindung.people.models import Person, normalize_name
from lindung.platform import storage
from lindung.platform.errors import PermissionDenied, require
from lindung.regions.selectors import get_village
from lindung.tenants.models import Occupation
from lindung.tenants.selectors import responsible_for

from .. import evaluation, letters
from ..actions import Action
from ..models import Application, Cycle, Document
from ..permissions import entry_refusal, is_responsible_for, require_same_tenant
from .status import ApplicationInvalid, TransitionRefused

S = Application.Status


def route(cycle: Cycle, occupation_code: str, on: date) -> tuple[int | None, bool]:
    """(agency id, territorial) responsible for the occupation on the application date (Lampiran I)."""
    assignment = responsible_for(cycle.tenant, occupation_code, on)
    if assignment is None:
        return None, False
    return assignment.agency_id, assignment.territorial


def evaluate(application: Application) -> dict:
    """Run the rule set on the application as it stands; returns the decision for the audit trail."""
    programme = application.cycle.programme
    decision = evaluation.run(programme.ruleset, evaluation.applicant_row(application), tenant=programme.tenant)
    evaluation.apply(application, decision)
    return decision.audit()


APPLICATION_FIELDS = (
    "nik", "no_kk", "name", "birth_place", "birth_date", "sex", "address", "kelurahan_id", "phone",
    "occupation_id", "ktp_occupation", "monthly_income", "domicile_since", "disability",
)
REQUIRED = ("nik", "name", "birth_date", "sex", "kelurahan_id", "occupation_id", "monthly_income", "domicile_since")


def _validate(cycle: Cycle, data: dict) -> dict:
    """Lampiran II data, cleaned; ApplicationInvalid with every problem."""
    errors: dict[str, str] = {}
    clean = {k: data.get(k) for k in APPLICATION_FIELDS}
    for text_field in ("nik", "no_kk", "name", "birth_place", "address", "phone", "ktp_occupation"):
        clean[text_field] = str(clean[text_field] or "").strip()
    clean["nik"] = nik_rules.normalize(clean["nik"])
    clean["no_kk"] = nik_rules.normalize(clean["no_kk"])
    clean["disability"] = bool(clean["disability"])
    for name in REQUIRED:
        if clean.get(name) in (None, ""):
            errors[name] = "Wajib diisi"
    if clean["nik"]:
        check = nik_rules.check(clean["nik"], birth_date=clean["birth_date"], sex=clean["sex"])
        if not check.is_valid:
            errors["nik"] = "; ".join(e.message for e in check.errors)
    if clean["no_kk"] and not (clean["no_kk"].isascii() and clean["no_kk"].isdigit() and len(clean["no_kk"]) == 16):
        errors["no_kk"] = "Nomor KK harus 16 digit angka"
    if clean["sex"] and clean["sex"] not in ("L", "P"):
        errors["sex"] = "Jenis kelamin harus L atau P"
    if clean["kelurahan_id"] and get_village(clean["kelurahan_id"]) is None:
        errors["kelurahan_id"] = "Kelurahan/desa tidak dikenal"
    if clean["occupation_id"] and not Occupation.objects.filter(code=clean["occupation_id"]).exists():
        errors["occupation_id"] = "Pekerjaan tidak dikenal"
    income = clean["monthly_income"]
    if income not in (None, "") and (not isinstance(income, Decimal | int) or income < 0):
        errors["monthly_income"] = "Penghasilan harus angka rupiah, tidak negatif"
    today = timezone.localdate()
    for name in ("birth_date", "domicile_since"):
        if clean[name] and clean[name] > today:
            errors[name] = "Tanggal tidak boleh di masa depan"
    if errors:
        raise ApplicationInvalid(errors)
    return clean


def new_reference(year: int) -> str:
    """A number the worker can quote (U26-7KQ2M4XD); random, so it says nothing about how many applied."""
    return f"U{year % 100:02d}-" + base64.b32encode(secrets.token_bytes(5)).decode()


def _actor_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def submit_application(actor, *, cycle: Cycle, data: dict, documents: Iterable[tuple[str, object]] = (),
                       on: date | None = None) -> Application:
    """An application from the public form (actor None) or an officer (Pasal 7). Routed to the agency
    or territory responsible for its occupation on the application date, and evaluated at once."""
    on = on or timezone.localdate()
    if actor is not None:
        require(can_enter_applications(actor), "Peran Anda tidak mendata usulan.")
        require_same_tenant(actor, cycle)
    if not cycle.is_collecting(on):
        raise ApplicationInvalid({"__all__": (
            f"Pendataan {cycle} dibuka {cycle.collection_start:%d-%m-%Y} sampai {cycle.collection_end:%d-%m-%Y}."
        )})
    clean = _validate(cycle, data)
    if Application.objects.filter(cycle=cycle, nik=clean["nik"]).exists():
        raise ApplicationInvalid({"nik": "NIK ini sudah mempunyai usulan pada program dan tahun ini; "
                                         "periksa statusnya di halaman Cek Status Usulan."})
    agency_id, territorial = route(cycle, clean["occupation_id"], on)
    refusal = entry_refusal(actor, tenant=cycle.tenant, kelurahan=clean["kelurahan_id"], agency_id=agency_id,
                            territorial=territorial)
    if refusal:
        raise ApplicationInvalid({refusal[0]: refusal[1]})
    application = Application(
        cycle=cycle, reference=new_reference(cycle.year), applied_on=on, agency_id=agency_id, territorial=territorial,
        channel=Application.Channel.PUBLIK if actor is None else Application.Channel.PETUGAS,
        name_search=normalize_name(clean["name"]), created_by=_actor_user(actor), **clean,
    )
    decision = evaluate(application)
    # An officer's data collection is Pasal 6 pendataan: the resident enters the register now. A
    # public application waits for verification before it may touch the register.
    application.person = Person.objects.filter(nik=application.nik).first()
    if application.person is None and actor is not None:
        application.person = _create_person(actor, application)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ApplicationInvalid({"nik": "NIK ini sudah mempunyai usulan pada program dan tahun ini."}) from None
    for kind, upload in documents:
        _store_document(actor, application, kind, upload)
    audit.record(actor, Action.APPLICATION_SUBMIT, application, tenant=cycle.tenant,
                 after={**audit.snapshot(application), "evaluation": decision})
    return application


def _create_person(actor, application: Application) -> Person:
    return people.create_person(
        actor, nik=application.nik, no_kk=application.no_kk, name=application.name,
        birth_place=application.birth_place, birth_date=application.birth_date, sex=application.sex,
        address=application.address, kelurahan_id=application.kelurahan_id, phone=application.phone,
        disability=application.disability, domicile_since=application.domicile_since,
        occupation_id=application.occupation_id, monthly_income=application.monthly_income,
    )


def ensure_person(actor, *, application: Application) -> Person:
    """The register entry of a verified application, created or brought up to the verified data. The
    occupation found in data collection is the one recorded (Pasal 6 ayat (4))."""
    person = application.person or Person.objects.filter(nik=application.nik).first()
    if person is None:
        return _create_person(actor, application)
    verified = {"occupation_id": application.occupation_id, "monthly_income": application.monthly_income,
                "domicile_since": application.domicile_since, "disability": application.disability}
    if application.phone:
        verified["phone"] = application.phone
    if any(getattr(person, k) != v for k, v in verified.items()):
        people.update_person(actor, person=person, **verified)
    return person


def _require_editable(actor, application: Application) -> None:
    require(is_responsible_for(actor, application), "Usulan ini bukan tanggung jawab Anda.")
    if application.is_locked:
        raise TransitionRefused("Usulan sudah ditetapkan dengan Keputusan; perubahan hanya melalui keputusan baru.")


@transaction.atomic
def correct_application(actor, *, application: Application, data: dict) -> Application:
    """An application sent back for correction, corrected by the responsible officer and submitted
    again: re-routed and re-evaluated on the original application date."""
    _require_editable(actor, application)
    if application.status != S.DIKEMBALIKAN:
        raise TransitionRefused("Hanya usulan yang dikembalikan yang dapat diperbaiki.")
    clean = _validate(application.cycle, {**{k: getattr(application, k) for k in APPLICATION_FIELDS}, **data})
    if clean["nik"] != application.nik and Application.objects.filter(cycle=application.cycle, nik=clean["nik"]).exists():
        raise ApplicationInvalid({"nik": "NIK ini sudah mempunyai usulan pada siklus ini."})
    before = audit.snapshot(application)
    for name, value in clean.items():
        setattr(application, name, value)
    application.name_search = normalize_name(application.name)
    application.agency_id, application.territorial = route(application.cycle, application.occupation_id,
                                                           application.applied_on)
    decision = evaluate(application)
    application.status, application.status_reason = S.DIAJUKAN, ""
    application.save()
    old, new = audit.changed(before, audit.snapshot(application))
    audit.record(actor, Action.APPLICATION_CORRECT, application, before=old, after={**new, "evaluation": decision},
                 tenant=application.cycle.tenant)
    return application


# --- Documents -------------------------------------------------------------------------------------


def _store_document(actor, application: Application, kind: str, upload) -> Document:
    if kind not in Document.Kind.values:
        raise ApplicationInvalid({"documents": f"jenis dokumen {kind!r} tidak dikenal"})
    try:
        stored = storage.store_document(upload)
    except storage.FileRefused as exc:
        raise ApplicationInvalid({f"doc_{kind}": f"{Document.Kind(kind).label}: {exc}"}) from exc
    document = Document.objects.create(
        application=application, kind=kind, path=stored.path, original_name=(upload.name or "")[:200],
        content_type=stored.content_type, size=stored.size, sha256=stored.sha256, uploaded_by=_actor_user(actor),
    )
    audit.record(actor, Action.DOCUMENT_UPLOAD, document, tenant=application.cycle.tenant,
                 after={"kind": kind, "size": stored.size, "sha256": stored.sha256, "application": application.reference})
    return document


@transaction.atomic
def add_document(actor, *, application: Application, kind: str, upload) -> Document:
    _require_editable(actor, application)
    return _store_document(actor, application, kind, upload)


def open_document(actor, *, document: Document, ip: str | None = None):
    """The stored file, for a user who may see its application (checked by the selector); each
    opening is audited, as a document shows the full NIK."""
    if actor is None:
        raise PermissionDenied("Silakan masuk terlebih dahulu.")
    audit.record(actor, Action.DOCUMENT_VIEW, document, tenant=document.application.cycle.tenant, ip=ip)
    return storage.absolute(document.path).open("rb")


def print_letter(actor, *, application: Application, kind: str) -> bytes:
    """A letter to the applicant (receipt with the Lampiran II statement, send-back, refusal) as PDF. It
    shows the full NIK, so each printing is in the audit trail; `actor` None is the applicant printing
    their own receipt right after applying (the view holds that in the session)."""
    if kind not in letters.available(application):
        raise TransitionRefused("Surat ini tidak tersedia untuk usulan berstatus "
                                f"{application.get_status_display().lower()}.")
    audit.record(actor, Action.APPLICATION_LETTER, application, after={"kind": kind}, tenant=application.cycle.tenant)
    return letters.render(application, kind)
