//! Where each part of an imported report file came from in the published report.
//!
//! `check` and `build` on a published report work on a report file written in
//! memory; their findings must point at the published file, not at lines of that
//! file. [`map`] walks the written report file and records, for each table row
//! (each value in it) and each narrative line, the published place it came from,
//! with the official label of the row and column.

use std::ops::Range;

use super::fill::short_name;
use super::notes::At;
use super::recognise::Imported;
use super::source::{Block, Place, SourceCell, SourceDoc, SourceKind};
use crate::diag::Published;
use crate::format::{SectionId, TableId};

/// The longest published text shown under a finding, in characters.
const SHOWN_CHARS: usize = 80;
/// How many paragraphs before and after the last one found a narrative line is
/// looked for in: more than any report has, and it keeps the mapping linear in
/// a page that repeats a report hundreds of times.
const SEARCH_WINDOW: usize = 4096;

/// The published paragraphs and tables, for finding places and their text.
pub struct Sources<'a> {
    kind: SourceKind,
    paras: Vec<(&'a str, Place)>,
    /// Each paragraph's text without white space, as narrative lines are matched.
    compact: Vec<String>,
    tables: Vec<(&'a [Vec<SourceCell>], Place)>,
}

impl<'a> Sources<'a> {
    pub fn new(doc: &'a SourceDoc) -> Self {
        let mut paras = Vec::new();
        let mut tables = Vec::new();
        for b in &doc.blocks {
            match b {
                Block::Para { text, at } => paras.push((text.as_str(), *at)),
                Block::Table { rows, at } => tables.push((rows.as_slice(), *at)),
            }
        }
        Self {
            kind: doc.kind,
            compact: paras.iter().map(|(t, _)| compact(t)).collect(),
            paras,
            tables,
        }
    }

    /// A place as shown after the file name, with the published text there.
    pub fn published(&self, at: At, label: Option<String>) -> Published {
        let mut location = match (self.kind, at.place.page, at.place.line) {
            (SourceKind::Pdf | SourceKind::Ofd, Some(p), Some(l)) => format!(" 第{p}页第{l}行"),
            (_, Some(p), None) => format!(" 第{p}页"),
            (SourceKind::Docx, _, Some(l)) => format!(" 第{l}段"),
            (_, _, Some(l)) => format!(":{l}"),
            _ => String::new(),
        };
        let text = match at.cell {
            Some((r, c)) => {
                location.push_str(&format!(" 表格第{r}行第{c}列"));
                self.tables
                    .iter()
                    .find(|(_, p)| *p == at.place)
                    .and_then(|(rows, _)| rows.get(r.wrapping_sub(1)))
                    .map(|row| {
                        row.iter()
                            .map(|c| c.text.replace('\n', ""))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    })
            }
            None => self
                .paras
                .iter()
                .find(|(_, p)| *p == at.place && at.place != Place::default())
                .map(|(t, _)| t.to_string()),
        };
        Published {
            location,
            page: at.place.page,
            line: at.place.line,
            text: text.map(|t| shorten(&t)),
            label,
        }
    }

    /// The first paragraph from `from` on whose text contains `needle`
    /// (white space ignored), or else the first before `from` that does, within
    /// [`SEARCH_WINDOW`] paragraphs either way.
    fn find(&self, needle: &str, from: usize) -> Option<usize> {
        let needle = compact(needle);
        if needle.is_empty() {
            return None;
        }
        let n = self.compact.len();
        let from = from.min(n);
        let hit = |i: &usize| self.compact[*i].contains(&needle);
        (from..n.min(from + SEARCH_WINDOW))
            .find(hit)
            .or_else(|| (from.saturating_sub(SEARCH_WINDOW)..from).find(hit))
    }
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn shorten(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= SHOWN_CHARS {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(SHOWN_CHARS).collect::<String>())
    }
}

/// The first characters of a narrative line that identify its paragraph.
fn key_of(line: &str) -> String {
    let line = line.trim().trim_start_matches("- ");
    let line = line.trim_start_matches("**");
    compact(line).chars().take(16).collect()
}

/// The value of a `key = "…"` line, unquoted (escapes left as written).
fn quoted_value(line: &str) -> Option<&str> {
    let v = line.split_once('=')?.1.trim();
    let v = v.strip_prefix('"')?;
    Some(&v[..v.find('"')?])
}

/// The byte ranges of the values of an inline array `[a, b, c]` within a line.
fn array_items(line: &str) -> Vec<Range<usize>> {
    let Some(open) = line.find('[') else {
        return Vec::new();
    };
    let Some(close) = line[open..].find(']').map(|c| open + c) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = open + 1;
    for (i, ch) in line[open + 1..close].char_indices() {
        if ch == ',' {
            out.push(trimmed(line, start, open + 1 + i));
            start = open + 1 + i + 1;
        }
    }
    out.push(trimmed(line, start, close));
    out
}

fn trimmed(line: &str, start: usize, end: usize) -> Range<usize> {
    let seg = &line[start..end];
    let lead = seg.len() - seg.trim_start().len();
    let trail = seg.len() - seg.trim_end().len();
    start + lead..(end - trail).max(start + lead)
}

/// What the walk over the report file is in.
#[derive(Clone, Copy, PartialEq)]
enum In {
    Report,
    Section(SectionId),
    Table(TableId),
    Intro,
    Contact,
    Closing,
    Other,
}

/// Spans of the report file `toml` (written for `imp`) and their published places.
pub fn map(imp: &Imported, src: &Sources, toml: &str) -> Vec<(Range<usize>, Published)> {
    let mut out = Vec::new();
    let mut at_in = In::Other;
    let mut in_text = false;
    let mut cursor = 0;
    let section_place = |id: SectionId| {
        imp.section_at
            .iter()
            .find(|(s, _)| *s == id)
            .map(|(_, p)| At::line(*p))
    };
    let mut offset = 0;
    for line in toml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        let span = start..start + line.len();
        if in_text {
            if line == "\"\"\"" {
                in_text = false;
            } else if let Some(i) = src.find(&key_of(line), cursor) {
                cursor = i;
                let at = At::line(src.paras[i].1);
                out.push((span, src.published(at, None)));
            }
            continue;
        }
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            let key = header
                .trim_start_matches('[')
                .split([']', '.'])
                .next()
                .unwrap_or("");
            at_in = match key {
                "report" => In::Report,
                "intro" => In::Intro,
                "contact" => In::Contact,
                "closing" => In::Closing,
                _ => {
                    if let Some(id) = TableId::ALL.into_iter().find(|t| t.key() == key) {
                        In::Table(id)
                    } else if let Some(id) =
                        [SectionId::Overview, SectionId::Problems, SectionId::Other]
                            .into_iter()
                            .find(|s| s.narrative_key() == Some(key))
                    {
                        In::Section(id)
                    } else {
                        In::Other
                    }
                }
            };
            let id = match at_in {
                In::Section(id) => Some(id),
                In::Table(t) => Some(t.section()),
                _ => None,
            };
            if let Some(id) = id
                && !header.starts_with('[')
                && let Some(at) = section_place(id)
            {
                if let Some(i) = src.paras.iter().position(|(_, p)| *p == at.place) {
                    cursor = i;
                }
                out.push((span, src.published(at, Some(id.heading().to_string()))));
            }
            continue;
        }
        let key = line.split(['=', ' ']).next().unwrap_or("");
        if line.contains("= \"\"\"") {
            in_text = true;
            continue;
        }
        match at_in {
            In::Table(id) => table_line(imp, src, id, key, line, span, &mut out),
            In::Report if matches!(key, "agency" | "year" | "title") => {
                if let Some(p) = imp.title_at {
                    out.push((span, src.published(At::line(p), None)));
                }
            }
            _ => {
                if let Some(v) = quoted_value(line)
                    && let Some(i) = src.find(v, cursor)
                {
                    if at_in != In::Contact {
                        cursor = i;
                    }
                    out.push((span, src.published(At::line(src.paras[i].1), None)));
                }
            }
        }
    }
    out
}

