//! The optional 附表 after 六: every figure of tables 二, 三 and 四 that either
//! year gives as non-zero, last year's beside this year's with the change and
//! its rate, as `check --previous` computes them (`check::year_on_year`). Built
//! of headings, a paragraph and tables, so every renderer sets it as it sets
//! the report.

use super::{Block, Cell, CellRole, Document, Heading, Paragraph, Run, Table};
use crate::check::{Compared, YearOnYear, year_on_year};
use crate::format::{TableId, chinese_number, comparison as label};
use crate::report::Report;

/// The document `build` renders for `report`: with the 附表 when it is asked
/// for (`asked`: `build --compare-previous`, or the file's `compare_previous =
/// true`) and `previous` is last year's report. The preview shows the same.
pub fn document_with_appendix(report: &Report, previous: Option<&Report>, asked: bool) -> Document {
    let mut doc = super::build_document(report);
    let wanted = asked
        || report
            .meta
            .compare_previous
            .as_ref()
            .is_some_and(|w| w.value);
    if let Some(previous) =
        previous.filter(|p| wanted && p.meta.year.value == report.meta.year.value - 1)
    {
        doc.blocks.extend(comparison_blocks(report, previous));
    }
    doc
}

/// The 附表's blocks: its heading, the note, then one table per official table
/// with a figure to show.
pub fn comparison_blocks(report: &Report, previous: &Report) -> Vec<Block> {
    blocks(&year_on_year(report, previous))
}

fn blocks(yoy: &YearOnYear) -> Vec<Block> {
    let (year, previous) = (yoy.year, yoy.previous_year);
    let mut out = vec![
        Block::Heading(Heading {
            level: 1,
            number: label::NUMBER.to_string(),
            text: label::TITLE.to_string(),
        }),
        paragraph(label::fill(label::NOTE, year, previous)),
    ];
    let mut shown = 0;
    for id in TableId::ALL {
        let figures: Vec<&Compared> = yoy
            .figures
            .iter()
            .filter(|c| c.table_id == id && (c.previous != 0.0 || c.current != 0.0))
            .collect();
        if figures.is_empty() {
            continue;
        }
        shown += 1;
        let caption = id.section().title().to_string();
        out.push(Block::Heading(Heading {
            level: 2,
            number: format!("（{}）", chinese_number(shown)),
            text: caption.clone(),
        }));
        out.push(Block::Table(table(id, caption, &figures)));
    }
    if shown == 0 {
        out.push(paragraph(label::ALL_ZERO.to_string()));
    }
    out
}

fn paragraph(text: String) -> Block {
    Block::Paragraph(Paragraph {
        runs: vec![Run { text, bold: false }],
    })
}

/// One table: a heading row, then a row per figure; a row of several figures
/// (table 三's applicants, table 四's outcomes) labels them in 栏目 under one
/// 项目 cell spanning them.
fn table(id: TableId, caption: String, figures: &[&Compared]) -> Table {
    let header = [
        label::ITEM.to_string(),
        label::COLUMN.to_string(),
        label::PREVIOUS.to_string(),
        label::CURRENT.to_string(),
        label::CHANGE.to_string(),
        label::RATE.to_string(),
    ];
    let mut rows = vec![
        header
            .into_iter()
            .enumerate()
            .map(|(c, text)| cell(text, CellRole::Header, 0, c, 1, 1))
            .collect::<Vec<Cell>>(),
    ];
    let mut i = 0;
    while i < figures.len() {
        let field = figures[i].field;
        let run = figures[i..].iter().take_while(|c| c.field == field).count();
        for (k, c) in figures[i..i + run].iter().enumerate() {
            let r = rows.len();
            let mut row = Vec::with_capacity(6);
            let single = c.column.is_empty();
            if k == 0 {
                row.push(cell(
                    c.row.clone(),
                    CellRole::Label,
                    r,
                    0,
                    run,
                    1 + usize::from(single),
                ));
            }
            if !single {
                row.push(cell(c.column.to_string(), CellRole::Label, r, 1, 1, 1));
            }
            let rate = c
                .rate
                .map_or_else(|| label::NO_RATE.to_string(), |x| format!("{x:+.1}%"));
            for (j, text) in [show(c.previous), show(c.current), signed(c.change), rate]
                .into_iter()
                .enumerate()
            {
                row.push(cell(text, CellRole::Figure, r, 2 + j, 1, 1));
            }
            rows.push(row);
        }
        i += run;
    }
    Table {
        id,
        caption,
        grid_rows: rows.len(),
        grid_columns: label::WIDTHS.len(),
        column_widths: label::WIDTHS.to_vec(),
        header_rows: 1,
        rows,
    }
}

fn cell(
    text: String,
    role: CellRole,
    row: usize,
    col: usize,
    rowspan: usize,
    colspan: usize,
) -> Cell {
    Cell {
        text,
        role,
        row,
        col,
        rowspan,
        colspan,
    }
}

/// A figure as printed: whole numbers plain, amounts to at most four decimals.
pub fn show_figure(x: f64) -> String {
    show(x)
}

fn show(x: f64) -> String {
    if x.fract() == 0.0 {
        return format!("{x:.0}");
    }
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", show(x))
    } else {
        show(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_print_plainly() {
        assert_eq!(show(12.0), "12");
        assert_eq!(show(0.3 - 0.1), "0.2");
        assert_eq!(signed(2.0), "+2");
        assert_eq!(signed(-1.5), "-1.5");
        assert_eq!(signed(0.0), "0");
    }
}
