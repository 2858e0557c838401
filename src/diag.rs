//! Findings about a report file: rule, severity, Chinese message, place in the file.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Byte range in a source file.
pub type Span = Range<usize>;

/// A report file as read from disk, with what is needed to point into it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    /// For a report file imported in memory from a published report: where
    /// its parts came from. Findings are then shown at the published file.
    pub origin: Option<Box<Origin>>,
}

/// A place in a published report, as a reader can find it there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Published {
    /// What follows the file name in `-->`: `:123`, ` 第3页第12行`, ` 第12段`.
    pub location: String,
    /// 1-based page (PDF).
    pub page: Option<usize>,
    /// 1-based line of the file (of the page for PDF, paragraph for DOCX).
    pub line: Option<usize>,
    /// The published line's text (shortened when long).
    pub text: Option<String>,
    /// The official label of the table row and column, or the section.
    pub label: Option<String>,
}

/// Where the parts of an in-memory report file came from.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    /// The published file as shown to the user.
    pub file: String,
    /// Spans of the report file and the published places they came from.
    pub places: Vec<(Span, Published)>,
}

impl Origin {
    /// The narrowest recorded place containing a byte offset of the report file.
    pub fn place_of(&self, offset: usize) -> Option<&Published> {
        self.places
            .iter()
            .filter(|(s, _)| s.start <= offset && offset < s.end.max(s.start + 1))
            .min_by_key(|(s, _)| s.end - s.start)
            .map(|(_, p)| p)
    }
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            path: path.into(),
            text,
            line_starts,
            origin: None,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// One finding.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Rule id: R1–R11 from the format, or a parse/content rule such as `unknown-key`.
    pub rule: &'static str,
    pub severity: Severity,
    /// What is wrong, in Chinese, naming cells by their official labels.
    pub message: String,
    /// Where in the report file, when it can be placed.
    pub span: Option<Span>,
    /// What to do about it.
    pub hint: Option<String>,
    /// A place in a published report, for findings made while importing it.
    pub published: Option<Published>,
}

