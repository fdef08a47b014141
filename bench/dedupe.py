"""Times the probable-duplicate step of `lindung screen` (the shipped model, no training) on its own and
scores it against the generator's ground truth (FILE.truth.csv: row, nik, entity_id, kind).

    .venv/bin/python bench/dedupe.py bench-data/applicants.csv [--threshold MATCH_WEIGHT]

What is scored is what the screening flags: among the first rows of each distinct NIK (rows repeating a
NIK are NIK_GANDA, decided exactly), a row is truly a probable duplicate when an earlier such row is the
same person (same entity_id) under another NIK. Precision = flagged rows pointing at the same person /
flagged rows; recall = truly duplicate rows flagged / truly duplicate rows.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")

from lindung.domain.exchange import APPLICANTS
from lindung.domain.progress import TerminalProgress
from lindung.registers import duck
from lindung.registers.dedupe import find_probable_duplicates


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("applicants")
    parser.add_argument("--threshold", type=float, default=None, help="match weight (default: the model's)")
    args = parser.parse_args()
    path = Path(args.applicants)
    truth_file = path.with_name(path.name + ".truth.csv")

    con = duck.connect()
    started = time.perf_counter()
    duck.register(con, "applicants", duck.open_source(path, APPLICANTS), materialize=True)
    read = time.perf_counter() - started
    summary = find_probable_duplicates(con, threshold=args.threshold, progress=TerminalProgress())

    con.execute(f"CREATE TABLE truth AS SELECT CAST(row AS BIGINT) AS row, entity_id, kind "
                f"FROM read_csv('{truth_file}', all_varchar = true)")
    con.execute("""
        CREATE TABLE scored AS
        SELECT c.unique_id AS row, t.entity_id, t.kind,
               min(c.unique_id) OVER (PARTITION BY t.entity_id) AS first_of_person
        FROM dedupe_candidates c JOIN truth t ON t.row = c.unique_id
    """)
    truly = con.execute("SELECT count(*) FROM scored WHERE row <> first_of_person").fetchall()[0][0]
    flagged = con.execute("SELECT count(*) FROM probable_duplicates").fetchall()[0][0]
    correct = con.execute("""
        SELECT count(*) FROM probable_duplicates p
        JOIN scored a ON a.row = p._baris JOIN scored b ON b.row = p.dup_of
        WHERE a.entity_id = b.entity_id
    """).fetchall()[0][0]
    found = con.execute("""
        SELECT count(*) FROM scored s JOIN probable_duplicates p ON p._baris = s.row WHERE s.row <> s.first_of_person
    """).fetchall()[0][0]
    by_kind = con.execute("""
        SELECT t.kind, count(*) FROM probable_duplicates p JOIN truth t ON t.row = p._baris GROUP BY 1 ORDER BY 2 DESC
    """).fetchall()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"applicants file read in {read:.1f} s; distinct NIKs compared: {summary.candidates:,}")
    print(f"{summary.model} (predict + cluster + explain): {summary.seconds:.1f} s, peak RSS {peak:,.0f} MiB")
    print(f"threshold (match weight) {summary.threshold}: {summary.pairs:,} pairs, {flagged:,} rows flagged")
    print(f"precision {correct / max(flagged, 1):.4f}  ({correct:,} of {flagged:,} flagged rows point at the same person)")
    print(f"recall    {found / max(truly, 1):.4f}  ({found:,} of {truly:,} duplicate rows under another NIK)")
    print("flagged rows by generator kind:", ", ".join(f"{k} {n:,}" for k, n in by_kind))


if __name__ == "__main__":
    main()
