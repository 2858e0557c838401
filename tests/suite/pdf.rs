//! `nianbao build --pdf` end to end, checked with poppler's pdffonts, pdftotext and pdfinfo.

use crate::common::*;
use nianbao::diag::SourceFile;
use nianbao::document::{Block, Document, build_document};
use nianbao::report::parse_report;
use std::path::{Path, PathBuf};
use std::process::Command;

fn document(path: &Path) -> Document {
    let text = std::fs::read_to_string(path).unwrap();
    let parsed = parse_report(&SourceFile::new(path, text));
    build_document(&parsed.report.expect("report"))
}

/// A fresh empty folder under the system temp dir, removed when dropped.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("nianbao-pdf-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (poppler-utils): {e}"));
    assert!(o.status.success(), "{name} {args:?} failed: {:?}", o);
    String::from_utf8(o.stdout).expect("UTF-8")
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Builds the PDF of `example` into `dir` and returns its path.
fn build(example: &Path, dir: &Path) -> PathBuf {
    let o = nianbao(
        &root(),
        &[
            "build",
            example.to_str().unwrap(),
            "--pdf",
            "-o",
            dir.to_str().unwrap(),
        ],
    );
    assert_exit(&o, 0);
    let stem = example.file_stem().unwrap().to_string_lossy().into_owned();
    dir.join(format!("{stem}.pdf"))
}

#[test]
fn every_example_makes_a_good_pdf() {
    let examples = complete_examples();
    assert!(!examples.is_empty());
    for example in examples {
        let name = example.file_stem().unwrap().to_string_lossy().into_owned();
        let doc = document(&example);
        let dir = temp_dir(&name);
        let pdf = build(&example, &dir);
        let pdf_s = pdf.to_str().unwrap();

        // Fonts: embedded, subset, with a ToUnicode map.
        let fonts = tool("pdffonts", &[pdf_s]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(rows.len() >= 3, "{name}: fonts\n{fonts}");
        for row in &rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{name}: {row}");
        }

        // Metadata.
        let info = tool("pdfinfo", &[pdf_s]);
        assert!(
            info.contains(&format!("Title:           {}", doc.title)),
            "{info}"
        );
        assert!(
            info.contains(&format!("Author:          {}", doc.agency)),
            "{info}"
        );
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|v| v.trim().parse().ok())
            .expect("page count");
        assert!((4..=14).contains(&pages), "{name}: {pages} pages");

        // Text: headings in reading order, every table label and figure. Cells are
        // checked in content order (-raw): poppler's column detection interleaves
        // the two-line headers of table 四's fifteen narrow columns.
        let text = squeeze(&tool("pdftotext", &[pdf_s, "-"]));
        let raw = squeeze(&tool("pdftotext", &["-raw", pdf_s, "-"]));
        let mut at = 0;
        for block in &doc.blocks {
            match block {
                Block::Heading(h) => {
                    let want = squeeze(&h.full());
                    let found = text[at..].find(&want);
                    assert!(
                        found.is_some(),
                        "{name}: heading {want} missing or out of order"
                    );
                    at += found.unwrap_or(0);
                }
                Block::Table(t) => {
                    for cell in t.rows.iter().flatten() {
                        let want = squeeze(&cell.text);
                        assert!(raw.contains(&want), "{name}: table cell {want:?} missing");
                    }
                }
                _ => {}
            }
        }

        // Kinsoku: no line starts with closing punctuation or ends with opening.
        // Lines as laid out (pieces on one baseline joined: pdftotext cuts a
        // line where compressed punctuation overlaps the next glyph).
        let texts: Vec<String> = crate::pagination::pages(&pdf)
            .into_iter()
            .flatten()
            .map(|l| l.text)
            .collect();
        for line in &texts {
            let line = line.trim();
            if let (Some(first), Some(last)) = (line.chars().next(), line.chars().last()) {
                assert!(
                    !"、。，；：？！）」》".contains(first),
                    "{name}: line starts badly: {line}"
                );
                assert!(!"（「《".contains(last), "{name}: line ends badly: {line}");
            }
        }

        // No heading at the foot of a page.
        let headings: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(squeeze(&h.full())),
                _ => None,
            })
            .collect();
        for page in 1..=pages {
            let p = page.to_string();
            let page_text = tool("pdftotext", &["-f", &p, "-l", &p, pdf_s, "-"]);
            let last = page_text
                .lines()
                .map(squeeze)
                .rfind(|l| !l.is_empty() && !l.starts_with('—'))
                .unwrap_or_default();
            assert!(
                !headings.contains(&last),
                "{name}: page {page} ends with heading {last}"
            );
            assert!(
                squeeze(&page_text).contains(&format!("—{page}—")),
                "{name}: folio {page}"
            );
        }

        // Size and determinism.
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.len() < 300 * 1024, "{name}: {} bytes", bytes.len());
        let again_dir = temp_dir(&format!("{name}-again"));
        let again = build(&example, &again_dir);
        assert!(
            bytes == std::fs::read(&again).unwrap(),
            "{name}: builds differ"
        );
    }
}

