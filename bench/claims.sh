#!/usr/bin/env bash
# Claims import benchmark: BPJS's claim report for a programme of ROWS participants (the project's
# generator: lindung.synth.claims, RATE of working participants with a claim, a death claim for every
# participant who died, a few deaths the Pemda learns from the claims), imported with the contract's
# command on a fresh SQLite database, then the same report again (every row SUDAH_ADA).
#
#   bash bench/claims.sh [ROWS] [RATE] [WORKDIR]   (defaults: 100000, 0.1, /tmp/lindung-bench-claims)
#
# Figures go to WORKDIR/results.txt, the commands' own output to WORKDIR/log.txt; see docs/CLAIMS.md.
set -euo pipefail

ROWS=${1:-100000}
RATE=${2:-0.1}
WORK=${3:-/tmp/lindung-bench-claims}
SEED=1
# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
"$LINDUNG" synth -v 0 participants --rows "$ROWS" --seed "$SEED" --out "$WORK/peserta.csv"
CLAIMS=$("$PYTHON" -c "
import sys
from datetime import date
from lindung.synth.claims import write_claims
print(write_claims(sys.argv[1], participants=sys.argv[2], seed=$SEED, today=date.today(), rate=$RATE))
" "$WORK/klaim.csv" "$WORK/peserta.csv")
"$LINDUNG" migrate -v 0
"$LINDUNG" program create --code bench --ruleset balikpapan-perwali-3-2025 --year 2025 --name "Benchmark" >/dev/null
"$LINDUNG" participants import --program bench "$WORK/peserta.csv" >/dev/null

step "claims import ($CLAIMS rows)" "$LINDUNG" claims import --program bench "$WORK/klaim.csv" --out "$WORK/hasil.csv"
step "claims import (same report)" "$LINDUNG" claims import --program bench "$WORK/klaim.csv" --out "$WORK/hasil-2.csv"
step "lindung help (start-up cost)" "$LINDUNG" help
"$PYTHON" - "$WORK" <<'PY' | tee -a "$RESULTS"
import sys
import polars as pl
work = sys.argv[1]
for name in ("hasil", "hasil-2"):
    counts = pl.read_csv(f"{work}/{name}.csv", infer_schema=False).group_by("hasil").len().sort("hasil")
    print(name, dict(counts.iter_rows()))
PY
grep -h "usulan penghentian baru" "$WORK/log.txt" | tee -a "$RESULTS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
