//! From a [`SourceDoc`] to the parts of a report: title, agency, year, dates,
//! the narrative of every section, contact details, closing and tables.

use chrono::NaiveDate;
use regex::Regex;
use std::sync::OnceLock;

use super::error::ImportError;
use super::narrative::{self, Body};
use super::notes::{At, Note};
use super::source::{Block, Place, SourceDoc, SourceKind};
use super::tables::{self, TableFill, Tok};
use crate::format::{FormatVersion, SectionId, TableId, table_def};

/// Closing words, signature and date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClosingText {
    pub text: String,
    pub signature: String,
    pub date: Option<NaiveDate>,
}

/// Everything recognised in a published report.
#[derive(Clone, Debug)]
pub struct Imported {
    pub kind: SourceKind,
    /// The title as printed (white space removed), when one was found.
    pub title: Option<String>,
    pub agency: String,
    pub year: i64,
    pub version: FormatVersion,
    pub published: Option<NaiveDate>,
    pub intro: Vec<String>,
    pub overview: Body,
    pub problems: Body,
    pub other: Body,
    /// Contact items as (key, value), keys from the report format.
    pub contact: Vec<(&'static str, String)>,
    pub closing: Option<ClosingText>,
    pub tables: [Option<TableFill>; 3],
    /// Where each table section's heading stood, for notes about missing tables.
    pub notes: Vec<Note>,
}

/// A paragraph or table of the source, after clean-up.
#[derive(Clone, Debug)]
pub(super) enum Item {
    Para {
        text: String,
        at: Place,
    },
    Table {
        rows: Vec<Vec<super::source::SourceCell>>,
        at: Place,
    },
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// Recognises a whole report.
pub fn recognise(doc: &SourceDoc) -> Result<Imported, ImportError> {
    let mut notes = Vec::new();
    let items = clean_items(doc, &mut notes);
    let headings = find_sections(&items);
    let first_heading = headings.first().map_or(items.len(), |h| h.1);
    let has_table = items.iter().any(|i| matches!(i, Item::Table { .. }));
    // Title, date and intro: what stands before 一、总体情况.
    let head = &items[..first_heading];
    let (title_at, title) = find_title(head);
    if headings.is_empty() && title.is_none() && !has_table {
        return Err(ImportError::NotAReport(
            "没有找到报告标题，也没有找到「一、总体情况」等六个部分的标题或统计表".into(),
        ));
    }
    let mut published = None;
    let mut intro = Vec::new();
    let start = title_at.map_or(0, |(_, end)| end);
    if let Some((first, _)) = title_at
        && first > 0
    {
        notes.push(Note::new(
            head_place(head, 0),
            format!("标题之前的 {first} 段（网站导航等）不属于报告，未导入"),
        ));
    }
    for item in &head[start..] {
        if let Item::Para { text, at } = item {
            if published.is_none()
                && intro.is_empty()
                && text.chars().count() <= 40
                && let Some(d) = find_date(text)
            {
                published = Some(d);
                let _ = at;
                continue;
            }
            if stray_table_row(text) {
                notes.push(stray_note(text, *at));
                continue;
            }
            intro.push(text.clone());
        }
    }
    let (agency, year) = agency_and_year(title.as_deref(), &items, &mut notes);
    let version = match FormatVersion::for_year(year) {
        Some(v) => v,
        None => {
            notes.push(Note::new(None, format!(
                "报告年度 {year} 不在 nianbao 支持的范围内（2019 年起），按 2021 版格式读取表格；请核对年度"
            )));
            FormatVersion::V2021
        }
    };
    // Sections.
    let mut sections: Vec<(SectionId, Vec<Item>, Place)> = Vec::new();
    for (n, (id, index, rest)) in headings.iter().enumerate() {
        let end = headings.get(n + 1).map_or(items.len(), |h| h.1);
        let at = item_place(&items[*index]);
        let mut body = Vec::new();
        if !rest.is_empty() {
            body.push(Item::Para {
                text: rest.clone(),
                at,
            });
        }
        body.extend_from_slice(&items[index + 1..end]);
        sections.push((*id, body, at));
    }
    let mut overview = Body::default();
    let mut problems = Body::default();
    let mut other = Body::default();
    let mut contact = Vec::new();
    let mut closing = None;
    let mut table_items: [Vec<&Item>; 3] = Default::default();
    let mut table_heading: [Option<Place>; 3] = [None; 3];
    for (id, body, at) in &sections {
        let (mut paras, tables_here) = split_items(body);
        if id.narrative_key().is_some() {
            paras.retain(|(text, at)| {
                let stray = stray_table_row(text);
                if stray {
                    notes.push(stray_note(text, *at));
                }
                !stray
            });
        }
        match id {
            SectionId::Overview => overview = narrative::body(&paras, true, &mut notes),
            SectionId::Problems => problems = narrative::body(&paras, false, &mut notes),
            SectionId::Other => {
                let mut paras = paras;
                narrative::drop_page_trailer(&mut paras, &mut notes);
                closing = narrative::take_closing(&mut paras);
                contact = narrative::take_contact(&mut paras, &mut notes);
                other = narrative::body(&paras, false, &mut notes);
            }
            _ => {
                let t = table_for(*id);
                table_heading[t as usize] = Some(*at);
                table_items[t as usize].extend(body.iter());
            }
        }
        for t in tables_here {
            // A table standing in a narrative section (no heading of its own).
            if let Some(tid) = classify_table(t) {
                table_items[tid as usize].push(t);
            }
        }
    }
    if sections.is_empty() {
        for item in &items {
            if let Some(tid) = classify_table(item) {
                table_items[tid as usize].push(item);
            }
        }
    }
    let mut tables_found: [Option<TableFill>; 3] = [None, None, None];
    for id in TableId::ALL {
        let def = table_def(version, id);
        let (toks, dropped) = tokens(&table_items[id as usize]);
        let fill = tables::recognise(def, &toks, dropped, &mut notes);
        if fill.is_none() {
            let headers_only = toks.iter().any(|t| matches!(t, Tok::Cell { .. }));
            let where_ = match table_heading[id as usize] {
                Some(p) if headers_only => format!(
                    "原文「{}」（{}）之下只有表头，没有一行数字（表格可能在此中断）",
                    id.section().heading(),
                    At::line(p)
                ),
                Some(p) => format!(
                    "原文只有标题「{}」（{}），其下没有表格",
                    id.section().heading(),
                    At::line(p)
                ),
                None => format!("原文没有「{}」部分", id.section().heading()),
            };
            notes.push(Note::new(
                None,
                format!(
                    "没有找到{}：{where_}；报告文件中不写这张表，check 会报告缺表",
                    id.name()
                ),
            ));
        }
        tables_found[id as usize] = fill;
    }
    for id in [SectionId::Overview, SectionId::Problems, SectionId::Other] {
        if !headings.iter().any(|h| h.0 == id) {
            notes.push(Note::new(
                None,
                format!("没有找到「{}」的标题，这一部分为空", id.heading()),
            ));
        }
    }
    if published.is_none() {
        published = closing.as_ref().and_then(|c: &ClosingText| c.date);
    }
    Ok(Imported {
        kind: doc.kind,
        title,
        agency,
        year,
        version,
        published,
        intro: narrative::join_broken_lines(intro),
        overview,
        problems,
        other,
        contact,
        closing,
        tables: tables_found,
        notes,
    })
}

fn table_for(id: SectionId) -> TableId {
    match id {
        SectionId::Proactive => TableId::Two,
        SectionId::Requests => TableId::Three,
        _ => TableId::Four,
    }
}

fn item_place(item: &Item) -> Place {
    match item {
        Item::Para { at, .. } | Item::Table { at, .. } => *at,
    }
}

fn head_place(items: &[Item], i: usize) -> Option<At> {
    items.get(i).map(|it| At::line(item_place(it)))
}

/// Text paragraphs of a narrative section, and the tables that stand in it.
fn split_items(body: &[Item]) -> (Vec<(String, Place)>, Vec<&Item>) {
    let mut paras = Vec::new();
    let mut tables = Vec::new();
    for item in body {
        match item {
            Item::Para { text, at } => paras.push((text.clone(), *at)),
            Item::Table { .. } => tables.push(item),
        }
    }
    (paras, tables)
}

/// A line of a table (a label and at least three figures) standing among the narrative.
fn stray_table_row(text: &str) -> bool {
    let cells = split_cells(text);
    text.chars().count() <= 100
        && cells.len() >= 4
        && cells[1..].iter().all(|c| looks_like_figure(c))
}

fn stray_note(text: &str, at: Place) -> Note {
    Note::new(
        Some(At::line(at)),
        format!("「{text}」是表格的一行，却不在表格所属的部分之下，未导入；请核对"),
    )
}

/// Which table a real table block is, judged from its labels.
fn classify_table(item: &Item) -> Option<TableId> {
    let Item::Table { rows, .. } = item else {
        return None;
    };
    let text: String = rows.iter().flatten().map(|c| c.text.as_str()).collect();
    if text.contains("第二十条") {
        Some(TableId::Two)
    } else if text.contains("申请人情况") || text.contains("本年新收") {
        Some(TableId::Three)
    } else if text.contains("行政复议") && text.contains("行政诉讼") {
        Some(TableId::Four)
    } else {
        None
    }
}

/// The cell stream of a table section; the flag says blank cells were dropped (text).
fn tokens(items: &[&Item]) -> (Vec<Tok>, bool) {
    let mut toks = Vec::new();
    let mut dropped = false;
    for item in items {
        match item {
            Item::Para { text, at } => {
                dropped = true;
                for cell in split_cells(text) {
                    toks.push(Tok::Cell {
                        text: cell,
                        at: At::line(*at),
                    });
                }
            }
            Item::Table { rows, at } => {
                for (r, row) in rows.iter().enumerate() {
                    for (c, cell) in row.iter().enumerate() {
                        toks.push(Tok::Cell {
                            text: cell.text.clone(),
                            at: At {
                                place: *at,
                                cell: Some((r + 1, c + 1)),
                            },
                        });
                    }
                    toks.push(Tok::RowEnd);
                }
            }
        }
    }
    (toks, dropped)
}

/// Cells of one text line: tab or `|` separated, else runs of white space
/// (neighbouring words that are not figures are joined back into one label).
pub(super) fn split_cells(line: &str) -> Vec<String> {
    let pieces: Vec<String> = if line.contains('\t') {
        line.split('\t').map(|s| s.trim().to_string()).collect()
    } else if line.contains('|') {
        line.split('|').map(|s| s.trim().to_string()).collect()
    } else {
        // A row written with spaces is a label, then figures: the figures are the
        // trailing pieces; everything before them (a label split by spaces, or a
        // sentence such as 「2020 年,我单位…」) stays one piece.
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        let figures = words
            .iter()
            .rev()
            .take_while(|w| looks_like_figure(w))
            .count();
        let split = words.len() - figures;
        let mut out: Vec<String> = Vec::new();
        if split > 0 {
            out.push(words[..split].concat());
        }
        out.extend(words[split..].iter().map(|w| w.to_string()));
        out
    };
    pieces.into_iter().filter(|p| !p.is_empty()).collect()
}

fn looks_like_figure(w: &str) -> bool {
    static FIG: OnceLock<Regex> = OnceLock::new();
    re(
        &FIG,
        r"^(?:[+\-－]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?|[/／\-－—–无])",
    )
    .is_match(w)
        && !w.contains(['、', '.'].as_ref())
        || w.chars().all(|c| c.is_ascii_digit())
}

/// Paragraphs cleaned of conversion debris, long web lines split at inline headings.
fn clean_items(doc: &SourceDoc, notes: &mut Vec<Note>) -> Vec<Item> {
    static DEBRIS: OnceLock<Regex> = OnceLock::new();
    static INLINE: OnceLock<Regex> = OnceLock::new();
    let debris = re(&DEBRIS, r"\[bookmark: [^\]]*\]");
    let inline = re(
        &INLINE,
        r"[ \u{3000}]+((?:[一二三四五六]、|[（(][一二三四五六七八九十]{1,3}[）)])\S)",
    );
    let mut out = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Para { text, at } => {
                let mut text = text.clone();
                if debris.is_match(&text) {
                    notes.push(Note::new(
                        Some(At::line(*at)),
                        "删去了文字处理软件留下的书签标记「[bookmark: …]」",
                    ));
                    text = debris.replace_all(&text, "").into_owned();
                }
                let text = text
                    .trim_matches(|c: char| c.is_whitespace() || c == '|')
                    .to_string();
                if text.is_empty() {
                    continue;
                }
                if page_number(&text) {
                    notes.push(Note::new(
                        Some(At::line(*at)),
                        format!("删去了页码行「{text}」"),
                    ));
                    continue;
                }
                let mut last = 0;
                let mut cuts = Vec::new();
                if !text.contains('\t') {
                    for m in inline.captures_iter(&text) {
                        let g = m.get(1).expect("group");
                        cuts.push(g.start());
                    }
                }
                for cut in cuts {
                    let piece = text[last..cut].trim();
                    if !piece.is_empty() {
                        out.push(Item::Para {
                            text: piece.to_string(),
                            at: *at,
                        });
                    }
                    last = cut;
                }
                let piece = text[last..].trim();
                if !piece.is_empty() {
                    out.push(Item::Para {
                        text: piece.to_string(),
                        at: *at,
                    });
                }
            }
            Block::Table { rows, at } => out.push(Item::Table {
                rows: rows.clone(),
                at: *at,
            }),
        }
    }
    out
}

