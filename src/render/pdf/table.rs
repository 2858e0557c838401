//! Tables: the official grid with merged cells, wrapped and vertically centred
//! text, thin rules, page breaks between row groups with repeated header rows.

use super::fonts::{FontSet, Role};
use super::layout::{self, Line};
use super::{Pages, TEXT_WIDTH};
use crate::document::{CellRole, Table};
use crate::format::TableId;

const SIZE: f32 = 10.5;
const LINE: f32 = SIZE * 1.3;
/// Cell padding, horizontal and vertical (pt).
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.0;

/// One cell laid out: its grid place and its lines.
struct CellBox {
    row: usize,
    col: usize,
    rowspan: usize,
    colspan: usize,
    lines: Vec<Line>,
    size: f32,
    centred: bool,
}

/// Draws a table at the current position, breaking between row groups.
pub fn draw(pages: &mut Pages, fonts: &FontSet, table: &Table) {
    let col_x: Vec<f32> = std::iter::once(0.0)
        .chain(table.column_widths.iter().scan(0.0, |acc, w| {
            *acc += w * TEXT_WIDTH;
            Some(*acc)
        }))
        .collect();
    let cells = layout_cells(fonts, table, &col_x);
    let heights = row_heights(table.grid_rows, &cells);
    let groups = row_groups(table.grid_rows, &cells);
    let header_rows = table.header_rows.min(table.grid_rows);
    let header_height: f32 = heights[..header_rows].iter().sum();
    let total: f32 = heights.iter().sum();

    let keep_whole = table.id == TableId::Three || total < pages.block_height() / 3.0;
    if keep_whole && total > pages.remaining() && total <= pages.block_height() {
        pages.new_page();
    }
    let mut fragment: Vec<usize> = Vec::new();
    let mut used = 0.0;
    for group in &groups {
        let h: f32 = group.clone().map(|r| heights[r]).sum();
        if used + h > pages.remaining() {
            let has_body = fragment.iter().any(|r| *r >= header_rows);
            if has_body {
                flush(pages, fonts, &cells, &heights, &col_x, &fragment, used);
                pages.new_page();
                fragment = (0..header_rows).collect();
                used = header_height;
            } else if !pages.at_top() {
                // Header rows never stay alone at the foot of a page.
                pages.new_page();
            }
        }
        fragment.extend(group.clone());
        used += h;
    }
    flush(pages, fonts, &cells, &heights, &col_x, &fragment, used);
}

/// Draws the rows of one page and moves the cursor below them.
fn flush(
    pages: &mut Pages,
    fonts: &FontSet,
    cells: &[CellBox],
    heights: &[f32],
    col_x: &[f32],
    rows: &[usize],
    used: f32,
) {
    if rows.is_empty() {
        return;
    }
    let top = pages.y();
    let mut row_top = vec![None; heights.len()];
    let mut y = top;
    for r in rows {
        row_top[*r] = Some(y);
        y += heights[*r];
    }
    for cell in cells {
        let Some(cell_top) = row_top[cell.row] else {
            continue;
        };
        let height: f32 = (cell.row..cell.row + cell.rowspan)
            .map(|r| heights[r])
            .sum();
        let x0 = col_x[cell.col];
        let x1 = col_x[cell.col + cell.colspan];
        pages.rect(x0, cell_top, x1 - x0, height);
        let line_h = cell.size * 1.3;
        let text_h = line_h * cell.lines.len() as f32;
        let mut baseline = cell_top + (height - text_h) / 2.0 + line_h / 2.0 + cell.size * 0.35;
        for line in &cell.lines {
            let x = if cell.centred {
                x0 + (x1 - x0 - line.width()) / 2.0
            } else {
                x0 + PAD_X
            };
            pages.line_at(fonts, x, baseline, cell.size, line);
            baseline += line_h;
        }
    }
    pages.advance(used);
}

fn layout_cells(fonts: &FontSet, table: &Table, col_x: &[f32]) -> Vec<CellBox> {
    let mut out = Vec::new();
    for cell in table.rows.iter().flatten() {
        let end = (cell.col + cell.colspan).min(col_x.len() - 1);
        let width = col_x[end] - col_x[cell.col] - 2.0 * PAD_X;
        let mut size = SIZE;
        let mut glyphs = layout::shape(fonts, &cell.text, Role::Body, size, 0.0);
        if cell.role == CellRole::Figure {
            // Figures never wrap: shrink a long figure until it fits.
            let natural: f32 = glyphs.iter().map(|g| g.advance).sum();
            if natural > width && natural > 0.0 {
                size = (SIZE * width / natural).max(5.0);
                glyphs = layout::shape(fonts, &cell.text, Role::Body, size, 0.0);
            }
        }
        let lines = if cell.role == CellRole::Figure {
            vec![Line {
                glyphs,
                indent: 0.0,
                spacing: 0.0,
            }]
        } else {
            layout::layout_paragraph(&glyphs, width, 0.0)
        };
        let centred = cell.role != CellRole::Label || lines.len() <= 1;
        out.push(CellBox {
            row: cell.row,
            col: cell.col,
            rowspan: cell.rowspan.max(1),
            colspan: cell.colspan.max(1),
            lines,
            size,
            centred,
        });
    }
    out
}

/// Row heights: every row fits its single-row cells; spanning cells stretch
/// the last row they cover when they need more.
fn row_heights(rows: usize, cells: &[CellBox]) -> Vec<f32> {
    let min = LINE + 2.0 * PAD_Y;
    let need = |c: &CellBox| c.lines.len().max(1) as f32 * c.size * 1.3 + 2.0 * PAD_Y;
    let mut h = vec![min; rows];
    for c in cells.iter().filter(|c| c.rowspan == 1 && c.row < rows) {
        h[c.row] = h[c.row].max(need(c));
    }
    for c in cells.iter().filter(|c| c.rowspan > 1) {
        let end = (c.row + c.rowspan).min(rows);
        let have: f32 = h[c.row..end].iter().sum();
        if have < need(c) && end > c.row {
            h[end - 1] += need(c) - have;
        }
    }
    h
}

/// Rows that must stay on one page together (tied by row spans).
fn row_groups(rows: usize, cells: &[CellBox]) -> Vec<std::ops::Range<usize>> {
    let mut reach: Vec<usize> = (0..rows).map(|r| r + 1).collect();
    for c in cells {
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
    groups
}
