//! `nianbao build --docx`, end to end: schema validation, the tables read back
//! from the package, byte-identical rebuilds, and LibreOffice's rendering.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use nianbao::document::Block;
use quick_xml::Reader;
use quick_xml::events::Event;

/// Every report that builds: the complete examples and the clean fixture.
fn reports() -> Vec<PathBuf> {
    let mut v = complete_examples();
    v.push(root().join("tests/fixtures/valid/base.toml"));
    v
}

/// Builds every report as DOCX into `dir` in one run; returns the DOCX paths.
fn build_all(dir: &Path) -> Vec<PathBuf> {
    let reports = reports();
    build_into(dir, &reports, &["--docx"]);
    reports.iter().map(|p| output_of(dir, p, "docx")).collect()
}

fn part(docx: &Path, name: &str) -> String {
    let file = std::fs::File::open(docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entry = zip.by_name(name).unwrap();
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    text
}

/// One `w:tc` as read back.
#[derive(Debug, Default)]
struct WCell {
    grid_span: usize,
    /// None, Some("restart") or Some("continue").
    v_merge: Option<String>,
    text: String,
}

#[derive(Debug, Default)]
struct WRow {
    header: bool,
    cant_split: bool,
    cells: Vec<WCell>,
}

#[derive(Debug, Default)]
struct WTable {
    grid: Vec<usize>,
    fixed: bool,
    rows: Vec<WRow>,
}

/// What document.xml holds: its tables and the text of its body paragraphs.
#[derive(Debug, Default)]
struct ReadBack {
    tables: Vec<WTable>,
    paragraphs: Vec<String>,
    /// Style of each body paragraph outside tables, in order.
    styles: Vec<String>,
}

fn attr(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == key)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

fn read_back(xml: &str) -> ReadBack {
    let mut reader = Reader::from_str(xml);
    let mut out = ReadBack::default();
    let mut in_table = 0usize;
    let mut para = String::new();
    let mut style = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if !matches!(e.name().into_inner(), b"w:t") => {
                match e.name().into_inner() {
                    b"w:tbl" => {
                        in_table += 1;
                        out.tables.push(WTable::default());
                    }
                    b"w:gridCol" => {
                        let w = attr(&e, b"w:w").unwrap().parse().unwrap();
                        out.tables.last_mut().unwrap().grid.push(w);
                    }
                    b"w:tblLayout" => {
                        out.tables.last_mut().unwrap().fixed =
                            attr(&e, b"w:type").as_deref() == Some("fixed");
                    }
                    b"w:tr" => out.tables.last_mut().unwrap().rows.push(WRow::default()),
                    b"w:tblHeader" => last_row(&mut out).header = true,
                    b"w:cantSplit" => last_row(&mut out).cant_split = true,
                    b"w:tc" => last_row(&mut out).cells.push(WCell {
                        grid_span: 1,
                        ..WCell::default()
                    }),
                    b"w:gridSpan" => {
                        last_cell(&mut out).grid_span =
                            attr(&e, b"w:val").unwrap().parse().unwrap();
                    }
                    b"w:vMerge" => {
                        last_cell(&mut out).v_merge =
                            Some(attr(&e, b"w:val").unwrap_or_else(|| "continue".into()));
                    }
                    b"w:p" => {
                        para.clear();
                        style.clear();
                    }
                    b"w:pStyle" => style = attr(&e, b"w:val").unwrap_or_default(),
                    _ => {}
                }
            }
            Event::Start(_) => in_text = true,
            Event::Text(t) if in_text => para.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) if in_text => {
                let name = r.decode().unwrap();
                para.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    _ => "'",
                });
            }
            Event::End(e) => match e.name().into_inner() {
                b"w:t" => in_text = false,
                b"w:tbl" => in_table -= 1,
                b"w:p" => {
                    if in_table > 0 {
                        let cell = last_cell(&mut out);
                        cell.text.push_str(&para);
                    } else {
                        out.paragraphs.push(para.clone());
                        out.styles.push(style.clone());
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    out
}

fn last_row(out: &mut ReadBack) -> &mut WRow {
    out.tables.last_mut().unwrap().rows.last_mut().unwrap()
}

fn last_cell(out: &mut ReadBack) -> &mut WCell {
    last_row(out).cells.last_mut().unwrap()
}

/// Origin cells (row, col, rowspan, colspan, text) reconstructed from the
/// Word merges alone.
fn origins(table: &WTable) -> BTreeSet<(usize, usize, usize, usize, String)> {
    let columns = table.grid.len();
    // For each grid slot, the index of its origin in `cells`.
    let mut owner: Vec<Vec<Option<usize>>> = vec![vec![None; columns]; table.rows.len()];
    let mut cells: Vec<(usize, usize, usize, usize, String)> = Vec::new();
    for (r, row) in table.rows.iter().enumerate() {
        let mut c = 0;
        for cell in &row.cells {
            let id = if cell.v_merge.as_deref() == Some("continue") {
                let above = owner[r - 1][c].expect("vMerge continues a cell above");
                assert_eq!(
                    cells[above].3, cell.grid_span,
                    "continuation keeps the span"
                );
                assert!(cell.text.is_empty(), "continuation cells are empty");
                cells[above].2 += 1;
                above
            } else {
                cells.push((r, c, 1, cell.grid_span, cell.text.clone()));
                cells.len() - 1
            };
            for slot in &mut owner[r][c..c + cell.grid_span] {
                *slot = Some(id);
            }
            c += cell.grid_span;
        }
        assert_eq!(c, columns, "row {r} fills the grid");
    }
    cells.into_iter().collect()
}

/// `../shared/tools/validate-docx` beside the repository, when it is there
/// (CI always has it); a clone on its own says the check was skipped.
fn validate_docx() -> Option<PathBuf> {
    let tool = root().parent()?.join("shared/tools/validate-docx");
    if tool.exists() {
        Some(tool)
    } else {
        skipped(
            "DOCX schema validation",
            &format!("{} not found", tool.display()),
        );
        None
    }
}

#[test]
fn every_docx_is_schema_valid_and_reads_back_as_the_official_tables() {
    let tmp = TempDir::new("docx-read");
    let files = build_all(tmp.path());

    if let Some(validator) = validate_docx() {
        let o = Command::new(validator)
            .args(&files)
            .output()
            .expect("validate-docx runs");
        let report = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "validate-docx:\n{report}");
        for f in &files {
            let name = f.file_name().unwrap().to_string_lossy();
            assert!(
                report.contains(&format!("{name}: 0 schema error(s)")),
                "{report}"
            );
        }
    }

    for (path, docx) in reports().iter().zip(&files) {
        let doc = document_of(path);
        let back = read_back(&part(docx, "word/document.xml"));
        let tables: Vec<_> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(back.tables.len(), 3, "{}", path.display());
        for (t, w) in tables.iter().zip(&back.tables) {
            let at = format!("{} table {:?}", path.display(), t.id);
            assert_eq!(w.rows.len(), t.grid_rows, "{at}: rows");
            assert_eq!(w.grid.len(), t.grid_columns, "{at}: columns");
            assert_eq!(w.grid.iter().sum::<usize>(), 8844, "{at}: 156 mm wide");
            assert!(w.fixed, "{at}: fixed layout");
            assert!(w.rows.iter().all(|r| r.cant_split), "{at}: rows split");
            let headers = w.rows.iter().take_while(|r| r.header).count();
            assert_eq!(headers, t.header_rows, "{at}: header rows");
            assert_eq!(
                w.rows.iter().filter(|r| r.header).count(),
                t.header_rows,
                "{at}: header rows lead"
            );
            let expected: BTreeSet<_> = t
                .rows
                .iter()
                .flatten()
                .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.clone()))
                .collect();
            assert_eq!(origins(w), expected, "{at}: cells and merges");
        }

        // Known merges of the official layout, independent of the document model.
        let two = &back.tables[0];
        assert_eq!(
            two.rows[0].cells.len(),
            1,
            "表二 block heading spans the row"
        );
        assert_eq!(two.rows[0].cells[0].grid_span, 4);
        assert_eq!(two.rows[0].cells[0].text, "第二十条第（一）项");
        let three = &back.tables[1];
        assert_eq!(three.rows[0].cells[0].v_merge.as_deref(), Some("restart"));
        assert!(three.rows[0].cells.iter().any(|c| c.text == "申请人情况"));
        let spans: Vec<usize> = three.rows[0].cells.iter().map(|c| c.grid_span).collect();
        assert_eq!(spans.iter().sum::<usize>(), three.grid.len());

        // Headings carry heading styles (navigation pane), text verbatim.
        for block in &doc.blocks {
            if let Block::Heading(h) = block {
                let style = if h.level == 1 { "Heading1" } else { "Heading2" };
                let i = back
                    .paragraphs
                    .iter()
                    .position(|p| *p == h.full())
                    .unwrap_or_else(|| panic!("{}: heading {}", path.display(), h.full()));
                assert_eq!(back.styles[i], style, "{}", h.full());
            }
            if let Block::Paragraph(p) = block {
                assert!(
                    back.paragraphs.contains(&p.plain_text()),
                    "{}: paragraph {}",
                    path.display(),
                    p.plain_text()
                );
            }
        }
        for line in &doc.title_lines {
            assert!(back.paragraphs.contains(line), "title line {line}");
        }

        let core = part(docx, "docProps/core.xml");
        assert!(core.contains(&format!("<dc:title>{}</dc:title>", doc.title)));
        assert!(core.contains(&format!("<dc:creator>{}</dc:creator>", doc.agency)));
        if let Some(date) = &doc.date_iso {
            assert!(core.contains(&format!(">{date}T00:00:00Z</dcterms:created>")));
        }
        let styles = part(docx, "word/styles.xml");
        assert!(styles.contains(r#"<w:outlineLvl w:val="0""#));
        assert!(styles.contains(r#"<w:outlineLvl w:val="1""#));
        assert!(styles.contains("仿宋_GB2312") && styles.contains("黑体"));
        let settings = part(docx, "word/settings.xml");
        assert!(settings.contains("<w:evenAndOddHeaders"));
    }
}

#[test]
fn docx_is_byte_identical_across_builds() {
    let a = TempDir::new("docx-a");
    let b = TempDir::new("docx-b");
    let first = build_all(a.path());
    let second = build_all(b.path());
    for (x, y) in first.iter().zip(&second) {
        assert!(
            std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
            "{} differs between builds",
            x.display()
        );
    }
    // Alone or after other reports in the same run: still the same bytes.
    let last = reports().pop().unwrap();
    let c = TempDir::new("docx-c");
    let o = nianbao(
        &root(),
        &[
            "build",
            "--docx",
            "-o",
            &c.path().to_string_lossy(),
            &last.to_string_lossy(),
        ],
    );
    assert_exit(&o, 0);
    let alone = c.path().join(format!("{}.docx", stem(&last)));
    assert!(std::fs::read(alone).unwrap() == std::fs::read(first.last().unwrap()).unwrap());
}

/// Removes all whitespace, which PDF text extraction inserts or drops freely,
/// and hyphens, which pdftotext drops at line ends.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// Whether the characters of `needle` occur in order in `text`, the first and
/// last at most `window` characters apart.
fn spread_within(text: &str, needle: &str, window: usize) -> bool {
    let hay: Vec<char> = text.chars().collect();
    let want: Vec<char> = needle.chars().collect();
    let Some(&first) = want.first() else {
        return true;
    };
    (0..hay.len()).filter(|&i| hay[i] == first).any(|start| {
        let mut k = 1;
        for (i, &c) in hay.iter().enumerate().skip(start + 1) {
            if k == want.len() || i - start > window {
                break;
            }
            if c == want[k] {
                k += 1;
            }
        }
        k == want.len()
    })
}

#[test]
fn libreoffice_renders_every_label_and_figure() {
    let tmp = TempDir::new("docx-lo");
    let files = build_all(tmp.path());
    let pdf_dir = tmp.path().join("pdf");
    let profile = tmp.path().join("lo-profile");
    soffice(&profile, "pdf", &pdf_dir, &files);

    let page_number = regex::Regex::new(r"—\d+—").unwrap();
    for (path, docx) in reports().iter().zip(&files) {
        let pdf = pdf_dir.join(format!("{}.pdf", stem(docx)));
        // -raw keeps content-stream order, so text wrapped inside a narrow
        // cell stays together.
        let o = Command::new("pdftotext")
            .arg("-raw")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        assert!(o.status.success(), "{}", pdf.display());
        let raw = squeeze(&String::from_utf8_lossy(&o.stdout));
        // Page numbers 「— 1 —」 on every page.
        assert!(raw.contains("—1—"), "{}: page number", path.display());
        // Paragraphs that cross a page have the footer in between.
        let text = page_number.replace_all(&raw, "");
        let doc = document_of(path);
        let mut wanted: Vec<String> = doc.title_lines.clone();
        for block in &doc.blocks {
            match block {
                Block::Heading(h) => wanted.push(h.full()),
                Block::Paragraph(p) => wanted.push(p.plain_text()),
                Block::Table(t) => {
                    for cell in t.rows.iter().flatten() {
                        if cell.rowspan > 1 {
                            // A tall merged cell may continue on the next page,
                            // after that page's footer and repeated header.
                            assert!(
                                spread_within(&text, &squeeze(&cell.text), 600),
                                "{}: 「{}」 missing from the PDF",
                                path.display(),
                                cell.text
                            );
                        } else {
                            wanted.push(cell.text.clone());
                        }
                    }
                }
                Block::Signature(s) => wanted.extend(s.lines.iter().cloned()),
                Block::Contact(items) => wanted.extend(items.iter().map(|i| i.value.clone())),
            }
        }
        for w in wanted {
            assert!(
                text.contains(&squeeze(&w)),
                "{}: 「{w}」 missing from the PDF",
                path.display()
            );
        }
    }
}
