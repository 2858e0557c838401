//! What every target shares: the CLI's own steps from bytes to a checked report.

use nianbao::check::check_report;
use nianbao::diag::SourceFile;
use nianbao::report::{Report, parse_report};

/// Reads `data` as a report file and checks it, as `nianbao check` does; also
/// renders every finding (line/column arithmetic, escaping). Returns the report
/// when it could be read.
pub fn parse_and_check(data: &[u8]) -> Option<Report> {
    let text = std::str::from_utf8(data).ok()?;
    let file = SourceFile::new("fuzz.toml", text.to_string());
    let parsed = parse_report(&file);
    let mut diagnostics = parsed.diagnostics;
    if let Some(report) = &parsed.report {
        diagnostics.extend(check_report(&file, report, None));
        // A report checked against itself as last year's exercises R5/R6.
        diagnostics.extend(check_report(&file, report, Some(report)));
    }
    for d in &diagnostics {
        let shown = d.render(&file);
        assert!(
            !shown
                .chars()
                .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{202e}'),
            "a diagnostic prints a raw terminal control: {shown:?}"
        );
        let _json = d.to_json(&file);
    }
    parsed.report
}