/// Places a table row's line and each of its values.
fn table_line(
    imp: &Imported,
    src: &Sources,
    id: TableId,
    key: &str,
    line: &str,
    span: Range<usize>,
    out: &mut Vec<(Range<usize>, Published)>,
) {
    let Some(table) = imp.tables[id as usize].as_ref() else {
        return;
    };
    let Some(index) = table.def.fields.iter().position(|f| f.key == key) else {
        return;
    };
    let field = &table.def.fields[index];
    let row = table.rows[index].as_ref();
    let at = match row {
        Some(row) => row.at,
        // A row the report did not print: the table's heading.
        None => imp
            .section_at
            .iter()
            .find(|(s, _)| *s == id.section())
            .map_or_else(At::default, |(_, p)| At::line(*p)),
    };
    // A finding on a row the report did not print must say so: its 0s are import's.
    let missing = if row.is_none() {
        "（原文没有找到这一行，导入时按 0 写入）"
    } else {
        ""
    };
    let row_label = format!("{} {}", short_name(id), field.full_label());
    out.push((
        span.clone(),
        src.published(at, Some(format!("{row_label}{missing}"))),
    ));
    if field.columns.len() < 2 {
        return;
    }
    for (c, (col, r)) in field.columns.iter().zip(array_items(line)).enumerate() {
        let value = span.start + r.start..span.start + r.end;
        // The cell's own place when its figure was printed apart from the label.
        let cell_at = row
            .and_then(|row| row.cells_at.get(c).copied().flatten())
            .filter(|a| a.place != At::default().place)
            .unwrap_or(at);
        out.push((
            value,
            src.published(
                cell_at,
                Some(format!("{row_label}，{}{missing}", col.label)),
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_values_are_found_in_a_line() {
        let line = "granted = [1, 22, 0]  # x";
        let items: Vec<&str> = array_items(line).into_iter().map(|r| &line[r]).collect();
        assert_eq!(items, ["1", "22", "0"]);
    }

    #[test]
    fn quoted_values_are_read() {
        assert_eq!(quoted_value("phone = \"0592-1\"  # 电话"), Some("0592-1"));
        assert_eq!(quoted_value("year = 2022"), None);
    }
}
