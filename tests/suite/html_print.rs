//! Printing the HTML page (Chromium's print to PDF, read back with poppler):
//! A4 with the GB/T 9704 margins, and table 三's header rows never apart from its body.

use std::path::Path;
use std::process::Command;

use crate::common::*;
use nianbao::diag::SourceFile;
use nianbao::document::{Block, build_document};
use nianbao::format::TableId;
use nianbao::report::parse_report;
use regex::Regex;

const MM: f64 = 72.0 / 25.4;

pub fn print_to_pdf(html: &Path, pdf: &Path, profile: &Path) {
    let o = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium is installed");
    assert!(
        pdf.is_file(),
        "no PDF: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|_| panic!("{name} (poppler-utils) is installed"));
    assert!(o.status.success(), "{name} {args:?}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn prints_a4_with_official_margins_and_whole_table_headers() {
    let dir = TempDir::new("html-print");
    let re =
        Regex::new(r#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">"#)
            .unwrap();
    // A body row prints as its label followed by the seven figures.
    let body_row = Regex::new(r"(?m)[^\d\s]\s*(\d+\s+){6}\d+[ \t]*$").unwrap();
    for example in complete_examples() {
        let stem = example.file_stem().unwrap().to_string_lossy().into_owned();
        let o = nianbao(
            &root(),
            &[
                "build",
                example.to_str().unwrap(),
                "--html",
                "-o",
                dir.path().to_str().unwrap(),
            ],
        );
        assert_exit(&o, 0);
        let html = dir.path().join(format!("{stem}.html"));
        let pdf = dir.path().join(format!("{stem}.pdf"));
        print_to_pdf(&html, &pdf, &dir.path().join("profile"));
        let pdf = pdf.to_str().unwrap();

        let info = tool("pdfinfo", &[pdf]);
        assert!(info.contains("(A4)"), "{stem}: {info}");

        // Every word lies inside the type area: 37 mm top, 35 bottom, 28 left, 26 right.
        // (Word boxes are as tall as the font's ascent and descent, which vary with the
        // fonts installed, so vertically the middle of each word is measured.)
        let words = tool("pdftotext", &["-bbox", pdf, "-"]);
        let (mut left, mut top, mut right, mut bottom) = (f64::MAX, f64::MAX, 0f64, 0f64);
        let mut folios = 0;
        for c in re.captures_iter(&words) {
            let v = |i: usize| c[i].parse::<f64>().unwrap();
            let middle = (v(2) + v(4)) / 2.0;
            // The page number 「— N —」 in the bottom margin box, 7 mm below the text.
            if middle > (297.0 - 35.0) * MM {
                assert!(
                    middle < (297.0 - 35.0 + 7.0 + 12.0) * MM,
                    "{stem}: something low in the margin at {middle}"
                );
                folios += 1;
                continue;
            }
            left = left.min(v(1));
            top = top.min(middle);
            right = right.max(v(3));
            bottom = bottom.max(middle);
        }
        assert!(
            (28.0 * MM - 1.0..28.0 * MM + 10.0).contains(&left),
            "{stem}: left {left}"
        );
        assert!(
            (37.0 * MM..37.0 * MM + 30.0).contains(&top),
            "{stem}: top {top}"
        );
        assert!(right <= (210.0 - 26.0) * MM + 1.0, "{stem}: right {right}");
        assert!(bottom <= (297.0 - 35.0) * MM, "{stem}: bottom {bottom}");
        // Page numbers printed by the @page margin boxes.
        let pages_n: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap();
        assert!(
            folios >= pages_n,
            "{stem}: {folios} page-number words on {pages_n} pages"
        );
        let last = tool(
            "pdftotext",
            &[
                "-f",
                &pages_n.to_string(),
                "-l",
                &pages_n.to_string(),
                pdf,
                "-",
            ],
        );
        assert!(
            last.replace(' ', "").contains(&format!("—{pages_n}—")),
            "{stem}: no page number on the last page: {last}"
        );

        // Table 三: a page showing its body rows shows its header, and the reverse.
        let text = std::fs::read_to_string(&example).unwrap();
        let report = parse_report(&SourceFile::new(&example, text))
            .report
            .unwrap();
        let doc = build_document(&report);
        let t3 = doc
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) if t.id == TableId::Three => Some(t),
                _ => None,
            })
            .unwrap();
        let header = &t3.rows[0][1].text; // 申请人情况
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap();
        let mut body_pages = 0;
        for page in 1..=pages {
            let n = page.to_string();
            let text = tool("pdftotext", &["-f", &n, "-l", &n, "-layout", pdf, "-"]);
            let has_header = text.contains(header.as_str());
            let has_body = body_row.is_match(&text);
            assert_eq!(
                has_header, has_body,
                "{stem} page {page}: table 三 header {has_header}, body rows {has_body}"
            );
            body_pages += has_body as usize;
        }
        assert!(body_pages >= 1, "{stem}: table 三 not found in the PDF");
    }
}
