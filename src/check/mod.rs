//! Every rule of FORMAT.md §7 that a report file (and last year's) can decide.
//!
//! R1–R4 and missing parts are errors; R5–R11 and the content rules are warnings.

mod narrative;
mod tables;

pub use narrative::DRAFT_MARK;

use crate::diag::{Diagnostic, SourceFile};
use crate::report::Report;

/// Runs every rule on a report read from `file`; `previous` is last year's report, for R5 and R6.
pub fn check_report(
    file: &SourceFile,
    report: &Report,
    previous: Option<&Report>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    tables::check(report, previous, &mut out);
    narrative::check(report, &file.text, &mut out);
    out
}

/// Thousands are not grouped in the tables; messages show plain figures.
fn cell_label(table: &str, row: &str, column: &str) -> String {
    if column.is_empty() {
        format!("{table}「{row}」")
    } else {
        format!("{table}「{row}」「{column}」")
    }
}
