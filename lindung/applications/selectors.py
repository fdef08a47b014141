"""Reading cycles and applications, always through the user's scope (DESIGN.md §3).

- an agency officer sees the applications routed to their agency (Lampiran I on the application date);
- a Camat/Lurah officer sees applications for territorial occupations whose e-KTP address lies in
  their kecamatan/kelurahan;
- the labour agency, TVEM and auditors see the whole tenant; BPJS officers see candidates from the
  BPJS check on (they have no business with applications still being verified).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from lindung.accounts.models import Role, User
from lindung.accounts.permissions import (
    can_answer_bpjs,
    can_manage_programmes,
    can_see_pipeline,
    is_staff_user,
    is_tenant_wide,
)
from lindung.domain import funding
from lindung.domain import nik as nik_rules
from lindung.membership.allocation import YearPlan, year_plan
from lindung.platform.errors import PermissionDenied

from .models import Application, BpjsCheck, BulkUpload, Cycle, Decree, Document, DuplicateCase

PAGE_SIZE = 25
S = Application.Status
BPJS_VISIBLE = (S.CEK_BPJS, S.LOLOS_BPJS, S.SUDAH_PESERTA, S.KONSOLIDASI, S.CADANGAN, S.DITETAPKAN, S.TERDAFTAR)


def visible_applications(user) -> QuerySet[Application]:
    if not is_staff_user(user):
        raise PermissionDenied("Silakan masuk terlebih dahulu.")
    qs = Application.objects.all()
    if user.is_superuser and not user.tenant_id:
        return qs
    qs = qs.filter(cycle__programme__tenant_id=user.tenant_id)
    if user.is_superuser:
        return qs
    if user.role == Role.PERANGKAT_DAERAH:
        return qs.filter(agency_id=user.agency_id)
    if user.role == Role.KEWILAYAHAN:
        inside = Q(kelurahan_id=user.region_id) if user.region.level == 4 else Q(kelurahan__code__startswith=user.region_id + ".")
        return qs.filter(inside, territorial=True)
    if user.role == Role.BPJS:
        return qs.filter(status__in=BPJS_VISIBLE)
    if is_tenant_wide(user):
        return qs
    return qs.none()


def get_application(user, pk: int) -> Application:
    """One application in the user's scope; DoesNotExist for both "absent" and "not yours"."""
    found = (visible_applications(user).select_related("cycle__programme__tenant", "kelurahan__parent", "occupation",
                                                       "agency", "person")
             .filter(pk=pk).first())
    if found is None:
        raise Application.DoesNotExist
    return found


def get_document(user, application_pk: int, pk: int) -> Document:
    application = get_application(user, application_pk)
    document = application.documents.filter(pk=pk).first()
    if document is None:
        raise Document.DoesNotExist
    return document


def visible_cycles(user) -> QuerySet[Cycle]:
    if not is_staff_user(user):
        raise PermissionDenied("Silakan masuk terlebih dahulu.")
    qs = Cycle.objects.select_related("programme__tenant")
    if user.is_superuser and not user.tenant_id:
        return qs
    return qs.filter(programme__tenant_id=user.tenant_id)


def get_cycle(user, pk: int) -> Cycle:
    cycle = visible_cycles(user).filter(pk=pk).first()
    if cycle is None:
        raise Cycle.DoesNotExist
    return cycle


def pipeline_cycle(user, pk: int) -> Cycle:
    """A cycle whose whole pipeline the user may read (labour agency, TVEM, BPJS, auditor)."""
    if not can_see_pipeline(user):
        raise PermissionDenied("Peran Anda tidak mengelola tahapan program.")
    return get_cycle(user, pk)


def collecting_cycles(on: date, user=None) -> QuerySet[Cycle]:
    """Cycles open for applications on `on` (the user's tenant only, for officers)."""
    qs = Cycle.objects.select_related("programme__tenant").filter(collection_start__lte=on, collection_end__gte=on)
    if user is not None and not (user.is_superuser and not user.tenant_id):
        qs = qs.filter(programme__tenant_id=user.tenant_id)
    return qs.order_by("programme__tenant__kind", "programme__name")


def status_counts(cycle: Cycle) -> dict[str, int]:
    """How many applications of a cycle stand at each status (one GROUP BY on the (cycle, status) index)."""
    counts = dict.fromkeys(S.values, 0)
    counts.update(dict(Application.objects.filter(cycle=cycle).values_list("status").annotate(n=Count("id")).order_by()))
    return counts


def quota_of(cycle: Cycle) -> int | None:
    """The places for this cycle's newcomers: the cycle's own figure, else what the programme's funding
    sources for the enrolment year leave once they pay for the participants continuing into that year and
    for those already decreed but not yet enrolled — counted first, at their own cost (Pasal 11: billable
    months × contribution) — restrictions respected (`funding.room_left`: the most newcomers the sources
    that would accept them can take). None when neither is known, or no source limits: no cut-off."""
    if cycle.quota is not None:
        return cycle.quota
    plan = budget_plan(cycle)
    if plan is None:
        return None
    new_cost = plan.newcomer_cost(cycle.enrolment_date)
    if new_cost <= 0:
        return 0
    return funding.room_left(plan.sources, plan.continuing, new_cost).at_most


