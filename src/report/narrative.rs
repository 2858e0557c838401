//! The narrative's light markup.
//!
//! Each non-empty line is a paragraph. `**…**` is bold. A line starting with
//! `- ` is a numbered item (1. 2. … in order). `{table3.new_requests.total}`
//! cites a table figure by its key, so text and tables cannot drift apart;
//! for fields with a 总计 column `{table3.new_requests}` means the total.

use crate::diag::{Diagnostic, Span};
use crate::format::{FormatVersion, TableId, table_def};
use crate::suggest::did_you_mean;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParaKind {
    Normal,
    /// A numbered item; the number in its run of items, from 1.
    Item(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text {
        text: String,
        bold: bool,
    },
    /// A cited figure, resolved when the document is built.
    Cite {
        table: TableId,
        field: usize,
        column: usize,
        bold: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub kind: ParaKind,
    pub inlines: Vec<Inline>,
}

/// At most this many markup findings are reported per narrative text; the rest
/// are summed up in one, so a damaged text cannot flood the output.
const MAX_MARKUP_FINDINGS: usize = 20;

/// Parses narrative text. `span` is where the string stands in `source`, used to
/// place findings about citations. Runs in time linear in the text.
pub fn parse_narrative(
    text: &str,
    version: FormatVersion,
    source: &str,
    span: &Span,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Paragraph> {
    let mut sink = Findings {
        source,
        span,
        diags,
        count: 0,
    };
    let mut paragraphs = Vec::new();
    let mut item = 0;
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace());
        if line.is_empty() {
            continue;
        }
        let (kind, body) = match line.strip_prefix("- ") {
            Some(rest) => {
                item += 1;
                (ParaKind::Item(item), rest.trim_start())
            }
            None => {
                item = 0;
                (ParaKind::Normal, line)
            }
        };
        let inlines = parse_inlines(body, version, &mut sink);
        paragraphs.push(Paragraph { kind, inlines });
    }
    if sink.count > MAX_MARKUP_FINDINGS {
        sink.diags.push(
            Diagnostic::warning(
                "markup",
                format!(
                    "这段正文还有 {} 处标记问题未逐一列出",
                    sink.count - MAX_MARKUP_FINDINGS
                ),
            )
            .at(span.clone()),
        );
    }
    paragraphs
}

/// Where the findings of one narrative text go, and how many there were.
struct Findings<'a> {
    source: &'a str,
    span: &'a Span,
    diags: &'a mut Vec<Diagnostic>,
    count: usize,
}

impl Findings<'_> {
    /// Adds a finding placed at `needle` (written verbatim in the text), up to the cap.
    fn push(&mut self, d: Diagnostic, needle: &str) {
        self.count += 1;
        if self.count <= MAX_MARKUP_FINDINGS {
            self.diags
                .push(d.at(locate(self.source, self.span, needle)));
        }
    }
}

/// The longest citation key path accepted (the longest real one is about 50 bytes).
const MAX_CITATION_BYTES: usize = 100;

const CITE_HINT: &str = "引用写作 {表键.行键.列键}，例如 {table3.new_requests.total}；可用的键见 nianbao new 生成的模板";

