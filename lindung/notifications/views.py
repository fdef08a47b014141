"""The outbox log: what was sent to workers' phones, what failed and why, and sending again."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_manage_programmes
from lindung.platform.labels import words
from lindung.platform.listing import Column, Filter, Listing

from . import selectors, services
from .models import Message


def _masked(phone: str) -> str:
    return phone[:6] + "****" + phone[-3:] if len(phone) > 9 else phone


COLUMNS = [
    Column("waktu", gettext_lazy("Dibuat"), lambda m: m.created_at.strftime("%d-%m-%Y %H:%M"), "created_at"),
    Column("telepon", gettext_lazy("Telepon"), lambda m: _masked(m.phone)),
    Column("keperluan", gettext_lazy("Keperluan"), lambda m: words(m.purpose), "purpose"),
    Column("isi", gettext_lazy("Isi pesan"), lambda m: m.text),
    Column("status", gettext_lazy("Status"), lambda m: m.get_status_display(), "status"),
    Column("percobaan", gettext_lazy("Percobaan"), lambda m: m.attempts),
    Column("kesalahan", gettext_lazy("Kesalahan terakhir"), lambda m: m.last_error),
]


@login_required
def outbox(request):
    listing = Listing(request, selectors.messages_for(request.user), COLUMNS, [
        Filter("status", gettext_lazy("Status"), lambda qs, v: qs.filter(status=v), Message.Status.choices),
    ], default_sort="-created_at", selectable=can_manage_programmes(request.user), export_name="log-pesan")
    if listing.export_format:
        return listing.export(listing.export_format)
    return render(request, "notifications/outbox.html", {"listing": listing,
                                                          "can_retry": can_manage_programmes(request.user)})


@login_required
@require_POST
def retry(request, pk: int):
    message = selectors.messages_for(request.user).filter(pk=pk, status=Message.Status.GAGAL).first()
    if message is None:
        raise Http404(_("Pesan tidak ditemukan."))
    services.retry(request.user, message=message)
    flash.success(request, _("Pesan dijadwalkan untuk dikirim ulang."))
    return redirect("notifications:outbox")
