//! The Document as plain data for the templates. Nothing here is retyped:
//! every text comes from the Document, which takes it from the format definition.

use serde::Serialize;

use crate::document::{Block, CellRole, Document, Table};

/// The whole page.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub title_lines: &'a [String],
    pub agency: &'a str,
    pub year: i64,
    pub date: Option<&'a str>,
    pub date_iso: Option<&'a str>,
    pub blocks: Vec<BlockView<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockView<'a> {
    Heading {
        level: u8,
        /// Anchor for level-1 headings (`s1` … `s6`).
        id: Option<String>,
        number: &'a str,
        text: &'a str,
    },
    Paragraph {
        runs: Vec<RunView<'a>>,
    },
    Table(TableView<'a>),
    Signature {
        closing: Option<&'a str>,
        lines: &'a [String],
    },
    Contact {
        items: Vec<ContactView<'a>>,
    },
}

#[derive(Serialize)]
pub struct RunView<'a> {
    pub text: &'a str,
    pub bold: bool,
}

#[derive(Serialize)]
pub struct ContactView<'a> {
    pub label: &'a str,
    pub value: &'a str,
}

#[derive(Serialize)]
pub struct TableView<'a> {
    /// `table2`, `table3`, `table4`.
    pub id: &'static str,
    pub caption: &'a str,
    /// Narrowest sensible width in em; below it the table scrolls sideways.
    pub min_width_em: u32,
    /// Column widths as CSS percentages.
    pub columns: Vec<String>,
    /// Header rows (repeated on every printed page); empty for table 二.
    pub head: Vec<RowView<'a>>,
    pub body: Vec<RowView<'a>>,
}

#[derive(Serialize)]
pub struct RowView<'a> {
    /// Only headings (a block heading inside table 二): kept with the next row in print.
    pub heading: bool,
    pub cells: Vec<CellView<'a>>,
}

#[derive(Serialize)]
pub struct CellView<'a> {
    /// `th` or `td`.
    pub tag: &'static str,
    /// `col`, `colgroup`, `row`, `rowgroup`; none for figures.
    pub scope: Option<&'static str>,
    /// `head`, `label` or `num`.
    pub class: &'static str,
    pub rowspan: usize,
    pub colspan: usize,
    pub text: &'a str,
}

impl<'a> PageView<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let mut section = 0;
        let blocks = doc
            .blocks
            .iter()
            .map(|block| match block {
                Block::Heading(h) => {
                    let id = (h.level == 1).then(|| {
                        section += 1;
                        format!("s{section}")
                    });
                    BlockView::Heading {
                        level: h.level,
                        id,
                        number: &h.number,
                        text: &h.text,
                    }
                }
                Block::Paragraph(p) => BlockView::Paragraph {
                    runs: p
                        .runs
                        .iter()
                        .map(|r| RunView {
                            text: &r.text,
                            bold: r.bold,
                        })
                        .collect(),
                },
                Block::Table(t) => BlockView::Table(TableView::new(t)),
                Block::Signature(s) => BlockView::Signature {
                    closing: s.closing.as_deref(),
                    lines: &s.lines,
                },
                Block::Contact(items) => BlockView::Contact {
                    items: items
                        .iter()
                        .map(|c| ContactView {
                            label: &c.label,
                            value: &c.value,
                        })
                        .collect(),
                },
            })
            .collect();
        PageView {
            title: &doc.title,
            title_lines: &doc.title_lines,
            agency: &doc.agency,
            year: doc.year,
            date: doc.date.as_deref(),
            date_iso: doc.date_iso.as_deref(),
            blocks,
        }
    }
}

impl<'a> TableView<'a> {
    fn new(t: &'a Table) -> Self {
        let rows: Vec<RowView> = t
            .rows
            .iter()
            .map(|row| RowView {
                heading: row.iter().all(|c| c.role == CellRole::Header),
                cells: row.iter().map(cell_view).collect(),
            })
            .collect();
        let split = t.header_rows.min(rows.len());
        let mut rows = rows;
        let body = rows.split_off(split);
        TableView {
            id: t.id.key(),
            caption: &t.caption,
            min_width_em: (t.grid_columns as u32 * 3).max(24),
            columns: t
                .column_widths
                .iter()
                .map(|w| format!("{:.2}%", w * 100.0))
                .collect(),
            head: rows,
            body,
        }
    }
}

fn cell_view(c: &crate::document::Cell) -> CellView<'_> {
    let (tag, scope, class) = match c.role {
        CellRole::Header if c.colspan > 1 => ("th", Some("colgroup"), "head"),
        CellRole::Header => ("th", Some("col"), "head"),
        CellRole::Label if c.rowspan > 1 => ("th", Some("rowgroup"), "label"),
        CellRole::Label => ("th", Some("row"), "label"),
        CellRole::Figure => ("td", None, "num"),
    };
    CellView {
        tag,
        scope,
        class,
        rowspan: c.rowspan,
        colspan: c.colspan,
        text: &c.text,
    }
}
