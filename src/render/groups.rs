//! The rows of a table that stay on one page together, the same for every
//! output (format::page::keep): rows tied by a row span, a row of headings
//! only (「第二十条第（一）项」) with the rows it heads, and each block of
//! table 二 whole.

use std::ops::Range;

use crate::document::{CellRole, Table};
use crate::format::TableId;
use crate::format::page::{self, PT_PER_MM};
use crate::render::columns;

/// A cell as the grouping sees it: its first row, rows spanned, and whether
/// it is a heading.
#[derive(Clone, Copy, Debug)]
pub struct Span {
    pub row: usize,
    pub rowspan: usize,
    pub header: bool,
}

/// The least number of body rows on each side of a table break, where the rows
/// before can spare them: a table never starts at a page foot with its header and
/// one row (PDF, DOCX).
pub const MIN_ROWS_AT_BREAK: usize = 2;

/// The cells of a table as the grouping sees them.
pub fn spans(table: &Table) -> Vec<Span> {
    table
        .rows
        .iter()
        .flatten()
        .map(|c| Span {
            row: c.row,
            rowspan: c.rowspan.max(1),
            header: c.role == CellRole::Header,
        })
        .collect()
}

/// The row groups of a table, in order, covering every row.
pub fn row_groups(table: &Table) -> Vec<Range<usize>> {
    let spans = spans(table);
    let groups = tied_rows(table.grid_rows, &spans);
    if table.id == TableId::Two {
        blocks(groups, &spans)
    } else {
        groups
    }
}

/// Rows tied by row spans; a group of heading rows joins the group after it.
pub fn tied_rows(rows: usize, spans: &[Span]) -> Vec<Range<usize>> {
    let mut reach: Vec<usize> = (0..rows).map(|r| r + 1).collect();
    for c in spans {
        if c.row < rows {
            reach[c.row] = reach[c.row].max((c.row + c.rowspan).min(rows));
        }
    }
    let mut groups = Vec::new();
    let mut start = 0;
    while start < rows {
        let mut end = reach[start];
        let mut r = start;
        while r < end {
            end = end.max(reach[r]);
            r += 1;
        }
        groups.push(start..end);
        start = end;
    }
    let heading_only = |g: &Range<usize>| {
        spans
            .iter()
            .filter(|c| g.contains(&c.row))
            .all(|c| c.header)
    };
    let mut merged: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<usize> = None;
    for g in groups {
        let start = pending.take().unwrap_or(g.start);
        if heading_only(&g) && g.end < rows {
            pending = Some(start);
        } else {
            merged.push(start..g.end);
        }
    }
    merged
}

/// Table 二's blocks: from one row of headings only to the next.
fn blocks(groups: Vec<Range<usize>>, spans: &[Span]) -> Vec<Range<usize>> {
    let heading_row = |r: usize| spans.iter().filter(|c| c.row == r).all(|c| c.header);
    let mut out: Vec<Range<usize>> = Vec::new();
    for g in groups {
        match out.last_mut() {
            Some(last) if !heading_row(g.start) => last.end = g.end,
            _ => out.push(g),
        }
    }
    out
}

/// `groups` with every group taller than `room` split at the groups its rows
/// form without the cells that span all of it (recursively: 「三、本年度办理结果」
/// spans table 三's results, 「（三）不予公开」 its eight reasons); a group that
/// cannot be split stays whole. `heights` are the rows' heights.
pub fn split_tall(
    groups: Vec<Range<usize>>,
    spans: &[Span],
    heights: &[f32],
    room: f32,
) -> Vec<Range<usize>> {
    groups
        .into_iter()
        .flat_map(|g| split_group(g, spans, heights, room))
        .collect()
}

fn split_group(g: Range<usize>, spans: &[Span], heights: &[f32], room: f32) -> Vec<Range<usize>> {
    let h: f32 = g.clone().map(|r| heights[r]).sum();
    if h <= room + page::keep::EPSILON_PT || g.len() < 2 {
        return vec![g];
    }
    let inner: Vec<Span> = spans
        .iter()
        .filter(|c| g.contains(&c.row) && !(c.row == g.start && c.row + c.rowspan >= g.end))
        .map(|c| Span {
            row: c.row - g.start,
            rowspan: c.rowspan.min(g.end - c.row),
            header: c.header,
        })
        .collect();
    let parts = tied_rows(g.len(), &inner);
    if parts.len() < 2 {
        return vec![g];
    }
    parts
        .into_iter()
        .map(|p| p.start + g.start..p.end + g.start)
        .flat_map(|p| split_group(p, spans, heights, room))
        .collect()
}

