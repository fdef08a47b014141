"""Bills follow the funding assignment (issue 9: an SP2D recorded before participants were assigned to a
source must still count, and count against the source that pays for them).

When a budget year is assigned again (`lindung.membership.signals.funding_assigned`):
- a draft month of that year is billed again, per payer, and reconciled again with the BPJS invoice it had
  (the stored file), so its lines carry the new sources and payers;
- an agreed or paid month is never re-billed (its berita acara is signed, its SP2D may be paid): only its
  lines without a source (TANPA_SUMBER) are given the source now assigned, and only when that source's
  government is the month's payer. Money already counted against a source never moves to another.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db.models import Q

from lindung.audit import services as audit
from lindung.membership.models import FundingAssignment
from lindung.programs.models import FundingSource

from ..actions import Action
from ..models import BillingMonth, BillLine, ReconciliationLine
from .bill import run_bill
from .reconcile import reconcile


def follow_funding(sender, *, actor, programme, year, **_) -> None:
    months = list(BillingMonth.objects.filter(programme=programme, month__year=year).select_related("payer", "programme"))
    for period in sorted({bm.period for bm in months if not bm.is_locked}):
        _rebill(actor, programme, period, [bm for bm in months if bm.period == period and not bm.is_locked])
    for bm in months:
        if bm.is_locked:
            _attribute(actor, bm, year)


def _rebill(actor, programme, period, drafts: list[BillingMonth]) -> None:
    invoices = []
    for bm in drafts:
        invoice = getattr(bm, "invoice", None) if bm.reconciled_at else None
        if invoice is not None and invoice.file:
            with invoice.file.open("rb") as fh:  # reconciling replaces the stored file: read it first
                invoices.append((bm.payer, fh.read(), invoice.file_name, invoice.mapping))
    run_bill(actor, programme=programme, month=period)
    for payer, data, name, mapping in invoices:
        with tempfile.NamedTemporaryFile(suffix=Path(name).suffix.lower()) as tmp:
            tmp.write(data)
            tmp.flush()
            reconcile(actor, programme=programme, month=period, payer=payer, invoice_path=tmp.name, mapping=mapping,
                      file_name=name)


def _attribute(actor, bm: BillingMonth, year: int) -> None:
    """Give a locked month's lines without a source the source now assigned, if it is this payer's."""
    sources = FundingSource.objects.filter(programme=bm.programme, year=year)
    own = bm.payer_id == bm.programme.tenant_id
    sources = sources.filter(Q(payer__isnull=True) | Q(payer=bm.payer_id)) if own else sources.filter(payer=bm.payer_id)
    filled = 0
    for source in sources:
        funded = FundingAssignment.objects.filter(year=year, funding_source=source).values("participant_id")
        count = BillLine.objects.filter(billing_month=bm, funding_source__isnull=True,
                                        participant_id__in=funded).update(funding_source=source)
        if count:
            niks = BillLine.objects.filter(billing_month=bm, funding_source=source).values("nik")
            ReconciliationLine.objects.filter(billing_month=bm, funding_source__isnull=True,
                                              nik__in=niks).update(funding_source=source)
            filled += count
    if filled:
        audit.record(actor, Action.BILLING_ATTRIBUTE, bm, tenant=bm.programme.tenant,
                     after={"month": str(bm.period), "payer": bm.payer.code, "year": year, "lines": filled})
