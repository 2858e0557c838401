//! Tables 二, 三 and 四: every printed cell matched to its official row by label.
//!
//! A table arrives as a stream of cells in reading order — from a real table
//! (HTML, DOCX, PDF grid; rows end with [`Tok::RowEnd`]) or from lines of text
//! (one cell per line, `|` or tab rows, runs of spaces). A text cell that is not a
//! figure is a label; the figures after a row label fill that row's columns in
//! the official order. Labels are compared with the labels of `crate::format`
//! after normalising numbering, brackets and punctuation, so typos, missing
//! numbering and rows in another order still land in the right cells.

use strsim::normalized_levenshtein;

use super::notes::{At, Note};
use crate::format::{Field, TableDef, TableId, ValueKind};

/// One cell of the stream.
#[derive(Clone, Debug)]
pub enum Tok {
    Cell {
        text: String,
        at: At,
    },
    /// The end of a table row (only real tables know it).
    RowEnd,
}

/// What goes into one value slot of the report file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellFill {
    /// The TOML literal; `None` leaves an optional total out (computed).
    pub value: Option<String>,
    /// What was printed, when it was not a plain figure (becomes a comment).
    pub printed: Option<String>,
}

/// One row's cells, in the definition's column order.
#[derive(Clone, Debug)]
pub struct RowFill {
    pub cells: Vec<CellFill>,
    pub at: At,
}

/// A recognised table: one entry per field of the definition.
#[derive(Clone, Debug)]
pub struct TableFill {
    pub def: &'static TableDef,
    pub rows: Vec<Option<RowFill>>,
}

/// A printed figure or an empty mark.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    /// Digits as printed (normalised to ASCII), with what followed them if anything.
    Num { digits: String, extra: bool },
    /// Blank, "/", "-", "—", "无" …
    Blank,
}

const BLANK_MARKS: [&str; 14] = [
    "", "/", "／", "\\", "-", "－", "—", "——", "–", "~", "无", "空", "—/—", "×",
];

/// Reads a cell as a figure, or `None` when it is a label.
fn classify(text: &str) -> Option<Val> {
    let t: String = text
        .chars()
        .map(ascii_digit)
        .filter(|c| !c.is_whitespace())
        .collect();
    if BLANK_MARKS.contains(&t.as_str()) {
        return Some(Val::Blank);
    }
    let mut end = 0;
    let bytes = t.as_bytes();
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        end = 1;
    }
    let digits_start = end;
    while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b',') {
        end += 1;
    }
    if end == digits_start || !bytes[digits_start].is_ascii_digit() {
        return None;
    }
    if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
        end += 1;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
    }
    let rest = &t[end..];
    let extra = !rest.is_empty();
    const UNITS: [&str; 8] = ["件", "个", "条", "项", "万元", "元", "次", "%"];
    if extra && !(rest.starts_with(['（', '(', '*', '※']) || UNITS.contains(&rest)) {
        return None;
    }
    Some(Val::Num {
        digits: t[..end].replace(',', ""),
        extra,
    })
}

fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '．' => '.',
        '，' => ',',
        '－' | '−' => '-',
        '＋' => '+',
        _ => c,
    }
}

/// A label reduced to its words: no white space, numbering, quotes or
/// half/full-width differences.
pub fn norm(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '“' | '”' | '|' | '*'))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '．' => '.',
            '钩' => '勾',
            '，' | '－' => c,
            c => ascii_digit(c),
        })
        .collect();
    loop {
        let stripped = strip_number(&out);
        if stripped.len() == out.len() {
            break;
        }
        out = stripped.to_string();
    }
    out.trim_end_matches(['。', '：', '；', '，']).to_string()
}

