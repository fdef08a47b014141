"""GET /tagihan/{program}/{bulan}: a month's bill totals, the reconciliation counts by status, the berita
acara and the payment (Pasal 11), for the roles that read money (labour agency, BPJS, auditor)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _
from ninja import Router

from lindung.accounts.permissions import can_read_billing
from lindung.billing.models import BillingMonth, ReconciliationLine
from lindung.domain.billing import money_text
from lindung.domain.calendar import Month
from lindung.programs.selectors import visible_programmes

from .errors import ERRORS, invalid, not_found
from .schemas import BillOut

router = Router(tags=["tagihan"])


@router.get("/tagihan/{program}/{bulan}", response={200: BillOut, **ERRORS}, summary="Tagihan satu bulan")
def bill(request, program: str, bulan: str):
    """The programme's month: totals summed over its payers (a co-funded programme bills each government
    separately, lindung.billing.models.BillingMonth), and each payer's bill, berita acara and payment.
    The top-level berita acara and payment are the only payer's when there is one (the usual case)."""
    if not can_read_billing(request.user):
        raise not_found()
    try:
        month = Month.parse(bulan)
    except ValueError:
        raise invalid(_("bulan harus berformat YYYY-MM."), [{"kolom": "bulan", "pesan": "YYYY-MM"}]) from None
    programme = visible_programmes(request.user).filter(code=program).first()
    found = (list(BillingMonth.objects.select_related("programme", "payer", "berita_acara", "payment")
                  .filter(programme=programme, month=month.first_day).order_by("payer__code"))
             if programme else [])
    if not found:
        raise not_found()
    counts = Counter(dict(ReconciliationLine.objects.filter(billing_month__in=found).values_list("status")
                          .annotate(n=Count("id")).order_by()))
    payers = [_payer(bm) for bm in found]
    # The month is only as far as its least advanced payer: agreed when all agreed, paid when all paid.
    order = list(BillingMonth.Status.values)
    return {
        "program": programme.code, "bulan": str(month), "status": min((bm.status for bm in found), key=order.index),
        "jumlah_peserta": sum(bm.bill_count for bm in found),
        "iuran_jkk": money_text(found[0].contribution_jkk), "iuran_jkm": money_text(found[0].contribution_jkm),
        "jumlah_tagihan": money_text(sum((bm.bill_amount for bm in found), Decimal(0))),
        "peserta_dibiayai_program_lain": sum(bm.excluded_count for bm in found),
        "rekonsiliasi": {str(k): v for k, v in counts.items()},
        "berita_acara": payers[0]["berita_acara"] if len(payers) == 1 else None,
        "pembayaran": payers[0]["pembayaran"] if len(payers) == 1 else None,
        "pembayar": payers,
    }


def _payer(bm: BillingMonth) -> dict:
    agreement = getattr(bm, "berita_acara", None)  # a missing one-to-one raises AttributeError: None
    payment = getattr(bm, "payment", None)
    return {
        "kode": bm.payer.code, "nama": bm.payer.name, "status": bm.status, "jumlah_peserta": bm.bill_count,
        "jumlah_tagihan": money_text(bm.bill_amount),
        "berita_acara": None if agreement is None else {
            "nomor": agreement.number, "tanggal": agreement.date, "jumlah_peserta": agreement.agreed_count,
            "jumlah_iuran": money_text(agreement.agreed_amount)},
        "pembayaran": None if payment is None else {
            "nomor_sp2d": payment.sp2d_number, "tanggal": payment.sp2d_date, "jumlah": money_text(payment.amount)},
    }
