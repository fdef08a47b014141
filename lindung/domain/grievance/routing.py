"""Who handles a complaint: BPJS (Pasal 13 ayat (3)), the labour agency (or its head, for sealed
categories), or for data-collection complaints the agency or kelurahan that collects that occupation's
data (Pasal 6, Lampiran I)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from ..workdays import as_day
from .policy import CategoryRule, GrievancePolicy
from .vocabulary import (
    BPJS,
    H_AGENCY,
    H_AGENCY_HEAD,
    H_BPJS,
    KELURAHAN_PREFIX,
    SEALED_VISIBLE_TO,
    TERRITORIAL,
)


@dataclass(frozen=True)
class Route:
    handler: str  # ditangani_oleh: "bpjs", an agency code ("dp3", "disnaker"), or "kelurahan:<code>"
    head_only: bool  # only the head of that agency handles it (sealed categories)
    sealed: bool  # reporter identity visible only to SEALED_VISIBLE_TO
    emergency: bool
    cite: str
    note: str = ""  # Indonesian: why a fallback was used


DataCollector = Mapping[str, str] | Callable[[str], str | None]


def route(
    category: str,
    *,
    on: date | datetime,
    policy: GrievancePolicy,
    occupation: str | None = None,
    kelurahan: str | None = None,
    data_collector: DataCollector | None = None,
) -> Route:
    """Who handles a complaint received on `on`.

    `data_collector` answers, for an occupation code, the agency that collects its data on that date
    (Lampiran I), or TERRITORIAL for occupations collected by the kelurahan. When PENDATAAN cannot be
    routed (no occupation, an occupation outside Lampiran I, a territorial one without kelurahan) it goes
    to the labour agency, which forwards it, and `note` says why."""
    day = as_day(on)
    rule = policy.rule(category, day)
    agency = policy.labour_agency(day)
    flags = {"sealed": rule.sealed, "emergency": rule.emergency, "cite": rule.cite}
    if rule.handler == H_BPJS:
        return Route(BPJS, head_only=False, **flags)
    if rule.handler == H_AGENCY_HEAD:
        return Route(agency, head_only=True, **flags)
    if rule.handler == H_AGENCY:
        return Route(agency, head_only=False, **flags)
    # H_DATA_COLLECTOR
    if not occupation:
        return Route(
            agency,
            head_only=False,
            note="pekerjaan tidak diisi: diteruskan oleh dinas ketenagakerjaan",
            **flags,
        )
    collector = None
    if data_collector is not None:
        collector = data_collector(occupation) if callable(data_collector) else data_collector.get(occupation)
    if not collector:
        return Route(
            agency,
            head_only=False,
            note=f"pekerjaan {occupation!r} tidak ada di Lampiran I: diteruskan oleh dinas ketenagakerjaan",
            **flags,
        )
    if collector == TERRITORIAL:
        if not kelurahan:
            return Route(
                agency,
                head_only=False,
                note="pendataan oleh kelurahan tetapi kode_wilayah kosong: diteruskan oleh dinas ketenagakerjaan",
                **flags,
            )
        return Route(KELURAHAN_PREFIX + kelurahan, head_only=False, **flags)
    return Route(collector, head_only=False, **flags)


def reporter_visible(route_or_rule: Route | CategoryRule, role: str) -> bool:
    """Whether a role may see who reported (name, NIK, phone) — always, unless the complaint is sealed."""
    return not route_or_rule.sealed or role in SEALED_VISIBLE_TO
