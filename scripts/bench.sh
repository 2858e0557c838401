#!/usr/bin/env bash
# Benchmark: `nianbao build` (PDF alone, and all three formats) against LibreOffice
# converting our own DOCX of the same report to PDF, in the same run, per example.
# Prints a Markdown table for BENCHMARKS.md. Needs hyperfine, GNU time, LibreOffice.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
command -v soffice >/dev/null || need+=(libreoffice-writer)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --release --locked -q
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/nianbao
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
profile="file://$tmp/lo-profile"
runs=${RUNS:-10}

# Peak resident memory in MiB of one run of a command.
peak() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1/1024}'; }
# Median wall time in ms from a hyperfine JSON export, for command index $2.
median() { python3 -c "import json,sys;print('%.1f'%(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['median']*1000))" "$1" "$2"; }
# Mean CPU time (user + system) in ms, for command index $2: less sensitive to other load.
cpu() { python3 -c "import json,sys;r=json.load(open(sys.argv[1]))['results'][int(sys.argv[2])];print('%.1f'%((r['user']+r['system'])*1000))" "$1" "$2"; }

# LibreOffice's first start creates its profile; do it once outside the measurement.
"$bin" build examples/shandong-2023.toml --docx -o "$tmp/warm" >/dev/null
soffice --headless "-env:UserInstallation=$profile" --convert-to pdf --outdir "$tmp/warm" "$tmp/warm/shandong-2023.docx" >/dev/null 2>&1

echo "binary: $(stat -c %s "$bin") bytes ($(( $(stat -c %s "$bin") / 1024 / 1024 )) MiB, 11 MB of it the shipped fonts)"
echo
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| example | nianbao PDF (ms) | nianbao HTML+DOCX+PDF (ms) | LibreOffice DOCX→PDF (ms) | LibreOffice ÷ nianbao PDF | LibreOffice ÷ nianbao all | CPU nianbao PDF / all / LibreOffice (ms) | peak RSS nianbao all / LibreOffice (MiB) | PDF size nianbao / LibreOffice (KB) |"
echo "|---|---|---|---|---|---|---|---|---|"
for ex in examples/*.toml; do
  name=$(basename "$ex" .toml)
  "$bin" check "$ex" >/dev/null 2>&1 || continue   # only complete reports render
  mkdir -p "$tmp/$name"/{pdf,all,lo}
  "$bin" build "$ex" --docx -o "$tmp/$name" >/dev/null 2>&1
  hyperfine -N --warmup 2 --runs "$runs" --export-json "$tmp/$name.json" \
    "$bin build $ex --pdf -o $tmp/$name/pdf" \
    "$bin build $ex -o $tmp/$name/all" \
    "soffice --headless -env:UserInstallation=$profile --convert-to pdf --outdir $tmp/$name/lo $tmp/$name/$name.docx" \
    >/dev/null
  pdf=$(median "$tmp/$name.json" 0); all=$(median "$tmp/$name.json" 1); lo=$(median "$tmp/$name.json" 2)
  ratio=$(python3 -c "print('%.0f×'%($lo/$pdf))")
  ratio_all=$(python3 -c "print('%.0f×'%($lo/$all))")
  rss_all=$(peak "$bin" build "$ex" -o "$tmp/$name/all")
  rss_lo=$(peak soffice --headless "-env:UserInstallation=$profile" --convert-to pdf --outdir "$tmp/$name/lo" "$tmp/$name/$name.docx")
  size=$(( $(stat -c %s "$tmp/$name/pdf/$name.pdf") / 1024 ))
  size_lo=$(( $(stat -c %s "$tmp/$name/lo/$name.pdf") / 1024 ))
  cpus="$(cpu "$tmp/$name.json" 0) / $(cpu "$tmp/$name.json" 1) / $(cpu "$tmp/$name.json" 2)"
  echo "| $name | $pdf | $all | $lo | $ratio | $ratio_all | $cpus | $rss_all / $rss_lo | $size / $size_lo |"
done
