//! Reading and checking a report file, shared by `check`, `build` and `new --from`.

use std::path::Path;

use crate::check::check_report;
use crate::diag::{Diagnostic, SourceFile};
use crate::io::{ReadError, read_source};
use crate::report::parse::EMPTY_RULE;
use crate::report::{Report, parse_report};

/// A report file read and checked.
pub struct Loaded {
    pub file: SourceFile,
    pub report: Option<Report>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file could not be read or parsed at all (exit code 2).
    pub unreadable: bool,
}

impl Loaded {
    /// How many errors and how many warnings were found.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        (errors, self.diagnostics.len() - errors)
    }

    pub fn has_errors(&self, strict: bool) -> bool {
        self.unreadable || self.diagnostics.iter().any(|d| d.is_error() || strict)
    }
}

/// Reads, parses and checks one file; `previous` is last year's report.
pub fn load(path: &Path, previous: Option<&Report>) -> Result<Loaded, String> {
    let file = match read_source(path) {
        Ok(f) => f,
        Err(ReadError::Io(message)) => return Err(message),
        Err(ReadError::Encoding(boxed)) => {
            let (file, d) = *boxed;
            return Ok(Loaded {
                file,
                report: None,
                diagnostics: vec![d],
                unreadable: true,
            });
        }
    };
    let parsed = parse_report(&file);
    let mut diagnostics = parsed.diagnostics;
    let unreadable = parsed.report.is_none()
        && diagnostics
            .iter()
            .any(|d| d.rule == "toml" || d.rule == EMPTY_RULE);
    if let Some(report) = &parsed.report {
        diagnostics.extend(check_report(&file, report, previous));
    }
    diagnostics.sort_by_key(|d| (d.severity, d.span.as_ref().map_or(usize::MAX, |s| s.start)));
    Ok(Loaded {
        file,
        report: parsed.report,
        diagnostics,
        unreadable,
    })
}

/// Reads last year's report for `--previous` / `--from`; it must parse without errors.
pub fn load_previous(path: &Path) -> Result<Report, String> {
    let loaded = load(path, None)?;
    let parse_errors: Vec<&Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && !d.rule.starts_with('R'))
        .collect();
    match loaded.report {
        Some(r) if parse_errors.is_empty() => Ok(r),
        _ => {
            let mut msg = format!("上年报告 {} 无法读取：\n", path.display());
            for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
                msg.push_str(&d.render(&loaded.file));
            }
            Err(msg)
        }
    }
}