/// `s` without a leading 「（一）」「一、」「1.」「1、」.
fn strip_number(s: &str) -> &str {
    const CN: &str = "一二三四五六七八九十";
    if let Some(rest) = s.strip_prefix('（') {
        let n = rest
            .chars()
            .take_while(|c| CN.contains(*c) || c.is_ascii_digit())
            .count();
        if n > 0 {
            let after: String = rest.chars().skip(n).take(1).collect();
            if after == "）" {
                return &rest[rest
                    .char_indices()
                    .nth(n + 1)
                    .map_or(rest.len(), |(i, _)| i)..];
            }
        }
        return s;
    }
    let n = s
        .chars()
        .take_while(|c| CN.contains(*c) || c.is_ascii_digit())
        .count();
    if n > 0 {
        let mut it = s.char_indices().skip(n);
        if let Some((i, c)) = it.next()
            && matches!(c, '、' | '.')
        {
            return &s[i + c.len_utf8()..];
        }
    }
    s
}

/// How well a printed label fits an official one (0 to 1).
fn score(printed: &str, official: &str) -> f64 {
    if printed == official {
        return 1.0;
    }
    if official.chars().count() >= 4 && printed.contains(official) {
        return 0.9;
    }
    normalized_levenshtein(printed, official)
}

const MATCH: f64 = 0.6;

/// What a label stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Label {
    Field(usize),
    Group(&'static str),
    /// A label that is no row of the official table (an agency's own row).
    Unknown,
}

fn match_label(
    def: &TableDef,
    printed: &str,
    group: Option<&str>,
    filled: &[bool],
) -> Option<(f64, Label)> {
    let p = norm(printed);
    if p.is_empty() {
        return None;
    }
    let mut best: Option<(f64, Label)> = None;
    let mut consider = |s: f64, l: Label| {
        if s >= MATCH && best.is_none_or(|(b, _)| s > b + 1e-9) {
            best = Some((s, l));
        }
    };
    for (i, f) in def.fields.iter().enumerate() {
        let mut s = score(&p, &norm(f.label));
        // Same words in the current group, or a row not yet filled, win ties.
        if group.is_some_and(|g| f.context.contains(&g)) {
            s += 0.01;
        }
        if !filled[i] {
            s += 0.005;
        }
        consider(s, Label::Field(i));
    }
    let mut groups: Vec<&'static str> = def.fields.iter().flat_map(|f| f.context.clone()).collect();
    groups.dedup();
    for g in groups {
        consider(score(&p, &norm(g)) - 0.001, Label::Group(g));
    }
    best
}

/// A row being read.
struct Open {
    label: Label,
    /// How well the printed label matched (1 = the official words).
    score: f64,
    at: At,
    printed: String,
    vals: Vec<(Val, String, At)>,
}

/// Short name of a table in notes: 「表三」.
pub fn short_name(id: TableId) -> &'static str {
    let name = id.name();
    &name[..name.find('（').unwrap_or(name.len())]
}

