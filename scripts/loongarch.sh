#!/usr/bin/env bash
# The loongarch64 (龙芯) build, which needs more than `rustup target add`: no
# prebuilt standard library for loongarch64 can be had from the registries
# these machines reach, and Debian 12 has no loongarch64 cross compiler. So:
#
#   - the nightly toolchain builds the standard library from source
#     (-Zbuild-std; needs the rust-src component),
#   - Zig (PyPI package ziglang) links against its own musl for loongarch64,
#     driven by cargo-zigbuild (PyPI package cargo-zigbuild),
#   - Debian 12's qemu 7.2 cannot run the result (no LSX vector instructions,
#     which every LoongArch CPU since the 3A5000 has); qemu 10 from
#     bookworm-backports can, unpacked into target/ without installing it.
#
#   bash scripts/loongarch.sh tools        installs what the build needs
#   bash scripts/loongarch.sh build ARGS   cargo build for loongarch64-unknown-linux-musl
#   bash scripts/loongarch.sh qemu         prints the path of a qemu-loongarch64 with LSX
#
# Used by scripts/dist.sh and scripts/cross-test.sh (docs/desktop.md).
set -euo pipefail
cd "$(dirname "$0")/.."
target=loongarch64-unknown-linux-musl

tools() {
  rustup toolchain install nightly --profile minimal >/dev/null 2>&1 || return 1
  rustup component add --toolchain nightly rust-src >/dev/null 2>&1 || return 1
  if ! command -v cargo-zigbuild >/dev/null || ! python3 -m ziglang version >/dev/null 2>&1; then
    python3 -m pip install -q ziglang cargo-zigbuild >/dev/null 2>&1 ||
      python3 -m pip install -q --break-system-packages ziglang cargo-zigbuild >/dev/null 2>&1 ||
      return 1
  fi
  command -v cargo-zigbuild >/dev/null
}

qemu() {
  local dir="$PWD/target/qemu-loongarch64"
  local bin="$dir/usr/bin/qemu-loongarch64"
  if [ ! -x "$bin" ]; then
    command -v apt-get >/dev/null || return 1
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    local list=/etc/apt/sources.list.d/nianbao-backports.list
    echo 'deb http://deb.debian.org/debian bookworm-backports main' | $sudo tee "$list" >/dev/null
    local deb
    deb="$(mktemp -d)"
    $sudo apt-get update -qq >/dev/null 2>&1 &&
      (cd "$deb" && apt-get download -qq qemu-user/bookworm-backports >/dev/null 2>&1)
    $sudo rm -f "$list"
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    ls "$deb"/qemu-user_*.deb >/dev/null 2>&1 || return 1
    mkdir -p "$dir"
    dpkg -x "$deb"/qemu-user_*.deb "$dir"
    rm -rf "$deb"
  fi
  [ -x "$bin" ] || return 1
  echo "$bin"
}

build() {
  tools || {
    echo "loongarch.sh: the nightly toolchain, rust-src or Zig could not be installed" >&2
    exit 1
  }
  cargo +nightly zigbuild --locked --release -Zbuild-std=std,panic_abort --target "$target" "$@"
}

case "${1:-}" in
  tools) tools ;;
  qemu) qemu ;;
  build) shift; build "$@" ;;
  *) echo "usage: scripts/loongarch.sh tools|build|qemu" >&2; exit 2 ;;
esac