/// A page number printed in the text: 「— 3 —」「-3-」「第 3 页」「第3页 共9页」.
fn page_number(text: &str) -> bool {
    static PAGE: OnceLock<Regex> = OnceLock::new();
    re(
        &PAGE,
        r"^(?:[-—－–]+\s*\d{1,3}\s*[-—－–]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|[Pp]\.\s*\d{1,3}|Page\s+\d{1,3}(?:\s+-\s+\S*)?)$",
    )
    .is_match(text)
}

/// Words that mark each section's heading (the official title varies in wording).
fn section_words(id: SectionId) -> &'static [&'static str] {
    match id {
        SectionId::Overview => &["总体", "概述", "基本情况"],
        SectionId::Proactive => &["主动公开"],
        SectionId::Requests => &["申请"],
        SectionId::Appeals => &["复议", "诉讼"],
        SectionId::Problems => &["问题", "改进"],
        SectionId::Other => &["其他", "其它", "事项"],
    }
}

/// Section headings in order: (section, item index, text after the heading).
fn find_sections(items: &[Item]) -> Vec<(SectionId, usize, String)> {
    static HEAD: OnceLock<Regex> = OnceLock::new();
    let head = re(&HEAD, r"^([一二三四五六])\s*[、.．,，]\s*(.*)$");
    let mut out: Vec<(SectionId, usize, String)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Item::Para { text, .. } = item else {
            continue;
        };
        if text.contains('\t') {
            continue;
        }
        let Some(c) = head.captures(text) else {
            continue;
        };
        let n = "一二三四五六"
            .chars()
            .position(|ch| c[1].starts_with(ch))
            .expect("numeral");
        let id = SectionId::ALL[n];
        if out.last().is_some_and(|(last, _, _)| (*last as usize) >= n) {
            continue;
        }
        let rest = c[2].trim();
        // The heading's own words: up to the first space or 。 when text follows on the line.
        let title: &str = rest
            .split(|ch: char| ch.is_whitespace() || ch == '。')
            .next()
            .unwrap_or("");
        if title.chars().count() > 30 {
            continue;
        }
        let official = id.title();
        let fits = section_words(id).iter().any(|w| title.contains(w))
            || strsim::normalized_levenshtein(title, official) >= 0.6;
        if fits {
            out.push((id, i, rest[title.len()..].trim().to_string()));
        }
    }
    out
}

