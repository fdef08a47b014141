"""Labelled data for training and judging the probable-duplicate matcher (bench/dedupe_train.py,
bench/dedupe_eval.py): generated applicants (lindung.synth, ground truth beside the file) and FEBRL sets
mapped to the applicants format (bench/febrl.py). Every set becomes a DuckDB table `applicants` (the
contract's columns, `_baris`) plus `labels(_baris, entity)`.

Scoring is what the screening flags. Among the rows, a row is a duplicate when an earlier row is the same
person (same entity). The screening flags it NIK_GANDA (an earlier row has the same NIK: exact) or
KEMUNGKINAN_GANDA (the matcher points it at an earlier row under another NIK). Two figures:
- matcher: over the first rows of each distinct NIK (what the matcher sees), precision = flagged rows
  pointing at the same person / flagged rows, recall = duplicate rows flagged / duplicate rows;
- screening: over all rows, NIK_GANDA and KEMUNGKINAN_GANDA together, the same two ratios.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")

import pyarrow as pa

from lindung.domain.exchange import APPLICANTS


def load_rows(con, rows: list[dict]) -> None:
    """Rows (dicts with the applicants columns and `entity`) as `applicants` and `labels`."""
    columns = {c: [r.get(c, "") or None for r in rows] for c in APPLICANTS.columns}
    columns["_baris"] = list(range(1, len(rows) + 1))
    columns["entity"] = [r["entity"] for r in rows]
    con.register("rows_arrow", pa.table(columns))
    con.execute("CREATE OR REPLACE TABLE applicants AS SELECT * EXCLUDE (entity) FROM rows_arrow")
    con.execute("CREATE OR REPLACE TABLE labels AS SELECT _baris, entity FROM rows_arrow")
    con.unregister("rows_arrow")


def generated_rows(seed: int, rows: int) -> list[dict]:
    """Generated applicants with their entity (lindung.synth; its own seed for training and judging)."""
    import polars as pl

    from lindung import synth

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pendaftar.csv"
        synth.write_applicants(path, seed=seed, rows=rows, year=2026)
        frame = pl.read_csv(path, infer_schema=False)
        truth = pl.read_csv(path.with_name(path.name + ".truth.csv"), infer_schema=False)
    frame = frame.with_columns(entity=pl.lit(f"synth{seed}-") + truth["entity_id"])
    return frame.to_dicts()


def febrl_rows(*names: str) -> list[dict]:
    import febrl

    return [row for name in names for row in febrl.load(name)]


def score(con) -> dict:
    """Precision and recall (see the module's docstring) of `probable_duplicates` against `labels`."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE scored AS
        SELECT l._baris, l.entity, n.nik,
          min(l._baris) OVER (PARTITION BY l.entity) AS first_of_person,
          CASE WHEN n.nik IS NOT NULL THEN min(l._baris) OVER (PARTITION BY n.nik) END AS first_of_nik,
          p.dup_of
        FROM labels l
        JOIN (SELECT _baris, nullif(regexp_replace(coalesce(nik, ''), '[^0-9]', '', 'g'), '') AS nik
              FROM applicants) n USING (_baris)
        LEFT JOIN (SELECT _baris, min(dup_of) AS dup_of FROM probable_duplicates GROUP BY 1) p USING (_baris)
    """)
    matcher = con.execute("""
        WITH c AS (SELECT s.* FROM scored s SEMI JOIN dedupe_candidates d ON d.unique_id = s._baris),
        c2 AS (SELECT c.*, min(_baris) OVER (PARTITION BY entity) AS first_candidate FROM c)
        SELECT count(*) FILTER (WHERE c2._baris <> first_candidate),
               count(*) FILTER (WHERE c2.dup_of IS NOT NULL),
               count(*) FILTER (WHERE c2.dup_of IS NOT NULL AND x.entity = c2.entity),
               count(*) FILTER (WHERE c2.dup_of IS NOT NULL AND c2._baris <> first_candidate)
        FROM c2 LEFT JOIN scored x ON x._baris = c2.dup_of
    """).fetchall()[0]
    screening = con.execute("""
        WITH f AS (SELECT *, CASE WHEN first_of_nik IS NOT NULL AND first_of_nik <> _baris THEN first_of_nik
                                  ELSE dup_of END AS flagged_of FROM scored)
        SELECT count(*) FILTER (WHERE f._baris <> f.first_of_person),
               count(*) FILTER (WHERE flagged_of IS NOT NULL),
               count(*) FILTER (WHERE flagged_of IS NOT NULL AND x.entity = f.entity),
               count(*) FILTER (WHERE flagged_of IS NOT NULL AND f._baris <> f.first_of_person)
        FROM f LEFT JOIN scored x ON x._baris = f.flagged_of
    """).fetchall()[0]

    def ratios(truly, flagged, correct, found):
        return {"duplicates": truly, "flagged": flagged, "correct": correct, "found": found,
                "precision": correct / flagged if flagged else 1.0, "recall": found / truly if truly else 1.0}

    return {"matcher": ratios(*matcher), "screening": ratios(*screening)}
