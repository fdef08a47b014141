"""Loading the Kemendagri hierarchy shipped in lindung/data."""

import csv
import gzip
from pathlib import Path

from django.core.cache import cache
from django.db import transaction

from .codes import level_of, parent_of
from .models import Region

SOURCE = Path(__file__).resolve().parent.parent / "data" / "wilayah_kemendagri_2025.csv.gz"
SOURCE_NAME = "Kepmendagri No. 300.2.2-2138 Tahun 2025 (via cahyadsn/wilayah, MIT)"


def read_source(prefix: str = "", model=Region) -> list[Region]:
    with gzip.open(SOURCE, "rt", encoding="utf-8") as fh:
        rows = csv.DictReader(fh)
        regions = []
        for row in rows:
            code = row["kode"].strip()
            if prefix and not (code == prefix or code.startswith(prefix + ".") or prefix.startswith(code + ".")):
                continue
            level = level_of(code)
            if level is None:
                raise ValueError(f"{SOURCE.name}: malformed region code {code!r}")
            regions.append(model(code=code, name=row["nama"].strip(), level=level, parent_id=parent_of(code)))
    return regions


@transaction.atomic
def load_regions(prefix: str = "", model=Region) -> int:
    """Insert or update every region (under `prefix`, e.g. "64" for Kalimantan Timur). Idempotent.
    `model` lets the data migration pass its historical model."""
    regions = read_source(prefix, model)
    regions.sort(key=lambda r: r.level)  # parents before children
    existing = set(model.objects.values_list("code", flat=True))
    new = [r for r in regions if r.code not in existing]
    model.objects.bulk_create(new, batch_size=5000)
    changed = [r for r in regions if r.code in existing]
    if changed:
        model.objects.bulk_update(changed, ["name", "level", "parent"], batch_size=5000)
    cache.clear()
    return len(regions)
