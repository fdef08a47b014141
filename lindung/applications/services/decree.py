"""The decree (Perwali 3/2025 Pasal 8 ayat (4)-(5)): the draft annex, the signed decree that fixes and
locks the list, amending decrees that take not-yet-enrolled beneficiaries out, the signed annexes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from lindung.audit import services as audit
from lindung.domain import nik as nik_rules

from .. import notices
from ..actions import Action
from ..documents import write_annex
from ..models import Application, Cycle, Decree, DecreeEntry
from ..permissions import require_programme_owner
from .status import StepRefused, move_many

S = Application.Status


def decree_candidates(cycle: Cycle):
    """Who a decree signed now would fix: the consolidated list, ranked, without held cases."""
    return (Application.objects.filter(cycle=cycle, status=S.KONSOLIDASI, on_hold=False)
            .select_related("kelurahan__parent", "occupation", "cycle__programme__tenant").order_by("rank", "id"))


def _entry(application: Application, line: int) -> DecreeEntry:
    return DecreeEntry(
        application=application, line=line, nik=application.nik, name=application.name,
        birth_place=application.birth_place, birth_date=application.birth_date, address=application.address,
        kelurahan=f"{application.kelurahan.name}, Kec. {application.kelurahan.parent.name}",
        occupation=application.occupation.name,
    )


def draft_annex(actor, *, cycle: Cycle, fmt: str) -> Path:
    """The draft annex (lampiran) for the Sekretaris Daerah and the Wali Kota (Pasal 8 ayat (4))."""
    require_programme_owner(actor, cycle)
    entries = [_entry(a, line) for line, a in enumerate(decree_candidates(cycle), start=1)]
    if not entries:
        raise StepRefused("Daftar konsolidasi masih kosong.")
    path = write_annex(cycle, entries, fmt, decree=None)
    audit.record(actor, Action.DECREE_DRAFT, cycle, after={"format": fmt, "rows": len(entries)}, tenant=cycle.tenant)
    return path


@transaction.atomic
def _decree_header(cycle: Cycle, number: str, signed_on: date) -> str:
    number = (number or "").strip()
    if not number:
        raise StepRefused("Nomor keputusan wajib diisi.")
    if signed_on > timezone.localdate():
        raise StepRefused("Tanggal penetapan tidak boleh di masa depan.")
    if Decree.objects.filter(cycle=cycle, number=number).exists():
        raise StepRefused("Nomor keputusan ini sudah dicatat.")
    return number


def record_decree(actor, *, cycle: Cycle, number: str, signed_on: date) -> Decree:
    """Record the signed decree: the candidates it lists are fixed (DITETAPKAN) and locked. Candidates
    consolidated later are fixed by a new decree, never by editing this one."""
    require_programme_owner(actor, cycle)
    number = _decree_header(cycle, number, signed_on)
    if signed_on >= cycle.enrolment_date:
        raise StepRefused("Keputusan harus ditetapkan sebelum tanggal mulai kepesertaan.")
    candidates = list(decree_candidates(cycle))
    if not candidates:
        raise StepRefused("Tidak ada calon dalam daftar konsolidasi untuk ditetapkan.")
    decree = Decree.objects.create(cycle=cycle, number=number, signed_on=signed_on, recorded_by=actor,
                                   beneficiaries=len(candidates))
    entries = [_entry(a, line) for line, a in enumerate(candidates, start=1)]
    for entry in entries:
        entry.decree = decree
    DecreeEntry.objects.bulk_create(entries, batch_size=1000)
    move_many(actor, cycle=cycle, ids=[a.id for a in candidates], source=S.KONSOLIDASI, target=S.DITETAPKAN,
              action=Action.DECREE_FIX)
    notices.fixed(candidates, decree)
    audit.record(actor, Action.DECREE_RECORD, decree, tenant=cycle.tenant,
                 after={"number": number, "signed_on": signed_on, "beneficiaries": len(candidates)})
    return decree


@transaction.atomic
def record_amendment(actor, *, cycle: Cycle, number: str, signed_on: date, niks: list[str], reason: str) -> Decree:
    """Record a signed amending decree that takes beneficiaries out of the list (Pasal 8 ayat (5): the list
    changes only by a new decree). Only those fixed and not yet enrolled can be taken out; an enrolled
    participant's coverage ends by termination instead (Pasal 10, membership app). The signed annexes of
    earlier decrees stay as they were signed."""
    require_programme_owner(actor, cycle)
    number = _decree_header(cycle, number, signed_on)
    reason = (reason or "").strip()
    if not reason:
        raise StepRefused("Alasan perubahan wajib diisi.")
    wanted = {nik_rules.normalize(n) for n in niks if str(n).strip()}
    if not wanted:
        raise StepRefused("Sebutkan NIK penerima yang dicabut.")
    entries = {e.nik: e for e in DecreeEntry.objects.filter(decree__cycle=cycle, nik__in=wanted, revoked_by=None)
               .select_related("application")}
    unknown = sorted(wanted - set(entries))
    if unknown:
        raise StepRefused("Bukan penerima yang ditetapkan pada siklus ini: " + ", ".join(nik_rules.mask(n) for n in unknown))
    enrolled = sorted(n for n, e in entries.items() if e.application.status == S.TERDAFTAR)
    if enrolled:
        raise StepRefused("Sudah terdaftar sebagai peserta; hentikan kepesertaannya (Pasal 10): "
                          + ", ".join(nik_rules.mask(n) for n in enrolled))
    decree = Decree.objects.create(cycle=cycle, number=number, signed_on=signed_on, recorded_by=actor,
                                   revoked=len(entries), reason=reason[:300])
    DecreeEntry.objects.filter(pk__in=[e.pk for e in entries.values()]).update(revoked_by=decree)
    move_many(actor, cycle=cycle, ids=[e.application_id for e in entries.values()], source=S.DITETAPKAN, target=S.DICABUT, action=Action.DECREE_REVOKE)
    audit.record(actor, Action.DECREE_AMEND, decree, tenant=cycle.tenant,
                 after={"number": number, "signed_on": signed_on, "revoked": sorted(entries), "reason": reason})
    return decree


def signed_annex(actor, *, decree: Decree, fmt: str) -> Path:
    require_programme_owner(actor, decree.cycle)
    # An amending decree's annex lists whom it takes out; a fixing decree's, whom it fixes.
    entries = decree.revoked_entries.all() if decree.revoked else decree.entries.all()
    path = write_annex(decree.cycle, list(entries), fmt, decree=decree)
    audit.record(actor, Action.DECREE_ANNEX, decree, after={"format": fmt}, tenant=decree.cycle.tenant)
    return path
