#!/usr/bin/env bash
# Runs nianbao as built for the clerks' platforms on this machine and compares
# every output byte for byte with the native build: the Windows binary under
# wine, the Linux aarch64 and loongarch64 binaries under qemu (docs/desktop.md).
#
#   bash scripts/cross-test.sh            # every platform it can reach
#   CROSS_TARGETS=aarch64-unknown-linux-musl bash scripts/cross-test.sh
#
# Installs the Rust targets (rustup) and mingw-w64, wine and qemu-user (apt-get)
# when missing; a platform whose tools cannot be had is skipped with a line
# that says so. Builds with a quick profile (no LTO, opt-level 1) in
# target/cross: the outputs must not depend on optimisation, and CI's time is
# better spent running than linking.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
targets=(${CROSS_TARGETS:-x86_64-pc-windows-gnu aarch64-unknown-linux-musl loongarch64-unknown-linux-musl})
export CARGO_TARGET_DIR="$root/target/cross"
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export CARGO_PROFILE_RELEASE_OPT_LEVEL=1

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
apt_updated=""
apt_install() {
  command -v apt-get >/dev/null || return 1
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update -qq || return 1
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The reference: the native build of the same commit.
cargo build --locked --quiet
native="$root/target/debug/nianbao"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Every output the tool writes, from the examples: HTML, DOCX and PDF of each
# complete example, the report files imported back from the DOCX and the PDF,
# the 汇总 report with its review page, XLSX and CSV, and check's JSON.
run_all() { # runner, output folder
  local runner="$1" out="$2"
  mkdir -p "$out"
  cp -r "$root/examples" "$out/units"
  (
    cd "$out"
    must() { # a command that must succeed; says which one did not
      "$@" >/dev/null 2>"$out.err" || {
        echo "cross-test: failed: $* (in $out):" >&2
        cat "$out.err" >&2
        exit 1
      }
    }
    $runner check units/shandong-2023.toml --format json >check.json 2>/dev/null
    # The messages a clerk reads, Chinese included, byte for byte.
    $runner check units/xiamen-2022.toml >check.txt 2>&1
    must $runner build units/shandong-2023.toml -o built
    must $runner build units/haiyan-2021.toml -o built
    must $runner import built/shandong-2023.docx -o from-docx.toml
    must $runner import built/shandong-2023.pdf -o from-pdf.toml
    must $runner aggregate units --agency 某某市人民政府 --year 2023 --skip-errors -o 汇总
    # As Notepad saves it: CRLF line ends and a BOM, in a folder and a file
    # whose names hold Chinese characters and spaces.
    mkdir -p "记事本 保存"
    { printf '\xef\xbb\xbf'; sed 's/$/\r/' units/xiamen-2022.toml; } >"记事本 保存/厦门 医保 2022.toml"
    must $runner build "记事本 保存/厦门 医保 2022.toml" -o "记事本 输出"
  )
}

run_all "$native" "$work/native" || {
  echo "cross-test: the native build failed on the examples" >&2
  exit 1
}

failed=0
tested=0
for target in "${targets[@]}"; do
  case "$target" in
    x86_64-pc-windows-gnu)
      command -v x86_64-w64-mingw32-gcc-posix >/dev/null || apt_install gcc-mingw-w64-x86-64-posix || true
      command -v wine >/dev/null || apt_install wine wine64 || true
      if ! command -v x86_64-w64-mingw32-gcc-posix >/dev/null || ! command -v wine >/dev/null; then
        echo "cross-test: SKIPPED $target (mingw-w64 or wine not available)"
        continue
      fi
      export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc-posix
      exe=nianbao.exe
      ;;
    aarch64-unknown-linux-musl)
      command -v qemu-aarch64 >/dev/null || apt_install qemu-user || true
      if ! command -v qemu-aarch64 >/dev/null; then
        echo "cross-test: SKIPPED $target (qemu-aarch64 not available)"
        continue
      fi
      export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER=rust-lld
      exe=nianbao
      ;;
    loongarch64-unknown-linux-musl)
      # No prebuilt standard library can be had for loongarch64 here: nightly
      # builds it from source, Zig links against its musl (scripts/loongarch.sh).
      if ! qemu_loong="$(bash scripts/loongarch.sh qemu)" || ! bash scripts/loongarch.sh tools; then
        echo "cross-test: SKIPPED $target (see scripts/loongarch.sh; docs/desktop.md)"
        continue
      fi
      exe=nianbao
      ;;
    *)
      echo "cross-test: unknown target $target" >&2
      exit 2
      ;;
  esac
  echo "cross-test: building $target"
  if [ "$target" = loongarch64-unknown-linux-musl ]; then
    bash scripts/loongarch.sh build --quiet
  else
    if ! rustup target add "$target" >/dev/null 2>&1; then
      echo "cross-test: SKIPPED $target (rustup cannot install its standard library)"
      continue
    fi
    cargo build --locked --quiet --release --target "$target"
  fi
  bin="$CARGO_TARGET_DIR/$target/release/$exe"
  case "$target" in
    *windows*)
      # Wine 8 lacks bcryptprimitives.dll (ProcessPrng), which Rust's standard
      # library imports; Windows 10 and 11 have it. A shim beside the test copy
      # of the binary stands in for it here, and never ships.
      shim="$work/win"
      mkdir -p "$shim"
      cp "$bin" "$shim/"
      x86_64-w64-mingw32-gcc-posix -O2 -shared -o "$shim/bcryptprimitives.dll" \
        scripts/cross/process-prng.c scripts/cross/process-prng.def -ladvapi32
      export WINEPREFIX="$work/wineprefix" WINEDEBUG=-all
      wineboot --init >/dev/null 2>&1 || true
      # Let the new prefix finish setting itself up before the first run.
      wineserver -w 2>/dev/null || true
      runner="wine $shim/$exe"
      ;;
    loongarch64*)
      runner="$qemu_loong $bin"
      ;;
    *)
      runner="qemu-aarch64 $bin"
      ;;
  esac
  tested=$((tested + 1))
  if ! run_all "$runner" "$work/$target"; then
    echo "cross-test: FAILED $target: a command failed on the examples" >&2
    failed=1
    continue
  fi
  # The start page a clerk double-clicks: served on loopback, answering its page.
  log="$work/$target-start.log"
  mkdir -p "$work/$target-start"
  port=$((47400 + tested))
  (cd "$work/$target" && exec $runner start --no-open --port "$port" --dir "$work/$target-start") >"$log" 2>&1 &
  server=$!
  served=""
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$port/" 2>/dev/null | grep -q 'nianbao-token'; then
      served=1
      break
    fi
    sleep 1
  done
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  [[ "$target" != *windows* ]] || wineserver -k 2>/dev/null || true
  if [ -z "$served" ]; then
    echo "cross-test: FAILED $target: the start page was not served:" >&2
    cat "$log" >&2
    failed=1
  fi
  # The official fonts Chinese Windows installs in C:\Windows\Fonts are found
  # and embedded: a bundled font renamed FangSong (仿宋) stands in for simfang.ttf.
  if [[ "$target" == *windows* ]]; then
    python3 -c 'import fontTools' 2>/dev/null ||
      python3 -m pip install -q fonttools >/dev/null 2>&1 ||
      python3 -m pip install -q --break-system-packages fonttools >/dev/null 2>&1 || true
    fonts_dir="$WINEPREFIX/drive_c/windows/Fonts"
    if python3 scripts/cross/rename-font.py fonts/serif-regular.otf "$fonts_dir/fangsong-test.otf" FangSong 2>/dev/null; then
      said=$(cd "$work/$target" && $runner fonts 2>&1) || true
      (cd "$work/$target" && $runner build units/shandong-2023.toml --pdf -o windows-fonts >/dev/null 2>&1) || true
      if [[ "$said" != *'C:\windows\Fonts\fangsong-test.otf'* ]] ||
        ! pdffonts "$work/$target/windows-fonts/shandong-2023.pdf" 2>/dev/null | grep -q '+FangSong '; then
        echo "cross-test: FAILED $target: a font in C:\Windows\Fonts was not used:" >&2
        echo "$said" | head -2 >&2
        failed=1
      else
        echo "cross-test: $target: C:\Windows\Fonts is searched; 仿宋 found there is embedded"
      fi
      rm -rf "$fonts_dir/fangsong-test.otf" "$work/$target/windows-fonts"
    else
      echo "cross-test: SKIPPED the Windows font folder check (fonttools not available)"
    fi
  fi
  # Every file the native run wrote must exist with the same bytes.
  diffs=$(cd "$work/native" && find . -type f ! -path './units/*' | sort | while read -r f; do
    cmp -s "$f" "$work/$target/$f" || echo "$f"
  done)
  extra=$(cd "$work/$target" && find . -type f ! -path './units/*' | sort | while read -r f; do
    [ -e "$work/native/$f" ] || echo "$f"
  done)
  if [ -n "$diffs$extra" ]; then
    echo "cross-test: FAILED $target: outputs differ from the native build:" >&2
    printf '  %s\n' $diffs $extra >&2
    failed=1
  else
    count=$(cd "$work/native" && find . -type f ! -path './units/*' | wc -l)
    echo "cross-test: $target: $count outputs byte-identical to the native build"
  fi
done
[ "$failed" -eq 0 ] || exit 1
echo "cross-test: $tested platform(s) tested"
