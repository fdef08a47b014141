"""Reading worklists and the state of a cycle, scoped to the user; the inbox that tells each role what
waits for them (a dashboard extension point of lindung.web)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.accounts.models import Role
from lindung.accounts.permissions import PermissionDenied
from lindung.intake.models import Application, Cycle
from lindung.intake.permissions import can_answer_bpjs, can_consolidate, can_see_pipeline
from lindung.intake.selectors import quota_of, status_counts, visible_applications, visible_cycles
from lindung.web.selectors import InboxItem, inbox_provider

from .models import BpjsCheck, Decree, DuplicateCase

S = Application.Status


def worklist(user) -> QuerySet[Application]:
    """What the officer must verify: submitted applications routed to them (Pasal 7 ayat (2))."""
    qs = visible_applications(user).filter(status=S.DIAJUKAN)
    if user.role == Role.LABOUR and not user.is_superuser:
        qs = qs.filter(agency__isnull=True, territorial=False)  # only what no one else collects
    return qs.select_related("kelurahan", "occupation", "cycle__programme").order_by("applied_on", "id")


def returned(user) -> QuerySet[Application]:
    return visible_applications(user).filter(status=S.DIKEMBALIKAN).select_related("kelurahan", "occupation")


def pipeline(user, cycle: Cycle) -> dict:
    """Counts per status, held cases and the quota of one cycle."""
    if not can_see_pipeline(user):
        raise PermissionDenied("Peran Anda tidak mengelola tahapan program.")
    return {"counts": status_counts(cycle), "quota": quota_of(cycle),
            "held": Application.objects.filter(cycle=cycle, on_hold=True).exclude(status=S.DITOLAK).count()}


def checks_of(cycle: Cycle) -> QuerySet[BpjsCheck]:
    return cycle.bpjs_checks.all()


def get_check(user, pk: int) -> BpjsCheck:
    check = BpjsCheck.objects.select_related("cycle__programme__tenant").filter(
        pk=pk, cycle__in=visible_cycles(user)).first()
    if check is None or not (can_answer_bpjs(user) or can_see_pipeline(user)):
        raise BpjsCheck.DoesNotExist
    return check


def open_cases(cycle: Cycle) -> QuerySet[DuplicateCase]:
    return (DuplicateCase.objects.filter(cycle=cycle, status=DuplicateCase.Status.OPEN)
            .prefetch_related("applications__agency", "applications__kelurahan", "applications__occupation"))


def decided_cases(cycle: Cycle) -> QuerySet[DuplicateCase]:
    return DuplicateCase.objects.filter(cycle=cycle, status=DuplicateCase.Status.DECIDED).select_related("kept")


def get_case(user, pk: int) -> DuplicateCase:
    case = DuplicateCase.objects.select_related("cycle__programme__tenant").filter(
        pk=pk, cycle__in=visible_cycles(user)).first()
    if case is None:
        raise DuplicateCase.DoesNotExist
    return case


def consolidated(cycle: Cycle, *, limit: int = 200) -> list[Application]:
    """The ranked list (selected, then reserve), first `limit` rows."""
    return list(Application.objects.filter(cycle=cycle, status__in=(S.KONSOLIDASI, S.CADANGAN), on_hold=False)
                .select_related("agency", "kelurahan", "occupation").order_by("rank", "id")[:limit])


def decrees_of(cycle: Cycle) -> QuerySet[Decree]:
    return cycle.decrees.all()


def get_decree(user, pk: int) -> Decree:
    decree = Decree.objects.select_related("cycle__programme__tenant").filter(pk=pk, cycle__in=visible_cycles(user)).first()
    if decree is None or not can_see_pipeline(user):
        raise Decree.DoesNotExist
    return decree


# --- Inbox: what waits for each role --------------------------------------------------------------------


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
    inbox_url = reverse("verification:inbox")
    if user.role in (Role.AGENCY, Role.TERRITORIAL, Role.LABOUR):
        waiting = worklist(user).count()
        if waiting:
            items.append(InboxItem(_("%(n)d usulan menunggu verifikasi Anda") % {"n": waiting}, inbox_url))
        back = returned(user).count()
        if back:
            items.append(InboxItem(_("%(n)d usulan dikembalikan menunggu perbaikan") % {"n": back},
                                   reverse("intake:list") + "?status=DIKEMBALIKAN"))
    if user.role == Role.LABOUR:
        for cycle, n in _cycle_counts(user, S.DIVERIFIKASI):
            items.append(InboxItem(_("%(n)d usulan terverifikasi siap dikirim ke BPJS (%(cycle)s)") % {"n": n, "cycle": cycle},
                                   reverse("verification:cycle", args=[cycle.pk])))
        for cycle, n in _cycle_counts(user, S.KONSOLIDASI):
            items.append(InboxItem(_("%(n)d calon hasil konsolidasi siap ditetapkan dengan Keputusan (%(cycle)s)")
                                   % {"n": n, "cycle": cycle}, reverse("verification:decree", args=[cycle.pk])))
        for cycle, n in _cycle_counts(user, S.DITETAPKAN):
            items.append(InboxItem(_("%(n)d penerima yang ditetapkan menunggu pendaftaran ke BPJS (%(cycle)s)")
                                   % {"n": n, "cycle": cycle}, reverse("verification:enrolment", args=[cycle.pk])))
    if can_answer_bpjs(user) and user.role == Role.BPJS:
        for cycle, n in _cycle_counts(user, S.CEK_BPJS):
            items.append(InboxItem(_("%(n)d calon menunggu pemeriksaan kepesertaan BPJS (%(cycle)s)") % {"n": n, "cycle": cycle},
                                   reverse("verification:bpjs", args=[cycle.pk])))
    if can_consolidate(user) and not user.is_superuser:
        for cycle, n in _cycle_counts(user, S.LOLOS_BPJS):
            items.append(InboxItem(_("%(n)d calon lolos pemeriksaan BPJS menunggu konsolidasi TVEM (%(cycle)s)")
                                   % {"n": n, "cycle": cycle}, reverse("verification:consolidation", args=[cycle.pk])))
        for cycle in visible_cycles(user).order_by("-year")[:6]:
            n = open_cases(cycle).count()
            if n:
                items.append(InboxItem(_("%(n)d dugaan ganda menunggu keputusan TVEM (%(cycle)s)") % {"n": n, "cycle": cycle},
                                       reverse("verification:consolidation", args=[cycle.pk])))
    return items
