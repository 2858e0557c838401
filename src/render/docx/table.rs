//! One statistical table as a Word table: real gridSpan / vMerge merges,
//! fixed column widths across the 156 mm text block.

use docx_rs::{
    AlignmentType, HeightRule, Paragraph, Run, Table as WTable, TableBorder, TableBorderPosition,
    TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType,
    WidthType,
};

use super::styles::{STYLE_TABLE, TEXT_WIDTH};
use crate::document::{CellRole, Slot, Table};
use crate::format::page;
use crate::render::groups;

/// Column widths in twips, summing to the text block width.
pub fn column_twips(table: &Table) -> Vec<usize> {
    let n = table.grid_columns.max(1);
    let total: f32 = table.column_widths.iter().sum();
    let mut widths: Vec<usize> = (0..n)
        .map(|c| {
            let share = match table.column_widths.get(c) {
                Some(w) if total > 0.0 => w / total,
                _ => 1.0 / n as f32,
            };
            (share * TEXT_WIDTH as f32).round() as usize
        })
        .collect();
    // Give the rounding remainder to the first column so the sum is exact.
    let sum: usize = widths.iter().sum();
    if let Some(first) = widths.first_mut() {
        *first = (*first + TEXT_WIDTH).saturating_sub(sum);
    }
    widths
}

/// Table rules in eighths of a point.
const RULE_EIGHTHS: usize = (page::RULE_PT * 8.0) as usize;

/// Minimum row height in twips (about 6.4 mm), so 五号 rows breathe.
const ROW_HEIGHT: f32 = 360.0;

/// Builds the Word table. Rows never split; the first `header_rows` rows are
/// marked as repeating headers later, by the package fix (docx-rs cannot).
pub fn build(table: &Table) -> WTable {
    let widths = column_twips(table);
    let slots = table.slots();
    // Keep-with-next on every row but the last of its group (render::groups):
    // header rows stay with the first group, a block of table 二 or a merged
    // group of table 三 never splits (when it fits a page); the header keeps its
    // first MIN_ROWS_AT_BREAK body rows.
    let groups = groups::row_groups(table);
    let keep = |r: usize| {
        r + 1 < table.header_rows + groups::MIN_ROWS_AT_BREAK
            || groups
                .iter()
                .any(|g| g.contains(&r) && g.contains(&(r + 1)))
    };
    let mut rows = Vec::with_capacity(slots.len());
    for (r, row_slots) in slots.iter().enumerate() {
        let mut cells = Vec::new();
        let mut c = 0;
        while c < row_slots.len() {
            let (slot_row, index, origin) = match row_slots[c] {
                Slot::Origin { row, index } => (row, index, true),
                Slot::Covered { row, index } => (row, index, false),
            };
            let cell = &table.rows[slot_row][index];
            if !origin && cell.col != c {
                // Covered horizontally: part of a gridSpan already written.
                c += 1;
                continue;
            }
            let span = cell.colspan.max(1);
            let width: usize = widths[c..(c + span).min(widths.len())].iter().sum();
            let mut w = TableCell::new()
                .width(width, WidthType::Dxa)
                .vertical_align(VAlignType::Center);
            if span > 1 {
                w = w.grid_span(span);
            }
            if origin {
                if cell.rowspan > 1 {
                    w = w.vertical_merge(VMergeType::Restart);
                }
                w = w.add_paragraph(cell_paragraph(&cell.text, cell.role).keep_next(keep(r)));
            } else {
                w = w
                    .vertical_merge(VMergeType::Continue)
                    .add_paragraph(Paragraph::new().style(STYLE_TABLE).keep_next(keep(r)));
            }
            cells.push(w);
            c += span;
        }
        rows.push(
            TableRow::new(cells)
                .cant_split()
                .row_height(ROW_HEIGHT)
                .height_rule(HeightRule::AtLeast),
        );
    }
    // Rules of RULE_EIGHTHS eighths of a point (0.5 pt, as in the PDF).
    let mut borders = TableBorders::new();
    for position in [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ] {
        borders = borders.set(TableBorder::new(position).size(RULE_EIGHTHS));
    }
    let pad_x = (page::TABLE_PAD_X_PT * 20.0) as usize;
    let pad_y = (page::TABLE_PAD_Y_PT * 20.0) as usize;
    WTable::new(rows)
        .set_borders(borders)
        .margins(TableCellMargins::new().margin(pad_y, pad_x, pad_y, pad_x))
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

fn cell_paragraph(text: &str, role: CellRole) -> Paragraph {
    let p = Paragraph::new().style(STYLE_TABLE);
    let p = match role {
        CellRole::Label => p.align(AlignmentType::Left),
        CellRole::Header | CellRole::Figure => p,
    };
    if text.is_empty() {
        p
    } else {
        p.add_run(Run::new().add_text(text))
    }
}
