//! From a [`SourceDoc`] to the parts of a report: title, agency, year, dates,
//! the narrative of every section, contact details, closing and tables.

use chrono::NaiveDate;
use regex::Regex;
use std::sync::OnceLock;

use super::cells;
use super::error::ImportError;
use super::fill::{TableFill, Tok, short_name};
use super::grid;
pub use super::item::ClosingText;
use super::item::Item;
use super::narrative::{self, Body};
use super::notes::{At, Note};
use super::re;
use super::source::{Block, Place, SourceDoc, SourceKind};
use super::tables;
use super::title::{agency_and_year, find_date, find_title, site_chrome};
use crate::format::{
    FIRST_YEAR, FormatVersion, LAST_YEAR, SectionId, TableDef, TableId, table_def,
};

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
    /// What was blank, odd or could not be placed, in reading order.
    pub notes: Vec<Note>,
    /// Where the title stands in the published file.
    pub title_at: Option<Place>,
    /// Where each part's heading stands in the published file.
    pub section_at: Vec<(SectionId, Place)>,
}

/// Recognises a whole report: the items of the file, cleaned; the part before
/// 一、 (title, date, intro); the six parts; the narrative of 一、五、六 and the
/// tables of 二、三、四.
pub fn recognise(doc: &SourceDoc) -> Result<Imported, ImportError> {
    let mut notes = Vec::new();
    let (mut items, report) = clean_items(doc, &mut notes);
    if let Some(report) = &report {
        drop_page_footer(&mut items, report.end, &mut notes);
    }
    let headings = find_sections(&items);
    let first_heading = headings.first().map_or(items.len(), |h| h.index);
    let has_table = items.iter().any(|i| matches!(i, Item::Table { .. }));
    let head = read_head(&items[..first_heading], report.map(|r| r.start), &mut notes);
    if headings.is_empty() && head.title.is_none() && !has_table {
        return Err(ImportError::NotAReport(
            "没有找到报告标题，也没有找到「一、总体情况」等六个部分的标题或统计表".into(),
        ));
    }
    let (agency, year) = agency_and_year(head.title.as_deref(), &items, &mut notes);
    let version = version_for(year, &mut notes);
    note_renumbered(&items, &headings, &mut notes);
    let sections = split_sections(&items, &headings);
    // Plain text, PDF and OFD lines may break inside a sentence; HTML and DOCX
    // paragraphs are the author's own.
    let join_lines = matches!(
        doc.kind,
        SourceKind::Text | SourceKind::Pdf | SourceKind::Ofd
    );
    let mut orphans: [Vec<&Item>; 3] = Default::default();
    sort_rows(version, head.rows.iter(), &mut orphans, &mut notes);
    let (text, mut sources) =
        read_sections(version, &sections, join_lines, &mut orphans, &mut notes);
    if sections.is_empty() {
        for item in &items {
            if let Some(tid) = classify_table(item) {
                sources.items[tid as usize].push(item);
            }
        }
    }
    adopt_orphans(orphans, &mut sources, &mut notes);
    let tables = read_tables(version, &sources, &mut notes);
    for (id, body) in [
        (SectionId::Overview, &text.overview),
        (SectionId::Problems, &text.problems),
        (SectionId::Other, &text.other),
    ] {
        if !headings.iter().any(|h| h.id == id) && body.is_empty() {
            notes.push(Note::new(
                None,
                format!("没有找到「{}」的标题，这一部分为空", id.heading()),
            ));
        }
    }
    // A date printed under the title; else the one the file's metadata gives
    // (a page's PubDate, nianbao's own outputs) when it falls after the year
    // reported on (nianbao's DOCX without a publication date carries the
    // year's last day); else the closing date.
    let metadata_date = doc
        .published
        .filter(|d| i64::from(chrono::Datelike::year(d)) > year);
    let published = head
        .published
        .or(metadata_date)
        .or_else(|| text.closing.as_ref().and_then(|c| c.date));
    Ok(Imported {
        kind: doc.kind,
        title: head.title,
        agency,
        year,
        version,
        published,
        intro: if join_lines {
            narrative::join_broken_lines(head.intro)
        } else {
            head.intro
        },
        overview: text.overview,
        problems: text.problems,
        other: text.other,
        contact: text.contact,
        closing: text.closing,
        tables,
        notes,
        title_at: head.title_at,
        section_at: sections.iter().map(|(id, _, at)| (*id, *at)).collect(),
    })
}

/// What stands before 一、总体情况: the title, the publication date and the intro.
struct Head {
    title: Option<String>,
    title_at: Option<Place>,
    published: Option<NaiveDate>,
    intro: Vec<String>,
    /// Table rows printed before the first part heading.
    rows: Vec<Item>,
}

