"""Verification and validation by the responsible officer (Perwali 3/2025 Pasal 7 ayat (2)): approve,
reject, send back, field verification for what the rule set could not decide, the occupation found in
data collection (Pasal 6 ayat (4)), and one-step decisions over a whole worklist."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils import timezone

from lindung.audit import services as audit
from lindung.domain.rules import reasons as R
from lindung.platform.errors import require
from lindung.tenants.models import Occupation

from .. import evaluation, notices
from ..actions import Action
from ..models import Application
from ..permissions import is_responsible_for
from .status import StepRefused, TransitionRefused, move, move_many, required_reason
from .submit import ensure_person, evaluate, route

S = Application.Status


def _require_verifier(actor, application: Application) -> None:
    require(is_responsible_for(actor, application), "Usulan ini bukan tanggung jawab Anda.")
    if application.status != S.DIAJUKAN:
        raise TransitionRefused(f"Usulan berstatus {application.get_status_display()}, bukan menunggu verifikasi.")


def approvable(application: Application) -> tuple[bool, str]:
    """Whether the rule set and the field visit allow approving, and if not, why (plainly)."""
    if application.keputusan == R.LAYAK:
        return True, ""
    if application.keputusan == R.PERLU_VERIFIKASI:
        if application.field_visit_confirms:
            return True, ""
        if application.field_visit_confirms is False:
            return False, "Verifikasi lapangan menyatakan tidak memenuhi syarat: tolak usulan ini."
        return False, "Lakukan verifikasi lapangan dahulu (hasil penilaian: perlu verifikasi)."
    if application.keputusan == R.DATA_TIDAK_VALID:
        return False, "Data tidak valid: kembalikan untuk perbaikan."
    return False, "Tidak memenuhi syarat menurut aturan: tolak dengan alasan, atau kembalikan bila datanya keliru."


@transaction.atomic
def approve(actor, *, application: Application, note: str = "") -> Application:
    _require_verifier(actor, application)
    ok, why = approvable(application)
    if not ok:
        raise StepRefused(why)
    person = ensure_person(actor, application=application)
    return move(actor, application=application, target=S.DIVERIFIKASI, action=Action.APPLICATION_APPROVE, reason=(note or "").strip(), person=person)


@transaction.atomic
def reject(actor, *, application: Application, reason: str) -> Application:
    require(is_responsible_for(actor, application), "Usulan ini bukan tanggung jawab Anda.")
    if application.status not in (S.DIAJUKAN, S.DIKEMBALIKAN):
        raise TransitionRefused(f"Usulan berstatus {application.get_status_display()} tidak dapat ditolak di tahap ini.")
    moved = move(actor, application=application, target=S.DITOLAK, action=Action.APPLICATION_REJECT,
                 reason=required_reason(reason, "penolakan"))
    notices.refused([moved])
    return moved


@transaction.atomic
def send_back(actor, *, application: Application, reason: str) -> Application:
    _require_verifier(actor, application)
    moved = move(actor, application=application, target=S.DIKEMBALIKAN, action=Action.APPLICATION_SEND_BACK,
                 reason=required_reason(reason, "pengembalian"))
    notices.sent_back([moved])
    return moved


@transaction.atomic
def record_field_visit(actor, *, application: Application, on: date, confirms: bool, note: str) -> Application:
    """Field verification of an application the rule set could not decide (PERLU_VERIFIKASI): e.g. a
    worker absent from the poverty data whose condition the officer saw (Pasal 5 ayat (1) huruf b)."""
    _require_verifier(actor, application)
    if on > timezone.localdate():
        raise StepRefused("Tanggal verifikasi lapangan tidak boleh di masa depan.")
    before = audit.snapshot(application)
    application.field_visit_on, application.field_visit_confirms = on, confirms
    application.field_visit_note = required_reason(note, "hasil verifikasi lapangan")
    application.field_visit_by = actor
    application.save()
    old, new = audit.changed(before, audit.snapshot(application))
    audit.record(actor, Action.APPLICATION_FIELD_VISIT, application, before=old, after=new, tenant=application.cycle.tenant)
    return application


@transaction.atomic
def set_collected_occupation(actor, *, application: Application, occupation_code: str, note: str = "") -> Application:
    """Pasal 6 ayat (4): the occupation found in data collection is used, whatever the e-KTP says. The
    application is routed again (it may now belong to another agency) and evaluated again."""
    _require_verifier(actor, application)
    if not Occupation.objects.filter(code=occupation_code).exists():
        raise StepRefused("Pekerjaan tidak dikenal.")
    before = audit.snapshot(application)
    application.occupation_id = occupation_code
    application.agency_id, application.territorial = route(application.cycle, occupation_code, application.applied_on)
    decision = evaluate(application)
    application.save()
    old, new = audit.changed(before, audit.snapshot(application))
    audit.record(actor, Action.APPLICATION_OCCUPATION, application, before=old,
                 after={**new, "note": (note or "").strip(), "evaluation": decision}, tenant=application.cycle.tenant)
    return application


def _mine(actor, applications, keputusan: str) -> list[Application]:
    return [a for a in applications.filter(status=S.DIAJUKAN, keputusan=keputusan).select_related("cycle__programme__tenant", "agency", "kelurahan")
            if is_responsible_for(actor, a)]


@transaction.atomic
def approve_eligible(actor, *, applications) -> int:
    """Approve, in one step, every waiting application among `applications` that the officer is
    responsible for and the rule set found LAYAK (an uploaded batch of thousands). Returns how many."""
    chosen = _mine(actor, applications, R.LAYAK)
    for application in chosen:
        if application.person_id is None:  # public applications enter the register on approval
            application.person = ensure_person(actor, application=application)
            Application.objects.filter(pk=application.pk).update(person=application.person)
    by_cycle = defaultdict(list)
    for application in chosen:
        by_cycle[application.cycle].append(application.id)
    return sum(move_many(actor, cycle=cycle, ids=ids, source=S.DIAJUKAN, target=S.DIVERIFIKASI, action=Action.APPLICATION_APPROVE_ELIGIBLE)
               for cycle, ids in by_cycle.items())


@transaction.atomic
def reject_ineligible(actor, *, applications) -> int:
    """Reject every waiting application the officer is responsible for that the rule set found
    TIDAK_LAYAK, each with its own failed criteria and articles as the reason. Returns how many."""
    chosen = _mine(actor, applications, R.TIDAK_LAYAK)
    now = timezone.now()
    for application in chosen:
        application.status, application.updated_at = S.DITOLAK, now
        application.status_reason = "; ".join(
            f"{line.text} ({line.cite})" if line.cite else line.text for line in evaluation.explain(application.findings).problems)
    Application.objects.bulk_update(chosen, ["status", "status_reason", "updated_at"], batch_size=1000)
    for cycle in {a.cycle for a in chosen}:
        audit.record(actor, Action.APPLICATION_REJECT_INELIGIBLE, cycle, tenant=cycle.tenant, before={"status": S.DIAJUKAN},
                     after={"status": S.DITOLAK, "applications": [a.id for a in chosen if a.cycle == cycle]})
    notices.refused(chosen)
    return len(chosen)
