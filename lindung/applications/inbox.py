"""What waits for each role, on the dashboard's inbox (registered with lindung.platform.dashboard)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.accounts.models import Role
from lindung.accounts.permissions import ENTRY_ROLES, can_answer_bpjs, can_consolidate
from lindung.platform.dashboard import InboxItem, inbox_provider

from .models import Application, Cycle
from .selectors import open_cases, returned, unreachable_work, visible_cycles, worklist

S = Application.Status


def _cycle_counts(user, status: str) -> list[tuple[Cycle, int]]:
    """(cycle, how many applications of it stand at `status`) for the user's cycles that have some. Not
    cached, unlike the dashboard cards: the inbox must show the step just handed over (indexed counts)."""
    out = []
    for cycle in visible_cycles(user).order_by("-year")[:6]:
        n = Application.objects.filter(cycle=cycle, status=status).count()
        if n:
            out.append((cycle, n))
    return out


@inbox_provider
def verification_inbox(user) -> list[InboxItem]:
    if not getattr(user, "is_authenticated", False) or not user.tenant_id and not user.is_superuser:
        return []
    items: list[InboxItem] = []
    inbox_url = reverse("applications:inbox")
    if user.role in ENTRY_ROLES:
        waiting = worklist(user).count()
        if waiting:
            items.append(InboxItem(_("%(n)d usulan menunggu verifikasi Anda") % {"n": waiting}, inbox_url))
        back = returned(user).count()
        if back:
            items.append(InboxItem(_("%(n)d usulan dikembalikan menunggu perbaikan") % {"n": back},
                                   reverse("applications:list") + "?status=DIKEMBALIKAN"))
    if user.role == Role.DISNAKER:
        for cycle, n in _cycle_counts(user, S.DIVERIFIKASI):
            items.append(InboxItem(_("%(n)d usulan terverifikasi siap dikirim ke BPJS (%(cycle)s)") % {"n": n, "cycle": cycle},
                                   reverse("applications:cycle", args=[cycle.pk])))
        for cycle, n in _cycle_counts(user, S.KONSOLIDASI):
            items.append(InboxItem(_("%(n)d calon hasil konsolidasi siap ditetapkan dengan Keputusan (%(cycle)s)")
                                   % {"n": n, "cycle": cycle}, reverse("applications:decree", args=[cycle.pk])))
        for cycle, n in _cycle_counts(user, S.DITETAPKAN):
            items.append(InboxItem(_("%(n)d penerima yang ditetapkan menunggu pendaftaran ke BPJS (%(cycle)s)")
                                   % {"n": n, "cycle": cycle}, reverse("applications:enrolment", args=[cycle.pk])))
    if can_answer_bpjs(user) and user.role == Role.BPJS:
        for cycle, n in _cycle_counts(user, S.CEK_BPJS):
            items.append(InboxItem(_("%(n)d calon menunggu pemeriksaan kepesertaan BPJS (%(cycle)s)") % {"n": n, "cycle": cycle},
                                   reverse("applications:bpjs", args=[cycle.pk])))
    if can_consolidate(user) and not user.is_superuser:
        for cycle, n in _cycle_counts(user, S.LOLOS_BPJS):
            items.append(InboxItem(_("%(n)d calon lolos pemeriksaan BPJS menunggu konsolidasi TVEM (%(cycle)s)")
                                   % {"n": n, "cycle": cycle}, reverse("applications:consolidation", args=[cycle.pk])))
        for cycle in visible_cycles(user).order_by("-year")[:6]:
            n = open_cases(cycle).count()
            if n:
                items.append(InboxItem(_("%(n)d dugaan ganda menunggu keputusan TVEM (%(cycle)s)") % {"n": n, "cycle": cycle},
                                       reverse("applications:consolidation", args=[cycle.pk])))
    return items


@inbox_provider
def unreachable_inbox(user) -> list[InboxItem]:
    """Work routed to an office with no active account: the labour agency (and the administrator) must
    create the account or re-route the occupation, or that work waits forever."""
    if not getattr(user, "is_authenticated", False) or not (user.is_superuser or user.role == Role.DISNAKER):
        return []
    tenants = [user.tenant_id] if user.tenant_id else list(
        Cycle.objects.values_list("programme__tenant_id", flat=True).distinct())
    items = []
    for tenant_id in tenants:
        for office, n in unreachable_work(tenant_id):
            items.append(InboxItem(_("%(n)d usulan menunggu %(office)s, yang belum mempunyai akun aktif di Lindung: "
                                     "buatkan akun petugasnya atau alihkan pekerjaannya (Lampiran I)") % {
                                         "n": n, "office": office},
                                   reverse("admin:accounts_user_changelist") if user.is_superuser else ""))
    return items
