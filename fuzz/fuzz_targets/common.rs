//! What every target shares: the CLI's own steps from bytes to a checked report.
// Each target uses a part of this module.
#![allow(dead_code)]

use nianbao::check::check_report;
use nianbao::diag::{Diagnostic, SourceFile};
use nianbao::report::parse::EMPTY_RULE;
use nianbao::report::{Report, parse_report};

/// Reads `data` as a report file and checks it, as `nianbao check` does; also
/// renders every finding (line/column arithmetic, escaping). Returns the report
/// when it could be read.
pub fn parse_and_check(data: &[u8]) -> Option<Report> {
    let text = std::str::from_utf8(data).ok()?;
    let file = SourceFile::new("fuzz.toml", text.to_string());
    check_file(&file, Vec::new(), true).report
}

/// A report file read and checked.
pub struct Checked {
    pub report: Option<Report>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// The file could not be read as a report file at all (`nianbao check` exits 2).
    pub fn unreadable(&self) -> bool {
        self.report.is_none()
            && self
                .diagnostics
                .iter()
                .any(|d| d.rule == "toml" || d.rule == EMPTY_RULE)
    }
}

/// Parses and checks `file`, as `nianbao check` does, and when `against_itself`
/// once more with the report as its own previous year (R5/R6); `notes` are
/// findings made before (import notes). Every finding is rendered, as text and as JSON.
pub fn check_file(file: &SourceFile, notes: Vec<Diagnostic>, against_itself: bool) -> Checked {
    let parsed = parse_report(file);
    let mut diagnostics = parsed.diagnostics;
    diagnostics.extend(notes);
    if let Some(report) = &parsed.report {
        diagnostics.extend(check_report(file, report, None));
        if against_itself {
            diagnostics.extend(check_report(file, report, Some(report)));
        }
    }
    for d in &diagnostics {
        assert_printable(&d.render(file), "a diagnostic");
        let _json = d.to_json(file);
    }
    Checked {
        report: parsed.report,
        diagnostics,
    }
}

/// Text printed to a terminal carries no raw ESC, BEL or U+202E (issue 13, item 7).
pub fn assert_printable(shown: &str, what: &str) {
    assert!(
        !shown
            .chars()
            .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{202e}'),
        "{what} prints a raw terminal control: {shown:?}"
    );
}
