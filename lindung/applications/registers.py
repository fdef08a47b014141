"""What the poverty register (DTSEN/DTKS extract) and the BPJS registry extract hold for applicants.

The registers app owns these reference datasets; this module is the one place applications read them from, for one
NIK (forms) or as whole files (bulk screening). While no snapshot is loaded, both are empty: the
evaluator then asks for field verification (poverty unknown) and the BPJS check of Pasal 8 ayat (2)
still decides membership, so nothing is wrongly approved.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lindung.domain.exchange import BPJS_REGISTRY, POVERTY
from lindung.platform.files import write_table
from lindung.registers import selectors as registers


def lookup(nik: str, tenant) -> tuple[list[Mapping], list[Mapping]]:
    """(poverty rows, BPJS rows) for one NIK, from the tenant's latest snapshots (a city's programme
    never reads the province's extract, nor the reverse); empty when none is loaded."""
    if not nik:
        return [], []
    return registers.rows_for_nik("kemiskinan", nik, tenant), registers.rows_for_nik("bpjs", nik, tenant)


def files(workdir: Path, tenant) -> tuple[Path, Path]:
    """The tenant's latest poverty and BPJS snapshots as files the bulk engine reads; header-only files
    when none is loaded."""
    found = {}
    for kind in ("kemiskinan", "bpjs"):
        snapshot = registers.latest_snapshot(kind, tenant)
        if snapshot is not None:
            found[kind] = Path(snapshot.path)
    poverty = found.get("kemiskinan") or write_table([], workdir / "kemiskinan-kosong.csv", POVERTY.columns)
    bpjs = found.get("bpjs") or write_table([], workdir / "bpjs-kosong.csv", BPJS_REGISTRY.columns)
    return poverty, bpjs
