#!/usr/bin/env bash
# Builds the fuzz seed corpora and dictionaries (docs/fuzzing.md). All of it is
# generated, none committed:
#   report targets (parse_check, render, render_pdf): examples/ and tests/fixtures/
#     report files; fuzz/report.dict from the keys and citations they use.
#   import targets: published reports, as text (../shared/seeds, ../shared/real-excerpts
#     when beside this clone, tests/fixtures/import, pdftotext of our PDFs) and as
#     HTML, DOCX and PDF written by `nianbao build` from examples/*.toml;
#     fuzz/import.dict from the labels and headings those pages print (they come
#     from src/format) and the markup tokens of each format.
set -euo pipefail
cd "$(dirname "$0")/.."

# libFuzzer dictionaries are ASCII: other bytes are written as \xNN.
ascii_dict() { LC_ALL=C perl -pe 's/([\x80-\xff])/sprintf("\\x%02X", ord($1))/ge'; }
quoted() { sed -E 's/\\/\\\\/g; s/"/\\"/g; s/.*/"&"/'; }

# --- report targets ---------------------------------------------------------
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
} | ascii_dict > fuzz/report.dict

# --- import targets ---------------------------------------------------------
cargo build --locked --quiet
nianbao="${CARGO_TARGET_DIR:-target}/debug/nianbao"
built="$(mktemp -d)"
trap 'rm -rf "$built"' EXIT
# The examples that pass check (a report with errors is not built).
"$nianbao" build --quiet --html --docx --pdf --ofd -o "$built" examples/*.toml >/dev/null 2>&1 || true
ls "$built"/*.html "$built"/*.docx "$built"/*.pdf "$built"/*.ofd >/dev/null

mkdir -p fuzz/corpus/import_text fuzz/corpus/import_html fuzz/corpus/import_docx fuzz/corpus/import_pdf \
    fuzz/corpus/import_ofd
for f in ../shared/seeds/*.txt ../shared/real-excerpts/*.txt tests/fixtures/import/*/*.txt; do
    if [ -f "$f" ]; then install -m 644 "$f" "fuzz/corpus/import_text/$(basename "$f")"; fi
