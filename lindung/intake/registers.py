"""What the poverty register (DTSEN/DTKS extract) and the BPJS registry extract hold for applicants.

The engine owns these reference datasets; this module is the one place intake reads them from, for one
NIK (forms) or as whole files (bulk screening). While no snapshot is loaded, both are empty: the
evaluator then asks for field verification (poverty unknown) and the BPJS check of Pasal 8 ayat (2)
still decides membership, so nothing is wrongly approved.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lindung.domain.exchange import BPJS_REGISTRY, POVERTY
from lindung.engine.tables import write_table


def _engine():
    """The engine's reference-dataset selectors, when that capability is installed."""
    try:
        from lindung.engine import selectors
    except ImportError:
        return None
    return selectors if hasattr(selectors, "latest_snapshot") else None


def lookup(nik: str, tenant) -> tuple[list[Mapping], list[Mapping]]:
    """(poverty rows, BPJS rows) for one NIK, from the tenant's latest snapshots (a city's programme
    never reads the province's extract, nor the reverse); empty when none is loaded."""
    engine = _engine()
    if engine is None or not nik:
        return [], []
    return engine.rows_for_nik("poverty", nik, tenant), engine.rows_for_nik("bpjs", nik, tenant)


def files(workdir: Path, tenant) -> tuple[Path, Path]:
    """The tenant's latest poverty and BPJS snapshots as files the bulk engine reads; header-only files
    when none is loaded."""
    engine = _engine()
    found = {}
    if engine is not None:
        for kind in ("poverty", "bpjs"):
            snapshot = engine.latest_snapshot(kind, tenant)
            if snapshot is not None:
                found[kind] = Path(snapshot.path)
    poverty = found.get("poverty") or write_table([], workdir / "kemiskinan-kosong.csv", POVERTY.columns)
    bpjs = found.get("bpjs") or write_table([], workdir / "bpjs-kosong.csv", BPJS_REGISTRY.columns)
    return poverty, bpjs
