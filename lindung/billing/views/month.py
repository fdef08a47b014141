"""The billing month page (Pasal 11): generate the bills (one per payer of a co-funded programme), upload
BPJS's invoice, see the differences and who another programme pays for, download the berita acara, record
the payment. Every change goes through lindung.billing.services; the payer is `?pembayar=CODE`."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_manage_programmes, can_reveal_nik
from lindung.audit import services as audit
from lindung.domain.calendar import Month
from lindung.platform.errors import PermissionDenied
from lindung.platform.files import TableError, check_limits, csv_text, text_frame
from lindung.platform.http import query_int
from lindung.programs.models import Programme
from lindung.programs.selectors import get_programme, visible_programmes

from .. import selectors, services
from ..actions import Action
from ..documents import berita_acara_pdf
from ..forms import BeritaAcaraForm, InvoiceForm, OpenMonthForm, PaymentForm, ReopenForm, cleaned
from ..models import BillingMonth

SHOWN = 200  # lines of differences or problems shown on the page; the downloads hold all

DOWNLOADS = {
    "tagihan": (selectors.bill_rows, selectors.BILL_COLUMNS),
    "dikecualikan": (selectors.exclusion_rows, selectors.EXCLUSION_COLUMNS),
    "rekonsiliasi": (selectors.reconciliation_rows, selectors.RECONCILIATION_COLUMNS),
    "masalah": (selectors.problem_rows, selectors.PROBLEM_COLUMNS),
}


def _programme(request, pk: int) -> Programme:
    try:
        return get_programme(request.user, pk)
    except (Programme.DoesNotExist, PermissionDenied):
        raise Http404(_("Program tidak ditemukan dalam cakupan Anda.")) from None


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        raise Http404(_("Bulan harus berformat YYYY-MM.")) from None


@dataclass
class Page:
    programme: Programme
    period: Month
    months: list[BillingMonth]  # one per payer, the programme's own government first
    bm: BillingMonth | None  # the payer's month shown and acted on

    def back(self) -> HttpResponse:
        url = reverse("billing:month", args=[self.programme.pk, str(self.period)])
        return redirect(url + (f"?pembayar={self.bm.payer.code}" if self.bm is not None and len(self.months) > 1 else ""))


def _billing_month(request, pk: int, month: str) -> Page:
    programme, period = _programme(request, pk), _month(month)
    months = selectors.payer_months(programme, period)
    code = request.POST.get("pembayar") or request.GET.get("pembayar")
    chosen = next((bm for bm in months if bm.payer.code == code), None) if code else (months[0] if months else None)
    if code and chosen is None and months:
        raise Http404(_("Pembayar ini tidak mempunyai tagihan bulan ini."))
    return Page(programme, period, months, chosen)


@login_required
def months(request):
    programmes = list(visible_programmes(request.user))
    selected = request.GET.get("program", "")
    form = OpenMonthForm(request.GET if "month" in request.GET else None, programmes=programmes,
                         initial={"programme": selected})
    if form.is_bound and form.is_valid():
        return redirect("billing:month", pk=form.cleaned_data["programme"], month=str(form.cleaned_data["month"]))
    rows = (BillingMonth.objects.filter(programme__in=programmes).select_related("programme", "payer")
            .order_by("-month", "programme", "payer__name"))
    if (programme_id := query_int(request, "program")) is not None:
        rows = rows.filter(programme_id=programme_id)
    return render(request, "billing/months.html", {"form": form, "rows": rows[:120], "programmes": programmes})


@login_required
def month_page(request, pk: int, month: str):
    page = _billing_month(request, pk, month)
    programme, period, bm = page.programme, page.period, page.bm
    context = {
        "programme": programme, "period": period, "bm": bm, "months": page.months,
        "can_manage": can_manage_programmes(request.user), "can_export": can_reveal_nik(request.user),
        "invoice_form": InvoiceForm(), "reopen_form": ReopenForm(),
        "total_count": sum(m.bill_count for m in page.months),
        "total_amount": sum((m.bill_amount for m in page.months), Decimal(0)),
    }
    if bm is not None:
        ba = services.berita_acara_for(bm)
        context.update({
            "summary": bm.summary, "differences": selectors.difference_lines(bm, SHOWN),
            "excluded": selectors.exclusions(bm, SHOWN), "problems": list(islice(selectors.problem_rows(bm), SHOWN)),
            "own_bill": services.own_bill(bm), "by_source": selectors.lines_by_source(bm),
            "berita_acara": ba, "ba_form": BeritaAcaraForm(instance=ba),
            "payment_form": PaymentForm(initial={"amount": ba.agreed_amount}),
            "payment": getattr(bm, "payment", None) if bm.status == BillingMonth.Status.DIBAYAR else None,
            "shown": SHOWN,
        })
    return render(request, "billing/month.html", context)


def _act(request, pk: int, month: str, action) -> HttpResponse:
    """Run a service call for the month page and come back to it with the outcome as a message."""
    page = _billing_month(request, pk, month)
    try:
        text = action(page.programme, page.period, page.bm)
    except (services.BillingError, TableError, PermissionDenied, ValueError) as exc:
        messages.error(request, str(exc))
    else:
        if text:
            messages.success(request, text)
    return page.back()


def _need(bm: BillingMonth | None) -> BillingMonth:
    if bm is None:
        raise services.BillingError(_("Tagihan bulan ini belum disusun."))
    return bm


@login_required
@require_POST
def run(request, pk: int, month: str):
    def action(programme, period, bm):
        run = services.run_bill(request.user, programme=programme, month=period)
        text = _("Tagihan disusun: %(count)s peserta.") % {"count": run.count}
        if len(run.months) > 1:
            text += " " + "; ".join(f"{m.payer.name}: {m.bill_count}" for m in run.months)
        if run.excluded:
            text += " " + _("%(n)s peserta dibiayai program lain, tidak ditagih.") % {"n": run.excluded}
        return text

    return _act(request, pk, month, action)


@login_required
@require_POST
def upload_invoice(request, pk: int, month: str):
    def action(programme, period, bm):
        form = InvoiceForm(request.POST, request.FILES)
        if not form.is_valid():
            raise services.BillingError(_("Pilih berkas tagihan BPJS (.csv atau .xlsx)."))
        upload = form.cleaned_data["invoice"]
        with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix.lower()) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            check_limits(tmp.name, upload.name)  # an upload edge: caps before any parser runs
            outcome = services.reconcile(request.user, programme=programme, month=period, invoice_path=tmp.name,
                                         payer=bm.payer if bm is not None else None, file_name=upload.name)
        s = outcome.reconciliation.summary
        return _("Rekonsiliasi selesai: %(agreed)s cocok, %(diff)s selisih, %(issues)s baris bermasalah.") % {
            "agreed": s.agreed_count, "diff": s.difference_count, "issues": len(outcome.reconciliation.issues)}

    return _act(request, pk, month, action)


@login_required
@require_POST
def agree(request, pk: int, month: str):
    def action(programme, period, bm):
        data = cleaned(BeritaAcaraForm(request.POST))
        services.agree(request.user, bm=_need(bm), number=data.pop("number"), on=data.pop("date"), **data)
        return _("Berita acara disepakati; bulan ini terkunci sampai dibayar.")

    return _act(request, pk, month, action)


@login_required
@require_POST
def reopen(request, pk: int, month: str):
    def action(programme, period, bm):
        form = ReopenForm(request.POST)
        services.reopen(request.user, bm=_need(bm), reason=form.data.get("reason", ""))
        return _("Bulan ini dibuka kembali.")

    return _act(request, pk, month, action)


@login_required
@require_POST
def pay(request, pk: int, month: str):
    def action(programme, period, bm):
        services.record_payment(request.user, bm=_need(bm), **cleaned(PaymentForm(request.POST)))
        return _("Pembayaran dicatat; bulan ini terkunci.")

    return _act(request, pk, month, action)


@login_required
def download(request, pk: int, month: str, kind: str):
    page = _billing_month(request, pk, month)
    programme, period, bm = page.programme, page.period, page.bm
    if bm is None:
        raise Http404(_("Tagihan bulan ini belum disusun."))
    if not can_reveal_nik(request.user):
        raise PermissionDenied(_("Berkas ini memuat NIK lengkap; peran Anda hanya dapat melihat NIK tersamar."))
    audit.record(request.user, Action.BILLING_EXPORT, bm, after={"kind": kind, "payer": bm.payer.code},
                 tenant=programme.tenant)
    name = f"{programme.code}-{period}" + ("" if services.own_bill(bm) else f"-{bm.payer.code}")
    if kind == "berita-acara":
        if bm.reconciled_at is None:
            raise Http404(_("Bulan ini belum direkonsiliasi."))
        response = HttpResponse(berita_acara_pdf(bm, services.berita_acara_for(bm)), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="berita-acara-{name}.pdf"'
        return response
    if kind not in DOWNLOADS:
        raise Http404
    rows, columns = DOWNLOADS[kind]
    response = HttpResponse(csv_text(text_frame(rows(bm), columns)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{name}.csv"'
    return response
