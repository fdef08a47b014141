"""The Indonesian reason shown beside each participant's funding decision."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import DIBIAYAI, KUOTA, PAGU, TIDAK_ADA_SUMBER, TIDAK_DITAGIH, Decision, Source


def reason_text(decision: Decision, sources: Mapping[int, Source] | Iterable[Source]) -> str:
    """The short Indonesian reason shown beside a participant ("DBHCHT: petani")."""
    by_id = sources if isinstance(sources, Mapping) else {s.id: s for s in sources}

    def name(source_id: int) -> str:
        source = by_id.get(source_id)
        return source.name if source is not None else f"Sumber {source_id}"

    moved = ""
    if decision.previous is not None and decision.previous != decision.source and decision.previous in by_id:
        moved = f" (sebelumnya {name(decision.previous)})"
    if decision.code == DIBIAYAI:
        restriction = ", ".join(decision.matched) if decision.matched else "tanpa batasan"
        return f"{name(decision.source)}: {restriction}{moved}"
    if decision.code == TIDAK_DITAGIH:
        return "Tidak memerlukan dana: tidak ada bulan yang ditagih pada tahun ini"
    if decision.code == TIDAK_ADA_SUMBER:
        return f"Tidak terdanai: tidak ada sumber dana yang boleh membiayai pekerjaan/wilayah peserta ini{moved}"
    kinds = {kind for _, kind in decision.blocked}
    if kinds == {KUOTA}:
        head = "kuota semua sumber yang dapat membiayai sudah penuh"
    elif kinds == {PAGU}:
        head = "sisa pagu semua sumber yang dapat membiayai tidak cukup"
    else:
        head = "kuota atau pagu semua sumber yang dapat membiayai sudah habis"
    detail = ", ".join(f"{name(s)}: {'kuota penuh' if kind == KUOTA else 'pagu tidak cukup'}"
                       for s, kind in decision.blocked)
    return f"Tidak terdanai: {head}" + (f" ({detail})" if detail else "") + moved
