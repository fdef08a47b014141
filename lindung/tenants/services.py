"""Loading the default tenants, agencies, occupation vocabulary and Lampiran I mapping (idempotent)."""

from pathlib import Path

import yaml
from django.db import transaction

from lindung.regions.models import Region

from .models import Agency, Occupation, OccupationAssignment, Tenant

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _yaml(name: str):
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@transaction.atomic
def load_occupations(Occupation=Occupation) -> int:  # noqa: N803 - a migration passes its historical model
    rows = _yaml("occupations.yaml")
    for row in rows:
        Occupation.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "informal": row.get("informal", True)}
        )
    return len(rows)


@transaction.atomic
def load_tenants(codes: list[str] | None = None, *, models: dict | None = None) -> list[Tenant]:
    """Create the tenants of data/tenants.yaml (their regions must be loaded). Existing rows are
    left as the admin edited them: only what is missing is added."""
    m = models or {"Region": Region, "Tenant": Tenant, "Agency": Agency, "OccupationAssignment": OccupationAssignment}
    region_model, tenant_model, agency_model, assignment_model = (
        m["Region"], m["Tenant"], m["Agency"], m["OccupationAssignment"]
    )
    data = _yaml("tenants.yaml")
    loaded = []
    for spec in data["tenants"]:
        if codes and spec["code"] not in codes:
            continue
        region = region_model.objects.get(code=spec["region"])
        tenant, _ = tenant_model.objects.get_or_create(
            code=spec["code"], defaults={"name": spec["name"], "kind": spec["kind"], "region": region}
        )
        agencies = {}
        for a in spec["agencies"]:
            agencies[a["code"]], _ = agency_model.objects.get_or_create(
                tenant=tenant, code=a["code"], defaults={"name": a["name"], "short_name": a["short_name"]}
            )
        plan = spec["assignments"]
        for occupation, who in plan["map"].items():
            assignment_model.objects.get_or_create(
                tenant=tenant,
                occupation_id=occupation,
                valid_from=plan["valid_from"],
                defaults={
                    "agency": None if who == "territorial" else agencies[who],
                    "territorial": who == "territorial",
                    "legal_basis": plan["legal_basis"],
                },
            )
        loaded.append(tenant)
    return loaded


def ensure_reference_data(region_prefix: str = "64") -> None:
    """Reload the reference data when a database lost it (a flushed test database, a restore of an
    application-only dump). Migrations load it on a fresh database; this only fills what is missing."""
    from lindung.regions.services import load_regions

    if not Region.objects.filter(code=region_prefix).exists():
        load_regions(region_prefix)
    if not Occupation.objects.exists():
        load_occupations()
    if not Tenant.objects.exists():
        load_tenants()