/// The groups of a table that a reader lays out itself (DOCX, the print CSS):
/// `row_groups`, with those taller than a page under the header split as the
/// PDF splits them, by row heights estimated from the page specification.
pub fn reader_groups(table: &Table) -> Vec<Range<usize>> {
    let heights = estimated_heights(table);
    let header: f32 = heights[..table.header_rows.min(heights.len())].iter().sum();
    let room = page::TEXT_HEIGHT_MM * PT_PER_MM - header;
    split_tall(row_groups(table), &spans(table), &heights, room)
}

/// The groups a reader keeps on one page (the DOCX's keep-with-next, the
/// print CSS's `tr.keep`): `reader_groups`, with those taller than a third of
/// a page split further. A reader moves a kept group whole to the next page
/// and cannot repeat its merged label there, so a group that tall
/// (「（三）不予公开」 with eight two-line rows, about 80 mm) would leave as much
/// blank at a page foot; split, the label stays in the rows of the first page
/// only (docs/docx.md).
pub fn kept_groups(table: &Table) -> Vec<Range<usize>> {
    let heights = estimated_heights(table);
    let third = page::TEXT_HEIGHT_MM * PT_PER_MM / 3.0;
    split_tall(reader_groups(table), &spans(table), &heights, third)
}

/// Whether each row stays on the page of the next one (keep-with-next): every
/// row but the last of its group, the header with the first
/// `MIN_ROWS_AT_BREAK` body rows, and the last `MIN_ROWS_AT_BREAK` rows together
/// (no row alone under a repeated header). The last row never: the table does
/// not pull what follows it onto its page.
pub fn keep_with_next(table: &Table, groups: &[Range<usize>]) -> Vec<bool> {
    (0..table.grid_rows)
        .map(|r| {
            r + 1 < table.grid_rows
                && (r + 1 < table.header_rows + MIN_ROWS_AT_BREAK
                    || r + MIN_ROWS_AT_BREAK >= table.grid_rows
                    || groups
                        .iter()
                        .any(|g| g.contains(&r) && g.contains(&(r + 1))))
        })
        .collect()
}

/// Row heights (pt) estimated from the page specification: each cell's text
/// set in its columns (widened for figures, render::columns) at the table
/// size, a label on the lines `columns::label_lines` gives it (the DOCX's
/// explicit lines), plus the cell padding. A cell spanning rows shares its
/// height among them.
pub fn estimated_heights(table: &Table) -> Vec<f32> {
    let size = page::TABLE_SIZE.pt();
    let line = size * page::TABLE_LINE_HEIGHT;
    let text_width = page::TEXT_WIDTH_MM * PT_PER_MM;
    let widths = columns::fitted_widths(table, text_width, |text| {
        columns::estimated_width(text, size)
    });
    let total: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
    let mut heights = vec![0.0f32; table.grid_rows];
    for cell in table.rows.iter().flatten() {
        let end = (cell.col + cell.colspan.max(1)).min(widths.len());
        let share: f32 = widths[cell.col.min(end)..end].iter().sum::<f32>() / total;
        let inner = share * text_width - 2.0 * page::TABLE_PAD_X_PT;
        let lines = if cell.role == CellRole::Figure {
            1.0
        } else {
            columns::label_lines(&cell.text, inner, size).len().max(1) as f32
        };
        let rows = cell.rowspan.max(1);
        let each = (lines * line + 2.0 * page::TABLE_PAD_Y_PT) / rows as f32;
        for h in heights.iter_mut().skip(cell.row).take(rows) {
            *h = h.max(each);
        }
    }
    heights
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Table 四 has three header rows and one row of figures.
    #[test]
    fn the_last_row_does_not_keep_the_table_with_what_follows() {
        let table = Table {
            id: TableId::Four,
            caption: String::new(),
            grid_rows: 4,
            grid_columns: 1,
            column_widths: vec![1.0],
            header_rows: 3,
            rows: Vec::new(),
        };
        assert_eq!(
            keep_with_next(&table, &[0..3, 3..4]),
            [true, true, true, false]
        );
    }

    /// The last two rows stay together; a break between one-row groups is free.
    #[test]
    fn the_last_two_rows_stay_together() {
        let table = Table {
            id: TableId::Three,
            caption: String::new(),
            grid_rows: 8,
            grid_columns: 1,
            column_widths: vec![1.0],
            header_rows: 1,
            rows: Vec::new(),
        };
        let groups: Vec<Range<usize>> = (0..8).map(|r| r..r + 1).collect();
        assert_eq!(
            keep_with_next(&table, &groups),
            [true, true, false, false, false, false, true, false]
        );
    }
}
