"""Ending memberships (Perwali 3/2025 Pasal 10, and the age limit of Pasal 11 ayat (6)), and termination
proposals from civil-registry and BPJS files, which the labour agency confirms or rejects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl
from django.db import transaction
from django.utils import timezone

from lindung.accounts.permissions import can_propose_terminations
from lindung.audit import services as audit
from lindung.domain import billing as billing_rules
from lindung.domain import nik as nik_rules
from lindung.domain.calendar import Month
from lindung.domain.rules.fields import Unreadable, clean, parse_date
from lindung.people.models import Person
from lindung.platform.bulk import chunked_in
from lindung.platform.errors import require
from lindung.platform.files import ROW
from lindung.programs.models import Programme
from lindung.programs.services import require_manager

from ..actions import Action
from ..letters import participant_letter
from ..models import EndReason, MembershipPeriod, Participant, TerminationProposal
from .participants import MembershipError

# --- Ending memberships --------------------------------------------------------------------------


@transaction.atomic
def end_membership(actor, *, participant: Participant, reason: str, on: date, evidence: str = "") -> MembershipPeriod:
    """End the open period on `on` (the last day covered: a death on 10 June bills June, not July)."""
    require_manager(actor, tenant=participant.programme.tenant)
    if reason not in EndReason.values:
        raise MembershipError(f"alasan berhenti {reason!r} tidak dikenal (pilih: {', '.join(EndReason.values)})")
    if reason != EndReason.BATAS_USIA and not evidence.strip():
        raise MembershipError("penghentian Pasal 10 memerlukan bukti (nomor akta, surat pindah, data BPJS)")
    period = participant.periods.select_for_update().filter(end__isnull=True).first()
    if period is None:
        raise MembershipError("peserta tidak mempunyai kepesertaan yang masih berjalan")
    if on < period.start:
        raise MembershipError(f"tanggal berhenti {on} sebelum mulai kepesertaan {period.start}")
    before = audit.snapshot(period)
    period.end, period.end_reason, period.end_evidence = on, reason, evidence.strip()[:300]
    period.ended_by = actor if getattr(actor, "is_authenticated", False) else None
    period.save()
    old, new = audit.changed(before, audit.snapshot(period))
    audit.record(actor, Action.MEMBERSHIP_END, participant, before=old, after=new, tenant=participant.programme.tenant)
    return period


@transaction.atomic
def close_at_age_limit(actor, *, programme: Programme, month: Month) -> int:
    """End, as batas_usia, every open period of someone past the age limit before `month` starts.

    The bill already leaves them out (the age rule is applied on its own); this makes the membership
    record say so too. The end is the last day at 64 years 11 months, whenever the job runs."""
    limit = programme.billing_rules(month).age_limit_months
    cutoff = billing_rules.age_limit_cutoff(month, limit)
    ender = actor if getattr(actor, "is_authenticated", False) else None
    due = list(MembershipPeriod.objects.filter(participant__programme=programme, end__isnull=True,
                                               participant__person__birth_date__lte=cutoff)
               .values_list("id", "start", "participant__person__birth_date"))
    changed = []
    for pk, start, birth in due:
        end = max(start, billing_rules.age_limit_end(birth, limit))
        changed.append(MembershipPeriod(id=pk, end=end, end_reason=EndReason.BATAS_USIA, ended_by=ender,
                                        end_evidence=f"otomatis: batas usia {limit} bulan (Pasal 11 ayat (6))"))
    MembershipPeriod.objects.bulk_update(changed, ["end", "end_reason", "end_evidence", "ended_by"], batch_size=500)
    if changed:
        audit.record(actor, Action.MEMBERSHIP_AGE_LIMIT, programme, tenant=programme.tenant,
                     after={"month": str(month), "ended": len(changed)})
    return len(changed)


# --- Termination proposals -------------------------------------------------------------------------

SOURCE_REASON = {
    TerminationProposal.Source.DUKCAPIL_MENINGGAL: EndReason.MENINGGAL,
    TerminationProposal.Source.DUKCAPIL_PINDAH: EndReason.PINDAH_DOMISILI,
    TerminationProposal.Source.BPJS_PEKERJA_FORMAL: EndReason.PEKERJA_FORMAL,
}


@dataclass
class ProposalImport:
    rows: int = 0
    proposed: int = 0
    already_proposed: int = 0
    not_participants: list[tuple[int, str]] = field(default_factory=list)  # (row, reason): listed, not fatal
    rejected: list[tuple[int, str]] = field(default_factory=list)


@transaction.atomic
def import_termination_proposals(actor, *, programme: Programme, rows: pl.DataFrame, source: str,
                                 file_name: str) -> ProposalImport:
    """Propose ending the memberships a deaths / moves / wage-earners file names (`rows` as
    `lindung.membership.exchange.read_terminations` reads it); the
    labour agency confirms or rejects each one (`decide_proposal`). Rows that name no participant of
    this programme are listed, which is the normal case for a city-wide civil-registry extract."""
    require_manager(actor, tenant=programme.tenant)
    if source not in TerminationProposal.Source.values:
        raise MembershipError(f"sumber {source!r} tidak dikenal (pilih: {', '.join(TerminationProposal.Source.values)})")
    out = ProposalImport(rows=rows.height)
    rows = list(rows.iter_rows(named=True))
    niks = {nik_rules.normalize(r["nik"]) for r in rows}
    participants = {nik: pk for pk, nik in chunked_in(
        Participant.objects.filter(programme=programme).values_list("id", "person__nik"), "person__nik", niks)}
    existing = set(TerminationProposal.objects.filter(participant__programme=programme)
                   .values_list("participant_id", "reason", "effective_date"))
    new = []
    for r in rows:
        number, nik = r[ROW], nik_rules.normalize(r["nik"])
        reason = (clean(r["alasan_berhenti"]) or SOURCE_REASON.get(source, "")).lower()
        try:
            when = parse_date(clean(r["tanggal"]) or "")
        except Unreadable as exc:
            out.rejected.append((number, f"tanggal: {exc}"))
            continue
        if reason not in EndReason.values:
            out.rejected.append((number, f"alasan_berhenti {reason!r} tidak dikenal"))
            continue
        if not nik_rules.check(nik).is_valid:
            out.rejected.append((number, f"NIK tidak valid: {r['nik']!r}"))
            continue
        if nik not in participants:
            out.not_participants.append((number, "bukan peserta program ini"))
            continue
        key = (participants[nik], reason, when)
        if key in existing:
            out.already_proposed += 1
            continue
        existing.add(key)
        new.append(TerminationProposal(participant_id=key[0], reason=reason, effective_date=when, source=source,
                                       evidence=(clean(r["bukti"]) or "")[:300], source_file=file_name[:200],
                                       source_row=number))
    TerminationProposal.objects.bulk_create(new, batch_size=500)
    out.proposed = len(new)
    audit.record(actor, Action.TERMINATION_IMPORT, programme, tenant=programme.tenant,
                 after={"file": file_name, "source": source, "proposed": out.proposed,
                        "not_participants": len(out.not_participants), "rejected": len(out.rejected)})
    return out


def source_of(proposal: TerminationProposal) -> str:
    """Where the proposal came from, in words: the source, then the file and row when it came from a file."""
    where = f"{proposal.source_file} baris {proposal.source_row}" if proposal.source_file and proposal.source_row \
        else proposal.source_file
    return "; ".join(p for p in (proposal.get_source_display(), proposal.evidence, where) if p)


@transaction.atomic
def propose_termination(actor, *, participant: Participant, reason: str, on: date, source: str, evidence: str,
                        source_file: str = "", source_row: int | None = None) -> tuple[TerminationProposal | None, bool]:
    """One proposal that the labour agency decides (`decide_proposal`), e.g. from a death claim.

    Returns (proposal, created). A proposal already waiting for the same reason is returned as it is,
    whatever its date (the agency sees both dates in the evidence of the one proposal rather than two
    proposals of which one must fail); so is one for the same reason and date, whatever its status.
    (None, False) when the participant has no running membership left to end."""
    require(can_propose_terminations(actor), "Peran Anda tidak dapat mengusulkan penghentian kepesertaan.")
    tenant = participant.programme.tenant
    if getattr(actor, "is_authenticated", False) and not actor.is_superuser:
        require(actor.tenant_id == tenant.pk, "Peserta ini milik pemerintah daerah lain.")
    if reason not in EndReason.values or source not in TerminationProposal.Source.values:
        raise MembershipError(f"alasan {reason!r} atau sumber {source!r} tidak dikenal")
    mine = TerminationProposal.objects.select_for_update().filter(participant=participant, reason=reason)
    existing = (mine.filter(status=TerminationProposal.Status.DIUSULKAN).order_by("id").first()
                or mine.filter(effective_date=on).first())
    if existing is not None:
        return existing, False
    if not participant.periods.filter(end__isnull=True).exists():
        return None, False
    proposal = TerminationProposal.objects.create(
        participant=participant, reason=reason, effective_date=on, source=source, evidence=evidence.strip()[:300],
        source_file=source_file[:200], source_row=source_row,
    )
    audit.record(actor, Action.TERMINATION_PROPOSE, proposal, tenant=tenant, after=audit.snapshot(proposal))
    return proposal, True


@transaction.atomic
def decide_proposal(actor, *, proposal: TerminationProposal, confirm: bool, note: str = "") -> TerminationProposal:
    """The labour agency's decision. Confirming ends the membership on the proposal's date, with the
    file and row as evidence, and records a death on the person."""
    programme = proposal.participant.programme
    require_manager(actor, tenant=programme.tenant)
    if proposal.status != TerminationProposal.Status.DIUSULKAN:
        raise MembershipError("usulan ini sudah diputuskan")
    if not confirm and not note.strip():
        raise MembershipError("penolakan usulan memerlukan catatan alasan")
    if confirm:
        end_membership(actor, participant=proposal.participant, reason=proposal.reason, on=proposal.effective_date,
                       evidence=source_of(proposal))
        person = proposal.participant.person
        if proposal.reason == EndReason.MENINGGAL and person.death_date is None:
            Person.objects.filter(pk=person.pk).update(death_date=proposal.effective_date)
            audit.record(actor, Action.PERSON_DEATH, person, after={"death_date": proposal.effective_date},
                         tenant=programme.tenant)
    before = audit.snapshot(proposal)
    proposal.status = TerminationProposal.Status.DIKONFIRMASI if confirm else TerminationProposal.Status.DITOLAK
    proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    proposal.decided_at = timezone.now()
    proposal.decision_note = note.strip()[:300]
    proposal.save()
    old, new = audit.changed(before, audit.snapshot(proposal))
    audit.record(actor, Action.TERMINATION_DECIDE, proposal, before=old, after=new, tenant=programme.tenant)
    return proposal


def print_participant_letter(actor, *, participant: Participant) -> bytes:
    """The membership letter as PDF; it shows the full NIK, so each printing is audited."""
    audit.record(actor, Action.PARTICIPANT_LETTER, participant, tenant=participant.programme.tenant)
    return participant_letter(participant)
