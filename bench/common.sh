# Shared by the bench/*.sh scripts (sourced): a fresh SQLite database in $WORK and `step`, which runs a
# command, keeps its output in $WORK/log.txt, and records its wall time and peak memory in $RESULTS.
# The sourcing script sets WORK first.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LINDUNG=${LINDUNG:-$HERE/.venv/bin/lindung}
PYTHON=${PYTHON:-$HERE/.venv/bin/python}

mkdir -p "$WORK"
rm -f "$WORK"/bench.sqlite3* "$WORK"/results.txt "$WORK"/log.txt
export LINDUNG_DATABASE_URL="sqlite:///$WORK/bench.sqlite3"
RESULTS="$WORK/results.txt"

# step NAME COMMAND...: run, print its output, record wall time, peak memory and CPU time (user + system:
# the figure to compare when other work shares the machine).
step() {
  local name=$1; shift
  echo "== $name: $*" >>"$WORK/log.txt"
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/.time" "$@" >>"$WORK/log.txt" 2>"$WORK/.stderr" || { cat "$WORK/.stderr"; exit 1; }
  read -r wall kib user sys <"$WORK/.time"
  printf '%-34s %8.2f s  %6d MiB  cpu %6.2f s\n' "$name" "$wall" $((kib / 1024)) "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" | tee -a "$RESULTS"
}

echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