fn parse_inlines(line: &str, version: FormatVersion, sink: &mut Findings) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut bold = false;
    let mut buf = String::new();
    let mut rest = line;
    let stars = line.matches("**").count();
    if stars % 2 == 1 {
        let shown: String = line.chars().take(40).collect();
        sink.push(
            Diagnostic::warning("markup", format!("粗体标记 ** 没有成对出现：「{shown}」"))
                .hint("粗体写作 **文字**，两侧各两个星号；多出的 ** 将按原样显示"),
            line,
        );
    }
    let pairs = stars / 2 * 2;
    let mut toggles = 0;
    // `{` written as text and not yet closed, to tell a lone `}` from `{备注}`.
    let mut open_braces = 0usize;
    // `{{` already warned about, whose second `}` is not lone.
    let mut doubled = 0usize;
    while !rest.is_empty() {
        if rest.starts_with("**") && toggles < pairs {
            flush(&mut out, &mut buf, bold);
            bold = !bold;
            toggles += 1;
            rest = &rest[2..];
            continue;
        }
        if rest.starts_with("{{") {
            sink.push(
                Diagnostic::warning("cite", "引用只用一对花括号：{{…}} 中多出的花括号将原样显示")
                    .hint(CITE_HINT),
                &rest[..2],
            );
            buf.push('{');
            open_braces += 1;
            doubled += 1;
            rest = &rest[1..];
            continue;
        }
        if rest.starts_with('{') {
            // The key run after `{` stops at the first non-key byte, so every
            // byte is looked at a bounded number of times.
            let key_len = rest[1..].bytes().take_while(|&b| is_key_byte(b)).count();
            let inner = &rest[1..1 + key_len];
            let closed = rest[1 + key_len..].starts_with('}');
            if closed && inner.is_empty() {
                sink.push(
                    Diagnostic::warning("cite", "空的引用 {}：花括号中没有写表格的键")
                        .hint(CITE_HINT),
                    "{}",
                );
            } else if closed && inner.starts_with("table") && key_len <= MAX_CITATION_BYTES {
                flush(&mut out, &mut buf, bold);
                let written = &rest[..key_len + 2];
                match resolve_citation(version, inner) {
                    Ok((table, field, column)) => out.push(Inline::Cite {
                        table,
                        field,
                        column,
                        bold,
                    }),
                    Err(message) => {
                        sink.push(Diagnostic::error("cite", message).hint(CITE_HINT), written);
                        buf.push_str(written);
                        flush(&mut out, &mut buf, bold);
                    }
                }
                rest = &rest[key_len + 2..];
                continue;
            } else if !closed && inner.starts_with("table") {
                let shown: String = inner.chars().take(40).collect();
                sink.push(
                    Diagnostic::warning(
                        "cite",
                        format!("引用 {{{shown} 缺少右花括号 }}，将按原样显示"),
                    )
                    .hint(CITE_HINT),
                    &rest[..1 + key_len.min(40)],
                );
            }
            buf.push('{');
            open_braces += 1;
            rest = &rest[1..];
            continue;
        }
        if rest.starts_with('}') {
            if open_braces > 0 {
                open_braces -= 1;
            } else if doubled > 0 {
                doubled -= 1;
            } else {
                sink.push(
                    Diagnostic::warning("cite", "多出一个右花括号 }，前面没有对应的 {")
                        .hint(CITE_HINT),
                    "}",
                );
            }
            buf.push('}');
            rest = &rest[1..];
            continue;
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        buf.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut out, &mut buf, bold);
    out
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.'
}

fn flush(out: &mut Vec<Inline>, buf: &mut String, bold: bool) {
    if !buf.is_empty() {
        out.push(Inline::Text {
            text: std::mem::take(buf),
            bold,
        });
    }
}

/// The place of `needle` inside the string at `span` when it is written there
/// verbatim, or the string itself.
pub fn locate(source: &str, span: &Span, needle: &str) -> Span {
    source
        .get(span.clone())
        .and_then(|s| s.find(needle))
        .map(|i| span.start + i..span.start + i + needle.len())
        .unwrap_or_else(|| span.clone())
}

