//! A throw-away format for the tests: the 2021 format with one more row in
//! table 三, applying to years from [`FIRST_YEAR`] while a test enables it. It
//! proves the steps of docs/format.md: a format added as one value and its
//! rows renders, checks, imports and edits with no other change.

use std::cell::Cell;

use super::rows::{self, Row};
use super::{Format, FormatVersion};

pub const FIRST_YEAR: i64 = 2099;

/// The extra row, among table 三's （六）其他处理 rows.
pub const EXTRA_ROW: &str = "other_test_extra";
pub const EXTRA_LABEL: &str = "4.测试格式新增的一行";

/// The 2021 format, named anew, with the extra row after the last （六） row.
pub static FORMAT: Format = Format {
    version: FormatVersion::Test,
    first_year: FIRST_YEAR,
    circular: "测试格式〔2099〕1号",
    superseded_citations: &[],
    table3: &[
        &rows::TABLE3_TO_REJECTED,
        &rows::TABLE3_OTHER_2021,
        &[Row {
            key: EXTRA_ROW,
            label: EXTRA_LABEL,
            place: rows::TABLE3_OTHER_2021[2].place,
        }],
        &rows::TABLE3_FROM_TOTAL,
    ],
    ..super::FORMATS[FormatVersion::V2021 as usize]
};

thread_local! {
    static ENABLED: Cell<bool> = const { Cell::new(false) };
}

/// Whether `year` uses the test format on this thread.
pub fn applies(year: i64) -> bool {
    year >= FIRST_YEAR && ENABLED.with(Cell::get)
}

/// Makes years from [`FIRST_YEAR`] use the test format on this thread until dropped.
pub struct Enabled(());

pub fn enable() -> Enabled {
    ENABLED.with(|e| e.set(true));
    Enabled(())
}

impl Drop for Enabled {
    fn drop(&mut self) {
        ENABLED.with(|e| e.set(false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_report;
    use crate::diag::{Diagnostic, SourceFile};
    use crate::document::build_document;
    use crate::render::{Output, RenderOptions, render};
    use crate::report::{Report, parse_report};

    /// The valid fixture moved to 2099, with the extra row written `extra`.
    fn report_file(extra: &str) -> String {
        let base = include_str!("../../tests/fixtures/valid/base.toml");
        base.replace("2024", "2099")
            .replace("2025-01-20", "2100-01-20")
            .replace(
                "other_other = [0, 0, 0, 0, 0, 0, 0]",
                &format!("other_other = [0, 0, 0, 0, 0, 0, 0]\n{EXTRA_ROW} = {extra}"),
            )
    }

    fn read(text: &str) -> (SourceFile, Option<Report>, Vec<Diagnostic>) {
        let file = SourceFile::new("test-2099.toml", text.to_string());
        let parsed = parse_report(&file);
        let mut diags = parsed.diagnostics;
        if let Some(r) = &parsed.report {
            diags.extend(check_report(&file, r, None));
        }
        (file, parsed.report, diags)
    }

    fn errors(diags: &[Diagnostic]) -> Vec<String> {
        diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}: {}", d.rule, d.message))
            .collect()
    }

    #[test]
    fn a_format_added_as_a_value_checks_renders_imports_and_edits() {
        let _on = enable();
        // new: the template has the extra row with its label.
        let template = crate::template::new_report("某某县市场监督管理局", FIRST_YEAR);
        assert!(template.contains(&format!("{EXTRA_ROW} = [0, 0, 0, 0, 0, 0, 0]")));
        assert!(template.contains(EXTRA_LABEL), "{template}");
        assert!(template.contains(FORMAT.circular));

        // check: the report with the extra row reads in the test format and passes;
        // without it, the row is missing; with a figure there, 表三 no longer balances.
        let (file, report, diags) = read(&report_file("[0, 0, 0, 0, 0, 0, 0]"));
        let report = report.expect("read");
        assert_eq!(report.format, FormatVersion::Test);
        assert!(errors(&diags).is_empty(), "{:?}", errors(&diags));
        let (_, _, missing) = read(
            &report_file("[0, 0, 0, 0, 0, 0, 0]")
                .replace(&format!("{EXTRA_ROW} = [0, 0, 0, 0, 0, 0, 0]\n"), ""),
        );
        assert!(
            missing
                .iter()
                .any(|d| d.is_error() && d.message.contains(EXTRA_ROW)
                    || d.hint.as_deref().unwrap_or("").contains(EXTRA_ROW)),
            "{:?}",
            errors(&missing)
        );
        let (_, _, unbalanced) = read(&report_file("[1, 0, 0, 0, 0, 0, 1]"));
        assert!(!errors(&unbalanced).is_empty());

        // build: HTML and DOCX carry the extra row.
        let doc = build_document(&report);
        let html = render(Output::Html, &doc, &RenderOptions::default()).expect("html");
        let shown = String::from_utf8_lossy(&html).replace("<wbr>", "");
        assert!(shown.contains(EXTRA_LABEL));
        let docx = render(Output::Docx, &doc, &RenderOptions::default()).expect("docx");
        assert!(!docx.is_empty());

        // edit: the page offers a cell of the extra row.
        let state = crate::edit::state::build(
            &file,
            std::path::Path::new("test.toml"),
            file.text.as_bytes(),
        );
        let cell = format!("table3.{EXTRA_ROW}.0");
        let cells = state.tables.iter().flat_map(|t| t.rows.iter().flatten());
        assert!(
            cells.filter_map(|c| c.loc.as_deref()).any(|l| l == cell),
            "no cell {cell}"
        );

        // import: a published HTML with a figure in the extra row reads back
        // with that figure (a row not found would be written as zeros).
        let (_, with_figure, _) = read(&report_file("[3, 0, 0, 0, 0, 0, 3]"));
        let doc = build_document(&with_figure.expect("read"));
        let published = render(Output::Html, &doc, &RenderOptions::default()).expect("html");
        let outcome =
            crate::import::import_bytes(std::path::Path::new("published-2099.html"), &published)
                .expect("import");
        assert!(
            outcome
                .toml
                .contains(&format!("{EXTRA_ROW} = [3, 0, 0, 0, 0, 0, 3]")),
            "{}",
            outcome.toml
        );
        assert!(outcome.toml.contains(FORMAT.circular));
    }
}