/// Reads the items before the first part heading; site menus above the title
/// are noted and dropped, table rows kept aside for their table. Between the
/// title and `report_start` (the report's own element on a web page) stand
/// the page's share and download links: dropped, noted once.
fn read_head(head: &[Item], report_start: Option<usize>, notes: &mut Vec<Note>) -> Head {
    let (title_span, title) = find_title(head);
    let mut published = None;
    let mut intro = Vec::new();
    let mut rows = Vec::new();
    let start = title_span.map_or(0, |(_, end)| end);
    let mut rest: Vec<&Item> = head[start..].iter().collect();
    if let Some(report) = report_start.filter(|r| title_span.is_some() && *r > start) {
        let report = report.min(head.len());
        let (date, kept) = drop_page_links(&head[start..report], notes);
        published = date;
        rest = kept.into_iter().chain(&head[report..]).collect();
    }
    if let Some((first, _)) = title_span
        && first > 0
    {
        notes.push(Note::new(
            head_place(head, 0),
            format!("标题之前的 {first} 段（网站导航等）不属于报告，未导入"),
        ));
    }
    for item in rest {
        if let Item::Para { text, at } = item {
            if published.is_none()
                && intro.is_empty()
                && text.chars().count() <= 80
                && let Some(d) = find_date(text)
            {
                published = Some(d);
                continue;
            }
            if stray_table_row(text) {
                rows.push(item.clone());
                continue;
            }
            if text.chars().count() <= 60 && site_chrome(text) {
                notes.push(Note::new(
                    Some(At::line(*at)),
                    format!("网站导航「{text}」不属于报告，未导入"),
                ));
                continue;
            }
            intro.push(text.clone());
        }
    }
    Head {
        title,
        title_at: title_span
            .and_then(|(first, _)| head.get(first))
            .map(item_place),
        published,
        intro,
        rows,
    }
}

/// The items of a web page between the title and the report's own element:
/// share and download links, dropped and noted once; a date among them is
/// the publication date, and sentences (an introduction set apart from the
/// report's element) are kept.
fn drop_page_links<'a>(
    items: &'a [Item],
    notes: &mut Vec<Note>,
) -> (Option<NaiveDate>, Vec<&'a Item>) {
    let mut published = None;
    let mut links = Vec::new();
    let mut kept = Vec::new();
    for item in items {
        let text = match item {
            Item::Para { text, .. } => Some(text.as_str()),
            Item::Table { .. } => None,
        };
        if let Some(date) = text.filter(|_| published.is_none()).and_then(find_date) {
            published = Some(date);
        } else if text.is_some_and(is_prose) {
            kept.push(item);
        } else {
            links.push(item);
        }
    }
    if let Some(first) = links.first() {
        notes.push(Note::new(
            Some(At::line(item_place(first))),
            format!(
                "标题与报告正文之间的 {} 段（「{}」等，网页的分享、下载等链接）不属于报告，未导入",
                links.len(),
                short_text(&item_text(first))
            ),
        ));
    }
    (published, kept)
}

/// The format of the report's year; a year nianbao does not know is read in
/// the latest format, noted.
fn version_for(year: i64, notes: &mut Vec<Note>) -> FormatVersion {
    FormatVersion::for_year(year).unwrap_or_else(|| {
        notes.push(Note::new(None, format!(
            "报告年度 {year} 不在 nianbao 支持的范围内（{FIRST_YEAR}–{LAST_YEAR} 年），按{}格式读取表格；请核对年度",
            FormatVersion::latest().circular()
        )));
        FormatVersion::latest()
    })
}

/// A part of the report: its id, its items (the heading's own text first) and
/// where its heading stands.
type Section = (SectionId, Vec<Item>, Place);

