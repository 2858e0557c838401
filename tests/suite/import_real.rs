//! `nianbao import` on whole real published files (tests/fixtures/import/real):
//! every cell against a transcription made by hand from the printed page.

use std::path::Path;

use nianbao::diag::SourceFile;
use nianbao::report::{Body, Report, parse_report};

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
    assert_eq!(
        overview_headings(&toml),
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

/// Every cell of `want` as the report file gives it.
fn assert_rows(toml: &str, want: &[(&str, &str)]) {
    for (key, cells) in want {
        assert_eq!(row(toml, key), *cells, "{key}");
    }
}

/// The notes printed on stderr, one a line.
fn note_lines(notes: &str) -> Vec<&str> {
    notes
        .lines()
        .filter(|l| l.starts_with("导入说明："))
        .collect()
}

/// The notes every 洪泽区 report gets, and no other: its table 三 prints 「2.其他法律行政
/// 止公开」 (a typo) and （六）其他处理 as one row, without the two rows the 2021 format
/// splits out of it.
fn assert_hongze_notes(notes: &str) {
    let lines = note_lines(notes);
    assert_eq!(lines.len(), 3, "{notes}");
    assert!(lines[0].contains("「2.其他法律行政止公开」"), "{notes}");
    assert!(lines[1].contains("「（六）其他处理」印成一行"), "{notes}");
    assert!(lines[2].contains("表三没有找到 2 行"), "{notes}");
}

/// A district government's report written in WPS, the year after the city's
/// above, laid out by another hand: in table 三 the labels 「（六）其他处理」 and
/// 「（七）总计」 stand beside an empty sub-label cell the agency did not merge,
/// and table 四's header 「行政复议」 beside an empty cell where 「行政诉讼」 should
/// span. Before, those rows shifted by one column (「应有 7 个数，原文有 8 个」,
/// （七）总计 lost) and table 四's 15 figures were found no row.
#[test]
fn a_wps_pdf_with_unmerged_label_cells_imports_every_cell() {
    let dir = TempDir::new("import-real-hongze-2024");
    let (toml, notes) = import(
        &dir,
        &root().join("tests/fixtures/import/real/hongze-qzf-2024-wps.pdf"),
    );
    assert!(toml.contains("agency = \"淮安市洪泽区人民政府\""), "{toml}");
    assert!(toml.contains("year = 2024"), "{toml}");
    assert_hongze_notes(&notes);
    // Transcribed from pages 2–4 of the PDF.
    assert_rows(
        &toml,
        &[
            ("regulations", "[0, 0, 0]"),
            ("normative_documents", "[3, 0, 8]"),
            ("licensing", "9487"),
            ("punishment", "2776"),
            ("enforcement", "84"),
            ("fees", "7545"),
            ("new_requests", "[95, 0, 0, 0, 0, 0, 95]"),
            ("carried_over", "[0, 0, 0, 0, 0, 0, 0]"),
            ("granted", "[50, 0, 0, 0, 0, 0, 50]"),
            ("partly_granted", "[9, 0, 0, 0, 0, 0, 9]"),
            ("denied_state_secret", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_prohibited_by_law", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_three_safeties", "[1, 0, 0, 0, 0, 0, 1]"),
            ("denied_third_party", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_internal_affairs", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_process_information", "[1, 0, 0, 0, 0, 0, 1]"),
            ("denied_enforcement_files", "[1, 0, 0, 0, 0, 0, 1]"),
            ("denied_inquiry_matters", "[0, 0, 0, 0, 0, 0, 0]"),
            ("unavailable_not_held", "[31, 0, 0, 0, 0, 0, 31]"),
            ("unavailable_needs_making", "[1, 0, 0, 0, 0, 0, 1]"),
            ("unavailable_still_unclear", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_petition", "[1, 0, 0, 0, 0, 0, 1]"),
            ("rejected_repeated", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_publications", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_excessive", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_confirmation", "[0, 0, 0, 0, 0, 0, 0]"),
            // （六）其他处理 is printed as one row of zeros.
            ("other_no_correction", "[0, 0, 0, 0, 0, 0, 0]"),
            ("other_fee_unpaid", "[0, 0, 0, 0, 0, 0, 0]"),
            ("other_other", "[0, 0, 0, 0, 0, 0, 0]"),
            ("total", "[95, 0, 0, 0, 0, 0, 95]"),
            ("carry_forward", "[0, 0, 0, 0, 0, 0, 0]"),
            ("review", "[1, 1, 0, 0, 2]"),
            ("direct_suit", "[1, 0, 0, 0, 1]"),
            ("suit_after_review", "[2, 0, 1, 0, 3]"),
        ],
    );
    // No cell is in doubt: no row shifted, no figure without its row.
    assert!(!notes.contains("原文有 8 个"), "{notes}");
    assert!(!notes.contains("找不到所属的行"), "{notes}");
    let flat: String = toml.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        flat.contains("全年收取政府信息公开信息处理费0元。"),
        "{toml}"
    );
}

/// The same district's report a year earlier, the same WPS template with its
/// merges whole: every cell, including the totals of table 四 the agency printed
/// as 0 (check, not import, is to say they do not add up).
#[test]
fn the_same_template_a_year_earlier_imports_every_cell() {
    let dir = TempDir::new("import-real-hongze-2023");
    let (toml, notes) = import(
        &dir,
        &root().join("tests/fixtures/import/real/hongze-qzf-2023-wps.pdf"),
    );
    assert!(toml.contains("agency = \"洪泽区人民政府\""), "{toml}");
    assert!(toml.contains("year = 2023"), "{toml}");
    assert_hongze_notes(&notes);
    // Transcribed from pages 2–4 of the PDF.
    assert_rows(
        &toml,
        &[
            ("regulations", "[0, 0, 0]"),
            ("normative_documents", "[0, 5, 5]"),
            ("licensing", "550"),
            ("punishment", "4119"),
            ("enforcement", "195"),
            ("fees", "7730.28"),
            ("new_requests", "[21, 0, 0, 0, 0, 0, 21]"),
            ("carried_over", "[0, 0, 0, 0, 0, 0, 0]"),
            ("granted", "[0, 0, 0, 0, 0, 0, 0]"),
            ("partly_granted", "[4, 0, 0, 0, 0, 0, 4]"),
            ("denied_state_secret", "[1, 0, 0, 0, 0, 0, 1]"),
            ("denied_prohibited_by_law", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_three_safeties", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_third_party", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_internal_affairs", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_process_information", "[1, 0, 0, 0, 0, 0, 1]"),
            ("denied_enforcement_files", "[1, 0, 0, 0, 0, 0, 1]"),
            ("denied_inquiry_matters", "[0, 0, 0, 0, 0, 0, 0]"),
            ("unavailable_not_held", "[10, 0, 0, 0, 0, 0, 10]"),
            ("unavailable_needs_making", "[3, 0, 0, 0, 0, 0, 3]"),
            ("unavailable_still_unclear", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_petition", "[1, 0, 0, 0, 0, 0, 1]"),
            ("rejected_repeated", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_publications", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_excessive", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_confirmation", "[0, 0, 0, 0, 0, 0, 0]"),
            ("other_no_correction", "[0, 0, 0, 0, 0, 0, 0]"),
            ("other_fee_unpaid", "[0, 0, 0, 0, 0, 0, 0]"),
            ("other_other", "[0, 0, 0, 0, 0, 0, 0]"),
            ("total", "[21, 0, 0, 0, 0, 0, 21]"),
            ("carry_forward", "[0, 0, 0, 0, 0, 0, 0]"),
            ("review", "[10, 1, 0, 0, 0]"),
            ("direct_suit", "[0, 0, 0, 0, 0]"),
            ("suit_after_review", "[5, 0, 0, 0, 0]"),
        ],
    );
    // Its lead-ins are set in bold before their text, one with its number
    // 「（五）」 left plain: all five are headings, the bold no part of them;
    // （三） stands on a line of its own, its full stop kept as printed.
    assert_eq!(
        overview_headings(&toml),
        [
            "主动公开情况",
            "依申请公开情况",
            "政府信息管理情况。",
            "政府信息公开平台建设情况",
            "政府信息公开监督保障情况"
        ]
    );
    assert!(!toml.contains("**"), "{toml}");
}

/// The sub-headings of 一、总体情况 as the report file gives them.
fn overview_headings(toml: &str) -> Vec<String> {
    part_headings(toml, |r| &r.overview)
}

/// The sub-headings of one narrative part (`part` picks it) as the report
/// file gives them.
fn part_headings(toml: &str, part: fn(&Report) -> &Body) -> Vec<String> {
    let parsed = parse_report(&SourceFile::new("imported.toml", toml.to_string()));
    let report = parsed.report.expect("the written file reads back");
    part(&report)
        .parts
        .iter()
        .map(|p| p.heading.value.clone())
        .collect()
}

/// The sub-headings of 一 that 平潭综合实验区 runs into their paragraphs.
const PINGTAN_LEADS: [&str; 5] = [
    "主动公开方面",
    "依申请公开方面",
    "政府信息管理方面",
    "信息公开平台建设方面",
    "监督保障方面",
];

/// A government web page saved whole (site menus, title, share and download
/// links, the article, a footer of 56 links and lines) whose sub-headings of
/// 一 are run into their paragraphs: 「（一）主动公开方面。2025年，通过实验区……」,
/// and in （二） and （三） the lead-in split over many `<span>`s of the
/// paragraph. Each lead-in becomes the part's heading and the rest its text;
/// the title, agency and publication date come from the page; what stands
/// around the article is left out with one note each; every cell comes back.
#[test]
fn a_page_with_run_in_sub_headings_imports_them_as_headings() {
    let dir = TempDir::new("import-real-pingtan-2025");
    let (toml, notes) = import(
        &dir,
        &root().join("tests/fixtures/import/real/pingtan-2025.html"),
    );
    assert_eq!(overview_headings(&toml), PINGTAN_LEADS, "{toml}");
    let flat: String = toml.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        flat.contains(
            "heading=\"主动公开方面\"text=\"\"\"2025年，通过实验区政府门户网站累计主动公开"
        ),
        "{toml}"
    );
    assert!(
        flat.contains(
            "heading=\"依申请公开方面\"text=\"\"\"严格执行《中华人民共和国政府信息公开条例》"
        ),
        "{toml}"
    );
    // 六 ends the report: nothing of the footer joins it.
    assert!(
        toml.contains("text = \"\"\"\n2025年，无收取信息处理费情况。\n\"\"\""),
        "{toml}"
    );
    let content: String = toml.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(
        !content.contains("版权所有") && !content.contains("微博"),
        "{toml}"
    );
    assert!(toml.contains("agency = \"平潭综合实验区\""), "{toml}");
    assert!(toml.contains("published = 2026-03-10"), "{toml}");
    let lines = note_lines(&notes);
    assert_eq!(lines.len(), 3, "{notes}");
    assert!(
        lines[0].contains("报告之后的 56 段（「附件下载」等"),
        "{notes}"
    );
    assert!(lines[1].contains("标题与报告正文之间的 5 段"), "{notes}");
    assert!(lines[2].contains("标题之前的 22 段"), "{notes}");
    // Transcribed from the page.
    assert_rows(
        &toml,
        &[
            ("regulations", "[0, 0, 0]"),
            ("normative_documents", "[58, 45, 546]"),
            ("licensing", "2418"),
            ("punishment", "644"),
            ("enforcement", "64"),
            ("fees", "4166.241619"),
            ("new_requests", "[151, 3, 0, 0, 0, 0, 154]"),
            ("carried_over", "[0, 0, 0, 0, 0, 0, 0]"),
            ("granted", "[33, 0, 0, 0, 0, 0, 33]"),
            ("partly_granted", "[38, 0, 0, 0, 0, 0, 38]"),
            ("denied_state_secret", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_prohibited_by_law", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_three_safeties", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_third_party", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_internal_affairs", "[3, 0, 0, 0, 0, 0, 3]"),
            ("denied_process_information", "[2, 0, 0, 0, 0, 0, 2]"),
            ("denied_enforcement_files", "[3, 0, 0, 0, 0, 0, 3]"),
            ("denied_inquiry_matters", "[3, 0, 0, 0, 0, 0, 3]"),
            ("unavailable_not_held", "[49, 1, 0, 0, 0, 0, 50]"),
            ("unavailable_needs_making", "[3, 0, 0, 0, 0, 0, 3]"),
            ("unavailable_still_unclear", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_petition", "[2, 0, 0, 0, 0, 0, 2]"),
            ("rejected_repeated", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_publications", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_excessive", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_confirmation", "[0, 0, 0, 0, 0, 0, 0]"),
            ("other_no_correction", "[8, 0, 0, 0, 0, 0, 8]"),
            ("other_fee_unpaid", "[2, 0, 0, 0, 0, 0, 2]"),
            ("other_other", "[1, 0, 0, 0, 0, 0, 1]"),
            ("total", "[147, 1, 0, 0, 0, 0, 148]"),
            ("carry_forward", "[4, 2, 0, 0, 0, 0, 6]"),
            ("review", "[25, 3, 8, 0, 36]"),
            ("direct_suit", "[3, 3, 0, 0, 6]"),
            ("suit_after_review", "[3, 0, 0, 0, 3]"),
        ],
    );
}

/// The same agency a year earlier: every lead-in in a 楷体 `<span>` of its own
/// ahead of the text in the same paragraph.
#[test]
fn the_run_in_sub_headings_a_year_earlier_import_as_headings() {
    let dir = TempDir::new("import-real-pingtan-2024");
    let (toml, notes) = import(
        &dir,
        &root().join("tests/fixtures/import/real/pingtan-2024.html"),
    );
    assert_eq!(overview_headings(&toml), PINGTAN_LEADS, "{toml}");
    let flat: String = toml.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        flat.contains("heading=\"监督保障方面\"text=\"\"\"加强政务公开工作的组织领导和协调保障"),
        "{toml}"
    );
    assert_eq!(note_lines(&notes).len(), 2, "{notes}");
    assert_rows(
        &toml,
        &[
            ("regulations", "[0, 0, 0]"),
            ("normative_documents", "[62, 33, 440]"),
            ("licensing", "4529"),
            ("punishment", "1100"),
            ("enforcement", "65"),
            ("fees", "18651.06"),
            ("new_requests", "[217, 1, 0, 0, 0, 0, 218]"),
            ("carried_over", "[0, 0, 0, 0, 0, 0, 0]"),
            ("granted", "[71, 0, 0, 0, 0, 0, 71]"),
            ("partly_granted", "[29, 0, 0, 0, 0, 0, 29]"),
            ("denied_state_secret", "[4, 0, 0, 0, 0, 0, 4]"),
            ("denied_prohibited_by_law", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_three_safeties", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_third_party", "[3, 0, 0, 0, 0, 0, 3]"),
            ("denied_internal_affairs", "[32, 0, 0, 0, 0, 0, 32]"),
            ("denied_process_information", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_enforcement_files", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_inquiry_matters", "[0, 0, 0, 0, 0, 0, 0]"),
            ("unavailable_not_held", "[75, 0, 0, 0, 0, 0, 75]"),
            ("unavailable_needs_making", "[0, 0, 0, 0, 0, 0, 0]"),
            ("unavailable_still_unclear", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_petition", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_repeated", "[1, 0, 0, 0, 0, 0, 1]"),
            ("rejected_publications", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_excessive", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_confirmation", "[0, 0, 0, 0, 0, 0, 0]"),
            ("other_no_correction", "[1, 0, 0, 0, 0, 0, 1]"),
            ("other_fee_unpaid", "[0, 0, 0, 0, 0, 0, 0]"),
            ("other_other", "[1, 1, 0, 0, 0, 0, 2]"),
            ("total", "[217, 1, 0, 0, 0, 0, 218]"),
            ("carry_forward", "[0, 0, 0, 0, 0, 0, 0]"),
            ("review", "[2, 1, 3, 1, 7]"),
            ("direct_suit", "[0, 0, 0, 0, 0]"),
            ("suit_after_review", "[13, 2, 4, 0, 19]"),
        ],
    );
}

/// The text of a city commission's report as extracted from its PDF by
/// another project (the PDF itself is not at hand): the agency numbers its
/// own parts (一 总体情况, 二 工作机制保障 … 六 政府信息公开平台建设), then
/// sets the tables under 一、二、三 again, prints its problems under table 四
/// without the heading of 五, and its other matters as 五. The parts are found
/// by their words (one note), the agency's own parts are sub-headings of 一,
/// the problems are 五 (one note), and the cells the extraction kept in their
/// rows come back (its table 三 is partly jumbled by the extracting tool: those
/// rows are noted, not guessed).
#[test]
fn a_report_numbering_its_own_parts_keeps_them_in_place() {
    let dir = TempDir::new("import-real-kewei");
    let (toml, notes) = import(
        &dir,
        &root().join("tests/fixtures/import/real/shanghai-kewei-2024-extracted.md"),
    );
    assert!(toml.contains("agency = \"上海市科委\""), "{toml}");
    assert!(toml.contains("year = 2024"), "{toml}");
    assert_eq!(
        overview_headings(&toml),
        [
            "工作机制保障",
            "主动公开工作情况",
            "政府信息公开申请情况",
            "政府信息管理",
            "政府信息公开平台建设"
        ]
    );
    assert_eq!(
        part_headings(&toml, |r| &r.problems),
        ["主要问题", "改进情况"]
    );
    let flat: String = toml.chars().filter(|c| !c.is_whitespace()).collect();
    for words in [
        "原有部门网站政务公开栏目和政府信息公开目录结构无法满足",
        "政务公开专栏改版工作正在有序进行中。",
        "市科委未发生政府信息公开收费事项。",
    ] {
        assert!(flat.contains(words), "{words}\n{toml}");
    }
    let lines = note_lines(&notes);
    let about = |words: &str| lines.iter().filter(|n| n.contains(words)).count();
    assert_eq!(about("自行编排了各部分的序号"), 1, "{notes}");
    assert_eq!(about("按这一部分导入"), 1, "{notes}");
    assert_eq!(about("这一部分为空"), 0, "{notes}");
    // The cells the extraction prints in their rows.
    assert_rows(
        &toml,
        &[
            ("regulations", "[0, 0, 0]"),
            ("normative_documents", "[13, 0, 55]"),
            ("licensing", "97"),
            ("punishment", "0"),
            ("enforcement", "0"),
            ("fees", "0"),
            ("new_requests", "[32, 2, 0, 0, 0, 0, 34]"),
            ("carried_over", "[2, 0, 0, 0, 0, 0, 2]"),
            ("granted", "[9, 0, 0, 0, 0, 0, 9]"),
            ("total", "[33, 2, 0, 0, 0, 0, 35]"),
            ("review", "[1, 0, 0, 0, 1]"),
            ("direct_suit", "[0, 0, 0, 0, 0]"),
            ("suit_after_review", "[0, 0, 0, 0, 0]"),
        ],
    );
}

/// A web page saved whole, in the 2019 format (国办公开办函〔2019〕60号), of a
/// report whose （二） holds numbered items 「1.加强用权信息公开」 … 「5.加强平台
/// 建设」 with （1）（2）… paragraphs, whose table 三 is split in two (its
/// 「三、本年度办理结果」 cell printed twice), and whose table 四 ends in a row
/// of empty cells. The items stay inside （二） (two of them name topics, and
/// were parts of their own before); every cell comes back; `check` finds the
/// mistake the page printed: its （七）总计 (21) is not the sum of （一）
/// to （六） (27).
#[test]
fn a_2019_format_page_imports_every_cell_and_its_mistake_is_found() {
    let dir = TempDir::new("import-real-pingtan-2020");
    let (toml, notes) = import(
        &dir,
        &root().join("tests/fixtures/import/real/pingtan-2020.html"),
    );
    assert!(toml.contains("agency = \"平潭综合实验区\""), "{toml}");
    assert!(toml.contains("year = 2020"), "{toml}");
    assert!(toml.contains("published = 2021-03-05"), "{toml}");
    assert_eq!(
        overview_headings(&toml),
        [
            "强化组织协调，着力规范公开工作",
            "围绕工作重点，扎实推进主动公开"
        ]
    );
    let flat: String = toml.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        flat.contains("4.认真办理依申请公开2020年全区各级行政机关"),
        "{toml}"
    );
    let lines = note_lines(&notes);
    assert_eq!(lines.len(), 4, "{notes}");
    assert!(
        lines[3].contains("「73802895.90元」，写入 73802895.90"),
        "{notes}"
    );
    // Transcribed from the page.
    assert_rows(
        &toml,
        &[
            ("regulations", "[0, 0, 7]"),
            ("normative_documents", "[77, 77, 166]"),
            ("licensing", "[396, 442, 278]"),
            ("other_services", "[10, 7, 105]"),
            ("punishment", "[2648, -18, 538]"),
            ("enforcement", "[126, 26, 29]"),
            ("fees", "[35, -15]"),
            ("procurement", "[395, 73802895.90]"),
            ("new_requests", "[20, 0, 0, 0, 0, 1, 21]"),
            ("carried_over", "[0, 0, 0, 0, 0, 0, 0]"),
            ("granted", "[6, 0, 0, 0, 0, 1, 7]"),
            ("partly_granted", "[6, 0, 0, 0, 0, 0, 6]"),
            ("denied_state_secret", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_prohibited_by_law", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_three_safeties", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_third_party", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_internal_affairs", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_process_information", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_enforcement_files", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_inquiry_matters", "[0, 0, 0, 0, 0, 0, 0]"),
            ("unavailable_not_held", "[4, 0, 0, 0, 0, 0, 4]"),
            ("unavailable_needs_making", "[0, 0, 0, 0, 0, 0, 0]"),
            ("unavailable_still_unclear", "[3, 0, 0, 0, 0, 0, 3]"),
            ("rejected_petition", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_repeated", "[3, 0, 0, 0, 0, 0, 3]"),
            ("rejected_publications", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_excessive", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_confirmation", "[0, 0, 0, 0, 0, 0, 0]"),
            ("other", "[4, 0, 0, 0, 0, 0, 4]"),
            ("total", "[20, 0, 0, 0, 0, 1, 21]"),
            ("carry_forward", "[0, 0, 0, 0, 0, 0, 0]"),
            ("review", "[0, 0, 0, 0, 0]"),
            ("direct_suit", "[0, 0, 0, 0, 0]"),
            ("suit_after_review", "[0, 0, 0, 0, 0]"),
        ],
    );
    let o = nianbao(dir.path(), &["check", "imported.toml"]);
    let found = crate::common::stdout(&o) + &stderr(&o);
    assert!(
        found.contains("「（七）总计」「总计」填的是 21，但（一）至（六）各项之和是 27"),
        "{found}"
    );
}

/// The same agency's first report in the 2019 format, saved whole: parts of
/// 一 named 「（一）基本情况」「（二）主要做法」 (no topic in their words, noted
/// for the clerk), items 「1.」–「3.」 with （1）–（14） paragraphs inside the
/// second, and 五's three lead-ins 「（一）继续强化信息公开责任。……」 run into
/// their text. Every cell comes back.
#[test]
fn the_2019_format_a_year_earlier_imports_every_cell() {
    let dir = TempDir::new("import-real-pingtan-2019");
    let (toml, notes) = import(
        &dir,
        &root().join("tests/fixtures/import/real/pingtan-2019.html"),
    );
    assert!(toml.contains("published = 2020-01-20"), "{toml}");
    assert_eq!(overview_headings(&toml), ["基本情况", "主要做法"]);
    assert_eq!(
        part_headings(&toml, |r| &r.problems),
        [
            "继续强化信息公开责任",
            "继续完善信息公开机制",
            "继续加强督导协调工作"
        ]
    );
    let lines = note_lines(&notes);
    let about = |words: &str| lines.iter().filter(|n| n.contains(words)).count();
    assert_eq!(about("看不出写的是五个方面中的哪一个"), 2, "{notes}");
    assert_eq!(lines.len(), 6, "{notes}");
    assert_rows(
        &toml,
        &[
            ("regulations", "[0, 0, 0]"),
            ("normative_documents", "[89, 89, 89]"),
            ("licensing", "[396, 0, 181]"),
            ("other_services", "[10, 0, 153]"),
            ("punishment", "[2648, 0, 430]"),
            ("enforcement", "[126, 0, 25]"),
            ("fees", "[35, 0]"),
            ("procurement", "[135, 75394432.52]"),
            ("new_requests", "[23, 0, 0, 0, 0, 0, 23]"),
            ("carried_over", "[0, 0, 0, 0, 0, 0, 0]"),
            ("granted", "[7, 0, 0, 0, 0, 0, 7]"),
            ("partly_granted", "[1, 0, 0, 0, 0, 0, 1]"),
            ("denied_state_secret", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_prohibited_by_law", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_three_safeties", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_third_party", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_internal_affairs", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_process_information", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_enforcement_files", "[0, 0, 0, 0, 0, 0, 0]"),
            ("denied_inquiry_matters", "[0, 0, 0, 0, 0, 0, 0]"),
            ("unavailable_not_held", "[7, 0, 0, 0, 0, 0, 7]"),
            ("unavailable_needs_making", "[0, 0, 0, 0, 0, 0, 0]"),
            ("unavailable_still_unclear", "[5, 0, 0, 0, 0, 0, 5]"),
            ("rejected_petition", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_repeated", "[3, 0, 0, 0, 0, 0, 3]"),
            ("rejected_publications", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_excessive", "[0, 0, 0, 0, 0, 0, 0]"),
            ("rejected_confirmation", "[0, 0, 0, 0, 0, 0, 0]"),
            ("other", "[0, 0, 0, 0, 0, 0, 0]"),
            ("total", "[23, 0, 0, 0, 0, 0, 23]"),
            ("carry_forward", "[0, 0, 0, 0, 0, 0, 0]"),
            ("review", "[0, 0, 0, 0, 0]"),
            ("direct_suit", "[0, 0, 0, 0, 0]"),
            ("suit_after_review", "[0, 0, 0, 0, 0]"),
        ],
    );
}
