"""GET /tagihan/{program}/{bulan}: a month's bill totals, the reconciliation counts by status, the berita
acara and the payment (Pasal 11), for the roles that read money (labour agency, BPJS, auditor)."""

from __future__ import annotations

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
    if not can_read_billing(request.user):
        raise not_found()
    try:
        month = Month.parse(bulan)
    except ValueError:
        raise invalid(_("bulan harus berformat YYYY-MM."), [{"kolom": "bulan", "pesan": "YYYY-MM"}]) from None
    programme = visible_programmes(request.user).filter(code=program).first()
    found = (BillingMonth.objects.select_related("programme").filter(programme=programme, month=month.first_day).first()
             if programme else None)
    if found is None:
        raise not_found()
    counts = dict(ReconciliationLine.objects.filter(billing_month=found).values_list("status")
                  .annotate(n=Count("id")).order_by())
    agreement = getattr(found, "berita_acara", None)  # a missing one-to-one raises AttributeError: None
    payment = getattr(found, "payment", None)
    return {
        "program": programme.code, "bulan": str(month), "status": found.status, "jumlah_peserta": found.bill_count,
        "iuran_jkk": money_text(found.contribution_jkk), "iuran_jkm": money_text(found.contribution_jkm),
        "jumlah_tagihan": money_text(found.bill_amount), "peserta_dibiayai_program_lain": found.flagged_count,
        "rekonsiliasi": {str(k): v for k, v in counts.items()},
        "berita_acara": None if agreement is None else {
            "nomor": agreement.number, "tanggal": agreement.date, "jumlah_peserta": agreement.agreed_count,
            "jumlah_iuran": money_text(agreement.agreed_amount)},
        "pembayaran": None if payment is None else {
            "nomor_sp2d": payment.sp2d_number, "tanggal": payment.sp2d_date, "jumlah": money_text(payment.amount)},
    }
