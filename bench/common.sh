# Shared by the shell benchmarks: `step NAME COMMAND...` runs a command, appends its output to $WORK/log.txt,
# and records its wall time and peak memory in $RESULTS (and on the terminal). Needs WORK and RESULTS set.
step() {
  local name=$1; shift
  echo "== $name: $*" >>"$WORK/log.txt"
  /usr/bin/time -f "%e %M" -o "$WORK/.time" "$@" >>"$WORK/log.txt" 2>"$WORK/.stderr" || { cat "$WORK/.stderr"; exit 1; }
  read -r wall kib <"$WORK/.time"
  printf '%-40s %8.2f s  %6d MiB\n' "$name" "$wall" $((kib / 1024)) | tee -a "$RESULTS"
}