#[test]
fn a_character_no_font_has_is_an_error_naming_it() {
    let example = complete_examples().into_iter().next().expect("an example");
    let text = std::fs::read_to_string(&example).unwrap();
    let marker = "text = \"\"\"\n";
    let at = text.find(marker).expect("a narrative text") + marker.len();
    let broken = format!("{}𠀀{}", &text[..at], &text[at..]);
    let dir = temp_dir("missing-glyph");
    let file = dir.join("report.toml");
    std::fs::write(&file, broken).unwrap();
    let o = nianbao(&dir, &["build", "report.toml", "--pdf", "-o", "out"]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("𠀀") && err.contains("U+20000"), "{err}");
    assert!(!dir.join("out/report.pdf").exists());
}

#[test]
fn fonts_names_a_font_and_a_reason_for_every_role() {
    let o = nianbao(&root(), &["fonts"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    for role in ["正文", "标题（小标宋）", "黑体", "楷体", "页码"] {
        assert!(out.contains(role), "{out}");
    }
    assert_eq!(
        out.lines().filter(|l| l.starts_with("    ")).count(),
        5,
        "{out}"
    );
}

#[test]
fn a_font_dir_that_does_not_exist_cannot_run() {
    let o = nianbao(&root(), &["fonts", "--font-dir", "no-such-font-dir"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("no-such-font-dir"));
}

/// `fonts/kai.ttf` renamed to the family 「KaiTi」 (Windows name records, IDs 1, 4 and 16).
fn font_named_kaiti() -> Vec<u8> {
    let mut d = std::fs::read(root().join("fonts/kai.ttf")).unwrap();
    let be16 = |d: &[u8], at: usize| usize::from(u16::from_be_bytes([d[at], d[at + 1]]));
    let be32 =
        |d: &[u8], at: usize| u32::from_be_bytes([d[at], d[at + 1], d[at + 2], d[at + 3]]) as usize;
    let tables = be16(&d, 4);
    let name = (0..tables)
        .map(|t| 12 + 16 * t)
        .find(|rec| &d[*rec..*rec + 4] == b"name")
        .map(|rec| be32(&d, rec + 8))
        .expect("a name table");
    let count = be16(&d, name + 2);
    let storage = name + be16(&d, name + 4);
    let new: Vec<u8> = "KaiTi".encode_utf16().flat_map(u16::to_be_bytes).collect();
    for r in 0..count {
        let rec = name + 6 + 12 * r;
        let (platform, id, len) = (be16(&d, rec), be16(&d, rec + 6), be16(&d, rec + 8));
        if platform == 3 && [1, 4, 16].contains(&id) && len >= new.len() {
            let at = storage + be16(&d, rec + 10);
            d[at..at + new.len()].copy_from_slice(&new);
            d[rec + 8..rec + 10].copy_from_slice(&(new.len() as u16).to_be_bytes());
        }
    }
    d
}

#[test]
fn an_official_font_in_a_font_dir_is_preferred() {
    let dir = temp_dir("font-dir");
    std::fs::write(dir.join("kaiti.ttf"), font_named_kaiti()).unwrap();
    let dir_s = dir.to_str().unwrap();
    let o = nianbao(&root(), &["fonts", "--font-dir", dir_s]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    let kai = out
        .lines()
        .skip_while(|l| !l.contains("楷体"))
        .take(2)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(kai.contains("KaiTi") && kai.contains("官方字体"), "{out}");

    let example = complete_examples().into_iter().next().expect("an example");
    let out_dir = dir.join("out");
    let o = nianbao(
        &root(),
        &[
            "build",
            example.to_str().unwrap(),
            "--pdf",
            "--font-dir",
            dir_s,
            "-o",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_exit(&o, 0);
}

#[test]
fn a_twelve_digit_figure_is_printed_whole() {
    let zeros = "\nreview = [0, 0, 0, 0, 0]";
    let example = complete_examples()
        .into_iter()
        .find(|p| std::fs::read_to_string(p).unwrap().contains(zeros))
        .expect("an example without administrative reviews");
    let text = std::fs::read_to_string(&example)
        .unwrap()
        .replace(zeros, "\nreview = [123456789012, 0, 0, 0, 123456789012]");
    let dir = temp_dir("twelve-digits");
    std::fs::write(dir.join("report.toml"), text).unwrap();
    let o = nianbao(&dir, &["build", "report.toml", "--pdf", "-o", "."]);
    assert_exit(&o, 0);
    let pdf = dir.join("report.pdf");
    let raw = squeeze(&tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]));
    assert_eq!(raw.matches("123456789012").count(), 2, "{raw}");
}

/// A piece of table text as `pdftotext -bbox-layout` places it: pieces of
/// one line of a cell joined.
struct Piece {
    x0: f64,
    y0: f64,
    x1: f64,
    text: String,
}

impl Piece {
    /// The centre of the ink: the blank half of a full-width bracket or
    /// mark at either end (五号, 10.5 pt) left out, as cells centre it.
    fn centre(&self) -> f64 {
        let half = 10.5 / 2.0;
        let lead = self.text.starts_with(|c| "（「《“‘".contains(c));
        let trail = self.text.ends_with(|c| "、。，）」》”’".contains(c));
        let x0 = self.x0 + if lead { half } else { 0.0 };
        let x1 = self.x1 - if trail { half } else { 0.0 };
        (x0 + x1) / 2.0
    }
}

/// The table text (五号, lower than body text: word boxes at most `lower`
/// pt high) of every page.
fn table_pieces(pdf: &Path, lower: f64) -> Vec<Vec<Piece>> {
    let xml = tool("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        let at = tag.find(&key).expect("attribute") + key.len();
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    xml.split("<page ")
        .skip(1)
        .map(|page| {
            let mut pieces: Vec<Piece> = Vec::new();
            for w in page.split("<word ").skip(1) {
                let head = &w[..w.find('>').unwrap()];
                let rest = &w[head.len() + 1..];
                let text = rest[..rest.find("</word>").unwrap()].to_string();
                let (y0, y1) = (attr(head, "yMin"), attr(head, "yMax"));
                if y1 - y0 > lower {
                    continue;
                }
                let piece = Piece {
                    x0: attr(head, "xMin"),
                    y0,
                    x1: attr(head, "xMax"),
                    text,
                };
                match pieces.last_mut() {
                    // The next word of the same line (LibreOffice writes a
                    // row's figures before its label).
                    Some(p)
                        if (p.y0 - piece.y0).abs() < 0.5
                            && piece.x0 > p.x0
                            && piece.x0 < p.x1 + 1.0 =>
                    {
                        p.x1 = piece.x1;
                        p.text.push_str(&piece.text);
                    }
                    _ => pieces.push(piece),
                }
            }
            pieces
        })
        .collect()
}

/// Every place `label` is printed, as the char offsets where its lines break:
/// lines of one cell share its ink centre and follow each other 10–20 pt apart.
fn printed_breaks(pages: &[Vec<Piece>], label: &str) -> Vec<Vec<usize>> {
    let chars: Vec<char> = label.chars().collect();
    let rest_starts = |at: usize, text: &str| {
        let t: Vec<char> = text.chars().collect();
        !t.is_empty() && chars[at..].starts_with(&t)
    };
    let mut found = Vec::new();
    for page in pages {
        for first in page.iter().filter(|p| rest_starts(0, &p.text)) {
            let mut at = first.text.chars().count();
            let mut cuts = Vec::new();
            let mut prev = first;
            while at < chars.len() {
                // Centred on the ink (our PDF), on the box (the browser) or
                // left-aligned (the labels of the HTML).
                let box_centre = |p: &Piece| (p.x0 + p.x1) / 2.0;
                let Some(next) = page.iter().find(|p| {
                    ((p.centre() - first.centre()).abs() < 1.0
                        || (box_centre(p) - box_centre(first)).abs() < 1.0
                        || (p.x0 - first.x0).abs() < 1.0)
                        && (10.0..20.0).contains(&(p.y0 - prev.y0))
                        && rest_starts(at, &p.text)
                }) else {
                    break;
                };
                cuts.push(at);
                at += next.text.chars().count();
                prev = next;
            }
            if at == chars.len() {
                found.push(cuts);
            }
        }
    }
    found
}

#[test]
fn table_labels_break_between_words() {
    let dir = temp_dir("label-words");
    let mut reports = complete_examples();
    reports.push(root().join("tests/fixtures/valid/v2019.toml"));
    let real = crate::pagination::imported_real_reports(&dir);
    reports.extend(real.into_iter().map(|(_, file)| file));
    let mut bad = Vec::new();
    let mut broken = 0;
    // Our PDF, and Chromium's print of our HTML (its labels carry <wbr>
    // between the pieces of label_pieces and break nowhere else).
    let mut printed = Vec::new();
    for report in &reports {
        let name = report.file_stem().unwrap().to_string_lossy().into_owned();
        printed.push((name.clone(), report, build(report, &dir), 17.0));
        let o = nianbao(
            &root(),
            &[
                "build",
                report.to_str().unwrap(),
                "--html",
                "-o",
                dir.to_str().unwrap(),
            ],
        );
        assert_exit(&o, 0);
        let print = dir.join(format!("{name}-print.pdf"));
        crate::html_print::print_to_pdf(
            &dir.join(format!("{name}.html")),
            &print,
            &dir.join("chromium"),
        );
        // Chromium's word boxes take the font's whole ascent and descent:
        // 27 pt for table text, 42 pt for body text.
        printed.push((format!("{name} (HTML print)"), report, print, 32.0));
    }
    // LibreOffice's PDF of our DOCX (its labels carry w:br where our PDF
    // breaks them).
    let docx: Vec<PathBuf> = reports
        .iter()
        .map(|report| {
            let o = nianbao(
                &root(),
                &[
                    "build",
                    report.to_str().unwrap(),
                    "--docx",
                    "-o",
                    dir.to_str().unwrap(),
                ],
            );
            assert_exit(&o, 0);
            dir.join(format!("{}.docx", stem(report)))
        })
        .collect();
    let lo = dir.join("lo");
    soffice(&dir.join("lo-profile"), "pdf", &lo, &docx);
    for report in &reports {
        let name = stem(report);
        let pdf = lo.join(format!("{name}.pdf"));
        printed.push((format!("{name} (DOCX in LibreOffice)"), report, pdf, 17.0));
    }
    for (name, report, pdf, lower) in &printed {
        let pages = table_pieces(pdf, *lower);
        for block in document(report).blocks {
            let Block::Table(table) = block else { continue };
            for cell in table.rows.iter().flatten() {
                if cell.role == nianbao::document::CellRole::Figure {
                    continue;
                }
                let found = printed_breaks(&pages, &cell.text);
                // Every label of table 三 is found, so the check cannot pass by missing them.
                if table.id == nianbao::format::TableId::Three && found.is_empty() {
                    bad.push(format!("{name}: 「{}」 not found in the PDF", cell.text));
                }
                let allowed = nianbao::format::label_breaks(&cell.text);
                for cuts in found {
                    broken += usize::from(!cuts.is_empty());
                    if cuts.iter().any(|c| !allowed[*c]) {
                        let chars: Vec<char> = cell.text.chars().collect();
                        let mut lines = Vec::new();
                        let mut from = 0;
                        for c in cuts.iter().copied().chain([chars.len()]) {
                            lines.push(chars[from..c].iter().collect::<String>());
                            from = c;
                        }
                        bad.push(format!(
                            "{name}: 「{}」 broken inside a word",
                            lines.join("/")
                        ));
                    }
                }
            }
        }
    }
    // Labels do break across lines (「三、本年度/办理结果」 in every report).
    assert!(
        broken >= printed.len(),
        "only {broken} labels on several lines"
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