/// Recognises one table from its cells. `blanks_dropped` says the source
/// cannot show empty cells (plain text), so a short row may have lost one.
pub fn recognise(
    def: &'static TableDef,
    toks: &[Tok],
    blanks_dropped: bool,
    notes: &mut Vec<Note>,
) -> Option<TableFill> {
    let name = short_name(def.id);
    let mut fill = TableFill {
        def,
        rows: vec![None; def.fields.len()],
    };
    let mut group: Option<&'static str> = None;
    let mut open: Option<Open> = None;
    let mut loose: Vec<(Val, String, At)> = Vec::new();
    let mut any = false;
    let mut headers_seen = 0;
    // The last label read and how well it matched on its own.
    let mut pending: Option<(String, At, f64)> = None;
    // Rows whose own label was printed with no figure after it (an empty row).
    let column_labels: Vec<String> = def
        .fields
        .iter()
        .flat_map(|f| f.columns.iter().map(|c| c.label.to_string()))
        .collect();
    let labelled_blank = std::cell::RefCell::new(vec![None; def.fields.len()]);
    let close = |open: &mut Option<Open>,
                 fill: &mut TableFill,
                 loose: &mut Vec<(Val, String, At)>,
                 notes: &mut Vec<Note>| {
        let Some(o) = open.take() else { return };
        if o.vals.is_empty() {
            if let Label::Field(i) = o.label
                && def.id != TableId::Four
                && o.score >= 0.95
                && !column_labels.contains(&o.printed.split_whitespace().collect::<String>())
            {
                labelled_blank.borrow_mut()[i].get_or_insert(o.at);
            }
            return;
        }
        let field = match o.label {
            Label::Field(i) => Some(i),
            Label::Unknown if def.id != TableId::Four => {
                notes.push(Note::new(
                    Some(o.at),
                    format!(
                        "{name}「{}」不是官方格式中的行，其后的数字（{}）未导入",
                        o.printed,
                        printed_list(&o.vals)
                    ),
                ));
                return;
            }
            Label::Unknown => None,
            Label::Group(g) => {
                // A group printed as one row (2021 reports printing （六）其他处理 as in 2019).
                let other = def
                    .fields
                    .iter()
                    .position(|f| f.context.last() == Some(&g) && norm(f.label) == "其他");
                if let Some(i) = other {
                    notes.push(Note::new(Some(o.at), format!(
                        "{name}「{}」印成一行（旧格式），其数字计入「{}」；请核对是否应分到该组的其他行",
                        o.printed, def.fields[i].full_label()
                    )));
                }
                other
            }
        };
        match field {
            Some(i) if fill.rows[i].is_some() => notes.push(Note::new(
                Some(o.at),
                format!(
                    "{name}「{}」重复出现，已保留第一次的数字，这一行未导入",
                    def.fields[i].full_label()
                ),
            )),
            Some(i) => {
                if o.score < 0.95 {
                    notes.push(Note::new(
                        Some(o.at),
                        format!(
                            "{name}行标签「{}」与官方标签不完全相同，按「{}」读取；请核对",
                            o.printed,
                            def.fields[i].full_label()
                        ),
                    ));
                }
                fill.rows[i] = Some(place_row(def, i, &o.vals, o.at, blanks_dropped, notes))
            }
            None => loose.extend(o.vals),
        }
    };
    for tok in toks {
        match tok {
            Tok::RowEnd => {
                pending = None;
                close(&mut open, &mut fill, &mut loose, notes)
            }
            Tok::Cell { text, at } => {
                let blank_in_grid = !blanks_dropped && text.trim().is_empty();
                if text.trim().is_empty() && !blank_in_grid {
                    continue;
                }
                match classify(text) {
                    Some(v) => {
                        if blank_in_grid && open.is_none() {
                            continue;
                        }
                        pending = None;
                        any = true;
                        match &mut open {
                            Some(o) => o.vals.push((v, text.trim().to_string(), *at)),
                            None => loose.push((v, text.trim().to_string(), *at)),
                        }
                    }
                    None => {
                        // A label split over two cells or lines: 「5.要求行政机关确认或重新出具」「已获取信息」.
                        let filled: Vec<bool> = fill.rows.iter().map(Option::is_some).collect();
                        let mut printed = text.trim().to_string();
                        let mut label_at = *at;
                        let alone = match_label(def, text, group, &filled);
                        let joined = pending
                            .as_ref()
                            .map(|(p, pat, own): &(String, At, f64)| {
                                (format!("{p}{printed}"), *pat, *own)
                            })
                            .and_then(|(j, pat, own)| {
                                match_label(def, &j, group, &filled).map(|m| (m, j, pat, own))
                            });
                        let mut found = alone;
                        if let Some((m, j, pat, own)) = joined
                            && alone.is_none_or(|a| m.0 > a.0)
                            && m.0 > own
                        {
                            found = Some(m);
                            printed = j;
                            label_at = pat;
                            open = None;
                        }
                        close(&mut open, &mut fill, &mut loose, notes);
                        pending = Some((printed.clone(), label_at, found.map_or(0.0, |f| f.0)));
                        let (score, l) = found.unwrap_or((0.0, Label::Unknown));
                        if score >= 0.95 {
                            headers_seen += 1;
                        }
                        {
                            if let Label::Group(g) = l {
                                group = Some(g);
                            }
                            if let Label::Field(i) = l
                                && let Some(g) = def.fields[i].context.last()
                            {
                                group = Some(g);
                            }
                            open = Some(Open {
                                label: l,
                                score,
                                at: label_at,
                                printed,
                                vals: Vec::new(),
                            });
                        }
                    }
                }
            }
        }
    }
    close(&mut open, &mut fill, &mut loose, notes);
    // Figures without row labels: table 四 prints its one row of figures under headers only.
    if !loose.is_empty() {
        let empty: Vec<usize> = (0..def.fields.len())
            .filter(|i| fill.rows[*i].is_none())
            .collect();
        if def.id == TableId::Four && empty.len() == def.fields.len() {
            let width = def.fields[0].columns.len();
            for (n, chunk) in loose.chunks(width).enumerate() {
                if n < def.fields.len() {
                    fill.rows[n] =
                        Some(place_row(def, n, chunk, chunk[0].2, blanks_dropped, notes));
                } else {
                    notes.push(Note::new(
                        Some(chunk[0].2),
                        format!(
                            "{name}多出 {} 个数字（{}），未导入",
                            chunk.len(),
                            printed_list(chunk)
                        ),
                    ));
                }
            }
        } else {
            notes.push(Note::new(
                Some(loose[0].2),
                format!(
                    "{name}有 {} 个数字找不到所属的行（{}），未导入；请核对这些格子",
                    loose.len(),
                    printed_list(&loose)
                ),
            ));
        }
    }
    // Table 四 printed with its headers and no figures at all: an empty table.
    if def.id == TableId::Four && !any && headers_seen >= 2 {
        notes.push(Note::new(
            None,
            format!("{name}只印了表头，没有数字（空白）：按 0 写入并加了注释"),
        ));
        for (i, field) in def.fields.iter().enumerate() {
            let cells = blank_cells(field);
            fill.rows[i] = Some(RowFill {
                cells,
                at: At::default(),
            });
        }
    }
    // Rows printed with their label but no figures: blank cells, written as 0.
    let mut blank_rows = Vec::new();
    for (i, at) in labelled_blank.into_inner().into_iter().enumerate() {
        if let Some(at) = at
            && fill.rows[i].is_none()
        {
            let field = &def.fields[i];
            fill.rows[i] = Some(RowFill {
                cells: blank_cells(field),
                at,
            });
            blank_rows.push(format!("「{}」", field.full_label()));
        }
    }
    if !blank_rows.is_empty() {
        notes.push(Note::new(
            None,
            format!(
                "{name}有 {} 行只印了行标签、没有数字（空白）：{}；按 0 写入并加了注释",
                blank_rows.len(),
                blank_rows.join("")
            ),
        ));
    }
    let found = fill.rows.iter().filter(|r| r.is_some()).count();
    let missing: Vec<String> = def
        .fields
        .iter()
        .zip(&fill.rows)
        .filter(|(_, r)| r.is_none())
        .map(|(f, _)| format!("「{}」", f.full_label()))
        .collect();
    if found == 0 {
        return None;
    }
    if !missing.is_empty() {
        notes.push(Note::new(
            None,
            format!(
                "{name}没有找到 {} 行：{}；这些行按 0 写入并加了注释，请对照原文填写",
                missing.len(),
                missing.join("")
            ),
        ));
    }
    Some(fill)
}

