//! Import notes: what a published report left blank, printed oddly, or what
//! import could not place. They never stop an import; each names its place.

use std::fmt;

use super::source::Place;

/// A place in the published file, down to a table cell when there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct At {
    pub place: Place,
    /// 1-based row and column inside a table block (HTML, DOCX, PDF grids).
    pub cell: Option<(usize, usize)>,
}

impl At {
    pub fn line(place: Place) -> Self {
        Self { place, cell: None }
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(p) = self.place.page {
            parts.push(format!("第 {p} 页"));
        }
        if let Some(l) = self.place.line {
            let unit = if self.place.paragraph { "段" } else { "行" };
            parts.push(format!("第 {l} {unit}"));
        }
        if let Some((r, c)) = self.cell {
            parts.push(format!("表格第 {r} 行第 {c} 列"));
        }
        if parts.is_empty() {
            write!(f, "原文")
        } else {
            write!(f, "原文{}", parts.join(""))
        }
    }
}

/// One import note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Where in the published file; `None` when it concerns the whole report.
    pub at: Option<At>,
    /// What was found, in Chinese, naming cells by their official labels.
    pub message: String,
}

impl Note {
    /// A note saying `message`. What it quotes of the published file (a cell,
    /// a file name inside a package) may hold control characters: they are
    /// written as `\u{1b}`, so no note prints a raw one wherever it is shown.
    pub fn new(at: Option<At>, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            at,
            message: crate::diag::escape_controls(&message, false).into_owned(),
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{at}：{}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}
