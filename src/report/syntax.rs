//! Files TOML cannot read: what went wrong, where, and what to write instead.
//!
//! The commonest mistake is a figure written as in a document (`1600件`,
//! `2025年`, `６`, `1,700`): it is named with the number to write. Such a
//! value is then blanked out in a copy of the text (same byte length, so every
//! place stays true) and the copy read again, so that all of them are
//! reported at once, up to the first other mistake.

use toml::de::DeTable;

use super::schema::{self, KeyKind};
use super::written::parse_date_text;
use super::written::{self, WrittenNumber};
use crate::diag::{Diagnostic, SourceFile, Span};
use crate::format::{FormatVersion, TableId, table_def};

/// Chinese readings of the TOML parser's commonest messages.
const SYNTAX_MESSAGES: [(&str, &str); 6] = [
    (
        "missing comma between array elements",
        "数组的数字之间缺少逗号，或缺少右方括号 ]",
    ),
    ("string values must be quoted", "文本没有用半角双引号括起来"),
    ("duplicate key", "同一个键写了两次"),
    ("invalid unquoted key", "键名只能用英文字母、数字、下划线"),
    ("unclosed", "引号或括号没有闭合"),
    ("invalid table header", "表头 [ ] 写法不对"),
];

/// Written numbers reported in one run at most; a file with more is damaged.
const MAX_REPORTED: usize = 50;

/// Bytes read again in all, at most: a huge file is read again only a few
/// times (its other figures are told on the next run).
const REREAD_BYTES: usize = 16 * 1024 * 1024;

/// Every finding for a file TOML cannot read, given its first error.
pub fn syntax_errors(file: &SourceFile, first: &toml::de::Error) -> Vec<Diagnostic> {
    let mut text = file.text.clone();
    let most = (REREAD_BYTES / text.len().max(1)).clamp(1, MAX_REPORTED);
    let mut out = Vec::new();
    let mut error = first.clone();
    loop {
        let Some((d, value, fixed)) = written_value(&text, &error) else {
            out.push(syntax_error(file, &error));
            return out;
        };
        out.push(d);
        let Some(fixed) = fixed else { return out };
        let blank = format!("{fixed:<width$}", width = value.len());
        if blank.len() != value.len() || out.len() >= most {
            return out;
        }
        text.replace_range(value, &blank);
        match DeTable::parse(&text) {
            Ok(_) => return out,
            Err(e) => error = e,
        }
    }
}

