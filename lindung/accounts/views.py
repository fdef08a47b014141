"""The second-factor pages: enrolment (first sign-in), the code step of every sign-in, and the page where
a signed-in user makes new recovery codes."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import mfa


class CodeForm(forms.Form):
    kode = forms.CharField(label=gettext_lazy("Kode"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                                         "autofocus": True}))


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _wrong_code(user) -> str:
    text = _("Kode salah atau sudah kedaluwarsa. Periksa jam ponsel Anda, lalu ketik kode yang sedang tampil.")
    if wait := mfa.wait_seconds(user):
        text += " " + _("Setelah kode salah, tunggu %(n)d detik sebelum mencoba lagi.") % {"n": wait}
    return text


@login_required
def mfa_verify(request):
    if request.user.is_verified():
        return redirect(_next(request))
    if not mfa.is_enrolled(request.user):
        return redirect(f"{reverse('accounts:mfa_enrol')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = mfa.verify(request, form.cleaned_data["kode"])
        if device is not None:
            if device.name == mfa.RECOVERY_DEVICE:
                left = mfa.recovery_codes_left(request.user)
                request.session["mfa_recovery_used"] = left
                return redirect("accounts:security")
            return redirect(_next(request))
        form.add_error("kode", _wrong_code(request.user))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next(request)})


@login_required
def mfa_enrol(request):
    if mfa.is_enrolled(request.user):
        return redirect(_next(request)) if request.user.is_verified() else redirect("accounts:mfa_verify")
    device = mfa.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm(request, device, form.cleaned_data["kode"])
        if codes is not None:
            return render(request, "accounts/mfa_codes.html", {"codes": codes, "next": _next(request), "first": True})
        form.add_error("kode", _wrong_code(request.user))
    return render(request, "accounts/mfa_enrol.html", {
        "form": form, "next": _next(request), "qr": mfa.qr_data_uri(device), "secret": mfa.secret_text(device),
    })


@login_required
def security(request):
    return render(request, "accounts/security.html", {
        "enrolled": mfa.is_enrolled(request.user), "codes_left": mfa.recovery_codes_left(request.user),
        "recovery_used": request.session.pop("mfa_recovery_used", None),
    })


@login_required
@require_POST
def new_codes(request):
    if not (mfa.is_enrolled(request.user) and request.user.is_verified()):
        return redirect("accounts:mfa_verify")
    return render(request, "accounts/mfa_codes.html", {"codes": mfa.new_recovery_codes(request.user), "next": "/"})
