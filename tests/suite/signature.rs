//! The 落款 (GB/T 9704—2012 7.3.5.1): the date four characters in from the
//! right margin, the agency centred over the date — measured in our PDF, in
//! LibreOffice's PDF of our DOCX and in Chromium's print of our HTML.

use std::path::{Path, PathBuf};

use crate::common::*;
use crate::html_print::print_to_pdf;
use crate::pagination::{TextLine, pages};
use nianbao::diag::SourceFile;
use nianbao::document::{Block, build_document};
use nianbao::report::parse_report;

const MM: f64 = 72.0 / 25.4;
/// The right edge of the text block (A4, 26 mm right margin).
const RIGHT: f64 = (210.0 - 26.0) * MM;
/// One character of the 3号 body.
const ONE_CHAR: f64 = 16.0;

/// The signature lines of a report (agency, then the date when it has one);
/// none when it does not sign.
fn signature(report: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(report).unwrap();
    let parsed = parse_report(&SourceFile::new(report, text)).report.unwrap();
    build_document(&parsed)
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Signature(s) => Some(s.lines.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// `report` as it is when it signs, else a copy in `dir` signed by its agency
/// the January after its year.
fn signed(report: &Path, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(report).unwrap();
    if text.contains("[closing]") {
        return report.to_path_buf();
    }
    let parsed = parse_report(&SourceFile::new(report, text.clone()))
        .report
        .unwrap();
    let doc = build_document(&parsed);
    let file = dir.join(report.file_name().unwrap());
    let closing = format!(
        "\n[closing]\ntext = \"特此报告。\"\nsignature = \"{}\"\ndate = {}-01-20\n",
        doc.agency,
        doc.year + 1
    );
    std::fs::write(&file, text + &closing).unwrap();
    file
}

/// The last line of `pdf` that reads `text` (spaces aside).
fn last_line(pdf: &Path, text: &str) -> Option<TextLine> {
    let lines: Vec<TextLine> = pages(pdf).into_iter().flatten().collect();
    lines
        .into_iter()
        .rev()
        .find(|l| l.text.replace(' ', "") == text)
}

#[test]
fn the_signature_is_set_alike_in_all_three_outputs() {
    let tmp = TempDir::new("signature");
    let mut sources = complete_examples();
    sources.push(root().join("tests/fixtures/valid/v2019.toml"));
    let reports: Vec<PathBuf> = sources.iter().map(|r| signed(r, tmp.path())).collect();
    let out = tmp.path().join("out");
    let mut docx = Vec::new();
    for report in &reports {
        let o = nianbao(
            &root(),
            &[
                "build",
                &report.to_string_lossy(),
                "-o",
                &tmp.path().join("out").to_string_lossy(),
            ],
        );
        assert_exit(&o, 0);
        docx.push(stem_file(&out, report, "docx"));
    }
    let lo = tmp.path().join("lo");
    soffice(&tmp.path().join("profile"), "pdf", &lo, &docx);

    let mut bad = Vec::new();
    let mut checked = 0;
    for report in &reports {
        let lines = signature(report);
        if lines.is_empty() {
            continue;
        }
        checked += 1;
        let stem = report.file_stem().unwrap().to_string_lossy().into_owned();
        let printed = tmp.path().join(format!("{stem}-print.pdf"));
        print_to_pdf(
            &stem_file(&out, report, "html"),
            &printed,
            &tmp.path().join("chromium"),
        );
        let mut agency_x = Vec::new();
        // Centred over the last line (the date): exact in our PDF; the
        // browser's and LibreOffice's fonts differ from the estimate the
        // indents come from, and LibreOffice also adds its own space around
        // digits, which its DOCX import cannot switch off (docs/docx.md).
        for (reader, pdf, centring) in [
            ("PDF", stem_file(&out, report, "pdf"), 1.0),
            ("Chromium", printed.clone(), 3.0),
            ("LibreOffice", stem_file(&lo, report, "pdf"), 10.0),
        ] {
            let found: Vec<Option<TextLine>> = lines.iter().map(|l| last_line(&pdf, l)).collect();
            let Some(found) = found.into_iter().collect::<Option<Vec<TextLine>>>() else {
                bad.push(format!("{stem} {reader}: signature {lines:?} not found"));
                continue;
            };
            let last = found.last().unwrap();
            let right = RIGHT - 4.0 * ONE_CHAR;
            if (last.x1 - right).abs() > 2.0 {
                bad.push(format!(
                    "{stem} {reader}: 「{}」 ends at {:.1} pt, not 4 characters in ({right:.1})",
                    last.text, last.x1
                ));
            }
            for line in &found[..found.len() - 1] {
                // A line too wide to centre is set against the right margin.
                let off = (line.x0 + line.x1) / 2.0 - (last.x0 + last.x1) / 2.0;
                if off.abs() > centring && line.x1 < RIGHT - 2.0 {
                    bad.push(format!(
                        "{stem} {reader}: 「{}」 is {off:.1} pt off the centre of 「{}」",
                        line.text, last.text
                    ));
                }
            }
            agency_x.push((reader, found[0].x0));
        }
        let xs: Vec<f64> = agency_x.iter().map(|(_, x)| *x).collect();
        let spread = xs.iter().cloned().fold(f64::MIN, f64::max)
            - xs.iter().cloned().fold(f64::MAX, f64::min);
        if spread > 3.0 {
            bad.push(format!(
                "{stem}: the agency starts at different places: {agency_x:?}"
            ));
        }
    }
    assert!(checked >= 5, "only {checked} reports sign");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

fn stem_file(dir: &Path, report: &Path, extension: &str) -> PathBuf {
    dir.join(report.file_stem().unwrap())
        .with_extension(extension)
}