def budget_plan(cycle: Cycle) -> YearPlan | None:
    """The enrolment year's sources with everyone they must pay for first: participants continuing into
    the year, and this cycle's applicants decreed but not yet enrolled (keys ("a", application id))."""
    plan = year_plan(cycle.programme, cycle.enrolment_date.year)
    if plan is None:
        return None
    decreed = Application.objects.filter(cycle=cycle, status=S.DITETAPKAN).values_list(
        "id", "occupation_id", "kelurahan_id", "birth_date")
    plan.continuing += [plan.newcomer(("a", pk), occupation, kelurahan, birth, cycle.enrolment_date)
                        for pk, occupation, kelurahan, birth in decreed]
    return plan


def for_worker(nik: str, birth_date: date) -> list[Application]:
    """A worker's own applications, newest cycle first: found only when NIK and birth date both match."""
    digits = nik_rules.normalize(nik)
    if not (digits.isdigit() and len(digits) == 16) or birth_date is None:
        return []
    return list(Application.objects.select_related("cycle__programme__tenant", "agency", "kelurahan")
                .filter(nik=digits, birth_date=birth_date).order_by("-cycle__year", "-id"))


def receipt(pk: int | None) -> Application | None:
    """The application just submitted from this browser session (its id was kept in the session)."""
    if pk is None:
        return None
    return Application.objects.select_related("cycle__programme__tenant", "agency", "kelurahan").filter(pk=pk).first()


def recent_uploads(user, limit: int = 10) -> list[BulkUpload]:
    return list(BulkUpload.objects.filter(cycle__in=visible_cycles(user), created_by=user).select_related("cycle")[:limit])


def get_upload(user, pk: int) -> BulkUpload:
    """An upload its author (or the labour agency of the tenant) may follow; its result holds full NIKs."""
    found = BulkUpload.objects.select_related("cycle__programme", "job").filter(pk=pk, cycle__in=visible_cycles(user)).first()
    if found is None or not (found.created_by_id == user.id or user.is_superuser or can_manage_programmes(user)):
        raise BulkUpload.DoesNotExist
    return found


# --- Worklists and the later steps of a cycle --------------------------------------------------------



def worklist(user) -> QuerySet[Application]:
    """What the officer must verify: submitted applications routed to them (Pasal 7 ayat (2))."""
    qs = visible_applications(user).filter(status=S.DIAJUKAN)
    if user.role == Role.DISNAKER and not user.is_superuser:
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
    return (DuplicateCase.objects.filter(cycle=cycle, status=DuplicateCase.Status.TERBUKA)
            .prefetch_related("applications__agency", "applications__kelurahan", "applications__occupation"))


def decided_cases(cycle: Cycle) -> QuerySet[DuplicateCase]:
    return DuplicateCase.objects.filter(cycle=cycle, status=DuplicateCase.Status.DIPUTUSKAN).select_related("kept")


def get_case(user, pk: int) -> DuplicateCase:
    case = DuplicateCase.objects.select_related("cycle__programme__tenant").filter(
        pk=pk, cycle__in=visible_cycles(user)).first()
    if case is None:
        raise DuplicateCase.DoesNotExist
    return case


def consolidated(cycle: Cycle) -> QuerySet[Application]:
    """The ranked list: selected, then reserve (held cases apart)."""
    return Application.objects.filter(cycle=cycle, status__in=(S.KONSOLIDASI, S.CADANGAN), on_hold=False)


def decrees_of(cycle: Cycle) -> QuerySet[Decree]:
    return cycle.decrees.all()


def get_decree(user, pk: int) -> Decree:
    decree = Decree.objects.select_related("cycle__programme__tenant").filter(pk=pk, cycle__in=visible_cycles(user)).first()
    if decree is None or not can_see_pipeline(user):
        raise Decree.DoesNotExist
    return decree


def unreachable_work(tenant_id: int) -> list[tuple[str, int]]:
    """(office, applications waiting) for offices of a government that have applications to verify but no
    active account in Lindung to verify them with: nobody would ever see that work (issue 13 item 9)."""
    waiting = Application.objects.filter(cycle__programme__tenant_id=tenant_id, status=S.DIAJUKAN)
    staffed = set(User.objects.filter(tenant_id=tenant_id, is_active=True, role=Role.PERANGKAT_DAERAH)
                  .values_list("agency_id", flat=True))
    out = [(name, n) for agency_id, name, n in waiting.filter(agency__isnull=False).values_list("agency_id", "agency__name")
           .annotate(n=Count("id")).order_by("agency__name") if agency_id not in staffed]
    territories = list(User.objects.filter(tenant_id=tenant_id, is_active=True, role=Role.KEWILAYAHAN)
                       .values_list("region_id", flat=True))
    for code, name, n in (waiting.filter(territorial=True).values_list("kelurahan_id", "kelurahan__name")
                          .annotate(n=Count("id")).order_by("kelurahan__name")):
        if not any(code == t or code.startswith(t + ".") for t in territories if t):
            out.append((f"Kelurahan {name}", n))
    return out