/// A row whose cells were all printed blank: zeros, the total computed.
fn blank_cells(field: &Field) -> Vec<CellFill> {
    (0..field.columns.len())
        .map(|c| {
            if field.total == Some(c) {
                CellFill {
                    value: None,
                    printed: Some("原文此格空白，总计由工具计算".into()),
                }
            } else {
                CellFill {
                    value: Some("0".into()),
                    printed: Some("原文此格空白".into()),
                }
            }
        })
        .collect()
}

fn printed_list(vals: &[(Val, String, At)]) -> String {
    let shown: Vec<String> = vals
        .iter()
        .take(8)
        .map(|(_, p, _)| {
            if p.is_empty() {
                "空白".to_string()
            } else {
                p.clone()
            }
        })
        .collect();
    let more = if vals.len() > 8 { "……" } else { "" };
    format!("{}{more}", shown.join("、"))
}

/// Puts the figures read after a row label into the field's columns.
fn place_row(
    def: &TableDef,
    index: usize,
    vals: &[(Val, String, At)],
    at: At,
    blanks_dropped: bool,
    notes: &mut Vec<Note>,
) -> RowFill {
    let field = &def.fields[index];
    let name = short_name(def.id);
    let n = field.columns.len();
    let k = vals.len();
    let label = field.full_label();
    let (slots, how) = arrange(field, vals);
    let mut cells = Vec::with_capacity(n);
    for (c, column) in field.columns.iter().enumerate() {
        let what = format!("{name}「{label}」{}", column.label);
        let is_total = field.total == Some(c);
        match slots[c] {
            Some((v, printed, cat)) => {
                cells.push(cell(v, printed, column.kind, is_total, &what, *cat, notes))
            }
            None if is_total && how.total_computed => cells.push(CellFill {
                value: None,
                printed: Some("原文此格空白，总计由工具计算".into()),
            }),
            None => cells.push(CellFill {
                value: Some("0".into()),
                printed: Some("原文此格空白".into()),
            }),
        }
    }
    if k < n {
        let why = if blanks_dropped {
            "（纯文本略去了空白格）"
        } else {
            ""
        };
        notes.push(Note::new(
            Some(at),
            format!(
                "{name}「{label}」应有 {n} 个数，原文只有 {k} 个（{}）{why}：{}；请核对",
                printed_list(vals),
                how.text
            ),
        ));
    } else if k > n {
        notes.push(Note::new(
            Some(vals[n].2),
            format!(
                "{name}「{label}」应有 {n} 个数，原文有 {k} 个；多出的 {}未导入",
                printed_list(&vals[n..])
            ),
        ));
    }
    RowFill { cells, at }
}

