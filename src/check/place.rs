//! Narrative texts with the way back from a position in the text to the file.

use crate::diag::Span;
use crate::format::SectionId;
use crate::report::{Report, Text, locate};

/// One narrative text, the section it belongs to, and where its characters stand in the file.
pub(super) struct Placed<'a> {
    pub section: &'static str,
    pub text: &'a Text,
    /// File offset of the text's first byte, when the text stands verbatim in the file
    /// (no escapes).
    base: Option<usize>,
    /// Otherwise, the file offset of every byte of the text (and of its end), from
    /// the TOML escapes of the string; failing that, findings search for the words.
    offsets: Option<Vec<usize>>,
}

impl Placed<'_> {
    pub fn raw(&self) -> &str {
        &self.text.raw
    }

    /// The file span of a byte range of the text.
    pub fn span(&self, source: &str, range: std::ops::Range<usize>) -> Span {
        match (self.base, &self.offsets) {
            (Some(b), _) => b + range.start..b + range.end,
            (None, Some(at)) => at[range.start]..at[range.end],
            (None, None) => locate(source, &self.text.span, &self.text.raw[range]),
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
            let offsets = match base {
                Some(_) => None,
                None => source
                    .get(text.span.clone())
                    .and_then(|written| escaped_offsets(written, &text.raw))
                    .map(|at| at.into_iter().map(|i| text.span.start + i).collect()),
            };
            Placed {
                section,
                text,
                base,
                offsets,
            }
        })
        .collect()
}

/// For a TOML basic string as written (`"…"` or `"""…"""`, quotes included)
/// whose value (perhaps trimmed) is `raw`: the offset in `written` of each byte
/// of `raw`, and of its end. `None` when `written` is no such string or does not
/// decode to a text holding `raw`.
fn escaped_offsets(written: &str, raw: &str) -> Option<Vec<usize>> {
    let (open, close) = if written.starts_with("\"\"\"") {
        (3, 3)
    } else if written.starts_with('"') {
        (1, 1)
    } else {
        return None;
    };
    let body_end = written.len().checked_sub(close)?;
    let mut i = open;
    // A newline right after 「"""」 is not part of the value.
    if open == 3 {
        if written[i..].starts_with("\r\n") {
            i += 2;
        } else if written[i..].starts_with('\n') {
            i += 1;
        }
    }
    let mut decoded = String::with_capacity(raw.len());
    let mut at = Vec::with_capacity(raw.len() + 1);
    let body = written.get(..body_end)?;
    while i < body_end {
        let rest = &body[i..];
        let c = rest.chars().next()?;
        let (value, used) = if c != '\\' {
            (Some(c), c.len_utf8())
        } else {
            let e = rest[1..].chars().next()?;
            match e {
                'n' => (Some('\n'), 2),
                't' => (Some('\t'), 2),
                'r' => (Some('\r'), 2),
                'b' => (Some('\u{8}'), 2),
                'f' => (Some('\u{c}'), 2),
                '"' => (Some('"'), 2),
                '\\' => (Some('\\'), 2),
                'u' | 'U' => {
                    let n = if e == 'u' { 4 } else { 8 };
                    let hex = rest.get(2..2 + n)?;
                    (char::from_u32(u32::from_str_radix(hex, 16).ok()?), 2 + n)
                }
                // A line-ending backslash: the white space up to the next text goes.
                _ if open == 3 && e.is_whitespace() => {
                    let kept = rest[1..].trim_start_matches(char::is_whitespace);
                    (None, rest.len() - kept.len())
                }
                _ => return None,
            }
        };
        if let Some(v) = value {
            decoded.push(v);
            at.extend(std::iter::repeat_n(i, v.len_utf8()));
        }
        i += used;
    }
    at.push(body_end);
    // The value as read may be trimmed of surrounding white space.
    let start = decoded.find(raw)?;
    Some(at[start..=start + raw.len()].to_vec())
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

#[cfg(test)]
mod tests {
    use super::escaped_offsets;

    #[test]
    fn escaped_strings_map_each_byte_to_its_place() {
        let written = "\"\"\"\n（一）甲。\\n（一）乙\\u4e19。\\\n   丁\"\"\"";
        let raw = "（一）甲。\n（一）乙丙。丁";
        let at = escaped_offsets(written, raw).unwrap();
        assert_eq!(at.len(), raw.len() + 1);
        let second = raw.rfind("（一）").unwrap();
        assert_eq!(&written[at[second]..at[second + "（一）".len()]], "（一）");
        let bing = raw.find('丙').unwrap();
        assert_eq!(&written[at[bing]..at[bing + '丙'.len_utf8()]], "\\u4e19");
        let ding = raw.find('丁').unwrap();
        assert_eq!(&written[at[ding]..at[raw.len()]], "丁");
        assert_eq!(escaped_offsets("\"a\\nb\"", "a\nb").unwrap(), [1, 2, 4, 5]);
        assert!(escaped_offsets("\"a\\nb\"", "anb").is_none());
        assert_eq!(escaped_offsets("\" a\\n \"", "a").unwrap(), [2, 3]);
        assert!(escaped_offsets("'literal'", "literal").is_none());
    }
}
