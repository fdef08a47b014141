#!/usr/bin/env bash
# Monthly billing benchmark (DESIGN.md §5: "monthly billing and reconciliation of 100,000 participants:
# seconds"). Generates participants and BPJS's invoice with the project's generator, then times, on a
# fresh SQLite database: the participants import (and its repeat), the bill, and the reconciliation with
# its berita acara; finally checks the reconciliation against the generator's expected answer.
#
#   bash bench/billing.sh [ROWS] [WORKDIR]        (defaults: 100000, /tmp/lindung-bench-billing)
#
# Figures go to WORKDIR/results.txt, the commands' own output to WORKDIR/log.txt; see docs/BILLING.md.
set -euo pipefail

ROWS=${1:-100000}
WORK=${2:-/tmp/lindung-bench-billing}
MONTH=2026-01
SEED=1
HERE=$(cd "$(dirname "$0")/.." && pwd)
LINDUNG=${LINDUNG:-$HERE/.venv/bin/lindung}
PYTHON=${PYTHON:-$HERE/.venv/bin/python}

mkdir -p "$WORK"
rm -f "$WORK"/bench.sqlite3* "$WORK"/results.txt "$WORK"/log.txt
export LINDUNG_DATABASE_URL="sqlite:///$WORK/bench.sqlite3"
RESULTS="$WORK/results.txt"

source "$HERE/bench/common.sh"

echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
"$LINDUNG" synth -v 0 participants --rows "$ROWS" --seed "$SEED" --out "$WORK/peserta.csv"
"$LINDUNG" synth -v 0 invoice --participants "$WORK/peserta.csv" --month "$MONTH" --seed "$SEED" \
  --out "$WORK/tagihan.csv" --differences 0.01
"$LINDUNG" migrate -v 0
"$LINDUNG" program create --code bench --ruleset balikpapan-perwali-3-2025 --year 2025 --name "Benchmark" \
  --budget 20160000000 --funding apbd_kota >/dev/null

step "participants import ($ROWS)" "$LINDUNG" participants import --program bench "$WORK/peserta.csv"
step "participants import (repeat)" "$LINDUNG" participants import --program bench "$WORK/peserta.csv"
step "billing run $MONTH" "$LINDUNG" billing run --program bench --month "$MONTH" --out "$WORK/tagihan-pemda.csv"
step "billing reconcile $MONTH (+PDF)" "$LINDUNG" billing reconcile --program bench --month "$MONTH" \
  --invoice "$WORK/tagihan.csv" --out "$WORK/rekonsiliasi.csv" --berita-acara "$WORK/berita-acara.pdf"
step "billing reconcile (again)" "$LINDUNG" billing reconcile --program bench --month "$MONTH" \
  --invoice "$WORK/tagihan.csv" --out "$WORK/rekonsiliasi-2.csv"
step "lindung help (start-up cost)" "$LINDUNG" help

# The generator wrote what reconciliation must find; every NIK must get the expected status.
"$PYTHON" - "$WORK" <<'EOF' | tee -a "$RESULTS"
import sys
import polars as pl
work = sys.argv[1]
ours = pl.read_csv(f"{work}/rekonsiliasi.csv", infer_schema=False).select("nik", "status")
truth = pl.read_csv(f"{work}/tagihan.csv.truth.csv", infer_schema=False).select("nik", expected="status")
both = truth.join(ours, on="nik", how="full", coalesce=True)
wrong = both.filter(pl.col("status").is_null() | pl.col("expected").is_null() | (pl.col("status") != pl.col("expected")))
print(f"reconciliation vs generator truth: {both.height - wrong.height}/{both.height} NIKs as expected")
print(ours.group_by("status").len().sort("status"))
if wrong.height:
    print(wrong.head(10))
    sys.exit(1)
EOF
cmp -s <(sort "$WORK/rekonsiliasi.csv") <(sort "$WORK/rekonsiliasi-2.csv") && echo "reconciling again: identical output" | tee -a "$RESULTS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