done
for f in "$built"/*.pdf; do
    name="$(basename "$f" .pdf)"
    # Text copied out of a published PDF, as clerks often paste it.
    if command -v pdftotext >/dev/null; then
        pdftotext -layout "$f" "fuzz/corpus/import_text/$name-layout.txt"
        pdftotext "$f" "fuzz/corpus/import_text/$name-raw.txt"
    fi
    cp "$f" "fuzz/corpus/import_pdf/$name.pdf"
    # The same PDF with its streams uncompressed: mutations reach the content.
    if command -v qpdf >/dev/null; then
        qpdf --stream-data=uncompress --object-streams=disable "$f" \
            "fuzz/corpus/import_pdf/$name-uncompressed.pdf" || true
    fi
done
cp tests/fixtures/import-formats/*.pdf fuzz/corpus/import_pdf/
cp "$built"/*.html fuzz/corpus/import_html/
# Structured seeds (see docs/fuzzing.md): a content stream repeated 2^k times in
# a one-page PDF, and a prefix repeated 2^k times in a page.
printf '\026n ' > fuzz/corpus/import_pdf/structured-operators
printf '\020q Q ' > fuzz/corpus/import_pdf/structured-save-restore
printf '\014BT /F1 12 Tf 72 700 Td (2023) Tj ET 0 0 m 100 0 l S ' > fuzz/corpus/import_pdf/structured-text
printf '\000\021<div>\000text' > fuzz/corpus/import_html/structured-deep-divs
printf '\000\020<table><tr><td>1</td>\000</table>' > fuzz/corpus/import_html/structured-long-row
for f in "$built"/*.docx; do
    name="$(basename "$f" .docx)"
    cp "$f" "fuzz/corpus/import_docx/$name.docx"
    # The target's XML form: document, numbering and styles parts joined by NUL
    # (our DOCX has no numbering part: that slot stays empty).
    {
        unzip -p "$f" word/document.xml
        printf '\0'
        if unzip -l "$f" word/numbering.xml >/dev/null 2>&1; then
            unzip -p "$f" word/numbering.xml
        fi
        printf '\0'
        unzip -p "$f" word/styles.xml
    } > "fuzz/corpus/import_docx/$name.xml"
done
for f in "$built"/*.ofd; do
    name="$(basename "$f" .ofd)"
    cp "$f" "fuzz/corpus/import_ofd/$name.ofd"
    # The target's XML form: main entry, document and first page joined by NUL.
    {
        unzip -p "$f" OFD.xml
        printf '\0'
        unzip -p "$f" Doc_0/Document.xml
        printf '\0'
        unzip -p "$f" Doc_0/Pages/Page_0/Content.xml
    } > "fuzz/corpus/import_ofd/$name.xml"
done

{
    echo '# Labels and headings of the published tables (generated from pages nianbao builds),'
    echo '# and the markup tokens the import readers look at.'
    # Every cell label and heading the built pages print (from src/format).
    # (<wbr> marks where a label may break: not part of the text.)
    sed 's/<wbr>//g' "$built"/*.html \
        | grep -ohE '<(t[dh]|h[1-4])[^>]*>[^<]+</(t[dh]|h[1-4])>' \
        | sed -E 's/<[^>]*>//g' | grep -vE '^[0-9. ]*$' | sort -u | quoted
    # HTML.
    printf '%s\n' '<table>' '</table>' '<tr>' '</tr>' '<td>' '</td>' '<th>' '</th>' '<td' '<th' \
        'rowspan="' 'colspan="' '<br>' '<p>' '</p>' '<div>' '<span>' '<!--' '-->' '<![CDATA[' \
        '<meta charset="gbk">' '<html>' '&nbsp;' '&#12288;' '&amp;' '<script>' '<style>' \
        'Content-Type: text/html' 'Content-Transfer-Encoding: quoted-printable' '=3D' | quoted
    # DOCX (WordprocessingML).
    printf '%s\n' '<w:p>' '</w:p>' '<w:r>' '</w:r>' '<w:t>' '</w:t>' '<w:t xml:space="preserve">' \
        '<w:tbl>' '</w:tbl>' '<w:tr>' '</w:tr>' '<w:tc>' '</w:tc>' '<w:tcPr>' '<w:gridSpan w:val="' \
        '<w:vMerge w:val="restart"/>' '<w:vMerge/>' '<w:hMerge w:val="restart"/>' '<w:hMerge/>' \
        '<w:br/>' '<w:tab/>' '<w:numPr>' '<w:ilvl w:val="' '<w:numId w:val="' '<w:pStyle w:val="' \
        '<w:sdt>' '<w:sdtContent>' '<w:txbxContent>' '<w:abstractNum' '<w:lvlText w:val="' \
        '<w:numFmt w:val="chineseCounting"/>' '<w:numFmt w:val="decimal"/>' '<w:start w:val="' \
        '<w:body>' '<w:ins>' '<w:del>' '<w:delText>' 'w:val="' | quoted
    # PDF content streams and objects.
    printf '%s\n' 'BT' 'ET' ' Tf' ' Tj' ' TJ' ' Td' ' TD' ' Tm' ' T*' " '" ' cm' ' re' ' m' ' l' \
        ' S' ' f' ' q' ' Q' ' w' ' Do' '/ToUnicode' 'beginbfchar' 'endbfchar' 'beginbfrange' \
        'endbfrange' 'begincodespacerange' '/Type0' '/CIDFontType2' '/Identity-H' '/UniGB-UCS2-H' \
        '/GBK-EUC-H' '/W [' '/Widths' '/Encoding' '/Differences' 'obj' 'endobj' 'stream' \
        'endstream' 'xref' 'trailer' 'startxref' '/Length ' '/Filter /FlateDecode' '/Contents' \
        '/MediaBox' '/Rotate' '/Kids' '/Count' '/Encrypt' | quoted
    # OFD (GB/T 33190).
    printf '%s\n' '<ofd:TextObject' '</ofd:TextObject>' '<ofd:TextCode' '</ofd:TextCode>' \
        '<ofd:PathObject' '<ofd:AbbreviatedData>' '<ofd:PageBlock>' '<ofd:Layer' '<ofd:Page ' \
        'Boundary="' 'CTM="' 'DeltaX="' 'DeltaY="' ' g ' 'Size="' 'X="' 'Y="' 'Stroke="false"' \
        'Fill="true"' '<ofd:DocRoot>' '<ofd:PhysicalBox>' 'BaseLoc="' ' M ' ' L ' ' B ' ' Q ' ' A ' ' C' \
        '<!ENTITY' | quoted
} | ascii_dict > fuzz/import.dict

echo "fuzz seeds: $(ls fuzz/corpus/parse_check | wc -l) report files per report target;" \
    "import: $(ls fuzz/corpus/import_text | wc -l) text, $(ls fuzz/corpus/import_html | wc -l) HTML," \
    "$(ls fuzz/corpus/import_docx | wc -l) DOCX, $(ls fuzz/corpus/import_pdf | wc -l) PDF," \
    "$(ls fuzz/corpus/import_ofd | wc -l) OFD;" \
    "dictionaries: $(grep -vc '^#' fuzz/report.dict) + $(grep -vc '^#' fuzz/import.dict) entries"
