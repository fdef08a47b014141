"""The berita acara of a payer's month, its agreement, and the SP2D that pays it (Perwali 3/2025 Pasal 11
ayat (3)-(4)): draft -> agreed -> paid; nothing changes a paid month. A co-funded programme has one of each
per payer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lindung.audit import services as audit
from lindung.domain.money import format_rupiah
from lindung.programs.services import require_manager

from ..actions import Action
from ..errors import BillingError
from ..models import BeritaAcara, BillingMonth, Payment
from .bill import require_draft

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
PARTY_FIELDS = ("labour_head_name", "labour_head_title", "labour_head_nip", "bpjs_branch", "bpjs_officer_name",
                "bpjs_officer_title")


def default_number(bm: BillingMonth) -> str:
    """'006/BA-REKON/BPP-2025/VI/2025': the month's sequence in the programme (per payer), then month and
    year; a co-funding payer's berita acara names it ('.../BPP-2025-KALTIM/...')."""
    month = bm.period
    sequence = BeritaAcara.objects.filter(billing_month__programme=bm.programme, billing_month__payer=bm.payer).count() + 1
    code = bm.programme.code.upper() + ("" if own_bill(bm) else f"-{bm.payer.code.upper()}")
    return f"{sequence:03d}/BA-REKON/{code}/{ROMAN[month.month - 1]}/{month.year}"


def own_bill(bm: BillingMonth) -> bool:
    """The programme's own government's bill (its parties are the programme's), not a co-funder's."""
    return bm.payer_id == bm.programme.tenant_id


def berita_acara_for(bm: BillingMonth) -> BeritaAcara:
    """The month's berita acara, or (before one is saved) the one it would be: figures of the latest
    reconciliation, parties from the programme (a co-funder's own officials are filled in on the form).
    Never writes: a preview can be downloaded freely."""
    ba = BeritaAcara.objects.filter(billing_month=bm).first()
    if ba is None:
        parties = {name: getattr(bm.programme, name) for name in PARTY_FIELDS}
        if not own_bill(bm):
            parties.update(labour_head_name="", labour_head_nip="")
        ba = BeritaAcara(billing_month=bm, number=default_number(bm), date=timezone.localdate(), **parties)
    if not bm.is_locked:
        ba.agreed_count = bm.summary.get("agreed_count", 0)
        ba.agreed_amount = Decimal(bm.summary.get("agreed_amount", "0"))
    return ba


@transaction.atomic
def prepare_berita_acara(actor, *, bm: BillingMonth, number: str = "", on: date | None = None,
                         **parties: str) -> BeritaAcara:
    """Create or refresh the draft berita acara from the latest reconciliation (number kept once given)."""
    require_manager(actor, tenant=bm.programme.tenant)
    require_draft(bm)
    if bm.reconciled_at is None:
        raise BillingError(f"bulan {bm.period} belum direkonsiliasi dengan tagihan BPJS")
    unknown = set(parties) - set(PARTY_FIELDS)
    if unknown:
        raise BillingError(f"isian tidak dikenal: {', '.join(sorted(unknown))}")
    existing = BeritaAcara.objects.filter(billing_month=bm).first()
    before = audit.snapshot(existing) if existing else {}
    ba = berita_acara_for(bm)
    if number:
        ba.number = number
    if on:
        ba.date = on
    for name, value in parties.items():
        if value:
            setattr(ba, name, value)
    ba.save()
    old, new = audit.changed(before, audit.snapshot(ba))
    if new:
        audit.record(actor, Action.BERITA_ACARA_SAVE, ba, before=old, after=new, tenant=bm.programme.tenant)
    return ba


@transaction.atomic
def agree(actor, *, bm: BillingMonth, **fields) -> BillingMonth:
    """Both parties signed the berita acara: its figures are frozen and the month is locked."""
    ba = prepare_berita_acara(actor, bm=bm, **fields)
    if ba.agreed_count == 0:
        raise BillingError("tidak ada peserta yang cocok: berita acara tanpa nilai tidak dapat disepakati")
    bm.status = BillingMonth.Status.DISEPAKATI
    bm.save(update_fields=["status"])
    audit.record(actor, Action.BILLING_AGREE, bm, before={"status": "draf"}, after={
        "status": bm.status, "berita_acara": ba.number, "agreed_count": ba.agreed_count, "agreed_amount": ba.agreed_amount,
    }, tenant=bm.programme.tenant)
    return bm


@transaction.atomic
def reopen(actor, *, bm: BillingMonth, reason: str) -> BillingMonth:
    """Undo an agreement that has not been paid (a berita acara signed on wrong figures)."""
    require_manager(actor, tenant=bm.programme.tenant)
    if bm.status != BillingMonth.Status.DISEPAKATI:
        raise BillingError("hanya bulan yang sudah disepakati dan belum dibayar yang dapat dibuka kembali")
    if not reason.strip():
        raise BillingError("membuka kembali berita acara memerlukan alasan")
    bm.status = BillingMonth.Status.DRAF
    bm.save(update_fields=["status"])
    audit.record(actor, Action.BILLING_REOPEN, bm, before={"status": "disepakati"}, after={"status": "draf", "reason": reason},
                 tenant=bm.programme.tenant)
    return bm


@transaction.atomic
def record_payment(actor, *, bm: BillingMonth, sp2d_number: str, sp2d_date: date, amount: Decimal) -> Payment:
    """The SP2D that pays an agreed month (Pasal 11 ayat (4): payment follows the berita acara)."""
    require_manager(actor, tenant=bm.programme.tenant)
    bm = BillingMonth.objects.select_for_update().get(pk=bm.pk)
    if bm.status == BillingMonth.Status.DIBAYAR:
        raise BillingError(f"bulan {bm.period} sudah dibayar")
    if bm.status != BillingMonth.Status.DISEPAKATI:
        raise BillingError(f"bulan {bm.period} belum disepakati dalam berita acara: pembayaran mengikuti berita acara")
    if not sp2d_number.strip():
        raise BillingError("nomor SP2D wajib diisi")
    ba = bm.berita_acara
    if amount != ba.agreed_amount:
        raise BillingError(f"nominal SP2D {format_rupiah(amount)} berbeda dengan nilai berita acara {ba.number} "
                           f"{format_rupiah(ba.agreed_amount)} (Pasal 11 ayat (4)): pembayaran tidak dicatat")
    payment = Payment.objects.create(billing_month=bm, sp2d_number=sp2d_number.strip(), sp2d_date=sp2d_date,
                                     amount=amount, recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    bm.status = BillingMonth.Status.DIBAYAR
    bm.save(update_fields=["status"])
    audit.record(actor, Action.BILLING_PAY, bm, before={"status": "disepakati"},
                 after={"status": "dibayar", "payer": bm.payer.code, "sp2d": payment.sp2d_number, "date": sp2d_date,
                        "amount": amount},
                 tenant=bm.programme.tenant)
    return payment
