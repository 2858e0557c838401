//! Reading and checking a report file: what `check`, `build`, `aggregate`, the
//! preview and `new --from` all start from.

mod glyphs;
mod named;

pub use glyphs::add_missing_glyphs;
pub use named::relative_path;

use std::path::Path;

use crate::check::check_report;
use crate::diag::{Diagnostic, Origin, SourceFile, display_path};
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
    /// For a published report: its import notes, as `nianbao import` prints them.
    pub import_notes: Vec<String>,
    /// Last year's report read from the file's `previous` key (when none was given).
    pub named_previous: Option<Report>,
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

/// Reads, parses and checks one file; `previous` is last year's report, or
/// when `None` the one the file's `previous` key names (read relative to it).
/// A published report (.txt, .html, .docx, .pdf, .ofd) is imported in memory first,
/// and its import notes come back as warnings beside the rules' findings.
pub fn load(path: &Path, previous: Option<&Report>) -> Result<Loaded, String> {
    load_alongside(path, previous, None::<fn(&Report, Option<&Report>)>).map(|(loaded, _)| loaded)
}

/// As [`load`], and runs `alongside` on the parsed report and last year's on
/// another thread while the rules are checked (`build` renders then, and keeps
/// the result only when the check lets it through). Its result is there
/// whenever the report parsed.
pub fn load_alongside<T: Send>(
    path: &Path,
    previous: Option<&Report>,
    alongside: Option<impl FnOnce(&Report, Option<&Report>) -> T + Send>,
) -> Result<(Loaded, Option<T>), String> {
    let last_year = match previous {
        Some(p) => LastYear::Given(p),
        None => LastYear::Named(path),
    };
    load_with(path, last_year, alongside)
}

