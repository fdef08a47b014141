"""Where synthetic people come from and where they live, in real Kemendagri codes.

Every code is read from the shipped `wilayah_kemendagri_2025.csv.gz`, never built from digits:
codes have gaps (Balikpapan Selatan has .1002, .1006, .1008...). The weights below are assumptions
made for realistic variety, not statistics.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from .random_source import apportion

WILAYAH_FILE = Path(__file__).resolve().parents[1] / "data" / "wilayah_kemendagri_2025.csv.gz"

CITY = "64.71"  # Kota Balikpapan
CITY_NAME = "Balikpapan"

# Rough population shares of Balikpapan's six kecamatan (Utara and Selatan are the largest).
CITY_DISTRICT_WEIGHTS = {
    "64.71.01": 12,  # Balikpapan Timur
    "64.71.02": 14,  # Balikpapan Barat
    "64.71.03": 24,  # Balikpapan Utara
    "64.71.04": 15,  # Balikpapan Tengah
    "64.71.05": 23,  # Balikpapan Selatan
    "64.71.06": 12,  # Balikpapan Kota
}

# Share of NIKs first issued outside Balikpapan (migrants keep their NIK when they move).
MIGRANT_NIK_SHARE = 0.15

# Residents whose e-KTP address is outside the city live across the bay (Penajam) or in Samarinda.
OUTSIDE_RESIDENCE = {"64.72": 6, "64.09.01": 4}


@dataclass(frozen=True)
class Origin:
    """A regency where migrants' NIKs were issued: its name style and the towns people are born in."""

    regency: str
    weight: int
    style: str  # a key of names.STYLES, or "campuran" for the Balikpapan mix
    birthplaces: tuple[str, ...]


MIGRANT_ORIGINS = (
    # Kalimantan Timur
    Origin("64.72", 14, "campuran", ("Samarinda",)),
    Origin("64.09", 8, "campuran", ("Penajam", "Waru", "Sepaku")),
    Origin("64.02", 6, "kutai", ("Tenggarong", "Loa Janan", "Muara Badak", "Kota Bangun")),
    Origin("64.01", 4, "bugis", ("Tanah Grogot", "Long Ikis")),
    Origin("64.74", 2, "campuran", ("Bontang",)),
    Origin("64.07", 2, "dayak", ("Sendawar", "Melak", "Barong Tongkok")),
    Origin("64.11", 1, "dayak", ("Long Bagun", "Ujoh Bilang")),
    Origin("64.03", 1, "campuran", ("Tanjung Redeb",)),
    # Java
    Origin("35.78", 5, "jawa", ("Surabaya",)),
    Origin("35.07", 4, "jawa", ("Malang", "Kepanjen")),
    Origin("35.09", 3, "jawa", ("Jember",)),
    Origin("35.24", 3, "jawa", ("Lamongan",)),
    Origin("35.10", 2, "jawa", ("Banyuwangi",)),
    Origin("33.74", 3, "jawa", ("Semarang",)),
    Origin("33.72", 2, "jawa", ("Surakarta", "Solo")),
    Origin("34.71", 2, "jawa", ("Yogyakarta",)),
    Origin("32.73", 2, "sunda", ("Bandung",)),
    Origin("32.05", 2, "sunda", ("Garut",)),
    Origin("31.75", 2, "campuran", ("Jakarta",)),
    # Sulawesi
    Origin("73.71", 6, "bugis", ("Makassar", "Ujung Pandang")),
    Origin("73.08", 5, "bugis", ("Watampone", "Bone")),
    Origin("73.13", 4, "bugis", ("Sengkang",)),
    Origin("73.14", 3, "bugis", ("Pangkajene", "Sidrap")),
    Origin("73.18", 3, "timur", ("Makale",)),
    Origin("71.71", 2, "timur", ("Manado",)),
    Origin("72.71", 1, "bugis", ("Palu",)),
    Origin("74.71", 1, "bugis", ("Kendari",)),
    # Kalimantan Selatan and Tengah
    Origin("63.71", 5, "banjar", ("Banjarmasin",)),
    Origin("63.03", 3, "banjar", ("Martapura",)),
    Origin("63.06", 2, "banjar", ("Kandangan",)),
    Origin("63.08", 2, "banjar", ("Amuntai",)),
    Origin("62.71", 1, "dayak", ("Palangka Raya",)),
    # Sumatera Utara, Nusa Tenggara Timur, Maluku
    Origin("12.71", 2, "batak", ("Medan",)),
    Origin("12.02", 1, "batak", ("Tarutung",)),
    Origin("12.12", 1, "batak", ("Balige",)),
    Origin("53.71", 1, "timur", ("Kupang",)),
    Origin("81.71", 1, "timur", ("Ambon",)),
)


