//! Tables in Chromium's print of the HTML, read back as pictures and words:
//! closed at every page break, fixed columns that eight-digit figures cannot
//! squeeze to one character a line.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use crate::html_print::print_to_pdf;

const MM: f64 = 72.0 / 25.4;
/// Rendering resolution: two pixels a point.
const DPI: f64 = 144.0;

/// One word of `pdftotext -bbox`: page (from 1), box in pt, text.
struct Word {
    page: usize,
    y0: f64,
    y1: f64,
    x0: f64,
    x1: f64,
    text: String,
}

impl Word {
    /// A figure (digits only).
    fn is_figure(&self) -> bool {
        !self.text.is_empty() && self.text.chars().all(|c| c.is_ascii_digit())
    }
}

fn words(pdf: &Path) -> Vec<Word> {
    let o = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let xml = String::from_utf8_lossy(&o.stdout).into_owned();
    let re = regex::Regex::new(
        r#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#,
    )
    .unwrap();
    let mut out = Vec::new();
    for (p, page) in xml.split("<page ").skip(1).enumerate() {
        for c in re.captures_iter(page) {
            let v = |i: usize| c[i].parse::<f64>().unwrap();
            out.push(Word {
                page: p + 1,
                x0: v(1),
                y0: v(2),
                y1: v(4),
                x1: v(3),
                text: c[5].to_string(),
            });
        }
    }
    out
}

/// Page `page` of `pdf` as a grey picture: (width, height, pixels).
fn picture(pdf: &Path, page: usize, dir: &Path) -> (usize, usize, Vec<u8>) {
    let base = dir.join(format!("page{page}"));
    let o = Command::new("pdftoppm")
        .args(["-gray", "-r", &DPI.to_string(), "-singlefile"])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&base)
        .output()
        .expect("pdftoppm runs");
    assert!(o.status.success());
    let bytes = std::fs::read(base.with_extension("pgm")).unwrap();
    // P5 header: magic, width, height, maximum, each followed by white space.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    let w: usize = fields[1].parse().unwrap();
    let h: usize = fields[2].parse().unwrap();
    (w, h, bytes[at + 1..].to_vec())
}

/// The share of the text block's width covered by the lowest horizontal rule
/// above `foot` pt (the lowest pixel row more than a third dark).
fn lowest_rule(pic: &(usize, usize, Vec<u8>), foot: f64) -> f64 {
    let (w, h, px) = pic;
    let scale = DPI / 72.0;
    let (left, right) = (
        (28.0 * MM * scale) as usize,
        ((210.0 - 26.0) * MM * scale) as usize,
    );
    let cover = |y: usize| {
        (left..right.min(*w))
            .filter(|&x| px[y * w + x] < 160)
            .count() as f64
            / (right - left) as f64
    };
    (0..((foot * scale) as usize).min(*h))
        .rev()
        .map(cover)
        .find(|&c| c > 1.0 / 3.0)
        .unwrap_or(0.0)
}

fn print(dir: &Path, report: &Path) -> PathBuf {
    let o = nianbao(
        &root(),
        &[
            "build",
            &report.to_string_lossy(),
            "--html",
            "-o",
            &dir.to_string_lossy(),
        ],
    );
    assert_exit(&o, 0);
    let stem = stem(report);
    let pdf = dir.join(format!("{stem}.pdf"));
    print_to_pdf(
        &dir.join(format!("{stem}.html")),
        &pdf,
        &dir.join("profile"),
    );
    pdf
}

/// The examples, table 三 with six- and eight-digit figures, and the whole
/// real reports imported.
fn reports(dir: &Path) -> Vec<PathBuf> {
    let mut reports = complete_examples();
    reports.extend(
        crate::pagination::imported_real_reports(dir)
            .into_iter()
            .map(|(_, file)| file),
    );
    let example = root().join("examples/shandong-2023.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    for (name, factor) in [("digits6", 37037), ("digits8", 3703700)] {
        let file = dir.join(format!("{name}.toml"));
        std::fs::write(&file, crate::pagination::larger_figures(&text, factor)).unwrap();
        reports.push(file);
    }
    reports
}