/// Cuts the items at the part headings.
fn split_sections(items: &[Item], headings: &[Heading]) -> Vec<Section> {
    let mut sections = Vec::new();
    for (
        n,
        Heading {
            id, index, rest, ..
        },
    ) in headings.iter().enumerate()
    {
        let end = headings.get(n + 1).map_or(items.len(), |h| h.index);
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
    sections
}

/// The narrative parts of the report as the report file holds them.
#[derive(Default)]
struct Narrative {
    overview: Body,
    problems: Body,
    other: Body,
    contact: Vec<(&'static str, String)>,
    closing: Option<ClosingText>,
}

impl Narrative {
    /// Takes from the report's last paragraphs what ends it: the web page's
    /// trailer (dropped), the contact block and the closing.
    fn take_report_end(&mut self, paras: &mut Vec<(String, Place)>, notes: &mut Vec<Note>) {
        narrative::drop_page_trailer(paras, notes);
        // Contact first: this tool's documents print it after the closing.
        self.contact = narrative::take_contact(paras, notes);
        self.closing = narrative::take_closing(paras);
    }
}

/// The items each table is read from, and where each table's heading stands.
#[derive(Default)]
struct TableSources<'a> {
    items: [Vec<&'a Item>; 3],
    heading: [Option<Place>; 3],
}

/// Reads the narrative of 一、五、六 (with the closing and contact at the end of
/// the report) and gathers the items of each table: under its own heading, or a
/// table standing in a narrative part; table rows among the narrative go to
/// `orphans` by the table their labels name.
fn read_sections<'a>(
    version: FormatVersion,
    sections: &'a [Section],
    join_lines: bool,
    orphans: &mut [Vec<&'a Item>; 3],
    notes: &mut Vec<Note>,
) -> (Narrative, TableSources<'a>) {
    let mut text = Narrative::default();
    let mut sources = TableSources::default();
    let reading = narrative::Reading {
        topics: false,
        join_lines,
    };
    let overview_reading = narrative::Reading {
        topics: true,
        ..reading
    };
    let last_narrative = sections
        .iter()
        .rev()
        .map(|s| s.0)
        .find(|id| matches!(id, SectionId::Problems | SectionId::Other));
    let has_problems = sections.iter().any(|s| s.0 == SectionId::Problems);
    for (id, body, at) in sections {
        let (mut paras, tables_here) = split_items(body);
        if id.narrative_key().is_some() {
            paras.retain(|(text, _)| !stray_table_row(text));
            let rows = body
                .iter()
                .filter(|i| matches!(i, Item::Para { text, .. } if stray_table_row(text)));
            sort_rows(version, rows, orphans, notes);
        }
        // The end of the report (六, or 五 when 六 is missing) holds the closing,
        // the contact block and whatever the web page adds after the report.
        if Some(*id) == last_narrative {
            text.take_report_end(&mut paras, notes);
        }
        match id {
            SectionId::Overview => text.overview = narrative::body(&paras, overview_reading, notes),
            SectionId::Problems => text.problems = narrative::body(&paras, reading, notes),
            SectionId::Other => text.other = narrative::body(&paras, reading, notes),
            _ => {
                let t = table_for(*id);
                sources.heading[t as usize] = Some(*at);
                let (table_items, after) = body.split_at(text_after_table(version, body));
                if let Some(first) = after.first() {
                    let mut paras: Vec<(String, Place)> = split_items(after).0;
                    let first_words = short_text(&paras[0].0);
                    let line = Some(At::line(item_place(first)));
                    if *id == SectionId::Appeals && !has_problems {
                        notes.push(Note::new(line, format!(
                            "原文没有「{}」的标题，「{}」的表格之后从「{first_words}」起的文字按这一部分导入；请核对",
                            SectionId::Problems.heading(),
                            id.heading()
                        )));
                        // Without 五 and 六, this text ends the report.
                        if last_narrative.is_none() {
                            text.take_report_end(&mut paras, notes);
                        }
                        text.problems = narrative::body(&paras, reading, notes);
                    } else {
                        notes.push(Note::new(line, format!(
                            "「{}」的表格之后从「{first_words}」起的 {} 段文字在报告文件中没有对应位置，未导入",
                            id.heading(),
                            paras.len()
                        )));
                    }
                }
                for item in table_items {
                    match item {
                        // Explanatory text under a table's heading has no place in
                        // the report file: say so rather than drop it silently.
                        Item::Para { text, at } if is_prose(text) => notes.push(Note::new(
                            Some(At::line(*at)),
                            format!(
                                "「{}」下的文字「{}」在报告文件中没有对应位置（这一部分只有表格），未导入",
                                id.heading(),
                                short_text(text)
                            ),
                        )),
                        _ => sources.items[t as usize].push(item),
                    }
                }
            }
        }
        if id.narrative_key().is_some() {
            // A table standing in a narrative section (no heading of its own).
            for t in tables_here {
                if let Some(tid) = classify_table(t) {
                    sources.items[tid as usize].push(t);
                }
            }
        }
    }
    (text, sources)
}

/// Sorts table rows found outside their table's part by the table their
/// official labels name; a row whose label names none is refused, noted.
fn sort_rows<'a>(
    version: FormatVersion,
    rows: impl Iterator<Item = &'a Item>,
    orphans: &mut [Vec<&'a Item>; 3],
    notes: &mut Vec<Note>,
) {
    for item in rows {
        if let Item::Para { text, at } = item {
            match table_of_row(version, text) {
                Some(t) => orphans[t as usize].push(item),
                None => notes.push(stray_note(text, *at)),
            }
        }
    }
}

/// Table rows found among the narrative are read as their table when that
/// table has no rows under its own heading (a report that prints its tables
/// under headings of its own, or under none), with one note; beside a table
/// that has its own rows they are refused one by one.
fn adopt_orphans<'a>(
    orphans: [Vec<&'a Item>; 3],
    sources: &mut TableSources<'a>,
    notes: &mut Vec<Note>,
) {
    for (t, rows) in orphans.into_iter().enumerate() {
        let Some(first) = rows.first() else {
            continue;
        };
        let has_rows = sources.items[t].iter().any(|i| match i {
            Item::Table { .. } => true,
            Item::Para { text, .. } => stray_table_row(text),
        });
        if has_rows {
            for item in rows {
                if let Item::Para { text, at } = item {
                    notes.push(stray_note(text, *at));
                }
            }
            continue;
        }
        let id = TableId::ALL[t];
        notes.push(Note::new(
            Some(At::line(item_place(first))),
            format!(
                "有 {} 行不在「{}」之下，按官方行标签认定为{}的行并导入；请核对",
                rows.len(),
                id.section().heading(),
                short_name(id)
            ),
        ));
        sources.items[t].extend(rows);
    }
}

/// The table whose official row labels a printed row's label matches best
/// (typos and numbering aside); `None` when no label fits or two tables fit
/// equally well (「合计」).
fn table_of_row(version: FormatVersion, text: &str) -> Option<TableId> {
    let cells = split_cells(text);
    let label = cells::norm(cells.first()?);
    if label.chars().count() < 2 {
        return None;
    }
    let mut best: Vec<(f64, TableId)> = TableId::ALL
        .into_iter()
        .map(|id| {
            let s = table_def(version, id)
                .fields
                .iter()
                .map(|f| cells::score(&label, &cells::norm(f.label)))
                .fold(0.0, f64::max);
            (s, id)
        })
        .collect();
    best.sort_by(|a, b| b.0.total_cmp(&a.0));
    (best[0].0 >= cells::MATCH && best[0].0 > best[1].0 + 1e-9).then_some(best[0].1)
}

/// Reads tables 二、三、四 in the year's format; a table not found is noted
/// with what stood in its place.
fn read_tables(
    version: FormatVersion,
    sources: &TableSources,
    notes: &mut Vec<Note>,
) -> [Option<TableFill>; 3] {
    let mut found: [Option<TableFill>; 3] = [None, None, None];
    for id in TableId::ALL {
        let def = table_def(version, id);
        let (toks, dropped) = tokens(&sources.items[id as usize]);
        note_other_format(def, &toks, notes);
        let fill = tables::recognise(def, &toks, dropped, notes);
        if fill.is_none() {
            let headers_only = toks.iter().any(|t| matches!(t, Tok::Cell { .. }));
            let heading = sources.heading[id as usize];
            let where_ = match heading {
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
                heading.map(At::line),
                format!(
                    "没有找到{}：{where_}；报告文件中不写这张表，check 会报告缺表",
                    id.name()
                ),
            ));
        }
        found[id as usize] = fill;
    }
    found
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

/// Where the narrative that follows a table section's table starts (the
/// body's length when none does): the first sub-heading 「（一）…」 or sentence
/// after which nothing of a table stands. A report that drops the heading of
/// 五 prints its problems right under table 四.
fn text_after_table(version: FormatVersion, body: &[Item]) -> usize {
    let of_table = |item: &Item| match item {
        Item::Table { .. } => true,
        Item::Para { text, .. } => {
            text.contains(['\t', '|'])
                || split_cells(text).iter().any(|c| looks_like_figure(c))
                || table_of_row(version, text).is_some()
        }
    };
    let tail = body.iter().rposition(of_table).map_or(0, |i| i + 1);
    let start = body[tail..]
        .iter()
        .position(|item| {
            matches!(item, Item::Para { text, .. }
                if narrative::is_part_heading(text) || is_prose(text))
        })
        .map_or(body.len(), |i| tail + i);
    // Words without a sentence are a table's labels, not narrative.
    let sentences = body[start..]
        .iter()
        .any(|item| matches!(item, Item::Para { text, .. } if text.contains(['。', '，'])));
    if sentences { start } else { body.len() }
}

/// A sentence rather than a table cell: long, and ending a sentence inside or at its end.
fn is_prose(text: &str) -> bool {
    !text.contains('\t') && !text.contains('|') && text.chars().count() > 40 && text.contains('。')
}

fn short_text(s: &str) -> String {
    if s.chars().count() <= 30 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(30).collect::<String>())
    }
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

/// Notes a table printed with labels that only the other format has (a 2021
/// report on the 2019 form, or the reverse): its figures are read by the
/// labels both share, and the clerk should check the rest.
fn note_other_format(def: &TableDef, toks: &[Tok], notes: &mut Vec<Note>) {
    for other in def.version.others() {
        note_format(def, other, toks, notes);
    }
}

/// As [`note_other_format`], for the labels of one other format.
fn note_format(def: &TableDef, other: FormatVersion, toks: &[Tok], notes: &mut Vec<Note>) {
    let labels = |d: &TableDef| -> Vec<String> {
        d.fields
            .iter()
            .flat_map(|f| {
                std::iter::once(f.label)
                    .chain(f.context.iter().copied())
                    .chain(f.columns.iter().map(|c| c.label))
            })
            .map(cells::norm)
            .collect()
    };
    let own = labels(def);
    let foreign: Vec<String> = labels(table_def(other, def.id))
        .into_iter()
        .filter(|l| l.chars().count() >= 4 && !own.contains(l))
        .collect();
    let mut seen: Vec<String> = Vec::new();
    let mut at = None;
    for t in toks {
        if let Tok::Cell { text, at: a } = t {
            let n = cells::norm(text);
            if foreign.contains(&n) && !seen.contains(&n) {
                at.get_or_insert(*a);
                seen.push(n);
            }
        }
    }
    if let Some(at) = at {
        notes.push(Note::new(
            Some(at),
            format!(
                "{}印有另一版格式（{}）才有的标签：{}；按本年度适用的{}格式读取，请核对",
                short_name(def.id),
                other.circular(),
                seen.iter().map(|s| format!("「{s}」")).collect::<String>(),
                def.version.circular()
            ),
        ));
    }
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
                let starts = grid::start_columns(rows);
                let figures_from = grid::first_figure_column(rows, &starts);
                for (r, row) in rows.iter().enumerate() {
                    for (c, cell) in row.iter().enumerate() {
                        if grid::blank_label_cell(cell, starts[r][c], figures_from) {
                            continue;
                        }
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
        // A row written with spaces: labels and figures. Words that are not figures
        // join into one label (「1. 属于国家秘密」); a number that a unit or
        // sentence continues (「2020 年,我单位…」) is part of the text, not a figure.
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        let mut out: Vec<String> = Vec::new();
        let mut prev_label = false;
        for (i, w) in words.iter().enumerate() {
            let continued = words.get(i + 1).is_some_and(|n| {
                n.starts_with(|c: char| "年月日号件个条项次人万元%，,。、；：）)".contains(c))
            });
            let is_label = !looks_like_figure(w) || continued;
            if is_label && prev_label {
                out.last_mut().expect("a previous piece").push_str(w);
            } else {
                out.push(w.to_string());
            }
            prev_label = is_label;
        }
        out
    };
    pieces
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| match cells::unglue(&p) {
            Some((label, figure)) => vec![label.to_string(), figure.to_string()],
            None => vec![p],
        })
        .collect()
}

fn looks_like_figure(w: &str) -> bool {
    cells::is_figure(w)
}

/// The items of a web page after its report's own element (`end`): the
/// report's 落款 when it stands just outside, then the site's footer
/// (links, 版权所有, 网站标识码…), dropped and noted once.
fn drop_page_footer(items: &mut Vec<Item>, end: usize, notes: &mut Vec<Note>) {
    let ending = |item: &Item| match item {
        Item::Para { text, .. } => {
            let t = text.trim();
            find_date(t).is_some() || narrative::is_signature(t) || t.starts_with("特此报告")
        }
        Item::Table { .. } => false,
    };
    let end = end.min(items.len());
    let footer = end + items[end..].iter().take_while(|i| ending(i)).count();
    if let Some(first) = items.get(footer) {
        notes.push(Note::new(
            Some(At::line(item_place(first))),
            format!(
                "报告之后的 {} 段（「{}」等，网站的页脚和链接）不属于报告，未导入",
                items.len() - footer,
                short_text(&item_text(first))
            ),
        ));
        items.truncate(footer);
    }
}

/// The text of an item: a paragraph's, or a table's cells in order.
fn item_text(item: &Item) -> String {
    match item {
        Item::Para { text, .. } => text.clone(),
        Item::Table { rows, .. } => rows
            .iter()
            .flatten()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Paragraphs cleaned of conversion debris, long web lines split at inline
/// headings; with the items the file marks as the report
/// ([`SourceDoc::report`]).
fn clean_items(
    doc: &SourceDoc,
    notes: &mut Vec<Note>,
) -> (Vec<Item>, Option<std::ops::Range<usize>>) {
    let mut out = Vec::new();
    // Where each block's items start, and the end.
    let mut starts = Vec::with_capacity(doc.blocks.len() + 1);
    for block in &doc.blocks {
        starts.push(out.len());
        match block {
            Block::Para { text, at } => push_para(text, *at, &mut out, notes),
            // A page laid out in a table (one or two columns of running text):
            // its cells are paragraphs, not a statistical table.
            Block::Table { rows, at } if is_layout_table(rows) => {
                for cell in rows.iter().flatten() {
                    for line in cell.text.lines() {
                        push_para(line, *at, &mut out, notes);
                    }
                }
            }
            Block::Table { rows, at } => out.push(Item::Table {
                rows: rows.clone(),
                at: *at,
            }),
        }
    }
    starts.push(out.len());
    let report = doc
        .report
        .as_ref()
        .and_then(|r| Some(*starts.get(r.start)?..*starts.get(r.end)?));
    (out, report)
}

/// A table used for page layout: at most two cells a row and long running text.
fn is_layout_table(rows: &[Vec<super::source::SourceCell>]) -> bool {
    let narrow = rows.iter().all(|r| r.len() <= 2);
    let text: Vec<&str> = rows.iter().flatten().map(|c| c.text.as_str()).collect();
    let long = text.iter().any(|t| t.chars().count() > 100);
    narrow && long
}

fn push_para(text: &str, at: Place, out: &mut Vec<Item>, notes: &mut Vec<Note>) {
    static DEBRIS: OnceLock<Regex> = OnceLock::new();
    static INLINE: OnceLock<Regex> = OnceLock::new();
    let debris = re(&DEBRIS, r"\[bookmark: [^\]]*\]");
    let inline = re(
        &INLINE,
        r"[ \u{3000}]+((?:[一二三四五六]、|[（(][一二三四五六七八九十]{1,3}[）)])\S)",
    );
    let mut text = text.to_string();
    if debris.is_match(&text) {
        notes.push(Note::new(
            Some(At::line(at)),
            "删去了文字处理软件留下的书签标记「[bookmark: …]」",
        ));
        text = debris.replace_all(&text, "").into_owned();
    }
    let text = text
        .trim_matches(|c: char| c.is_whitespace() || c == '|')
        .to_string();
    if text.is_empty() {
        return;
    }
    if page_number(&text) {
        notes.push(Note::new(
            Some(At::line(at)),
            format!("删去了页码行「{text}」"),
        ));
        return;
    }
    let mut cuts = Vec::new();
    // Only a long line is a page that lost its line breaks; a short one that
    // names the parts (「本报告由 一、总体情况 二、…组成」) stays whole.
    if !text.contains('\t') && text.chars().count() >= 200 {
        cuts.extend(
            inline
                .captures_iter(&text)
                .map(|m| m.get(1).expect("group").start()),
        );
    }
    cuts.push(text.len());
    let mut last = 0;
    for cut in cuts {
        let piece = text[last..cut].trim();
        if !piece.is_empty() {
            out.push(Item::Para {
                text: piece.to_string(),
                at,
            });
        }
        last = cut;
    }
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

/// Words that name a section whatever number the report gives it: a report
/// that numbers its own parts (一、总体情况 二、工作机制保障 … 一、主动公开政府
/// 信息情况) is cut where these stand.
pub(super) fn section_phrases(id: SectionId) -> &'static [&'static str] {
    match id {
        SectionId::Overview => &["总体情况"],
        SectionId::Proactive => &["主动公开政府信息情况"],
        SectionId::Requests => &["收到和处理政府信息公开申请"],
        SectionId::Appeals => &["行政复议"],
        SectionId::Problems => &["存在的主要问题", "问题及改进", "问题和改进"],
        SectionId::Other => &["其他需要报告"],
    }
}

/// A part heading found in the items.
#[derive(Clone, Debug, PartialEq)]
struct Heading {
    id: SectionId,
    index: usize,
    /// Text after the heading on the same line.
    rest: String,
    /// The heading as printed, when its number is not the official one.
    renumbered: Option<String>,
}

/// Section headings in order. A heading counts when its number is the
/// official one and its words fit, or, whatever its number, when it names a
/// later part in that part's own words.
fn find_sections(items: &[Item]) -> Vec<Heading> {
    static HEAD: OnceLock<Regex> = OnceLock::new();
    let head = re(
        &HEAD,
        r"^\**([一二三四五六七八九十]{1,2})\s*(?:[、.．,，]|\s)\s*(.*?)\**$",
    );
    let mut out: Vec<Heading> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Item::Para { text, .. } = item else {
            continue;
        };
        if text.contains('\t') {
            continue;
        }
        // Bold marks anywhere in a heading (「**一、**总体情况」) are no part of it.
        let plain = text.replace("**", "");
        let Some(c) = head.captures(&plain) else {
            continue;
        };
        let numeral = if c[1].chars().count() == 1 {
            "一二三四五六".chars().position(|ch| c[1].starts_with(ch))
        } else {
            None
        };
        let rest = c[2].trim();
        // The heading's own words: up to the first space or 。 when text follows on the line.
        let title: &str = rest
            .split(|ch: char| ch.is_whitespace() || ch == '。')
            .next()
            .unwrap_or("");
        if title.chars().count() > 30 {
            continue;
        }
        let after = |n: usize| out.last().is_none_or(|h| (h.id as usize) < n);
        let official = numeral.filter(|n| {
            let id = SectionId::ALL[*n];
            after(*n)
                && (section_words(id).iter().any(|w| title.contains(w))
                    || strsim::normalized_levenshtein(title, id.title()) >= 0.6)
        });
        let by_words = || {
            SectionId::ALL.into_iter().find(|id| {
                after(*id as usize) && section_phrases(*id).iter().any(|w| title.contains(w))
            })
        };
        let (id, renumbered) = match official {
            Some(n) => (SectionId::ALL[n], None),
            None => match by_words() {
                Some(id) => (id, Some(format!("{}、{title}", &c[1]))),
                None => continue,
            },
        };
        out.push(Heading {
            id,
            index: i,
            rest: rest[title.len()..].trim().to_string(),
            renumbered,
        });
    }
    out
}

/// One note for a report that numbers its parts its own way.
fn note_renumbered(items: &[Item], headings: &[Heading], notes: &mut Vec<Note>) {
    let own: Vec<&Heading> = headings.iter().filter(|h| h.renumbered.is_some()).collect();
    let Some(first) = own.first() else {
        return;
    };
    let printed: String = own
        .iter()
        .map(|h| {
            format!(
                "「{}」为「{}」",
                h.renumbered.as_deref().unwrap_or_default(),
                h.id.heading()
            )
        })
        .collect::<Vec<_>>()
        .join("、");
    notes.push(Note::new(
        Some(At::line(item_place(&items[first.index]))),
        format!(
            "原文自行编排了各部分的序号，按标题文字认定：{printed}；原文其余自编序号的标题作为所在部分的小标题导入（编号按（一）（二）…），请核对"
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_of_text_lines() {
        assert_eq!(split_cells("\t规章\t0\t\t1"), ["规章", "0", "1"]);
        assert_eq!(
            split_cells("商业 企业 | 科研 机构 |"),
            ["商业 企业", "科研 机构"]
        );
        assert_eq!(
            split_cells("1. 属于国家秘密 0 0 0"),
            ["1.属于国家秘密", "0", "0", "0"]
        );
        assert_eq!(
            split_cells("规章 0 0 0 行政规范性文件 2 1 9"),
            ["规章", "0", "0", "0", "行政规范性文件", "2", "1", "9"]
        );
        assert_eq!(split_cells("2020 年,我单位未出现"), ["2020年,我单位未出现"]);
        assert_eq!(
            split_cells("行政事业性收费 12.30"),
            ["行政事业性收费", "12.30"]
        );
        assert_eq!(split_cells("2. 重复申请 / 0"), ["2.重复申请", "/", "0"]);
    }

    #[test]
    fn dates_and_page_numbers() {
        assert_eq!(
            find_date("(2023-01-06)"),
            NaiveDate::from_ymd_opt(2023, 1, 6)
        );
        assert_eq!(
            find_date("2024年1月15日"),
            NaiveDate::from_ymd_opt(2024, 1, 15)
        );
        assert_eq!(find_date("本报告统计期限为2024年1月1日至12月31日"), None);
        assert!(page_number("— 3 —") && page_number("-3-") && page_number("第 3 页"));
        assert!(!page_number("3") && !page_number("一、总体情况"));
    }

    #[test]
    fn section_headings_need_their_words() {
        let items: Vec<Item> = [
            "一、总体情况",
            "三、收到和处理政府信息公开申请情况",
            "三、本年度办理结果",
            "四、结转下年度继续办理",
            "四、政府信息公开行政复议、行政诉讼情况",
        ]
        .iter()
        .map(|t| Item::Para {
            text: t.to_string(),
            at: Place::default(),
        })
        .collect();
        let found: Vec<(SectionId, usize)> = find_sections(&items)
            .into_iter()
            .map(|h| (h.id, h.index))
            .collect();
        assert_eq!(
            found,
            [
                (SectionId::Overview, 0),
                (SectionId::Requests, 1),
                (SectionId::Appeals, 4)
            ]
        );
    }

    fn paras(lines: &[&str]) -> Vec<Item> {
        lines
            .iter()
            .map(|t| Item::Para {
                text: t.to_string(),
                at: Place::default(),
            })
            .collect()
    }

    #[test]
    fn parts_numbered_the_agencys_own_way_are_found_by_their_words() {
        let items = paras(&[
            "一、总体情况",
            "二、工作机制保障",
            "三、政府信息管理",
            "一、主动公开政府信息情况",
            "二、收到和处理政府信息公开申请情况",
            "三、本年度办理结果",
            "三、政府信息公开行政复议、行政诉讼情况",
            "四、存在的主要问题及改进情况",
            "一、存在的主要问题",
            "五、其他需要报告的事项",
        ]);
        let found = find_sections(&items);
        let ids: Vec<(SectionId, usize, bool)> = found
            .iter()
            .map(|h| (h.id, h.index, h.renumbered.is_some()))
            .collect();
        assert_eq!(
            ids,
            [
                (SectionId::Overview, 0, false),
                (SectionId::Proactive, 3, true),
                (SectionId::Requests, 4, true),
                (SectionId::Appeals, 6, true),
                (SectionId::Problems, 7, true),
                (SectionId::Other, 9, true),
            ]
        );
        let mut notes = Vec::new();
        note_renumbered(&items, &found, &mut notes);
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0]
                .message
                .contains("「一、主动公开政府信息情况」为「二、主动公开政府信息情况」")
        );
    }

    #[test]
    fn a_row_names_its_table_by_its_official_label() {
        let v = FormatVersion::V2021;
        assert_eq!(
            table_of_row(v, "四、结转下年度继续办理 0 0 0 0 0 0 0"),
            Some(TableId::Three)
        );
        assert_eq!(table_of_row(v, "行政规范性文件 2 1 9"), Some(TableId::Two));
        // A typo still names the row; a label of no table names none.
        assert_eq!(
            table_of_row(v, "一、本年新收政府信息公开申情数量 1 0 0 0 0 0 1"),
            Some(TableId::Three)
        );
        assert_eq!(table_of_row(v, "全年接待来访 3 4 5"), None);
    }

    fn title_of(lines: &[&str]) -> (String, i64, Option<NaiveDate>) {
        let doc = SourceDoc {
            kind: SourceKind::Text,
            blocks: lines
                .iter()
                .chain(["一、总体情况", "全年主动公开信息12条。"].iter())
                .enumerate()
                .map(|(i, t)| Block::Para {
                    text: t.to_string(),
                    at: Place {
                        page: None,
                        line: Some(i + 1),
                        paragraph: false,
                    },
                })
                .collect(),
            notes: Vec::new(),
            published: None,
            report: None,
        };
        let imp = recognise(&doc).unwrap();
        (imp.agency, imp.year, imp.published)
    }

    #[test]
    fn titles_in_their_real_shapes() {
        let d = NaiveDate::from_ymd_opt;
        assert_eq!(
            title_of(&[
                "首页 > 信息公开 > 年报",
                "某某局",
                "2023年度政府信息公开",
                "工作年度报告",
                "发布时间：2024-01-20 来源：某某局"
            ]),
            ("某某局".into(), 2023, d(2024, 1, 20))
        );
        assert_eq!(
            title_of(&[
                "2022年上海市人民政府参事室政府信息公开工作年度报告",
                "发布日期:2023/01/18 11:34:01"
            ]),
            ("上海市人民政府参事室".into(), 2022, d(2023, 1, 18))
        );
        assert_eq!(
            title_of(&["某某市某某局关于2021年政府信息公开工作年度报告"]),
            ("某某市某某局".into(), 2021, None)
        );
        // A title naming its agency after the year, set over two lines under
        // a PDF's 「正文」: the line above is no part of it.
        assert_eq!(
            title_of(&["正文", "2024 年上海市科委政府信息公开工作", "年度报告"]),
            ("上海市科委".into(), 2024, None)
        );
    }
}