/// Resolves `table3.new_requests.total` to (table, field index, column index).
pub fn resolve_citation(
    version: FormatVersion,
    path: &str,
) -> Result<(TableId, usize, usize), String> {
    let parts: Vec<&str> = path.split('.').collect();
    let table_keys: Vec<&str> = TableId::ALL.iter().map(|t| t.key()).collect();
    let Some(table) = TableId::ALL.into_iter().find(|t| t.key() == parts[0]) else {
        return Err(format!(
            "引用 {{{path}}} 中的表键「{}」不存在{}",
            parts[0],
            did_you_mean(parts[0], &table_keys)
        ));
    };
    let def = table_def(version, table);
    let Some(field_key) = parts.get(1) else {
        return Err(format!(
            "引用 {{{path}}} 缺少行键，例如 {{{}.{}}}",
            parts[0], def.fields[0].key
        ));
    };
    let field_keys: Vec<&str> = def.fields.iter().map(|f| f.key).collect();
    let Some((field_index, field)) = def.field(field_key) else {
        return Err(format!(
            "引用 {{{path}}} 中的行键「{field_key}」不存在于{}{}",
            table.name(),
            did_you_mean(field_key, &field_keys)
        ));
    };
    let column = match parts.get(2) {
        None if field.columns.len() == 1 => 0,
        None => match field.total {
            Some(t) => t,
            None => {
                let keys: Vec<&str> = field.columns.iter().map(|c| c.key).collect();
                return Err(format!("引用 {{{path}}} 需要指明列：{}", keys.join("、")));
            }
        },
        Some(col_key) => {
            let keys: Vec<&str> = field.columns.iter().map(|c| c.key).collect();
            match field.columns.iter().position(|c| c.key == *col_key) {
                Some(i) => i,
                None => {
                    return Err(format!(
                        "引用 {{{path}}} 中的列键「{col_key}」不存在{}",
                        did_you_mean(col_key, &keys)
                    ));
                }
            }
        }
    };
    if parts.len() > 3 {
        return Err(format!("引用 {{{path}}} 的层级过多：最多为 表键.行键.列键"));
    }
    Ok((table, field_index, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<Paragraph>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let p = parse_narrative(
            text,
            FormatVersion::V2021,
            text,
            &(0..text.len()),
            &mut diags,
        );
        (p, diags)
    }

    #[test]
    fn lines_become_paragraphs_and_items_are_numbered() {
        let (p, d) = parse("第一段\n\n- 甲\n- 乙\n第二段\n- 丙");
        assert!(d.is_empty());
        let kinds: Vec<_> = p.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                ParaKind::Normal,
                ParaKind::Item(1),
                ParaKind::Item(2),
                ParaKind::Normal,
                ParaKind::Item(1)
            ]
        );
    }

    #[test]
    fn bold_and_citations() {
        let (p, d) = parse("一是**严格落实**，共{table3.new_requests}件");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(p[0].inlines.len(), 5);
        assert_eq!(
            p[0].inlines[1],
            Inline::Text {
                text: "严格落实".into(),
                bold: true
            }
        );
        assert!(matches!(
            p[0].inlines[3],
            Inline::Cite {
                table: TableId::Three,
                field: 0,
                column: 6,
                ..
            }
        ));
    }

    #[test]
    fn unknown_citation_suggests() {
        let (_, d) = parse("共{table3.new_request}件");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("new_requests"), "{}", d[0].message);
        // 「共」 is three bytes; the citation is the next 20.
        assert_eq!(d[0].span, Some(3..23));
    }

    #[test]
    fn brace_mistakes_are_warned() {
        for (text, expected) in [
            ("共{table3.new_requests件", "缺少右花括号"),
            ("共{{table3.new_requests}}件", "一对花括号"),
            ("共{}件", "空的引用"),
            ("共}件", "多出一个右花括号"),
        ] {
            let (_, d) = parse(text);
            assert!(
                d.iter().any(|d| d.message.contains(expected)),
                "{text}: {d:?}"
            );
        }
    }

    #[test]
    fn findings_are_capped() {
        let text = "{".repeat(200_000) + &"{table".repeat(50_000);
        let (_, d) = parse(&text);
        assert!(d.len() <= MAX_MARKUP_FINDINGS + 1, "{}", d.len());
    }

    #[test]
    fn braces_that_are_not_citations_stay_text() {
        let (p, d) = parse("{备注}");
        assert!(d.is_empty());
        assert_eq!(
            p[0].inlines,
            vec![Inline::Text {
                text: "{备注}".into(),
                bold: false
            }]
        );
    }
}
