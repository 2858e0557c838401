//! `nianbao import` on whole real published files (tests/fixtures/import/real):
//! every cell against a transcription made by hand from the printed page.

use std::path::Path;

use nianbao::diag::SourceFile;
use nianbao::report::parse_report;

use crate::common::{TempDir, assert_exit, nianbao, root, stderr};

/// Imports `input` and returns the report file written and what was printed on stderr.
fn import(dir: &TempDir, input: &Path) -> (String, String) {
    let out = dir.path().join("imported.toml");
    let o = nianbao(
        dir.path(),
        &[
            "import",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_exit(&o, 0);
    (std::fs::read_to_string(&out).unwrap(), stderr(&o))
}

/// The figures of one table row as the report file gives them: `key = [..]` or `key = n`.
fn row<'a>(toml: &'a str, key: &str) -> &'a str {
    toml.lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = ")))
        .map(|rest| rest.split("  #").next().unwrap_or(rest).trim())
        .unwrap_or_else(|| panic!("no row {key} in\n{toml}"))
}

/// A county-level city's report written in WPS and printed to PDF: ruled tables, table 三
/// running over two pages with its merged labels broken into pieces (「三、本 / 年 / 度
/// …」, 「（三）不 / 予公开」), the 第二十条 blocks of table 二 split across a page. Every
/// cell comes back in its place and nothing is in doubt.
#[test]
fn a_wps_pdf_imports_every_cell() {
    let dir = TempDir::new("import-real-wps");
    let (toml, notes) = import(
        &dir,
        &root().join("tests/fixtures/import/real/huaian-szf-2024-wps.pdf"),
    );
    assert!(toml.contains("agency = \"淮安市人民政府\""), "{toml}");
    assert!(toml.contains("year = 2024"), "{toml}");
    assert!(!notes.contains("导入说明："), "{notes}");
    // Transcribed from pages 3–5 of the PDF.
    let want = [
        ("regulations", "[1, 0, 11]"),
        ("normative_documents", "[8, 26, 66]"),
        ("licensing", "447228"),
        ("punishment", "3985758"),
        ("enforcement", "88283"),
        ("fees", "96171.6"),
        ("new_requests", "[3001, 53, 0, 0, 61, 4, 3119]"),
        ("carried_over", "[34, 0, 0, 0, 0, 0, 34]"),
        ("granted", "[1288, 21, 0, 0, 50, 3, 1362]"),
        ("partly_granted", "[447, 7, 0, 0, 0, 0, 454]"),
        ("denied_state_secret", "[2, 0, 0, 0, 0, 0, 2]"),
        ("denied_prohibited_by_law", "[30, 1, 0, 0, 0, 0, 31]"),
        ("denied_three_safeties", "[5, 0, 0, 0, 0, 0, 5]"),
        ("denied_third_party", "[6, 0, 0, 0, 0, 0, 6]"),
        ("denied_internal_affairs", "[7, 1, 0, 0, 0, 0, 8]"),
        ("denied_process_information", "[12, 0, 0, 0, 0, 0, 12]"),
        ("denied_enforcement_files", "[9, 0, 0, 0, 0, 0, 9]"),
        ("denied_inquiry_matters", "[105, 0, 0, 0, 0, 0, 105]"),
        ("unavailable_not_held", "[746, 12, 0, 0, 10, 1, 769]"),
        ("unavailable_needs_making", "[11, 0, 0, 0, 0, 0, 11]"),
        ("unavailable_still_unclear", "[1, 0, 0, 0, 0, 0, 1]"),
        ("rejected_petition", "[56, 6, 0, 0, 0, 0, 62]"),
        ("rejected_repeated", "[25, 0, 0, 0, 0, 0, 25]"),
        ("rejected_publications", "[0, 0, 0, 0, 0, 0, 0]"),
        ("rejected_excessive", "[0, 0, 0, 0, 0, 0, 0]"),
        ("rejected_confirmation", "[1, 0, 0, 0, 0, 0, 1]"),
        ("other_no_correction", "[67, 3, 0, 0, 1, 0, 71]"),
        ("other_fee_unpaid", "[6, 0, 0, 0, 0, 0, 6]"),
        ("other_other", "[108, 2, 0, 0, 0, 0, 110]"),
        ("total", "[2932, 53, 0, 0, 61, 4, 3050]"),
        ("carry_forward", "[103, 0, 0, 0, 0, 0, 103]"),
        ("review", "[72, 64, 178, 37, 351]"),
        ("direct_suit", "[13, 4, 8, 1, 26]"),
        ("suit_after_review", "[12, 1, 1, 6, 20]"),
    ];
    for (key, cells) in want {
        assert_eq!(row(&toml, key), cells, "{key}");
    }
    // The five 「（一）主动公开情况。……」 lead-ins of 一 are headings of their own.
    let parsed = parse_report(&SourceFile::new("imported.toml", toml.clone()));
    let report = parsed.report.expect("the written file reads back");
    let headings: Vec<&str> = report
        .overview
        .parts
        .iter()
        .map(|p| p.heading.value.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "主动公开情况",
            "依申请公开情况",
            "政府信息管理情况",
            "政府信息公开平台建设情况",
            "政府信息公开监督保障情况"
        ]
    );
    // The whole narrative is there, to its last sentence.
    let flat: String = toml.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        flat.contains("全年收取政府信息公开信息处理费3940元。"),
        "{toml}"
    );
}
