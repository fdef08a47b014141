from datetime import date

from django.db.models import Q, QuerySet

from .models import OccupationAssignment, Tenant


def assignments_on(tenant: Tenant, on: date) -> QuerySet[OccupationAssignment]:
    """The assignments in force on `on`: for each occupation, the latest row started by then."""
    rows = (
        OccupationAssignment.objects.filter(tenant=tenant, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("occupation_id", "-valid_from")
    )
    latest: dict[str, int] = {}
    for row_id, occupation_id in rows.values_list("id", "occupation_id"):
        latest.setdefault(occupation_id, row_id)
    return OccupationAssignment.objects.filter(id__in=latest.values()).select_related("agency", "occupation")


def responsible_for(tenant: Tenant, occupation_code: str, on: date) -> OccupationAssignment | None:
    return assignments_on(tenant, on).filter(occupation_id=occupation_code).first()


def occupations_of_agency(agency, on: date) -> list[str]:
    return [a.occupation_id for a in assignments_on(agency.tenant, on) if a.agency_id == agency.id]


def territorial_occupations(tenant: Tenant, on: date) -> list[str]:
    return [a.occupation_id for a in assignments_on(tenant, on) if a.territorial]
