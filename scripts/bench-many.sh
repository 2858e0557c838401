#!/usr/bin/env bash
# Benchmark: many files at once. For 10, 100 and 1,000 generated unit reports
# (scripts/gen-units.py), the time of `nianbao check FOLDER`, `nianbao aggregate
# FOLDER` and `nianbao build FOLDER` (all three formats), each against the same work
# done the way it is done without batch support — one `nianbao` process per file in
# a shell loop — measured in the same run. Also the peak memory of check and
# aggregate. Prints a Markdown table for BENCHMARKS.md. Needs GNU time and python3.
# SIZES overrides the sizes ("10 100 1000"); BUILD_MAX the largest size built (1000).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked -q
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/nianbao
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sizes=${SIZES:-"10 100 1000"}
build_max=${BUILD_MAX:-1000}

# Wall seconds of a command (its output discarded; its exit code ignored).
secs() {
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  e=$(date +%s.%N)
  python3 -c "print('%.2f' % ($e - $s))"
}
# Peak resident memory in MiB of one run.
peak() { { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null || true; } | tail -1 | awk '{printf "%.1f", $1/1024}'; }
loop() { local cmd=$1; shift; for f in "$tmp"/units/*/*.toml; do "$bin" "$cmd" "$@" "$f"; done; }
ratio() { python3 -c "import sys;a,b=float(sys.argv[1]),float(sys.argv[2]);print('%.1f×' % (a/b) if b else '–')" "$1" "$2"; }

echo "| files | check (s) | loop check (s) | loop ÷ batch | aggregate (s) | build 3 formats (s) | loop build (s) | loop ÷ batch | peak RSS check / aggregate (MiB) |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in $sizes; do
  rm -rf "$tmp/units" "$tmp/out" "$tmp/agg"
  python3 scripts/gen-units.py "$n" "$tmp/units"
  c=$(secs "$bin" check -q "$tmp/units")
  cl=$(secs loop check)
  a=$(secs "$bin" aggregate -q "$tmp/units" --agency 某某县人民政府 --year 2025 -o "$tmp/agg")
  rm -rf "$tmp/agg"
  pc=$(peak "$bin" check -q "$tmp/units")
  pa=$(peak "$bin" aggregate -q "$tmp/units" --agency 某某县人民政府 --year 2025 -o "$tmp/agg")
  if [ "$n" -le "$build_max" ]; then
    b=$(secs "$bin" build -q "$tmp/units" -o "$tmp/out")
    rm -rf "$tmp/out"
    bl=$(secs loop build -o "$tmp/out")
    br=$(ratio "$bl" "$b")
  else
    b="–" bl="–" br="–"
  fi
  echo "| $n | $c | $cl | $(ratio "$cl" "$c") | $a | $b | $bl | $br | $pc / $pa |"
done
