//! The output-neutral document: what the report says and in what order, with
//! tables as grids of cells. HTML, DOCX and PDF only translate this.

mod build;
mod compared;

pub use build::{build_document, chinese_date};
pub use compared::{comparison_blocks, document_with_appendix, show_figure};

use crate::format::TableId;

/// A whole rendered report.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The full title, e.g. 「厦门市医疗保障局2022年政府信息公开工作年度报告」.
    pub title: String,
    /// The title broken into centred lines for print (机关 on the first line when long).
    pub title_lines: Vec<String>,
    /// Issuing agency (document author).
    pub agency: String,
    /// Report year.
    pub year: i64,
    /// Publication date as 「2024年1月15日」, if given.
    pub date: Option<String>,
    /// Publication date as ISO 8601 (2024-01-15), for metadata.
    pub date_iso: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading: level 1 「一、总体情况」 (黑体), level 2 「（一）…」 (楷体).
    Heading(Heading),
    /// A body paragraph.
    Paragraph(Paragraph),
    /// One of the three statistical tables, or in the 附表 after the report
    /// (`comparison_blocks`) the comparison of one with last year's.
    Table(Table),
    /// The closing block, right-aligned: 「特此报告。」 then agency and date.
    Signature(Signature),
    /// Contact details (地址、邮编、电话 …).
    Contact(Vec<ContactItem>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    pub level: u8,
    /// 「一、」 or 「（一）」.
    pub number: String,
    pub text: String,
}

impl Heading {
    /// Number and text together, as printed.
    pub fn full(&self) -> String {
        format!("{}{}", self.number, self.text)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph {
    pub runs: Vec<Run>,
}

impl Paragraph {
    pub fn plain_text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A stretch of text with one style.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    /// 「特此报告。」, printed as a normal indented paragraph before the signature.
    pub closing: Option<String>,
    /// Right-aligned lines: agency, then date.
    pub lines: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContactItem {
    pub label: String,
    pub value: String,
}

/// What a table cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellRole {
    /// A column or block heading.
    Header,
    /// A row label.
    Label,
    /// A figure.
    Figure,
}

/// An origin cell of a table grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    pub role: CellRole,
    /// 0-based grid row and column of the top-left slot.
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
}

/// A table as the official grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub id: TableId,
    /// The table's caption (the section heading's text without its number).
    pub caption: String,
    pub grid_rows: usize,
    pub grid_columns: usize,
    /// Relative column widths, summing to 1.
    pub column_widths: Vec<f32>,
    /// Leading rows that form the header (repeated across pages); 0 for table 二.
    pub header_rows: usize,
    /// Origin cells, row by row.
    pub rows: Vec<Vec<Cell>>,
}

/// What occupies a grid slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The top-left slot of the cell `rows[r][i]`.
    Origin { row: usize, index: usize },
    /// Covered by the span of the origin cell at (row, index).
    Covered { row: usize, index: usize },
}

impl Table {
    /// The full grid: for every (row, column) slot, which cell is there.
    #[allow(
        clippy::expect_used,
        reason = "a table's cells take the spans of its format definition, whose cells tile the grid (format::tables test grids_are_rectangular; tests/suite/document.rs)"
    )]
    pub fn slots(&self) -> Vec<Vec<Slot>> {
        let mut grid = vec![vec![None; self.grid_columns]; self.grid_rows];
        for (r, row) in self.rows.iter().enumerate() {
            for (i, cell) in row.iter().enumerate() {
                let rows = grid
                    .iter_mut()
                    .enumerate()
                    .skip(cell.row)
                    .take(cell.rowspan);
                for (rr, slots) in rows {
                    let columns = slots
                        .iter_mut()
                        .enumerate()
                        .skip(cell.col)
                        .take(cell.colspan);
                    for (cc, slot) in columns {
                        *slot = Some(if rr == cell.row && cc == cell.col {
                            Slot::Origin { row: r, index: i }
                        } else {
                            Slot::Covered { row: r, index: i }
                        });
                    }
                }
            }
        }
        grid.into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|s| s.expect("grid is complete"))
                    .collect()
            })
            .collect()
    }
}

/// A table of the valid test fixture (tests/fixtures/valid/base.toml) as built.
#[cfg(test)]
pub fn fixture_table(id: crate::format::TableId) -> Table {
    let text = include_str!("../../tests/fixtures/valid/base.toml");
    let file = crate::diag::SourceFile::new("base.toml", text.to_string());
    let report = crate::report::parse_report(&file)
        .report
        .expect("the valid fixture parses");
    build_document(&report)
        .blocks
        .into_iter()
        .find_map(|b| match b {
            Block::Table(t) if t.id == id => Some(t),
            _ => None,
        })
        .expect("the fixture has the table")
}