impl Diagnostic {
    pub fn error(rule: &'static str, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: Severity::Error,
            message: message.into(),
            span: None,
            hint: None,
            published: None,
        }
    }

    pub fn warning(rule: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(rule, message)
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn at_opt(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Places the finding in a published report.
    pub fn at_published(mut self, place: Published) -> Self {
        self.published = Some(place);
        self
    }

    /// Where the finding stands in the published report its file was imported from.
    fn published_place<'a>(&'a self, origin: &'a Origin) -> Option<&'a Published> {
        self.published.as_ref().or_else(|| {
            self.span
                .as_ref()
                .and_then(|span| origin.place_of(span.start))
        })
    }

    /// Human-readable form: header, location, the source line with a caret, hint.
    /// Control and bidirectional-override characters are shown escaped (`\u{1b}`),
    /// so a report file can never drive the terminal.
    pub fn render(&self, file: &SourceFile) -> String {
        let mut out = format!(
            "{}[{}]: {}\n",
            self.severity.label(),
            self.rule,
            escape_controls(&self.message, true)
        );
        if let Some(origin) = &file.origin {
            self.render_published(&mut out, origin);
            if let Some(hint) = &self.hint {
                let _ = writeln!(out, "  = 提示：{}", escape_controls(hint, true));
            }
            return out;
        }
        match &self.span {
            Some(span) => {
                let (line, col) = file.line_col(span.start);
                let text = file.line_text(line);
                let gutter = line.to_string().len();
                let pad = " ".repeat(gutter);
                let path = escape_controls(&display_path(&file.path), false).into_owned();
                let (prefix, after) = window(text, col);
                let spaces = " ".repeat(unicode_width::UnicodeWidthStr::width(&*escape_controls(
                    &prefix, false,
                )));
                let shown = file
                    .text
                    .get(span.clone())
                    .and_then(|s| s.lines().next())
                    .unwrap_or("");
                let width = unicode_width::UnicodeWidthStr::width(&*escape_controls(shown, false))
                    .clamp(1, 60);
                out.push_str(&format!("{pad}--> {path}:{line}:{col}\n{pad} |\n"));
                out.push_str(&format!(
                    "{line} | {}{}\n",
                    escape_controls(&prefix, false),
                    escape_controls(&after, false)
                ));
                out.push_str(&format!("{pad} | {spaces}{}\n", "^".repeat(width)));
            }
            None => {
                let path = escape_controls(&display_path(&file.path), false).into_owned();
                out.push_str(&format!(" --> {path}\n"));
            }
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("  = 提示：{}\n", escape_controls(hint, true)));
        }
        out
    }

    /// The location lines for a finding in a published report: its place there,
    /// the published line, and the official label of the row or section.
    fn render_published(&self, out: &mut String, origin: &Origin) {
        let place = self.published_place(origin);
        let gutter_text = place
            .and_then(|p| p.line)
            .map(|l| l.to_string())
            .unwrap_or_default();
        let pad = " ".repeat(gutter_text.chars().count().max(1));
        let location = place.map_or("", |p| p.location.as_str());
        let _ = writeln!(
            out,
            "{pad}--> {}{location}",
            escape_controls(&origin.file, false)
        );
        let Some(place) = place else { return };
        if let Some(text) = &place.text {
            let gutter = format!("{gutter_text:>width$}", width = pad.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {}", escape_controls(text, false));
        }
        if let Some(label) = place
            .label
            .as_ref()
            .filter(|l| place.text.as_ref() != Some(*l))
        {
            let _ = writeln!(out, "{pad} = 位置：{}", escape_controls(label, false));
        }
    }

    /// Machine-readable form for `--format json`.
    pub fn to_json(&self, file: &SourceFile) -> JsonDiagnostic {
        if let Some(origin) = &file.origin {
            let place = self.published_place(origin);
            return JsonDiagnostic {
                file: origin.file.clone(),
                page: place.and_then(|p| p.page),
                line: place.and_then(|p| p.line),
                column: None,
                place: place.and_then(|p| p.label.clone()),
                rule: self.rule,
                severity: self.severity,
                message: self.message.clone(),
                hint: self.hint.clone(),
                source_line: place.and_then(|p| p.text.clone()),
            };
        }
        let place = self.span.as_ref().map(|s| file.line_col(s.start));
        JsonDiagnostic {
            page: None,
            place: None,
            file: display_path(&file.path),
            line: place.map(|p| p.0),
            column: place.map(|p| p.1),
            rule: self.rule,
            severity: self.severity,
            message: self.message.clone(),
            hint: self.hint.clone(),
            source_line: place.map(|p| file.line_text(p.0).to_string()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub file: String,
    /// Page of a published PDF; only for published reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Official label of the table row and column (published reports).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
    pub source_line: Option<String>,
}

/// A source line longer than this many characters is shown cut short: this many
/// before the place pointed at, and this many from it.
const SHOWN_LINE: usize = 160;
const SHOWN_BEFORE: usize = 60;
const SHOWN_AFTER: usize = 100;

/// The part of a source line shown around 1-based column `col`: the text before
/// the place and from it, each cut short with 「…」 on a very long line.
fn window(text: &str, col: usize) -> (String, String) {
    let at = text
        .char_indices()
        .nth(col - 1)
        .map_or(text.len(), |(i, _)| i);
    let (before, after) = text.split_at(at);
    if text.len() <= SHOWN_LINE || text.chars().count() <= SHOWN_LINE {
        return (before.to_string(), after.to_string());
    }
    let skip = before.chars().count().saturating_sub(SHOWN_BEFORE);
    let mut prefix = if skip > 0 {
        "…".to_string()
    } else {
        String::new()
    };
    prefix.extend(before.chars().skip(skip));
    let mut rest: String = after.chars().take(SHOWN_AFTER).collect();
    if rest.len() < after.len() {
        rest.push('…');
    }
    (prefix, rest)
}

/// True for characters that must not reach a terminal raw: C0 and C1 controls,
/// DEL, and the bidirectional marks and overrides that reorder what is shown.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character unsafe for a terminal written as `\u{1b}`; tab
/// is kept, and line breaks too when `keep_newlines` (messages and hints have them).
pub fn escape_controls(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let keep = |c: char| c == '\t' || (keep_newlines && c == '\n');
    if !text.chars().any(|c| is_unsafe_for_terminal(c) && !keep(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_for_terminal(c) && !keep(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A path as shown to the user (forward slashes kept, no canonicalisation).
pub fn display_path(path: &Path) -> String {
    path.display().to_string()
}

/// A path as written into an output file (the 汇总's sheet and review page):
/// `/` between folders on every platform, so that Windows writes the same bytes.
pub fn portable_path(path: &Path) -> String {
    let shown = display_path(path);
    if cfg!(windows) {
        shown.replace('\\', "/")
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let f = SourceFile::new("a.toml", "a = 1\n机关 = \"x\"\n".to_string());
        assert_eq!(f.line_col(0), (1, 1));
        let offset = f.text.find('=').unwrap();
        assert_eq!(f.line_col(offset), (1, 3));
        let second = f.text.rfind('=').unwrap();
        assert_eq!(f.line_col(second), (2, 4));
        assert_eq!(f.line_text(2), "机关 = \"x\"");
    }

    #[test]
    fn long_lines_are_shown_around_the_place() {
        let text = format!("title = \"{}\"", "长".repeat(10_000));
        let f = SourceFile::new("a.toml", text);
        let at = f.text.find('"').unwrap();
        let shown = Diagnostic::error("limit", "太长").at(at..at + 1).render(&f);
        assert!(shown.len() < 1000, "{shown}");
        assert!(shown.contains("1 | title = \"长长"), "{shown}");
        assert!(shown.contains("长…\n"), "{shown}");
    }

    #[test]
    fn terminal_controls_are_escaped() {
        assert_eq!(
            escape_controls("a\u{1b}[2Jb\u{7}\u{202e}", false),
            "a\\u{1b}[2Jb\\u{7}\\u{202e}"
        );
        assert_eq!(escape_controls("行\n\t", true), "行\n\t");
        assert_eq!(escape_controls("行\n", false), "行\\u{a}");
    }
}
