"""BPJS's claim report (DESIGN.md §4 "Claims import"): one result line per input row, in input order —
`DICATAT` (a new claim, or a later status of a known one: the `alasan` then starts with "status diperbarui
dari ..."), `SUDAH_ADA` (known, nothing new) or `DITOLAK` (with every reason). Importing the same report
again records nothing twice. The whole report is one transaction: a failure leaves the database as it was.

The web page keeps the uploaded file and runs the import as a background job (`start_import`); the
command line and the job read the file at the edge and hand the rows here."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import polars as pl
from django.db import transaction
from django.utils import timezone

from lindung.audit import services as audit
from lindung.domain import claims as rules
from lindung.domain.progress import Progress, silent
from lindung.jobs import services as jobs
from lindung.membership.models import MembershipPeriod, Participant
from lindung.platform import storage
from lindung.platform.bulk import chunked_in
from lindung.platform.files import ROW, TableError, file_format
from lindung.programs.models import Programme

from ..actions import Action
from ..models import Claim, ClaimImport
from .common import ClaimInvalid, fill, local_today, propose_end, require_recorder, scholarship_warning

JOB_KIND = "claims.import"
UPDATED_FIELDS = ["status", "paid_on", "amount", "bpjs_reference", "kpj", "note", "benefit", "benefit_inferred",
                  "warnings", "termination_proposal"]


@dataclass
class _Line:
    row: rules.ClaimRow
    hasil: str
    reasons: list[str] = field(default_factory=list)
    claim: Claim | None = None
    person: int | None = None  # the participant's person id


@dataclass
class ImportOutcome:
    lines: list[dict[str, str]]  # the contract's result rows, in input order
    counts: dict[str, int]  # rows per hasil
    created: int
    updated: int  # DICATAT rows that moved a known claim to a later status
    proposed: int  # termination proposals created (Pasal 10 huruf a)

    def summary(self) -> dict:
        return {"rows": len(self.lines), **{k.lower(): self.counts.get(k, 0) for k in
                (rules.DICATAT, rules.SUDAH_ADA, rules.HASIL_DITOLAK)},
                "created": self.created, "updated": self.updated, "proposed": self.proposed}


def _differences(claim: Claim, row: rules.ClaimRow) -> list[str]:
    """What a report says differently about a claim it repeats with the same status: kept as recorded
    (a correction is made on the claim's page), and said in `alasan`."""
    out = []
    if row.amount is not None and claim.amount is not None and row.amount != claim.amount:
        out.append(f"jumlah pada laporan {row.amount} berbeda dengan yang tercatat {claim.amount}; tidak diubah")
    if row.paid_on and claim.paid_on and row.paid_on != claim.paid_on:
        out.append(f"tanggal_bayar pada laporan {row.paid_on.isoformat()} berbeda dengan yang tercatat "
                   f"{claim.paid_on.isoformat()}; tidak diubah")
    return out


# What a repeated report needs of the stored claims (no related rows: a report repeats thousands).
INDEX_FIELDS = ["id", "programme_id", "participant_id", "kind", "event_date", "submitted_on", "updated_at",
                *UPDATED_FIELDS]


class _Index:
    """The programme's claims the report may repeat: by BPJS reference, and by the key of a claim
    without one (which a later report may give its reference)."""

    def __init__(self, programme: Programme, nik_of: dict[int, str], refs: set[str]):
        base = Claim.objects.filter(programme=programme).only(*INDEX_FIELDS)
        self.by_ref = {c.bpjs_reference: c for c in chunked_in(base, "bpjs_reference", refs)}
        self.by_key = {("row", nik_of[c.participant_id], c.kind, c.benefit, c.event_date, c.submitted_on): c
                       for c in chunked_in(base.filter(bpjs_reference=""), "participant_id", list(nik_of))}

    def find(self, row: rules.ClaimRow) -> Claim | None:
        unreferenced = ("row", row.nik, row.kind, row.benefit or "", row.event_date, row.submitted_on)
        return (self.by_ref.get(row.bpjs_reference) if row.bpjs_reference else None) or self.by_key.get(unreferenced)

    def add(self, claim: Claim, row: rules.ClaimRow) -> None:
        if row.bpjs_reference:
            self.by_ref[row.bpjs_reference] = claim
        else:
            self.by_key[row.key] = claim


def _participants(programme: Programme, niks: set[str]) -> tuple[dict[str, tuple[int, int]], dict[int, list]]:
    """{nik: (participant id, person id)} of the programme's participants the report names, and their
    membership periods {participant id: [(start, end)]}, read as values (no model per row)."""
    known = {nik: (pk, person) for pk, person, nik in chunked_in(
        Participant.objects.filter(programme=programme).values_list("id", "person_id", "person__nik"),
        "person__nik", niks)}
    periods: dict[int, list] = defaultdict(list)
    for pk, start, end in chunked_in(MembershipPeriod.objects.values_list("participant_id", "start", "end"),
                                     "participant_id", [pk for pk, _ in known.values()]):
        periods[pk].append((start, end))
    return known, periods


def _attach_participants(claims: list[Claim]) -> None:
    """The participant (with programme and tenant) of the claims whose consequences need it."""
    found = Participant.objects.select_related("person", "programme__tenant").in_bulk(
        {c.participant_id for c in claims})
    for claim in claims:
        claim.participant = found[claim.participant_id]


@transaction.atomic
def import_claims(actor, *, programme: Programme, rows: pl.DataFrame, file_name: str, today=None,
                  progress: Progress = silent) -> ImportOutcome:
    """Record the claims of BPJS's report for `programme` (`rows`: text columns of the claims layout
    with `_baris`, as `lindung.claims.exchange.read_claims` gives them)."""
    require_recorder(actor, programme)
    today = today or local_today()
    policy = rules.load_policy()
    total = rows.height
    progress(0, total, "memeriksa baris")
    checked = [rules.check_claim_row(values, values[ROW], today=today, policy=policy)
               for values in rows.iter_rows(named=True)]
    known, periods = _participants(programme, {r.nik for r in checked if r.ok})
    index = _Index(programme, {pk: nik for nik, (pk, _) in known.items()},
                   {r.bpjs_reference for r in checked if r.ok and r.bpjs_reference})
    recorder = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()

    lines: list[_Line] = []
    new: list[Claim] = []
    changed: dict[int, Claim] = {}
    updated = 0
    for row in checked:
        pk, person = known.get(row.nik, (None, None)) if row.ok else (None, None)
        if row.ok and pk is None:
            row.errors.append(f"NIK bukan peserta program {programme.code}")
        claim = index.find(row) if row.ok else None
        if claim is not None and claim.participant_id != pk:
            row.errors.append(f"referensi_bpjs {row.bpjs_reference} sudah tercatat untuk peserta lain")
        hasil, alasan = rules.import_outcome(row, claim.status if claim is not None else None)
        line = _Line(row, hasil, [alasan] if alasan else [], claim, person)
        lines.append(line)
        if hasil == rules.HASIL_DITOLAK:
            continue
        if claim is None:
            claim = Claim(programme=programme, participant_id=pk, source=Claim.Source.LAPORAN_BPJS,
                          source_file=file_name[:200], source_row=row.row, recorded_by=recorder)
            line.claim = fill(claim, row)
            extra = rules.check_against_membership(row, periods[pk], policy=policy)
            claim.warnings = row.warnings + extra
            line.reasons += extra
            new.append(claim)
            index.add(claim, row)
        elif hasil == rules.DICATAT:  # a later status of a known claim
            updated += 1
            reference = claim.bpjs_reference
            fill(claim, row)
            claim.bpjs_reference = claim.bpjs_reference or reference
            claim.warnings = list(dict.fromkeys([*claim.warnings, *row.warnings]))
            if claim.pk:
                changed[claim.pk] = claim
        else:
            line.reasons += _differences(claim, row)
            if row.bpjs_reference and not claim.bpjs_reference:
                claim.bpjs_reference = row.bpjs_reference[:60]
                line.reasons.append("referensi BPJS dilengkapi")
                if claim.pk:
                    changed[claim.pk] = claim
        if len(lines) % 500 == 0:
            progress(len(lines), total, "memeriksa baris")

    # What the claims mean (the termination a death proposes, the scholarship guard) is settled before
    # they are written, so that new claims are inserted once, complete, and only known ones updated.
    progress(total // 2, total, "usulan penghentian dan masa iur")
    deaths = [line for line in lines if line.hasil == rules.DICATAT and line.claim is not None
              and line.claim.termination_proposal_id is None and rules.termination_for(line.row) is not None]
    _attach_participants([line.claim for line in deaths])
    proposed = 0
    for line in deaths:
        claim = line.claim
        if claim.termination_proposal_id is None:  # a report may name the same death twice
            text, made = propose_end(actor, claim, line.row)
            line.reasons.append(text)
            proposed += made
            if claim.pk:
                changed[claim.pk] = claim
    created = {id(c) for c in new}
    for line in lines:
        claim = line.claim
        if line.hasil == rules.DICATAT and id(claim) in created and claim.kind == rules.BEASISWA:
            if warning := scholarship_warning(claim, line.person, policy):
                claim.warnings.append(warning)
                line.reasons.append(warning)
    progress(total * 3 // 4, total, "menyimpan klaim")
    Claim.objects.bulk_create(new, batch_size=1000)
    for claim in changed.values():
        claim.updated_at = now
    Claim.objects.bulk_update(list(changed.values()), [*UPDATED_FIELDS, "updated_at"], batch_size=500)

    counts = Counter(line.hasil for line in lines)
    outcome = ImportOutcome(
        [rules.result_row(line.row, line.hasil, "; ".join(r for r in line.reasons if r)) for line in lines],
        dict(counts), len(new), updated, proposed)
    audit.record(actor, Action.CLAIM_IMPORT, programme, tenant=programme.tenant,
                 after={"file": file_name, **outcome.summary()})
    progress(total, total, "selesai")
    return outcome


@transaction.atomic
def start_import(actor, *, programme: Programme, upload) -> ClaimImport:
    """Keep the uploaded report and queue its import (lindung.claims.jobs runs it)."""
    require_recorder(actor, programme)
    try:
        extension = file_format(upload.name)
        stored = storage.store_spreadsheet(upload, extension)
    except (TableError, storage.FileRefused) as exc:
        raise ClaimInvalid([str(exc)]) from exc
    found = ClaimImport.objects.create(programme=programme, file_name=upload.name[:200], path=stored.path,
                                       created_by=actor if getattr(actor, "is_authenticated", False) else None)
    found.job = jobs.submit(JOB_KIND, title=f"Impor laporan klaim: {found.file_name}", actor=actor,
                            tenant=programme.tenant, params={"import": found.pk})
    found.save(update_fields=["job"])
    audit.record(actor, Action.CLAIM_UPLOAD, found, tenant=programme.tenant,
                 after={"file": found.file_name, "sha256": stored.sha256, "size": stored.size})
    return found
