//! Narrative texts with the way back from a position in the text to the file.

use crate::diag::Span;
use crate::format::SectionId;
use crate::report::{Report, Text, locate};

/// One narrative text, the section it belongs to, and where its characters stand in the file.
pub(super) struct Placed<'a> {
    pub section: &'static str,
    pub text: &'a Text,
    /// File offset of the text's first byte, when the text stands verbatim in the file
    /// (no escapes); otherwise findings fall back to searching for the words.
    base: Option<usize>,
}

impl Placed<'_> {
    pub fn raw(&self) -> &str {
        &self.text.raw
    }

    /// The file span of a byte range of the text.
    pub fn span(&self, source: &str, range: std::ops::Range<usize>) -> Span {
        match self.base {
            Some(b) => b + range.start..b + range.end,
            None => locate(source, &self.text.span, &self.text.raw[range]),
        }
    }

    pub fn is_problems_section(&self) -> bool {
        self.section == SECTION_PROBLEMS.get_or_init(|| SectionId::Problems.heading())
    }
}

static SECTION_PROBLEMS: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Every narrative text of a report, in reading order.
pub(super) fn placed_texts<'a>(report: &'a Report, source: &str) -> Vec<Placed<'a>> {
    report
        .narrative_texts()
        .into_iter()
        .map(|(section, text)| {
            let base = if text.raw.is_empty() {
                None
            } else {
                source
                    .get(text.span.clone())
                    .and_then(|s| s.find(text.raw.as_str()))
                    .map(|i| text.span.start + i)
            };
            Placed {
                section,
                text,
                base,
            }
        })
        .collect()
}

/// Byte ranges of the sentences of a text: split at 。！？；, their ASCII forms and line breaks.
pub(super) fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n') {
            if i > start {
                out.push(start..i);
            }
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// Shortens a quotation for a message: at most `max` characters, with 「…」 when cut.
pub(super) fn excerpt(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}
