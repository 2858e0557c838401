#!/usr/bin/env bash
# Builds the fuzz seed corpus and dictionary from the repository's own report files
# (examples/ and tests/fixtures/). Both are generated, not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
for target in parse_check render render_pdf; do
    dir="fuzz/corpus/$target"
    mkdir -p "$dir"
    for f in examples/*.toml tests/fixtures/*/*.toml; do
        cp "$f" "$dir/$(basename "$(dirname "$f")")-$(basename "$f")"
    done
done
{
    echo '# Keys, table headers, citations and markup of the report format (generated).'
    # Every key and table header the example and fixture files use.
    grep -ohE '^\s*[a-z_0-9]+\s*=' examples/*.toml tests/fixtures/*/*.toml \
        | sed -E 's/^\s*([a-z_0-9]+)\s*=/\1/' | sort -u | sed -E 's/.*/"&"/'
    grep -ohE '^\[\[?[a-z_0-9.]+\]\]?' examples/*.toml tests/fixtures/*/*.toml \
        | sort -u | sed -E 's/"/\\"/g; s/.*/"&"/'
    # Every citation written in them.
    grep -ohE '\{table[a-z_0-9.]*\}' examples/*.toml tests/fixtures/*/*.toml \
        | sort -u | sed -E 's/.*/"&"/'
    # Markup and TOML punctuation.
    printf '%s\n' '**' '{' '}' '{{' '}}' '- ' '"""' "'''" ' = ' '[' ']' ', ' '\\u001b' '\\u0000' \
        '0x10' '0o20' '9223372036854775808' '-9223372036854775808' '2025-01-20' '"2025年1月20日"' \
        | sed -E 's/"/\\"/g; s/.*/"&"/'
} | LC_ALL=C perl -pe 's/([\x80-\xff])/sprintf("\\x%02X", ord($1))/ge' > fuzz/report.dict
# (libFuzzer dictionaries are ASCII: other bytes are written as \xNN.)
echo "fuzz seeds: $(ls fuzz/corpus/parse_check | wc -l) files per target; dictionary: $(grep -vc '^#' fuzz/report.dict) entries"
