//! The rows of a table that stay on one page together, the same for every
//! output (format::page::keep): rows tied by a row span, a row of headings
//! only (「第二十条第（一）项」) with the rows it heads, and each block of
//! table 二 whole.

use std::ops::Range;

use crate::document::{CellRole, Table};
use crate::format::TableId;

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

/// The row groups of a table, in order, covering every row.
pub fn row_groups(table: &Table) -> Vec<Range<usize>> {
    let spans: Vec<Span> = table
        .rows
        .iter()
        .flatten()
        .map(|c| Span {
            row: c.row,
            rowspan: c.rowspan.max(1),
            header: c.role == CellRole::Header,
        })
        .collect();
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