/// How a short row's figures were placed.
struct Arranged {
    text: String,
    /// The total column was left for nianbao to compute.
    total_computed: bool,
}

type Printed = (Val, String, At);

/// Which printed figure goes into which column. A full row goes in order; a
/// short row (blank cells lost) is placed only as far as the figures show it.
fn arrange<'a>(field: &Field, vals: &'a [Printed]) -> (Vec<Option<&'a Printed>>, Arranged) {
    let n = field.columns.len();
    let k = vals.len();
    let mut slots: Vec<Option<&Printed>> = vec![None; n];
    let int = |v: &Val| match v {
        Val::Num { digits, .. } => digits.parse::<i64>().ok(),
        Val::Blank => Some(0),
    };
    let done = |text: String, total_computed| Arranged {
        text,
        total_computed,
    };
    if k >= n {
        for (slot, v) in slots.iter_mut().zip(vals) {
            *slot = Some(v);
        }
        return (slots, done(String::new(), false));
    }
    for (slot, v) in slots.iter_mut().zip(vals) {
        *slot = Some(v);
    }
    let all_zero = vals.iter().all(|(v, _, _)| int(v) == Some(0));
    if all_zero && field.total.is_some() && k + 1 == n {
        return (
            slots,
            done(
                "印出的数都是 0，按顺序填入前 {k} 列，总计由工具计算"
                    .replace("{k}", &k.to_string()),
                true,
            ),
        );
    }
    if all_zero {
        return (
            slots,
            done("印出的数都是 0，其余空白格也按 0 写入".into(), false),
        );
    }
    if let Some(t) = field.total
        && k >= 2
    {
        let parts: Option<Vec<i64>> = vals[..k - 1].iter().map(|(v, _, _)| int(v)).collect();
        let last = int(&vals[k - 1].0);
        if let (Some(parts), Some(last)) = (parts, last)
            && parts.iter().sum::<i64>() == last
        {
            let mut slots: Vec<Option<&Printed>> = vec![None; n];
            for (slot, v) in slots.iter_mut().zip(&vals[..k - 1]) {
                *slot = Some(v);
            }
            slots[t] = Some(&vals[k - 1]);
            return (
                slots,
                done(
                    format!(
                        "最后一个数等于前面各数之和，作为总计；前 {} 个数按顺序填入前 {} 列，其余写 0",
                        k - 1,
                        k - 1
                    ),
                    false,
                ),
            );
        }
    }
    if field.total.is_some() && k + 1 == n {
        return (
            slots,
            done(format!("按顺序填入前 {k} 列，总计由工具计算"), true),
        );
    }
    (slots, done(format!("按顺序填入前 {k} 列，其余写 0"), false))
}