/// A value written as in a document at the error's place: the finding, the
/// value's span, and what the file wants there instead when that is known.
fn written_value(text: &str, e: &toml::de::Error) -> Option<(Diagnostic, Span, Option<String>)> {
    let at = e.span()?.start.min(text.len());
    if !text.is_char_boundary(at) {
        return None;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let before = &text[line_start..at];
    // The `=`, `[` or `,` before the value; none at the start of an array's
    // next line.
    let opener = before.rfind(['=', '[', ',']);
    if opener.is_none() && !before.trim().is_empty() {
        return None;
    }
    let in_array = opener.is_none_or(|o| before.as_bytes()[o] != b'=');
    let start = opener.map_or(line_start, |o| line_start + o + 1);
    let rest = &text[start..line_end];
    let stops: &[char] = if in_array {
        &['#', ']', ',', '，']
    } else {
        &['#']
    };
    let len = rest.find(stops).unwrap_or(rest.len());
    let raw = rest[..len].trim();
    // At the start of a line, only a written figure is taken for an array's
    // value: a key or a header there follows an array left open.
    if raw.is_empty() || (opener.is_none() && written::read(raw, false).is_none()) {
        return None;
    }
    let value_start = start + rest.find(raw)?;
    let span = value_start..value_start + raw.len();
    let slot = slot_of(text, value_start, in_array);
    // A value with no key found (a narrative line) is left to the plain message.
    if !slot.keyed {
        return None;
    }
    if let Some(found) = glued_group(text, &span) {
        return Some(found);
    }
    let place = &slot.place;
    if let Some(w) = written::read(raw, !in_array) {
        return Some((
            number_error(place, raw, &w, span.clone()),
            span,
            Some(w.plain),
        ));
    }
    if let Some(date) = written_date(raw).filter(|_| !in_array) {
        let quoted = if raw.contains('年') {
            format!("，或者加上引号写成 \"{raw}\"")
        } else {
            String::new()
        };
        let d = Diagnostic::error("toml", format!("{place}写成了「{raw}」，日期没有按格式写"))
            .at(span.clone())
            .hint(format!("写成 {date}（不加引号）{quoted}"));
        return Some((d, span, Some(date.to_string())));
    }
    if slot.kind == SlotKind::Date {
        let d = Diagnostic::error("toml", format!("{place}「{raw}」不是有效的日期"))
            .at(span.clone())
            .hint("日期写作 年-月-日，例如 2026-01-20（不加引号；月、日都写两位）");
        return Some((d, span, None));
    }
    if slot.kind != SlotKind::Number {
        return unquoted_text(&before[..opener?], raw, &span, e).filter(|_| !in_array);
    }
    // Not a number where one is wanted: quoting it would not help. Nothing is
    // known to put in its place, so the reading stops here.
    let d = Diagnostic::error("toml", format!("{place}应为数字，这里却写成了「{raw}」"))
        .at(span.clone())
        .hint(written::not_a_number_hint(raw));
    Some((d, span, None))
}

/// Text written without quotes (or in full-width quotes “…”) for a key that
/// takes text: the line as it should be written.
fn unquoted_text(
    key: &str,
    raw: &str,
    span: &Span,
    e: &toml::de::Error,
) -> Option<(Diagnostic, Span, Option<String>)> {
    let key = key.trim();
    if !key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return None;
    }
    if key == schema::TOWNSHIP.name {
        let d = Diagnostic::error("toml", format!("township 写成了「{raw}」"))
            .at(span.clone())
            .hint("乡镇、街道写 township = true，其他机关写 false 或省略这一行（不加引号）");
        return Some((d, span.clone(), None));
    }
    let words = raw.trim_start_matches('“').trim_end_matches('”');
    let unquoted = e.message().contains("string values must be quoted") || words != raw;
    if !unquoted || words.is_empty() || words.contains(['"', '\\']) {
        return None;
    }
    let what = if words != raw {
        "用了中文引号“”，要用半角双引号"
    } else {
        "没有用半角双引号括起来"
    };
    let d = Diagnostic::error("toml", format!("{key} 的文字「{words}」{what}"))
        .at(span.clone())
        .hint(format!("写成 {key} = \"{words}\"（英文输入法下的双引号）"));
    Some((d, span.clone(), None))
}

/// A date as people write it: 「2025年1月20日」, `2025/1/20`, `2025.1.20`,
/// `2025-1-20` (TOML wants two-digit months and days).
fn written_date(raw: &str) -> Option<chrono::NaiveDate> {
    if raw.contains('年') {
        return parse_date_text(raw);
    }
    let parts: Vec<&str> = raw.split(['/', '.', '-']).collect();
    let [y, m, d] = parts[..] else {
        return None;
    };
    if y.len() != 4
        || [y, m, d]
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// `1,000` in an array, which TOML reads as `1` and the invalid `000`: the
/// whole figure, when the value at `span` follows a comma glued to digits.
fn glued_group(text: &str, span: &Span) -> Option<(Diagnostic, Span, Option<String>)> {
    let before = &text[..span.start];
    let comma = before.strip_suffix(',')?;
    if !comma.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let digits = comma.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    // Further groups: `1,000,000`.
    let mut end = span.end;
    while let Some(group) = text.get(end..end + 4)
        && group.starts_with(',')
        && group[1..].bytes().all(|b| b.is_ascii_digit())
        && !text[end + 4..].starts_with(|c: char| c.is_ascii_digit())
    {
        end += 4;
    }
    let whole = digits..end;
    let raw = &text[whole.clone()];
    let w = written::read(raw, true).filter(|w| w.grouped)?;
    let slot = slot_of(text, digits, true);
    let d = number_error(&slot.place, raw, &w, whole.clone());
    Some((d, whole, Some(w.plain)))
}

fn number_error(place: &str, raw: &str, w: &WrittenNumber, span: Span) -> Diagnostic {
    Diagnostic::error("toml", format!("{place}写成了「{raw}」，{}", w.what()))
        .at(span)
        .hint(w.advice())
}

/// What a value is, for messages: its official label when it is a table cell.
struct Slot {
    /// 「表二（…）「…行政许可」」, 「报告年度 year 」, or the key.
    place: String,
    kind: SlotKind,
    /// Whether the line starts with a key (`key = …`).
    keyed: bool,
}

/// What belongs in a slot.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SlotKind {
    Number,
    Date,
    Other,
}