/// Where a page break cuts a table (its header 「申请人情况」 on this page and
/// the next), the blank under it is at most a third of a page (xiamen-2022 p5
/// had 90 mm: Chromium would not break inside 「三、本年度办理结果」), and a
/// rule spans the whole table under the last row of the page,
/// under the merged 「三、本年度办理结果」 too: Chromium draws no bottom edge for
/// a cell spanning rows that a break cuts, and the repeated `tfoot.edge`
/// closes it. Every merged label is whole on a page. The header words of the
/// narrow columns keep two characters a line (「社会 / 公益 / 组织」), as in
/// the PDF.
#[test]
fn printed_tables_are_closed_at_page_breaks_and_keep_their_headers() {
    let tmp = TempDir::new("html-print-tables");
    let mut bad = Vec::new();
    let mut cuts = 0;
    for report in reports(tmp.path()) {
        let name = stem(&report);
        let pdf = print(tmp.path(), &report);
        let words = words(&pdf);
        let pages = words.iter().map(|w| w.page).max().unwrap_or(0);
        let has_header = |p: usize| words.iter().any(|w| w.page == p && w.text == "申请人情况");
        for p in 1..pages {
            if !(has_header(p) && has_header(p + 1)) {
                continue;
            }
            cuts += 1;
            let foot = (297.0 - 35.0) * MM;
            let covered = lowest_rule(&picture(&pdf, p, tmp.path()), foot);
            // A group moved whole to the next page is at most a third of a
            // page (render::groups::kept_groups): so is the blank it leaves.
            let lowest = words
                .iter()
                .filter(|w| w.page == p && w.y0 < foot)
                .map(|w| w.y1)
                .fold(0.0, f64::max);
            let blank = (foot - lowest) / MM;
            if blank > 225.0 / 3.0 {
                bad.push(format!(
                    "{name} p{p}: {blank:.0} mm blank under the table it continues on the next page"
                ));
            }
            if covered < 0.95 {
                bad.push(format!(
                    "{name} p{p}: the table is open at the page break (its lowest rule covers {:.0} %)",
                    covered * 100.0
                ));
            }
        }
        // Every merged label is whole on a page, never cut by a break.
        let raw = Command::new("pdftotext")
            .arg("-raw")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let raw_pages: Vec<String> = String::from_utf8_lossy(&raw.stdout)
            .split('\u{c}')
            .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
            .collect();
        for block in document_of(&report).blocks {
            let nianbao::document::Block::Table(t) = block else {
                continue;
            };
            for cell in t.rows.iter().flatten().filter(|c| c.rowspan > 1) {
                let label: String = cell.text.chars().filter(|c| !c.is_whitespace()).collect();
                if !raw_pages.iter().any(|p| p.contains(&label)) {
                    bad.push(format!("{name}: 「{label}」 is cut by a page break"));
                }
            }
        }
        for w in &words {
            let single = w.text.chars().count() == 1
                && "社会公益组织法律服务机构科研商业企业".contains(&w.text);
            if single {
                bad.push(format!(
                    "{name} p{}: header set one character a line (「{}」 at {:.0}, {:.0})",
                    w.page, w.text, w.x0, w.y0
                ));
            }
        }
        // Figures stay inside their cells: no two figures of a line overlap.
        for a in words.iter().filter(|w| w.is_figure()) {
            for b in words.iter().filter(|w| w.is_figure()) {
                let same_line = a.page == b.page && (a.y0 - b.y0).abs() < 1.0;
                if same_line && a.x0 < b.x0 && a.x1 > b.x0 + 0.5 {
                    bad.push(format!(
                        "{name} p{}: 「{}」 runs into 「{}」",
                        a.page, a.text, b.text
                    ));
                }
            }
        }
    }
    assert!(cuts >= 4, "only {cuts} table breaks seen");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
