#!/usr/bin/env bash
# Runs the whole test suite. The end-to-end tests read our outputs with real
# readers (poppler, xmllint, LibreOffice, Chromium); this installs them first
# on Debian/Ubuntu when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v xmllint >/dev/null || need+=(libxml2-utils)
# qpdf checks the structure of our PDF (tests/suite/pdf_tagged.rs).
command -v qpdf >/dev/null || need+=(qpdf)
# A venv for the PDF validator below (Debian splits ensurepip out of python3).
python3 -c 'import ensurepip' 2>/dev/null || need+=(python3-venv)
command -v unzip >/dev/null || need+=(unzip)
command -v soffice >/dev/null || need+=(libreoffice-writer)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
# LibreOffice and Chromium need a complete Chinese font to draw the DOCX and HTML
# under test (our PDF carries its own fonts and needs none); a fallback font some
# packages bring (Droid Sans Fallback) lacks marks such as 〈〉.
fc-list :lang=zh family 2>/dev/null | grep -q 'Noto Serif CJK SC' || need+=(fonts-noto-cjk)
# Our DOCX names Times New Roman for Latin text, as Word does; LibreOffice draws it
# with the metric-compatible Liberation Serif (a package it recommends), else
# with the wider DejaVu Serif, which moves every centred line with digits.
fc-match 'Times New Roman' 2>/dev/null | grep -q 'Liberation Serif' || need+=(fonts-liberation2)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing: ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "missing tools: ${need[*]} (install them, then run again)" >&2
    exit 2
  fi
fi

# An independent PDF/A and PDF/UA validator (PyPI page-validation, a wheel that
# runs offline) and the accessibility checker outloud (PyPI, offline) for
# tests/suite/pdf_tagged.rs, in a venv under target/.
validators=target/pdf-validators
if ! "$validators/bin/python" -c "import page, outloud" 2>/dev/null; then
  { python3 -m venv "$validators" &&
    "$validators/bin/pip" install -q page-validation==0.11.0 outloud==0.2.1; } ||
    echo "SKIPPED: PDF/A and PDF/UA validation (page-validation, outloud could not be installed)"
fi
# The OFD tests extract text with ofdkit (PyPI, standard library only), kept in
# a virtual environment under target/.
if [ ! -x target/ofd-tools/bin/ofdkit ]; then
  command -v python3 >/dev/null && python3 -m venv --help >/dev/null 2>&1 ||
    need_venv=1
  if [ -n "${need_venv:-}" ] && command -v apt-get >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  fi
  python3 -m venv target/ofd-tools && target/ofd-tools/bin/pip install -q ofdkit==0.2.0 ||
    echo "SKIPPED: OFD text extraction (ofdkit could not be installed)"
fi

# Some checks use the team's tools in ../shared (the DOCX schema validator); a
# clone on its own runs everything else and says what it skipped.
[ -x ../shared/tools/validate-docx ] ||
  echo "SKIPPED: DOCX schema validation (../shared/tools/validate-docx not found beside this clone)"

cargo test --locked "$@"
