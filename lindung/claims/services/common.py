"""What recording a claim shares between the officer's page and BPJS's report: who may, how a claim is
found again, and what a recorded claim means for the membership (the Pasal 10 huruf a proposal) and for
a scholarship (the contribution-period guard)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from lindung.accounts.permissions import can_record_claims
from lindung.domain import claims as rules
from lindung.membership.models import TerminationProposal
from lindung.membership.services import terminations
from lindung.platform.errors import require
from lindung.programs.models import Programme

from .. import selectors
from ..models import Claim


class ClaimInvalid(ValueError):
    """A claim that cannot be recorded as given; `errors` lists every reason, in Bahasa Indonesia."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


def require_recorder(actor, programme: Programme) -> None:
    """BPJS's officer and the labour agency of the programme's tenant record claims (and the operator)."""
    require(can_record_claims(actor), "Peran Anda tidak mencatat klaim manfaat.")
    if getattr(actor, "is_authenticated", False) and not actor.is_superuser:
        require(actor.tenant_id == programme.tenant_id, "Program ini milik pemerintah daerah lain.")


def local_today() -> date:
    return timezone.localdate()


def values_of(claim: Claim, **changes) -> dict[str, str]:
    """A stored claim as a row of the contract (text), with `changes` applied: the page's edits are
    checked by the same rules as BPJS's report."""
    fields = {
        "nik": claim.participant.person.nik, "kpj": claim.kpj or claim.participant.kpj, "jenis": claim.kind,
        "manfaat": claim.benefit, "tanggal_kejadian": claim.event_date, "tanggal_pengajuan": claim.submitted_on,
        "tanggal_bayar": claim.paid_on, "status": claim.status, "jumlah": claim.amount,
        "referensi_bpjs": claim.bpjs_reference, "keterangan": claim.note, **changes,
    }
    return {k: "" if v is None else (v.isoformat() if isinstance(v, date) else str(v)) for k, v in fields.items()}


def fill(claim: Claim, row: rules.ClaimRow) -> Claim:
    """Copy a checked row onto a claim (new or stored)."""
    claim.kind, claim.benefit, claim.benefit_inferred = row.kind, row.benefit or "", row.benefit_inferred
    claim.event_date, claim.submitted_on, claim.paid_on = row.event_date, row.submitted_on, row.paid_on
    claim.status, claim.amount = row.status, row.amount
    claim.bpjs_reference = row.bpjs_reference[:60]
    claim.kpj, claim.note = row.kpj[:30], row.note[:500]
    return claim


def check_decided_on(claim: Claim, decided_on: date | None, *, today: date) -> list[str]:
    """The decision date the contract does not carry (entered on the page): after submission, not
    after payment, not in the future; only for a decided claim."""
    if decided_on is None:
        return []
    errors = []
    if claim.status == rules.DIAJUKAN:
        errors.append("tanggal keputusan hanya diisi untuk klaim yang dibayar atau ditolak")
    if decided_on > today:
        errors.append("tanggal keputusan tidak boleh di masa depan")
    if claim.submitted_on and decided_on < claim.submitted_on:
        errors.append("tanggal keputusan sebelum tanggal pengajuan")
    if claim.paid_on and decided_on > claim.paid_on:
        errors.append("tanggal keputusan setelah tanggal bayar")
    return errors


def propose_end(actor, claim: Claim, row: rules.ClaimRow) -> tuple[str, bool]:
    """A death claim proposes the Pasal 10 huruf a termination, dated at the event, for the labour agency
    to confirm; the claim keeps a link to the proposal (a new one, or the one already waiting, e.g. from
    the civil registry's deaths file). Returns what happened in words ('' for a claim that is no death),
    and whether a proposal was created."""
    proposal = rules.termination_for(row)
    if proposal is None:
        return "", False
    found, created = terminations.propose_termination(
        actor, participant=claim.participant, reason=proposal.reason, on=proposal.end_date,
        source=TerminationProposal.Source.KLAIM_KEMATIAN, evidence=proposal.evidence,
        source_file=claim.source_file, source_row=claim.source_row)
    if found is None:
        return "kepesertaan tidak berjalan lagi: tidak ada penghentian yang diusulkan", False
    claim.termination_proposal = found
    when = proposal.end_date.isoformat()
    if created:
        return f"penghentian kepesertaan ({proposal.cite}) per {when} diusulkan ke Dinas Tenaga Kerja", True
    if found.effective_date != proposal.end_date:
        return (f"sudah ada usulan penghentian ({found.get_source_display()}) per "
                f"{found.effective_date.isoformat()}, berbeda dengan tanggal kejadian klaim {when}; periksa"), False
    return f"usulan penghentian sudah ada ({found.get_source_display()}, {found.get_status_display().lower()})", False


def scholarship_warning(claim: Claim, person_id: int, policy: rules.ClaimsPolicy) -> str:
    """For a scholarship: the guard on the contribution period the scholarship needs, on the parent's
    death (the claim's event date)."""
    if claim.kind != rules.BEASISWA:
        return ""
    return selectors.scholarship_guard(person_id, on=claim.event_date, policy=policy).warning
