"""Reading the latest snapshot's figures: one grouped query per page (and one more per regional
breakdown), summing the kelurahan inside the region asked for."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Substr

from lindung.regions.models import Region

from ..models import Figure, Snapshot

# Length of a region code at each level: kab/kota 64.71, kecamatan 64.71.01, kelurahan 64.71.01.1001.
CODE_LENGTH = {Region.Level.PROVINSI: 2, Region.Level.KABUPATEN_KOTA: 5, Region.Level.KECAMATAN: 8,
               Region.Level.KELURAHAN_DESA: 13}


def latest_snapshot() -> Snapshot | None:
    return Snapshot.objects.filter(status=Snapshot.Status.SELESAI).order_by("-finished_at", "-id").first()


@dataclass(frozen=True)
class Row:
    key: str
    key2: str
    key3: str
    month: date | None
    count: int
    count2: int
    amount: Decimal | None
    region: str = ""
    tenant_id: int | None = None


class Figures:
    """Figures of one snapshot, summed over the regions asked for, grouped by topic."""

    def __init__(self, rows: dict[str, list[Row]]):
        self.by_topic = rows

    def rows(self, topic: str, **match) -> list[Row]:
        return [r for r in self.by_topic.get(topic, []) if all(getattr(r, k) == v for k, v in match.items())]

    def total(self, topic: str, **match) -> int:
        return sum(r.count for r in self.rows(topic, **match))

    def rolled_up(self, level: int) -> Figures:
        """The same figures per region of a higher level (kelurahan summed into their kecamatan)."""
        length = CODE_LENGTH[level]
        out: dict[str, list[Row]] = {}
        for topic, rows in self.by_topic.items():
            acc: dict[tuple, list] = {}
            for r in rows:
                key = (r.key, r.key2, r.key3, r.month, r.region[:length], r.tenant_id)
                total = acc.setdefault(key, [0, 0, None])
                total[0] += r.count
                total[1] += r.count2
                total[2] = r.amount if total[2] is None else total[2] + (r.amount or 0)
            out[topic] = [Row(k[0], k[1], k[2], k[3], c, c2, a, k[4], k[5]) for k, (c, c2, a) in acc.items()]
        return Figures(out)

    def sums(self, topic: str, by: str, **match) -> dict:
        """{value of `by`: (count, count2, amount)} for one topic."""
        out: dict = defaultdict(lambda: [0, 0, Decimal(0)])
        for r in self.rows(topic, **match):
            acc = out[getattr(r, by)]
            acc[0] += r.count
            acc[1] += r.count2
            acc[2] += r.amount or 0
        return {k: tuple(v) for k, v in out.items()}


def inside(prefix: str) -> Q:
    """Figures of kelurahan inside a region (all when no region)."""
    if not prefix:
        return Q()
    return Q(region=prefix) | Q(region__startswith=prefix + ".")


def _scoped(snapshot: Snapshot, *, topics, programme=None, cycle=None, tenant=None, tenants=None, region: str = "",
            where: Q | None = None):
    qs = Figure.objects.filter(snapshot=snapshot, topic__in=list(topics)).filter(inside(region))
    if where is not None:
        qs = qs.filter(where)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    if tenant is not None:
        qs = qs.filter(tenant=tenant)
    if tenants is not None:
        qs = qs.filter(tenant__in=tenants)
    return qs


def read(snapshot: Snapshot | None, *, topics, **scope) -> Figures:
    """Every figure of `topics` in the scope, summed over kelurahan."""
    if snapshot is None:
        return Figures({})
    out: dict[str, list[Row]] = defaultdict(list)
    grouped = (_scoped(snapshot, topics=topics, **scope).values("topic", "key", "key2", "key3", "month")
               .annotate(c=Sum("count"), c2=Sum("count2"), a=Sum("amount")).order_by())
    for g in grouped:
        out[g["topic"]].append(Row(g["key"], g["key2"], g["key3"], g["month"], g["c"] or 0, g["c2"] or 0, g["a"]))
    return Figures(out)


def read_by_region(snapshot: Snapshot | None, *, topics, level: int, per_tenant: bool = False,
                   by: tuple[str, ...] = ("key", "key2", "key3", "month"), **scope) -> Figures:
    """The same, per region of `level` (kab/kota, kecamatan or kelurahan): kelurahan codes cut to length
    (and per tenant, for a province's view of its kab/kota). `by` names the categories kept apart: the
    fewer, the fewer rows come back."""
    if snapshot is None:
        return Figures({})
    out: dict[str, list[Row]] = defaultdict(list)
    fields = ["topic", *by, *(["tenant_id"] if per_tenant else [])]
    grouped = (_scoped(snapshot, topics=topics, **scope)
               .values_list(*fields, Substr("region", 1, CODE_LENGTH[level]))
               .annotate(c=Sum("count"), c2=Sum("count2"), a=Sum("amount")).order_by())
    for values in grouped:
        g = dict(zip([*fields, "code", "c", "c2", "a"], values, strict=True))
        out[g["topic"]].append(Row(g.get("key", ""), g.get("key2", ""), g.get("key3", ""), g.get("month"), g["c"] or 0,
                                   g["c2"] or 0, g["a"], g["code"], g.get("tenant_id")))
    return Figures(out)


def region_names(codes) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))
