#!/usr/bin/env bash
# Benchmark of `lindung screen` (DESIGN.md §5): 1,000,000 applicants against a 10,000,000-row poverty
# extract and a 5,000,000-row BPJS extract, CSV in and out.
# Targets on the 2-core reference machine: the default run (exact checks, NIK_GANDA and probable duplicates
# under another NIK with the shipped model) under 30 s wall and 3 GiB peak memory; exact checks alone
# (--no-dedupe) near the hand-written DuckDB query. The probable-duplicate step is also timed apart, with
# precision and recall against the generator's ground truth.
#
#   bash bench/screen.sh            (or: make bench-screen)
#   ROWS=100000 bash bench/screen.sh   (a quicker, smaller run: extracts scale with it)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.venv/bin}
DATA=${DATA:-bench-data}
ROWS=${ROWS:-1000000}
SEED=${SEED:-1}
RULESET=${RULESET:-balikpapan-perwali-3-2025}
APPLICANTS=$DATA/applicants-$ROWS.csv
POVERTY=$DATA/poverty-$ROWS.csv
BPJS=$DATA/bpjs-$ROWS.csv
mkdir -p "$DATA"

if [[ ! -s $APPLICANTS || ! -s $POVERTY || ! -s $BPJS ]]; then
  echo "== Generating data (lindung synth, seed $SEED) into $DATA/"
  $BIN/lindung synth -v 0 applicants --rows "$ROWS" --seed "$SEED" --out "$APPLICANTS"
  $BIN/lindung synth -v 0 poverty --rows $((ROWS * 10)) --seed "$SEED" --applicants "$APPLICANTS" --out "$POVERTY"
  $BIN/lindung synth -v 0 bpjs --rows $((ROWS * 5)) --seed "$SEED" --applicants "$APPLICANTS" --out "$BPJS"
fi
ls -l "$APPLICANTS" "$POVERTY" "$BPJS"

echo
echo "== Machine: $(nproc) cores; $(uptime)"
load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  echo "!! Load average $load: other work is running; the figures below will be slower than on an idle machine."
fi

measure() {  # label, command...: prints wall time and peak RSS from /usr/bin/time -v
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" 2> "$log" > "$log.out" || { cat "$log" "$log.out"; exit 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$log" | awk '{printf "%.2f GiB", $NF / 1048576}')
  printf '%-34s wall %s   peak RSS %s\n' "$label" "$wall" "$rss"
  rm -f "$log" "$log.out"
}

echo
echo "== Exact screening"
measure "hand-written DuckDB query (floor)" $BIN/python -c "
import duckdb
sql = open('bench/baseline.sql').read()
sql = sql.replace('bench-data/applicants.csv', '$APPLICANTS').replace('bench-data/poverty.csv', '$POVERTY')
sql = sql.replace('bench-data/bpjs.csv', '$BPJS').replace('bench-data/baseline.csv', '$DATA/baseline.csv')
duckdb.sql(sql)"
measure "lindung screen --no-dedupe" $BIN/lindung screen --ruleset "$RULESET" --applicants "$APPLICANTS" \
  --poverty "$POVERTY" --bpjs "$BPJS" --out "$DATA/hasil-$ROWS.csv" --quiet --no-dedupe
measure "lindung screen (default)" $BIN/lindung screen --ruleset "$RULESET" --applicants "$APPLICANTS" \
  --poverty "$POVERTY" --bpjs "$BPJS" --out "$DATA/hasil-$ROWS.csv" --quiet
$BIN/lindung screen --ruleset "$RULESET" --applicants "$APPLICANTS" --poverty "$POVERTY" --bpjs "$BPJS" \
  --out "$DATA/hasil-$ROWS.csv" --quiet | grep -E "^(Baris|Kemungkinan ganda)"

echo
echo "== Probable duplicates under another NIK (the shipped Splink model), timed apart"
/usr/bin/time -f "bench/dedupe.py wall %e s, peak RSS %M KiB" $BIN/python bench/dedupe.py "$APPLICANTS" 2>&1 \
  | grep -v "^Mencari"