/// The title: a short paragraph naming a 年度报告 (joined with an agency line above it).
fn find_title(head: &[Item]) -> (Option<(usize, usize)>, Option<String>) {
    for (i, item) in head.iter().enumerate().take(40) {
        let Item::Para { text, .. } = item else {
            continue;
        };
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.chars().count() > 80 || !(compact.contains("报告") && compact.contains("年"))
        {
            continue;
        }
        if compact.starts_with(['根', '本', '依', '按']) {
            continue;
        }
        let mut first = i;
        let mut title = compact.clone();
        if compact.starts_with(|c: char| c.is_ascii_digit() || c == '（' || c == '(')
            && i > 0
            && let Item::Para { text: above, .. } = &head[i - 1]
            && above.chars().count() <= 40
        {
            let above: String = above.chars().filter(|c| !c.is_whitespace()).collect();
            title = format!("{above}{title}");
            first = i - 1;
        }
        return (Some((first, i + 1)), Some(title));
    }
    (None, None)
}

/// A date printed alone: 「2024年1月15日」「2023-01-06」「（2023-01-06）」「发布日期：…」.
pub(super) fn find_date(text: &str) -> Option<NaiveDate> {
    static DATE: OnceLock<Regex> = OnceLock::new();
    let date = re(
        &DATE,
        r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?",
    );
    let c = date.captures(text)?;
    let rest = date.replace(text, "");
    let rest: String = rest
        .chars()
        .filter(|c| !c.is_whitespace() && !"()（）:：".contains(*c))
        .collect();
    if rest.chars().count() > 8 {
        return None;
    }
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// The agency and year from the title, else from the text.
fn agency_and_year(title: Option<&str>, items: &[Item], notes: &mut Vec<Note>) -> (String, i64) {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    static PERIOD: OnceLock<Regex> = OnceLock::new();
    let year_re = re(&YEAR, r"((?:19|20)\d{2})\s*年");
    let period = re(&PERIOD, r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日");
    let mut agency = String::new();
    let mut year = None;
    if let Some(t) = title
        && let Some(m) = year_re.captures(t)
    {
        let whole = m.get(0).expect("match");
        agency = t[..whole.start()].trim().to_string();
        year = m[1].parse().ok();
    }
    if year.is_none() {
        let paras = || {
            items.iter().filter_map(|i| match i {
                Item::Para { text, .. } if !text.contains('\t') && !text.contains('|') => {
                    Some(text.as_str())
                }
                _ => None,
            })
        };
        let from_period = paras().find_map(|t| period.captures(t).and_then(|c| c[1].parse().ok()));
        // Else the year the narrative names most often (the report's own year).
        let mut counts: Vec<(i64, usize)> = Vec::new();
        for t in paras().take(60) {
            for c in year_re.captures_iter(t) {
                let y: i64 = c[1].parse().unwrap_or(0);
                match counts.iter_mut().find(|(k, _)| *k == y) {
                    Some(e) => e.1 += 1,
                    None => counts.push((y, 1)),
                }
            }
        }
        let most_named = counts
            .into_iter()
            .max_by_key(|(y, n)| (*n, -*y))
            .map(|(y, _)| y);
        let message = match (from_period, most_named) {
            (Some(y), _) => {
                year = Some(y);
                format!("标题中没有报告年度，按正文的统计期限定为 {y} 年；请核对")
            }
            (None, Some(y)) => {
                year = Some(y);
                format!("没有找到标题和统计期限，按正文最常提到的年份定为 {y} 年；请核对")
            }
            _ => "没有找到报告年度，暂写 2021；请在 [report] year 处改正".to_string(),
        };
        notes.push(Note::new(None, message));
    }
    if agency.is_empty() {
        notes.push(Note::new(
            None,
            "没有从标题中识别出机关名称，暂写「待填写」；请在 [report] agency 处改正",
        ));
        agency = "待填写".to_string();
    }
    (agency, year.unwrap_or(2021))
}
