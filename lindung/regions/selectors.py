from django.core.cache import cache
from django.db.models import Q

from .codes import level_of, normalize
from .models import Region


def get_village(code: str) -> Region | None:
    """The kelurahan/desa with this code, or None (unknown or not a village-level code)."""
    code = normalize(code)
    if level_of(code) != Region.Level.KELURAHAN_DESA:
        return None
    return Region.objects.filter(code=code).first()


def villages_in(region_code: str):
    return Region.objects.filter(level=Region.Level.KELURAHAN_DESA, code__startswith=region_code + ".")


def known_village_codes(prefix: str = "") -> frozenset[str]:
    """All village codes (under a prefix), cached: bulk importers validate codes against this set."""
    key = f"regions:villages:{prefix}"
    codes = cache.get(key)
    if codes is None:
        qs = Region.objects.filter(level=Region.Level.KELURAHAN_DESA)
        if prefix:
            qs = qs.filter(code__startswith=prefix + ".")
        codes = frozenset(qs.values_list("code", flat=True))
        cache.set(key, codes, 3600)
    return codes


def village_choices(user, limit: int = 500) -> list[tuple[str, str]]:
    """(code, name) of the kelurahan a user's lists can hold, for a filter: their own territory (lurah,
    camat), else their tenant's region, by name."""
    root = user.region_id if getattr(user, "region_id", None) else (user.tenant.region_id if user.tenant_id else "")
    villages = Region.objects.filter(level=Region.Level.KELURAHAN_DESA)
    if root:
        villages = villages.filter(Q(code=root) | Q(code__startswith=root + "."))
    return list(villages.order_by("name").values_list("code", "name")[:limit])
