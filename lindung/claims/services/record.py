"""The BPJS officer (or the labour agency) records a claim on the page and moves it on
(DIAJUKAN -> DIBAYAR | DITOLAK). The page's values are checked by the very rules that check BPJS's report
(`lindung.domain.claims.check_claim_row`), so a claim means the same whichever way it came in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from lindung.audit import services as audit
from lindung.domain import claims as rules
from lindung.membership.models import Participant

from ..actions import Action
from ..models import Claim
from .common import (
    ClaimInvalid,
    check_decided_on,
    fill,
    local_today,
    propose_end,
    require_recorder,
    scholarship_warning,
    values_of,
)


def _existing(participant: Participant, row: rules.ClaimRow) -> Claim | None:
    claims = Claim.objects.filter(programme=participant.programme)
    if row.bpjs_reference:
        return claims.filter(bpjs_reference=row.bpjs_reference).first()
    return claims.filter(participant=participant, bpjs_reference="", kind=row.kind, benefit=row.benefit or "",
                         event_date=row.event_date, submitted_on=row.submitted_on).first()


@transaction.atomic
def record_claim(actor, *, participant: Participant, kind: str, event_date: date, submitted_on: date,
                 status: str = rules.DIAJUKAN, benefit: str = "", decided_on: date | None = None,
                 paid_on: date | None = None, amount: Decimal | None = None, bpjs_reference: str = "",
                 note: str = "", today: date | None = None) -> Claim:
    """Record one claim of a participant. A death claim proposes the end of the membership; a
    scholarship is checked against the contribution period it needs. Raises ClaimInvalid with every
    reason when the claim cannot be recorded (a claim already recorded is one of them)."""
    require_recorder(actor, participant.programme)
    today = today or local_today()
    policy = rules.load_policy()
    claim = Claim(programme=participant.programme, participant=participant, source=Claim.Source.PETUGAS,
                  recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    values = values_of(claim, jenis=kind, manfaat=benefit, tanggal_kejadian=event_date, tanggal_pengajuan=submitted_on,
                       tanggal_bayar=paid_on, status=status, jumlah=amount, referensi_bpjs=bpjs_reference.strip(),
                       keterangan=note.strip(), kpj=participant.kpj)
    row = rules.check_claim_row(values, 0, today=today, policy=policy)
    if row.ok:
        fill(claim, row)
    errors = row.errors + (check_decided_on(claim, decided_on, today=today) if row.ok else [])
    if errors:
        raise ClaimInvalid(errors)
    if (found := _existing(participant, row)) is not None:
        raise ClaimInvalid([f"klaim ini sudah tercatat ({found}); perbarui statusnya di halaman klaim"])
    claim.decided_on = decided_on
    periods = [(p.start, p.end) for p in participant.periods.all()]
    claim.warnings = row.warnings + rules.check_against_membership(row, periods, policy=policy)
    claim.save()
    note_text, _ = propose_end(actor, claim, row)
    if warning := scholarship_warning(claim, participant.person_id, policy):
        claim.warnings.append(warning)
    claim.save(update_fields=["termination_proposal", "warnings"])
    audit.record(actor, Action.CLAIM_RECORD, claim, tenant=participant.programme.tenant,
                 after={**audit.snapshot(claim), "membership": note_text})
    return claim


@transaction.atomic
def update_status(actor, *, claim: Claim, status: str, decided_on: date | None = None, paid_on: date | None = None,
                  amount: Decimal | None = None, note: str | None = None, today: date | None = None) -> Claim:
    """BPJS decided: DIAJUKAN -> DIBAYAR (paid on a date, an exact amount) or DITOLAK. A decided claim
    does not move again (a correction is a new claim from BPJS)."""
    require_recorder(actor, claim.programme)
    today = today or local_today()
    claim = Claim.objects.select_for_update().select_related("participant__person", "programme").get(pk=claim.pk)
    if not rules.can_move(claim.status, status):
        raise ClaimInvalid([f"klaim berstatus {claim.get_status_display()} tidak dapat menjadi "
                            f"{Claim.Status(status).label if status in Claim.Status.values else status}"])
    before = audit.snapshot(claim)
    changes = {"status": status, "tanggal_bayar": paid_on, "jumlah": amount if amount is not None else claim.amount}
    if note is not None:
        changes["keterangan"] = note.strip()
    row = rules.check_claim_row(values_of(claim, **changes), 0, today=today)
    if row.ok:
        fill(claim, row)
    errors = row.errors + (check_decided_on(claim, decided_on, today=today) if row.ok else [])
    if errors:
        raise ClaimInvalid(errors)
    claim.decided_on = decided_on or claim.decided_on
    claim.warnings = list(dict.fromkeys([*claim.warnings, *row.warnings]))
    claim.save()
    old, new = audit.changed(before, audit.snapshot(claim))
    audit.record(actor, Action.CLAIM_STATUS, claim, before=old, after=new, tenant=claim.programme.tenant)
    return claim

