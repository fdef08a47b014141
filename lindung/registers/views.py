from pathlib import Path

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_import_reference_data, can_reveal_nik, can_screen
from lindung.domain.rules import RuleSetError, load
from lindung.domain.rules import reasons as R
from lindung.platform.errors import PermissionDenied
from lindung.platform.files import TableError, write_table
from lindung.platform.http import query_int, send_file

from . import selectors, services
from .forms import DatasetImportForm, ScreeningForm
from .models import PairReview, ReferenceDataset
from .screening import XLSX_MAX_ROWS


@login_required
def screening(request):
    recent = list(selectors.screening_jobs_for(request.user))
    form = ScreeningForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_screening(request.user, upload=form.cleaned_data["applicants"],
                                           ruleset_id=form.cleaned_data["ruleset"],
                                           dedupe=not form.cleaned_data["no_dedupe"])
        except (TableError, services.ScreeningUnavailable) as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("registers:screening_result", pk=job.pk)
    snapshots = {kind: selectors.latest_snapshot(kind, request.user.tenant) for kind in ReferenceDataset.Kind.values}
    return render(request, "registers/screening.html", {"form": form, "recent": recent, "snapshots": snapshots,
                                                       "can_screen": can_screen(request.user)})


def _job(request, pk):
    try:
        return selectors.get_screening_job(request.user, pk)
    except PermissionDenied:
        raise Http404(_("Penyaringan tidak ditemukan dalam cakupan Anda.")) from None


@login_required
def screening_result(request, pk):
    job = _job(request, pk)
    keputusan = request.GET.get("keputusan", "")
    alasan = request.GET.get("alasan", "")
    after = query_int(request, "setelah", 0, minimum=0)
    page = selectors.result_rows(job, keputusan=keputusan, alasan=alasan, after=after) if job.status == job.Status.SELESAI \
        else selectors.ResultPage([], None)
    result = job.result or {}
    ruleset = _ruleset_or_none(result.get("ruleset"))
    return render(request, "registers/result.html", {
        "basis_note": ruleset.basis_note if ruleset else "", "basis_instrument": ruleset.instrument if ruleset else "",
        "job": job, "result": result, "page": page, "keputusan": keputusan, "alasan": alasan, "after": after,
        "decisions": R.DECISIONS, "reasons": list((result.get("by_reason") or {}).keys()),
        "xlsx_allowed": (result.get("rows") or 0) <= XLSX_MAX_ROWS, "full_nik": can_reveal_nik(request.user),
        "can_review": can_screen(request.user) and job.tenant_id is not None, "verdicts": PairReview.Verdict,
    })


@login_required
@require_POST
def screening_pair(request, pk):
    """Confirm or dismiss a flagged pair (KEMUNGKINAN_GANDA) of this screening; remembered for the next one."""
    job = _job(request, pk)
    text = request.POST.get("baris", "")
    row = int(text) if text.isascii() and text.isdigit() and len(text) < 12 else 0
    try:
        review = services.review_pair(request.user, job=job, row=row, verdict=request.POST.get("keputusan", ""),
                                      note=request.POST.get("catatan", ""))
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Baris %(row)s: %(verdict)s. Keputusan ini dipakai pada penyaringan berikutnya.")
                         % {"row": row, "verdict": review.get_verdict_display()})
    back = QueryDict(request.POST.get("kembali", "")).urlencode()  # the page's filters, re-encoded
    target = reverse("registers:screening_result", args=[job.pk])
    return redirect(f"{target}?{back}#baris-{row}" if back else f"{target}#baris-{row}")


def _ruleset_or_none(ruleset_id):
    """The rule set a finished screening used; None for one no longer shipped (its result still shows)."""
    try:
        return load(ruleset_id) if ruleset_id else None
    except RuleSetError:
        return None


@login_required
def screening_download(request, pk, fmt: str):
    """The result file. Roles that may not see full NIKs (TVEM, auditor) get it with NIKs masked."""
    job = _job(request, pk)
    if job.status != job.Status.SELESAI or not job.output_file or fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "xlsx" and (job.result or {}).get("rows", 0) > XLSX_MAX_ROWS:
        raise Http404
    full = can_reveal_nik(request.user)
    services.record_download(request.user, job=job, fmt=fmt, full_nik=full)
    name = Path((job.params or {}).get("original_name") or "pendaftar").stem
    filename = f"hasil-penyaringan-{name}.{fmt}"
    csv_path = Path(job.output_file)
    if not full:
        return send_file(services.masked_result(job, fmt), filename)
    path = csv_path
    if fmt == "xlsx":
        path = csv_path.with_suffix(".xlsx")
        if not path.exists():  # made once, on the first request
            write_table(pl.read_csv(csv_path, infer_schema=False), path, sheet="Hasil penyaringan")
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename)


@login_required
def datasets(request):
    rows = list(selectors.datasets_for(request.user)[:50])
    can_import = any(can_import_reference_data(request.user, kind) for kind in ReferenceDataset.Kind.values)
    form = DatasetImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = services.start_dataset_import(request.user, kind=data["kind"], upload=data["file"],
                                                snapshot_date=data["snapshot_date"], mapping=data["mapping"])
        except TableError as exc:
            form.add_error("file", str(exc))
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Berkas diterima; impor berjalan di latar belakang."))
            return redirect("jobs:detail", pk=job.pk)
    return render(request, "registers/datasets.html", {"datasets": rows, "form": form, "can_import": can_import})


@login_required
def dataset_detail(request, pk: int):
    try:
        dataset = selectors.get_dataset(request.user, pk)
    except (ReferenceDataset.DoesNotExist, PermissionDenied):
        raise Http404(_("Data rujukan tidak ditemukan dalam cakupan Anda.")) from None
    return render(request, "registers/dataset.html", {"dataset": dataset, "report": dataset.report})