fn cell(
    v: &Val,
    printed: &str,
    kind: ValueKind,
    is_total: bool,
    what: &str,
    at: At,
    notes: &mut Vec<Note>,
) -> CellFill {
    let shown = if printed.is_empty() {
        "空白".to_string()
    } else {
        format!("「{printed}」")
    };
    match v {
        Val::Blank if is_total => {
            notes.push(Note::new(
                Some(at),
                format!("{what}原文为{shown}，由工具计算总计"),
            ));
            CellFill {
                value: None,
                printed: Some(format!("总计原文为{shown}，由工具计算")),
            }
        }
        Val::Blank => {
            notes.push(Note::new(
                Some(at),
                format!("{what}原文为{shown}，按 0 写入"),
            ));
            CellFill {
                value: Some("0".into()),
                printed: Some(format!("原文为{shown}")),
            }
        }
        Val::Num { digits, extra } => {
            let valid = match kind {
                ValueKind::Count => digits.bytes().all(|b| b.is_ascii_digit()),
                ValueKind::Signed => digits
                    .trim_start_matches(['+', '-'])
                    .bytes()
                    .all(|b| b.is_ascii_digit()),
                ValueKind::Amount => !digits.starts_with('-'),
            };
            let literal = digits.trim_start_matches('+');
            if !valid {
                notes.push(Note::new(
                    Some(at),
                    format!("{what}原文为「{printed}」，不是这一格应有的数字，按 0 写入"),
                ));
                return CellFill {
                    value: Some("0".into()),
                    printed: Some(format!("原文为「{printed}」")),
                };
            }
            let literal = toml_number(literal, kind);
            if *extra {
                notes.push(Note::new(
                    Some(at),
                    format!("{what}原文为「{printed}」，写入 {literal}"),
                ));
                CellFill {
                    value: Some(literal),
                    printed: Some(format!("原文为「{printed}」")),
                }
            } else {
                CellFill {
                    value: Some(literal),
                    printed: None,
                }
            }
        }
    }
}

/// A figure as a TOML value: counts as integers (leading zeros dropped); amounts
/// with decimals as printed (12.30 stays 12.30).
fn toml_number(digits: &str, kind: ValueKind) -> String {
    if kind == ValueKind::Amount && digits.contains('.') {
        return digits.to_string();
    }
    let neg = digits.starts_with('-');
    let body = digits.trim_start_matches('-').trim_start_matches('0');
    let body = if body.is_empty() || body.starts_with('.') {
        format!("0{body}")
    } else {
        body.to_string()
    };
    if neg && body != "0" {
        format!("-{body}")
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{FormatVersion, table_def};

    #[test]
    fn figures_and_labels() {
        assert_eq!(
            classify("12"),
            Some(Val::Num {
                digits: "12".into(),
                extra: false
            })
        );
        assert_eq!(
            classify("２２（其中修订16件）"),
            Some(Val::Num {
                digits: "22".into(),
                extra: true
            })
        );
        assert_eq!(classify("/"), Some(Val::Blank));
        assert_eq!(classify("—"), Some(Val::Blank));
        assert_eq!(classify("2.重复申请"), None);
        assert_eq!(classify("2023年"), None);
        assert_eq!(
            classify("12.30"),
            Some(Val::Num {
                digits: "12.30".into(),
                extra: false
            })
        );
    }

    #[test]
    fn labels_normalise() {
        assert_eq!(
            norm("(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
            norm("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
        );
        assert_eq!(norm("1. 属于国家秘密"), "属于国家秘密");
        assert_eq!(norm("四、结转下年度继续办理"), "结转下年度继续办理");
    }

    #[test]
    fn typos_land_in_their_row() {
        let def = table_def(FormatVersion::V2021, TableId::Three);
        let filled = vec![false; def.fields.len()];
        let i = def.field_index("denied_prohibited_by_law");
        assert_eq!(
            match_label(def, "2.其他法律行政止公开", None, &filled).map(|m| m.1),
            Some(Label::Field(i))
        );
    }

    #[test]
    fn amounts_keep_their_decimals() {
        assert_eq!(toml_number("12.30", ValueKind::Amount), "12.30");
        assert_eq!(toml_number("007", ValueKind::Count), "7");
    }
}
