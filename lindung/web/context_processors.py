"""The navigation each role sees. Hiding a link is a convenience, not security: every view and
service checks permissions itself."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from lindung.accounts import permissions as P

# (url name, label, role group that sees it: lindung.accounts.permissions names every group)
NAVIGATION = [
    ("web:dashboard", _("Beranda"), P.ALL_ROLES),
    ("people:search", _("Penduduk"), P.ALL_ROLES),
    ("applications:list", _("Usulan"), P.APPLICATION_READERS),
    ("applications:inbox", _("Verifikasi"), P.WORKFLOW_ROLES),
    ("rules:list", _("Aturan"), P.ALL_ROLES),
    ("registers:screening", _("Penyaringan"), P.SCREENING_ROLES | P.SCREENING_OVERSEERS),
    ("registers:datasets", _("Data Rujukan"), P.REFERENCE_DATA_READERS),
    ("programs:list", _("Program"), P.PROGRAMME_ROLES),
    ("billing:months", _("Tagihan"), P.BILLING_ROLES),
    ("membership:participants", _("Peserta"), P.PROGRAMME_ROLES),
    ("membership:proposals", _("Penghentian"), P.TERMINATION_READERS),
    ("claims:list", _("Klaim"), P.CLAIM_READERS),
    ("grievance:worklist", _("Pengaduan"), P.COMPLAINT_READERS),
    # Whoever reads complaints reaches the statistics from the complaint pages; TVEM reads only these.
    ("grievance:statistics", _("Statistik Pengaduan"), P.COMPLAINT_STATISTICS_ROLES - P.COMPLAINT_READERS),
    ("monitoring:programme", _("Monitoring"), P.MONITORING_ROLES),
    ("notifications:outbox", _("Pesan"), P.AUDIT_READERS),
    ("web:audit", _("Jejak Audit"), P.AUDIT_READERS),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for url_name, label, roles in NAVIGATION:
        if not P.has_role(user, roles):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # a capability not installed on this deployment
            continue
        items.append({"url": url, "label": label, "active": request.path == url or (url != "/" and request.path.startswith(url))})
    return {"nav_items": items}
