#!/usr/bin/env bash
# Funding assignment through the database (DESIGN.md §5: "allocating 100,000 participants across six
# restricted funding sources: seconds"; issue 9). On a fresh SQLite database: 100,000 generated
# participants, six sources of 2026 (APBD Kota by budget; APBD Provinsi by a quota, used first, its own
# payer; DBH Sawit, Dana Desa, CSR, DBHCHT restricted by occupation and/or region), together short of what
# everyone needs. Times `lindung program assign-funding` (read participants and their yearly cost, solve
# with HiGHS, store 100,000 decisions with reasons), its re-run (nobody moves), and `program budget --out`.
#
#   bash bench/assignment.sh [ROWS] [WORKDIR]        (defaults: 100000, /tmp/lindung-bench-assignment)
set -euo pipefail

ROWS=${1:-100000}
WORK=${2:-/tmp/lindung-bench-assignment}
YEAR_COST=201600  # Rp16,800 x 12
# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
places() { echo $(($1 * YEAR_COST)); }
"$LINDUNG" synth -v 0 participants --rows "$ROWS" --seed 1 --out "$WORK/peserta.csv" --as-of 2026-01-01
"$LINDUNG" migrate -v 0
"$LINDUNG" program create --code bench --ruleset balikpapan-perwali-3-2025 --year 2025 --name "Benchmark" >/dev/null
fund() { "$LINDUNG" program fund --program bench --budget-year 2026 "$@" >/dev/null; }
fund --funding apbd_kota --budget "$(places $((ROWS * 60 / 100)))" --label "APBD Kota"
fund --funding apbd_provinsi --budget "$(places $((ROWS * 15 / 100)))" --quota $((ROWS * 15 / 100)) --payer kaltim \
  --preference 0 --label "APBD Provinsi"
fund --funding dbh_sawit --budget "$(places $((ROWS * 8 / 100)))" --occupations buruh_harian,pekerja_serabutan \
  --regions 64.71.02,64.71.03 --label "DBH Sawit"
fund --funding dana_desa --budget "$(places $((ROWS / 100)))" --quota $((ROWS * 9 / 1000)) \
  --regions 64.71.01.1002,64.71.01.1003 --label "Dana Desa"
fund --funding csr --budget "$(places $((ROWS * 2 / 100)))" --occupations pedagang_kaki_lima --regions 64.71.05,64.71.06 \
  --label "CSR pasar"
fund --funding dbhcht --budget "$(places $((ROWS * 2 / 100)))" --occupations petani,nelayan,buruh_harian --label "DBHCHT"
step "participants import ($ROWS)" "$LINDUNG" participants import --program bench "$WORK/peserta.csv"
step "program assign-funding 2026" "$LINDUNG" program assign-funding --program bench --year 2026
step "program assign-funding 2026 (again)" "$LINDUNG" program assign-funding --program bench --year 2026
step "program budget 2026 --out" "$LINDUNG" program budget --program bench --year 2026 --out "$WORK/anggaran.csv"
step "lindung help (start-up cost)" "$LINDUNG" help
grep -A9 "Pembagian sumber dana" "$WORK/log.txt" | head -20 | tee -a "$RESULTS"
grep "berpindah" "$WORK/log.txt" | tail -1 | tee -a "$RESULTS"
cat "$WORK/anggaran.csv" | tee -a "$RESULTS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
