"""Test harness only: a copy of a bundled font renamed to a family that the
official-font lists name (e.g. FangSong), to check on a Windows build under
wine that fonts in C:\\Windows\\Fonts are found. Never shipped.

    rename-font.py IN OUT FAMILY
"""

import sys

from fontTools.ttLib import TTFont


def main():
    src, dst, family = sys.argv[1], sys.argv[2], sys.argv[3]
    font = TTFont(src)
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 4, 16, 17, 3, 6):
            value = {1: family, 4: family, 16: family, 17: "Regular", 3: family, 6: family.replace(" ", "")}[record.nameID]
            name.setName(value, record.nameID, record.platformID, record.platEncID, record.langID)
    font.save(dst)


if __name__ == "__main__":
    main()
