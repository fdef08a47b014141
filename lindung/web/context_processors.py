"""The navigation each role sees. Hiding a link is a convenience, not security: every view and
service checks permissions itself."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Role

ALL = {Role.PERANGKAT_DAERAH, Role.KEWILAYAHAN, Role.TVEM, Role.DISNAKER, Role.BPJS, Role.AUDITOR}

# (url name, label, roles that see it)
NAVIGATION = [
    ("web:dashboard", _("Beranda"), ALL),
    ("people:search", _("Penduduk"), ALL),
    ("applications:list", _("Usulan"), {Role.PERANGKAT_DAERAH, Role.KEWILAYAHAN, Role.DISNAKER, Role.TVEM, Role.AUDITOR}),
    ("applications:inbox", _("Verifikasi"), {Role.PERANGKAT_DAERAH, Role.KEWILAYAHAN, Role.DISNAKER, Role.TVEM, Role.BPJS}),
    ("rules:list", _("Aturan"), ALL),
    ("registers:screening", _("Penyaringan"), {Role.PERANGKAT_DAERAH, Role.KEWILAYAHAN, Role.TVEM, Role.DISNAKER}),
    ("registers:datasets", _("Data Rujukan"), {Role.DISNAKER, Role.BPJS, Role.TVEM}),
    ("programs:list", _("Program"), {Role.DISNAKER, Role.TVEM, Role.BPJS, Role.AUDITOR}),
    ("billing:months", _("Tagihan"), {Role.DISNAKER, Role.BPJS, Role.AUDITOR}),
    ("membership:proposals", _("Penghentian"), {Role.DISNAKER, Role.TVEM, Role.AUDITOR}),
    ("monitoring:programme", _("Monitoring"), {Role.TVEM, Role.DISNAKER, Role.AUDITOR}),
    ("web:audit", _("Jejak Audit"), {Role.AUDITOR, Role.DISNAKER}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for url_name, label, roles in NAVIGATION:
        if not (user.is_superuser or user.role in roles):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # a capability not installed on this deployment
            continue
        items.append({"url": url, "label": label, "active": request.path == url or (url != "/" and request.path.startswith(url))})
    return {"nav_items": items}