/// Lines an array written over several lines is looked back over for its key.
const ARRAY_LINES: usize = 20;

/// The slot of the value starting at `value_start`, from its key — on its own
/// line, or for an array over several lines on the line that opens it — and
/// the table header above.
fn slot_of(text: &str, value_start: usize, in_array: bool) -> Slot {
    let unknown = |place: String, keyed: bool| Slot {
        place,
        kind: SlotKind::Other,
        keyed,
    };
    let bare = |k: &str| {
        !k.is_empty()
            && k.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    let mut line_start = text[..value_start].rfind('\n').map_or(0, |i| i + 1);
    let mut lines = 0;
    let (key, eq) = loop {
        let line = &text[line_start..value_start];
        if let Some(eq) = line.find('=')
            && bare(line[..eq].trim())
        {
            break (line[..eq].trim(), line_start + eq);
        }
        if !in_array || line_start == 0 || lines == ARRAY_LINES {
            return unknown("这个值".into(), false);
        }
        line_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
        lines += 1;
    };
    // Between the key and the value: the array's own text, no string, not closed.
    let between = &text[eq + 1..value_start];
    if in_array && (!between.trim_start().starts_with('[') || between.contains(['"', '\'', ']'])) {
        return unknown("这个值".into(), false);
    }
    let header = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .and_then(|l| l.trim_start_matches('[').split(']').next())
        .unwrap_or("")
        .trim();
    if let Some(k) = schema::find(&format!("{header}.{key}")) {
        let kind = match k.kind {
            KeyKind::Year => SlotKind::Number,
            KeyKind::Date => SlotKind::Date,
            KeyKind::Line | KeyKind::Bool => SlotKind::Other,
        };
        if kind != SlotKind::Other {
            return Slot {
                place: format!("{} {key} ", k.label),
                kind,
                keyed: true,
            };
        }
    }
    let Some(id) = TableId::ALL.into_iter().find(|id| id.key() == header) else {
        return unknown(format!("{key} "), true);
    };
    let field = FormatVersion::ALL
        .into_iter()
        .rev()
        .find_map(|v| table_def(v, id).field(key).map(|(_, f)| f));
    let Some(field) = field else {
        return unknown(format!("{key} "), true);
    };
    let mut place = format!("{}「{}」", id.name(), field.full_label());
    if in_array {
        let column = between.matches(',').count();
        if let Some(c) = field.columns.get(column) {
            place.push_str(&format!("「{}」", c.label));
        }
    }
    Slot {
        place,
        kind: SlotKind::Number,
        keyed: true,
    }
}

/// A TOML syntax error in Chinese, at the place a reader looks for it.
fn syntax_error(file: &SourceFile, e: &toml::de::Error) -> Diagnostic {
    let mut span = e.span().unwrap_or(0..0);
    // An error found at the start of a line (a missing `]` or `,`) belongs to the
    // end of the line before it.
    if file.line_col(span.start).1 == 1 {
        let before = file.text[..span.start.min(file.text.len())].trim_end();
        if !before.is_empty() {
            let end = before.len();
            let start = before[..end].char_indices().last().map_or(0, |(i, _)| i);
            span = start..end;
        }
    }
    let (line, _) = file.line_col(span.start);
    let text = file.line_text(line);
    let detail = e.message().lines().collect::<Vec<_>>().join("; ");
    let what = SYNTAX_MESSAGES
        .iter()
        .find(|(en, _)| detail.contains(en))
        .map_or("文件不是有效的 TOML，无法读取", |(_, zh)| zh);
    let hint = if text.contains(['“', '”', '＝', '［', '］', '，']) {
        "这一行用了全角（中文）符号：键、等号、方括号、逗号和包住文本的引号都要用半角（英文）符号 \" = [ ] ,"
    } else {
        "检查这一行的引号、方括号和等号是否成对、是否为半角符号；文本要用 \" 括起来，多行文本用 \"\"\" 括起来"
    };
    Diagnostic::error("toml", format!("{what}（{detail}）"))
        .at(span)
        .hint(hint)
}
