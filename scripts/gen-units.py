#!/usr/bin/env python3
"""Write N varied, consistent unit reports for `nianbao aggregate` and the benchmarks.

Usage: python3 scripts/gen-units.py N OUT_DIR [--year 2025]

Each unit is one of the complete examples (examples/*.toml that pass `check`),
renamed to its own agency, moved to the given year, with every table figure
multiplied by a small factor (so every total and cross-table rule still holds)
and some published after 31 January. Units are spread over sub-folders of 100.
"""

import argparse
import re
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["shandong-2023", "zhongwei-2023", "xiamen-2022", "haiyan-2021"]
TABLES = {"table2", "table3", "table4"}
KINDS = ["局", "委员会", "办公室", "街道办事处", "镇人民政府"]


def scale_line(line, k):
    """`key = [1, 2]  # note` with every figure times k (decimals kept exact)."""
    m = re.match(r"^(\s*\w+\s*=\s*)([^#]*?)(\s*(#.*)?)$", line)
    if not m:
        return line
    def times(num):
        d = Decimal(num.group(0)) * k
        return str(d)
    return m.group(1) + re.sub(r"\d+(\.\d+)?", times, m.group(2)) + m.group(3)


def unit(text, src_year, year, agency, k, published):
    out, section = [], None
    for line in text.splitlines():
        head = re.match(r"^\s*\[+([\w.]+)\]+", line)
        if head:
            section = head.group(1)
        if section in TABLES and not head and "=" in line:
            line = scale_line(line, k)
        elif section == "report" and re.match(r"^\s*agency\s*=", line):
            line = f'agency = "{agency}"'
        elif section == "report" and re.match(r"^\s*year\s*=", line):
            line = f"year = {year}\npublished = {published}"
        elif section == "report" and re.match(r"^\s*(published|title)\s*=", line):
            continue
        else:
            line = line.replace(str(src_year + 1), str(year + 1)).replace(str(src_year), str(year))
        out.append(line)
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("n", type=int)
    p.add_argument("out", type=Path)
    p.add_argument("--year", type=int, default=2025)
    a = p.parse_args()
    sources = []
    for name in EXAMPLES:
        text = (ROOT / "examples" / f"{name}.toml").read_text(encoding="utf-8")
        sources.append((text, int(name.rsplit("-", 1)[1])))
    for i in range(a.n):
        text, src_year = sources[i % len(sources)]
        k = 1 + (i * 7) % 5
        agency = f"某某县第{i + 1:04d}{KINDS[i % len(KINDS)]}"
        day = 5 + i % 26 if i % 17 else 3  # every 17th unit publishes late, in February
        published = f"{a.year + 1}-{'02' if i % 17 == 0 else '01'}-{day:02d}"
        folder = a.out / f"片区{i // 100 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        body = unit(text, src_year, a.year, agency, k, published)
        (folder / f"unit-{i + 1:04d}.toml").write_text(body, encoding="utf-8")


if __name__ == "__main__":
    main()
