//! Every rule of docs/format.md, Rules, that a report file (and last year's) can decide.
//!
//! R1–R4 and missing parts are errors; R5–R12, the narrative rules, text
//! defects and an unfinished report's gaps are warnings. Every narrative rule is one linear pass over the text.

mod appendix;
mod bodies;
mod claims;
mod copied;
mod figures;
mod import_notes;
mod last_year_fixes;
mod narrative;
mod place;
mod previous;
mod profile;
mod tables;
mod text_defects;
mod unfinished;
mod years;

pub use copied::{CopiedPassage, CopiedShare};
pub use import_notes::summarise as summarise_import_notes;
pub use previous::{Compared, YearOnYear, year_on_year};
pub use profile::{
    Profile, RULE as PROFILE_RULE, built_in_names as built_in_profiles, find as find_profile,
};

use std::sync::OnceLock;

use regex::Regex;

use crate::diag::{Diagnostic, SourceFile};
use crate::report::Report;

/// Runs every rule on a report read from `file`; `previous` is last year's report,
/// for R5, R6, R12, R13 and R14.
pub fn check_report(
    file: &SourceFile,
    report: &Report,
    previous: Option<&Report>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let previous = previous.filter(|p| previous_is_last_year(report, p, &mut out));
    tables::check(report, previous, &mut out);
    unfinished::check(file, report, &mut out);
    narrative::check(report, &file.text, &mut out);
    bodies::check(report, &mut out);
    let texts = place::placed_texts(report, &file.text);
    figures::check(report, &file.text, &texts, &mut out);
    claims::check(report, &file.text, &texts, &mut out);
    years::check(report.meta.year.value, &file.text, &texts, &mut out);
    text_defects::check(report, &file.text, &texts, &mut out);
    if let Some(prev) = previous {
        copied::check(prev, &file.text, &texts, &mut out);
        previous::check(report, prev, &file.text, &texts, &mut out);
    }
    out
}

/// `--previous` must be the report of the year before; otherwise an error, and
/// the rules that compare the two years are not run.
fn previous_is_last_year(report: &Report, previous: &Report, out: &mut Vec<Diagnostic>) -> bool {
    let (year, prev) = (report.meta.year.value, previous.meta.year.value);
    if prev == year - 1 {
        return true;
    }
    let why = if prev == year {
        format!("两份报告都是 {year} 年度的")
    } else if prev > year {
        format!("上年报告是 {prev} 年度的，比本报告（{year} 年度）还晚，两个文件的顺序可能弄反了")
    } else {
        format!("上年报告是 {prev} 年度的，不是 {} 年度", year - 1)
    };
    out.push(
        Diagnostic::error(
            "previous",
            format!("--previous 应是上一年度（{} 年）的报告：{why}", year - 1),
        )
        .at(report.meta.year.span.clone())
        .hint(format!(
            "用法：nianbao check 本年.toml --previous 上年.toml，或在 [report] 中写 {} = \"上年报告文件\"；不核对上年时去掉 --previous 或这一行",
            crate::report::schema::PREVIOUS.name
        )),
    );
    false
}

/// Thousands are not grouped in the tables; messages show plain figures.
fn cell_label(table: &str, row: &str, column: &str) -> String {
    if column.is_empty() {
        format!("{table}「{row}」")
    } else {
        format!("{table}「{row}」「{column}」")
    }
}

/// One of the checker's own patterns, compiled on first use.
#[allow(
    clippy::expect_used,
    reason = "the checker's own patterns: constants, or built from the format's units, each compiled by every check of the test reports; a bad one fails the tests, never a clerk's check"
)]
fn pattern<S: AsRef<str>>(
    cell: &'static OnceLock<Regex>,
    source: impl FnOnce() -> S,
) -> &'static Regex {
    cell.get_or_init(|| Regex::new(source().as_ref()).expect("the checker's own pattern"))
}