/// Where last year's report comes from.
#[derive(Clone, Copy)]
enum LastYear<'a> {
    Given(&'a Report),
    /// The `previous` key of the report file at this path, if it has one.
    Named(&'a Path),
    /// Not compared (last year's report itself is read so, not following its own key).
    Not,
}

fn load_with<T: Send>(
    path: &Path,
    previous: LastYear,
    alongside: Option<impl FnOnce(&Report, Option<&Report>) -> T + Send>,
) -> Result<(Loaded, Option<T>), String> {
    if crate::import::is_published_report(path) {
        return load_published(path, previous, alongside);
    }
    let file = match read_source(path) {
        Ok(f) => f,
        Err(ReadError::Io(message)) => return Err(message),
        Err(ReadError::Encoding(boxed)) => {
            let (file, d) = *boxed;
            let loaded = Loaded {
                file,
                report: None,
                diagnostics: vec![d],
                unreadable: true,
                import_notes: Vec::new(),
                named_previous: None,
            };
            return Ok((loaded, None));
        }
    };
    let base = path.parent().unwrap_or(Path::new(""));
    Ok(check_file(file, base, previous, Vec::new(), alongside))
}

/// Parses and checks a report file's text already in memory (the editor's page
/// shows what the file at `path` holds), exactly as [`load`] checks the file it
/// reads: last year's report and the profile the file names are followed,
/// relative to `path`.
pub fn check_source(file: SourceFile, path: &Path) -> Loaded {
    check_file(
        file,
        path.parent().unwrap_or(Path::new("")),
        LastYear::Named(path),
        Vec::new(),
        None::<fn(&Report, Option<&Report>)>,
    )
    .0
}

/// Imports a published report and checks the report file it gives.
fn load_published<T: Send>(
    path: &Path,
    previous: LastYear,
    alongside: Option<impl FnOnce(&Report, Option<&Report>) -> T + Send>,
) -> Result<(Loaded, Option<T>), String> {
    let outcome =
        crate::import::import_file(path).map_err(|e| format!("{}：{e}", path.display()))?;
    let shown = display_path(path);
    let import_notes = outcome
        .imported
        .notes
        .iter()
        .map(|n| format!("导入说明：{n}"))
        .collect();
    let notes = outcome
        .imported
        .notes
        .iter()
        .zip(outcome.note_places)
        .map(|(n, place)| {
            let d = Diagnostic::warning("import", n.message.clone())
                .hint("导入说明：原报告在这里空白、写法特殊或无法对应到官方表格；用 nianbao import 生成报告文件可逐行核对");
            match place {
                Some(p) => d.at_published(p),
                None => d,
            }
        })
        .collect();
    let mut file = SourceFile::new(format!("{shown}（导入）"), outcome.toml);
    file.origin = Some(Box::new(Origin {
        file: shown,
        places: outcome.places,
    }));
    let base = path.parent().unwrap_or(Path::new(""));
    let (mut loaded, made) = check_file(file, base, previous, notes, alongside);
    loaded.import_notes = import_notes;
    // In the published file's order: by page and line, whole-report findings last.
    if let Some(origin) = loaded.file.origin.as_deref() {
        let key = |d: &Diagnostic| {
            let p = d
                .published
                .as_ref()
                .or_else(|| d.span.as_ref().and_then(|s| origin.place_of(s.start)));
            (
                d.severity,
                p.and_then(|p| p.line).is_none(),
                p.and_then(|p| p.page),
                p.and_then(|p| p.line),
            )
        };
        loaded.diagnostics.sort_by_key(key);
    }
    Ok((loaded, made))
}

fn check_file<T: Send>(
    file: SourceFile,
    base: &Path,
    previous: LastYear,
    notes: Vec<Diagnostic>,
    alongside: Option<impl FnOnce(&Report, Option<&Report>) -> T + Send>,
) -> (Loaded, Option<T>) {
    let parsed = parse_report(&file);
    let mut diagnostics = parsed.diagnostics;
    diagnostics.extend(notes);
    let unreadable = parsed.report.is_none()
        && diagnostics
            .iter()
            .any(|d| d.rule == "toml" || d.rule == EMPTY_RULE);
    let mut made = None;
    let mut named_previous = None;
    let previous_from = previous;
    if let Some(report) = &parsed.report {
        let previous = match previous {
            LastYear::Given(p) => Some(p),
            LastYear::Named(path) => {
                named_previous = named::read(path, report, &mut diagnostics);
                named_previous.as_ref()
            }
            LastYear::Not => None,
        };
        if !matches!(previous_from, LastYear::Not) {
            named::wanted_but_missing(report, previous, &mut diagnostics);
            named::profile(base, report, &mut diagnostics);
        }
        let found = match alongside {
            None => check_report(&file, report, previous),
            Some(work) => std::thread::scope(|scope| {
                let worker = scope.spawn(|| work(report, previous));
                let found = check_report(&file, report, previous);
                // A panic on the worker is the file's failure, as one here would be.
                made = Some(
                    worker
                        .join()
                        .unwrap_or_else(|p| std::panic::resume_unwind(p)),
                );
                found
            }),
        };
        diagnostics.extend(found);
    }
    diagnostics.sort_by_key(|d| (d.severity, d.span.as_ref().map_or(usize::MAX, |s| s.start)));
    let loaded = Loaded {
        file,
        report: parsed.report,
        diagnostics,
        unreadable,
        import_notes: Vec::new(),
        named_previous,
    };
    (loaded, made)
}

/// Reads last year's report for `--previous` / `--from`; it must parse without errors.
pub fn load_previous(path: &Path) -> Result<Report, String> {
    load_previous_noted(path).map(|(report, _)| report)
}

/// As [`load_previous`], with the import notes when last year's report is a
/// published one (.txt, .html, .docx, .pdf), to be shown before using it.
pub fn load_previous_noted(path: &Path) -> Result<(Report, Vec<String>), String> {
    let (loaded, _) = load_with(path, LastYear::Not, None::<fn(&Report, Option<&Report>)>)?;
    let parse_errors: Vec<&Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && !d.rule.starts_with('R'))
        .collect();
    match loaded.report {
        Some(r) if parse_errors.is_empty() => Ok((r, loaded.import_notes)),
        _ => {
            let mut msg = format!("上年报告 {} 无法读取：\n", path.display());
            for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
                msg.push_str(&d.render(&loaded.file));
            }
            Err(msg)
        }
    }
}
