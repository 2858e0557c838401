#!/usr/bin/env bash
# Builds the release archives for the clerks' computers (docs/desktop.md):
#
#   nianbao-VERSION-windows-x86_64.zip    Windows 10/11
#   nianbao-VERSION-linux-x86_64.tar.gz   统信 UOS, 麒麟 and any Linux on x86_64 (static)
#   nianbao-VERSION-linux-aarch64.tar.gz  the same on 鲲鹏/飞腾 aarch64 (static)
#   nianbao-VERSION-linux-loongarch64.tar.gz  the same on 龙芯 3A5000/3A6000 (static;
#                                         built as scripts/loongarch.sh says)
#   SHA256SUMS
#
# into target/dist/. Each archive holds the one self-contained binary (fonts
# and templates are inside it), 使用说明.txt, the examples and the licences of
# the bundled fonts. The archives are reproducible: the same commit gives the
# same bytes from any checkout (the committed tree is built in one fixed
# directory, paths remapped out of the binaries, file times from the commit,
# entries sorted, no owner names).
#
#   bash scripts/dist.sh                              # all four
#   DIST_TARGETS=x86_64-unknown-linux-musl bash scripts/dist.sh
#
# The commit checked out is built, not uncommitted changes: it is exported to
# DIST_BUILD_DIR (default /tmp/nianbao-dist) and built there. The directory is
# fixed because GNU ld orders a Windows binary's import table by the file names
# of the import libraries, and rustc writes some of them under the target
# directory: a build under /work/… and one under /tmp/… list the DLLs in another
# order (docs/desktop.md, Reproducible).
# Installs the Rust targets (rustup) and mingw-w64 (apt-get) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
targets=(${DIST_TARGETS:-x86_64-pc-windows-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl loongarch64-unknown-linux-musl})
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
out="$root/target/dist"
SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"
export SOURCE_DATE_EPOCH
build="${DIST_BUILD_DIR:-/tmp/nianbao-dist}"
commit="$(git rev-parse HEAD)"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "dist: uncommitted changes are not built; building commit $commit" >&2
fi
rm -rf "$build/src"
mkdir -p "$build/src"
git archive --format=tar "$commit" | tar -x -C "$build/src"
export CARGO_TARGET_DIR="$build/target"
cd "$build/src"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [[ " ${targets[*]} " == *windows* ]] && ! command -v x86_64-w64-mingw32-gcc-posix >/dev/null; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    gcc-mingw-w64-x86-64-posix >/dev/null
fi

rm -rf "$out"
mkdir -p "$out"
# Paths of this checkout and of the registry never reach a binary.
remap="--remap-path-prefix=$build/src=nianbao --remap-path-prefix=$CARGO_TARGET_DIR=target \
--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=cargo \
--remap-path-prefix=$(rustc --print sysroot)=rust --remap-path-prefix=${RUSTUP_HOME:-$HOME/.rustup}=rustup"
for target in "${targets[@]}"; do
  case "$target" in
    x86_64-pc-windows-gnu)
      platform=windows-x86_64 exe=nianbao.exe
      export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc-posix
      # The PE header's link time would differ on every build.
      flags="$remap -C link-arg=-Wl,--no-insert-timestamp"
      ;;
    x86_64-unknown-linux-musl)
      platform=linux-x86_64 exe=nianbao flags="$remap"
      ;;
    aarch64-unknown-linux-musl)
      platform=linux-aarch64 exe=nianbao flags="$remap"
      export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER=rust-lld
      ;;
    loongarch64-unknown-linux-musl)
      platform=linux-loongarch64 exe=nianbao flags="$remap"
      ;;
    *)
      echo "dist: unknown target $target (see docs/desktop.md)" >&2
      exit 2
      ;;
  esac
  echo "dist: building $target"
  start=$(date +%s)
  if [ "$target" = loongarch64-unknown-linux-musl ]; then
    RUSTFLAGS="$flags" bash scripts/loongarch.sh build --quiet
  else
    rustup target add "$target" >/dev/null
    RUSTFLAGS="$flags" cargo build --locked --quiet --release --target "$target"
  fi
  echo "dist: $target built in $(($(date +%s) - start)) s"

  name="nianbao-$version-$platform"
  stage="$out/stage/$name"
  mkdir -p "$stage/示例" "$stage/字体许可"
  cp "$CARGO_TARGET_DIR/$target/release/$exe" "$stage/"
  cp examples/*.toml "$stage/示例/"
  cp fonts/LICENSE-OFL.txt fonts/LICENSE-WenKai.txt fonts/README.md "$stage/字体许可/"
  if [ "$platform" = windows-x86_64 ]; then
    # Notepad on every Windows 10 reads UTF-8 with a BOM and CRLF line ends.
    printf '\xef\xbb\xbf' >"$stage/使用说明.txt"
    sed 's/$/\r/' packaging/使用说明.txt >>"$stage/使用说明.txt"
  else
    cp packaging/使用说明.txt "$stage/"
  fi
  python3 scripts/dist/archive.py "$out/stage" "$name" "$out" "$SOURCE_DATE_EPOCH"
done
rm -rf "$out/stage"
(cd "$out" && sha256sum -- nianbao-* >SHA256SUMS)
echo "dist: archives in $out:"
(cd "$out" && ls -l nianbao-* && cat SHA256SUMS)
