"""Reading the workflow's answer files from BPJS at the edges (pages, command line), with a column mapping
for layouts the aliases miss; the services take the rows these return."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from lindung.domain.exchange import BPJS_REGISTRY, PARTICIPANTS, Layout
from lindung.platform.files import clean_mapping, read_table

# BPJS's answer to the registration: at least NIK and the KPJ card number it issued.
KPJ_ANSWER = Layout("jawaban pendaftaran BPJS", columns=("nik", "kpj", "nama"), required=("nik", "kpj"),
                    aliases=PARTICIPANTS.aliases)


def read_bpjs_answer(path: str | Path, *, mapping: dict[str, str] | None = None, name: str | None = None) -> pl.DataFrame:
    """The branch's answer to a candidate check (DESIGN §4 BPJS registry layout)."""
    return read_table(path, BPJS_REGISTRY, clean_mapping(mapping, BPJS_REGISTRY), name=name)


def read_kpj_answer(path: str | Path, *, mapping: dict[str, str] | None = None, name: str | None = None) -> pl.DataFrame:
    """The branch's answer to the registration file: NIK and KPJ of every enrolled participant."""
    return read_table(path, KPJ_ANSWER, clean_mapping(mapping, KPJ_ANSWER), name=name)