@cache
def region_names() -> dict[str, str]:
    """Every region code of Kepmendagri 300.2.2-2138/2025 and its name."""
    # pyarrow reads the gzip file in C: the csv module needs ~1 s for these 91,599 rows.
    table = pacsv.read_csv(
        WILAYAH_FILE,
        convert_options=pacsv.ConvertOptions(column_types={"kode": pa.string(), "nama": pa.string()}),
    )
    return {
        code.strip(): name.strip()
        for code, name in zip(table["kode"].to_pylist(), table["nama"].to_pylist(), strict=True)
    }


@cache
def _villages_by_district() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = defaultdict(list)
    for code in region_names():
        if len(code) == 13:  # 64.71.01.1001
            found[code[:8]].append(code)
    return {district: tuple(sorted(codes)) for district, codes in found.items()}


@cache
def _districts_by_regency() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = defaultdict(list)
    for district in _villages_by_district():
        found[district[:5]].append(district)
    return {regency: tuple(sorted(districts)) for regency, districts in found.items()}


def districts_under(prefix: str) -> tuple[str, ...]:
    """Kecamatan codes (that have villages) under a regency, or the kecamatan itself, sorted."""
    if len(prefix) == 5:
        return _districts_by_regency().get(prefix, ())
    return (prefix,) if prefix in _villages_by_district() else ()


def villages_under(prefix: str) -> tuple[str, ...]:
    """Kelurahan/desa codes under a regency or kecamatan, sorted."""
    return tuple(v for d in districts_under(prefix) for v in _villages_by_district()[d])


@cache
def origin_of_regency() -> dict[str, Origin]:
    return {origin.regency: origin for origin in MIGRANT_ORIGINS}


@cache
def nik_district_slots(slot_count: int = 1024) -> tuple[str, ...]:
    """The kecamatan a NIK is issued in, as `slot_count` equally likely slots.

    NIKs are drawn from a permutation whose top bits pick a slot; giving a kecamatan more slots
    makes it more frequent. Balikpapan gets 1 - MIGRANT_NIK_SHARE of the slots; each migrant origin
    gets its share, spread over its kecamatan in code order.
    """
    weights: dict[str, float] = {}
    city_total = sum(CITY_DISTRICT_WEIGHTS.values())
    for district, weight in CITY_DISTRICT_WEIGHTS.items():
        weights[district] = (1 - MIGRANT_NIK_SHARE) * weight / city_total
    origin_total = sum(o.weight for o in MIGRANT_ORIGINS)
    for origin in MIGRANT_ORIGINS:
        weights[origin.regency] = MIGRANT_NIK_SHARE * origin.weight / origin_total
    slots: list[str] = []
    for key, count in sorted(apportion(weights, slot_count).items()):
        districts = districts_under(key) if key not in CITY_DISTRICT_WEIGHTS else (key,)
        if not districts:
            raise ValueError(f"no kecamatan under {key} in {WILAYAH_FILE.name}")
        slots.extend(districts[i % len(districts)] for i in range(count))
    return tuple(slots)


@cache
def city_villages() -> dict[str, tuple[str, ...]]:
    """Balikpapan's kelurahan, by kecamatan (34 in six kecamatan)."""
    return {district: villages_under(district) for district in CITY_DISTRICT_WEIGHTS}


@cache
def outside_villages() -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Kelurahan/desa outside the city where a few applicants live, and their weights."""
    villages: list[str] = []
    weights: list[int] = []
    for prefix, weight in OUTSIDE_RESIDENCE.items():
        found = villages_under(prefix)
        villages.extend(found)
        weights.extend([weight * 1000 // len(found)] * len(found))
    return tuple(villages), tuple(weights)
