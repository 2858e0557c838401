//! Report → Document.

use chrono::{Datelike, NaiveDate};

use super::{
    Block, Cell, CellRole, ContactItem, Document, Heading, Paragraph, Run, Signature, Table,
};
use crate::format::{CellKind, SectionId, TableId, chinese_number};
use crate::report::{self, Body, Inline, ParaKind, Report, TableValues};

/// A title longer than this many characters breaks after the agency name.
const TITLE_LINE_CHARS: usize = 20;

/// Builds the output-neutral document of a report.
pub fn build_document(report: &Report) -> Document {
    let title = report.title();
    let agency = report.meta.agency.value.clone();
    let mut title_lines = vec![title.clone()];
    if title.chars().count() > TITLE_LINE_CHARS
        && let Some(rest) = title.strip_prefix(agency.as_str())
        && !rest.is_empty()
    {
        title_lines = vec![agency.clone(), rest.to_string()];
    }
    let published = report.meta.published.as_ref().map(|d| d.value);
    let mut b = Builder {
        report,
        blocks: Vec::new(),
    };
    if let Some(intro) = &report.intro {
        b.paragraphs(&intro.paragraphs);
    }
    for section in SectionId::ALL {
        b.blocks.push(Block::Heading(Heading {
            level: 1,
            number: section.number().to_string(),
            text: section.title().to_string(),
        }));
        match section {
            SectionId::Overview => b.body(&report.overview),
            SectionId::Problems => b.body(&report.problems),
            SectionId::Other => b.body(&report.other),
            SectionId::Proactive => b.table(TableId::Two),
            SectionId::Requests => b.table(TableId::Three),
            SectionId::Appeals => b.table(TableId::Four),
        }
    }
    if let Some(closing) = &report.closing {
        let mut lines = vec![closing.signature.clone()];
        lines.extend(closing.date.map(chinese_date));
        b.blocks.push(Block::Signature(Signature {
            closing: (!closing.text.is_empty()).then(|| closing.text.clone()),
            lines,
        }));
    }
    if let Some(contact) = &report.contact
        && !contact.items.is_empty()
    {
        b.blocks.push(Block::Contact(
            contact
                .items
                .iter()
                .map(|(label, value)| ContactItem {
                    label: label.to_string(),
                    value: value.clone(),
                })
                .collect(),
        ));
    }
    Document {
        title,
        title_lines,
        agency,
        year: report.meta.year.value,
        date: published.map(chinese_date),
        date_iso: published.map(|d| d.format("%Y-%m-%d").to_string()),
        blocks: b.blocks,
    }
}

/// 「2024年1月15日」.
pub fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

struct Builder<'a> {
    report: &'a Report,
    blocks: Vec<Block>,
}

impl Builder<'_> {
    fn body(&mut self, body: &Body) {
        if let Some(lead) = &body.lead {
            self.paragraphs(&lead.paragraphs);
        }
        for (i, part) in body.parts.iter().enumerate() {
            self.blocks.push(Block::Heading(Heading {
                level: 2,
                number: format!("（{}）", chinese_number(i + 1)),
                text: strip_number(&part.heading.value).to_string(),
            }));
            if let Some(text) = &part.text {
                self.paragraphs(&text.paragraphs);
            }
        }
    }

    fn paragraphs(&mut self, paragraphs: &[report::Paragraph]) {
        for p in paragraphs {
            let mut runs = Vec::new();
            if let ParaKind::Item(n) = p.kind {
                runs.push(Run {
                    text: format!("{n}."),
                    bold: false,
                });
            }
            for inline in &p.inlines {
                runs.push(match inline {
                    Inline::Text { text, bold } => Run {
                        text: text.clone(),
                        bold: *bold,
                    },
                    Inline::Cite {
                        table,
                        field,
                        column,
                        bold,
                    } => Run {
                        text: self.figure_text(*table, *field, *column),
                        bold: *bold,
                    },
                });
            }
            merge_runs(&mut runs);
            self.blocks.push(Block::Paragraph(Paragraph { runs }));
        }
    }

    fn figure_text(&self, table: TableId, field: usize, column: usize) -> String {
        figure_text(self.report.table(table), field, column)
    }

    fn table(&mut self, id: TableId) {
        let def = crate::format::table_def(self.report.format, id);
        let values = self.report.table(id);
        let rows = def
            .rows
            .iter()
            .zip(def.cell_columns())
            .enumerate()
            .map(|(r, (row, columns))| {
                row.iter()
                    .zip(columns)
                    .map(|(cell, c)| {
                        let (text, role) = match &cell.kind {
                            CellKind::Header(t) => (t.to_string(), CellRole::Header),
                            CellKind::Label(t) => (t.to_string(), CellRole::Label),
                            CellKind::Value { field, column } => {
                                (figure_text(values, *field, *column), CellRole::Figure)
                            }
                        };
                        Cell {
                            text,
                            role,
                            row: r,
                            col: c,
                            rowspan: cell.rowspan,
                            colspan: cell.colspan,
                        }
                    })
                    .collect()
            })
            .collect();
        self.blocks.push(Block::Table(Table {
            id,
            caption: id.section().title().to_string(),
            grid_rows: def.rows.len(),
            grid_columns: def.grid_columns,
            column_widths: def.column_widths.clone(),
            header_rows: def.header_rows,
            rows,
        }));
    }
}

fn figure_text(values: Option<&TableValues>, field: usize, column: usize) -> String {
    values
        .and_then(|t| t.rows[field].as_ref())
        .map(|r| r.cells[column].value.to_string())
        .unwrap_or_default()
}

/// Joins neighbouring runs of the same style.
fn merge_runs(runs: &mut Vec<Run>) {
    let mut merged: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs.drain(..) {
        match merged.last_mut() {
            Some(last) if last.bold == run.bold => last.text.push_str(&run.text),
            _ => merged.push(run),
        }
    }
    *runs = merged;
}

/// Drops a number the clerk typed before a sub-heading: 「（一）」, 「(一)」, 「一、」.
fn strip_number(heading: &str) -> &str {
    let numerals = |s: &str| !s.is_empty() && s.chars().all(|c| "一二三四五六七八九十".contains(c));
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some(rest) = heading.strip_prefix(open)
            && let Some((n, tail)) = rest.split_once(close)
            && numerals(n)
        {
            return tail.trim_start();
        }
    }
    if let Some((n, tail)) = heading.split_once('、')
        && numerals(n)
    {
        return tail.trim_start();
    }
    heading
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_are_dropped() {
        assert_eq!(strip_number("（一）主动公开情况"), "主动公开情况");
        assert_eq!(strip_number("(二)依申请公开"), "依申请公开");
        assert_eq!(strip_number("三、平台建设"), "平台建设");
        assert_eq!(strip_number("一是加强管理"), "一是加强管理");
    }

    #[test]
    fn dates_are_chinese() {
        assert_eq!(
            chinese_date(NaiveDate::from_ymd_opt(2024, 1, 5).unwrap()),
            "2024年1月5日"
        );
    }
}
