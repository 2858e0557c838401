//! Where the cells of a real table (HTML, DOCX, PDF grid) stand in its grid.
//!
//! A source table keeps origin cells only (a cell a span covers is not repeated),
//! so a cell's column follows from the spans of the rows above it.

use super::cells::{Val, classify};
use super::source::SourceCell;

/// The grid column each origin cell starts at, row by row.
pub fn start_columns(rows: &[Vec<SourceCell>]) -> Vec<Vec<usize>> {
    // For each grid column, how many more rows a cell from above still covers.
    let mut covered: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut starts = Vec::with_capacity(row.len());
        let mut col = 0;
        for cell in row {
            while covered.get(col).is_some_and(|n| *n > 0) {
                col += 1;
            }
            starts.push(col);
            let span = cell.colspan.max(1);
            if covered.len() < col + span {
                covered.resize(col + span, 0);
            }
            for c in &mut covered[col..col + span] {
                // This row counts as one of the rows the cell covers.
                *c = cell.rowspan.max(1);
            }
            col += span;
        }
        for c in &mut covered {
            *c = c.saturating_sub(1);
        }
        out.push(starts);
    }
    out
}

/// The first grid column that holds a figure anywhere in the table: the columns
/// left of it are the row labels' (table 三's labels over three columns).
pub fn first_figure_column(rows: &[Vec<SourceCell>], starts: &[Vec<usize>]) -> Option<usize> {
    rows.iter()
        .zip(starts)
        .flat_map(|(row, s)| row.iter().zip(s))
        .filter(|(cell, _)| matches!(classify(&cell.text), Some(Val::Num { .. })))
        .map(|(_, c)| *c)
        .min()
}

/// A blank cell that stands wholly in the row labels' columns: a label cell the
/// agency left unmerged (「（六）其他处理」 beside an empty sub-label cell), not
/// a blank figure.
pub fn blank_label_cell(cell: &SourceCell, start: usize, figures_from: Option<usize>) -> bool {
    cell.text.trim().is_empty() && figures_from.is_some_and(|f| start + cell.colspan.max(1) <= f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, rowspan: usize, colspan: usize) -> SourceCell {
        SourceCell {
            text: text.into(),
            rowspan,
            colspan,
        }
    }

    #[test]
    fn spans_from_above_push_cells_right() {
        let rows = vec![
            vec![
                cell("三、本年度办理结果", 3, 1),
                cell("（一）予以公开", 1, 2),
                cell("5", 1, 1),
            ],
            vec![
                cell("（三）不予公开", 2, 1),
                cell("1.属于国家秘密", 1, 1),
                cell("0", 1, 1),
            ],
            vec![cell("2.其他", 1, 1), cell("0", 1, 1)],
            vec![
                cell("（六）其他处理", 1, 1),
                cell("", 1, 1),
                cell("", 1, 1),
                cell("0", 1, 1),
            ],
        ];
        let starts = start_columns(&rows);
        assert_eq!(
            starts,
            vec![vec![0, 1, 3], vec![1, 2, 3], vec![2, 3], vec![0, 1, 2, 3]]
        );
        let from = first_figure_column(&rows, &starts);
        assert_eq!(from, Some(3));
        // The empty cells beside 「（六）其他处理」 are label columns; a blank
        // cell under the figures is a blank figure.
        assert!(blank_label_cell(&rows[3][1], 1, from));
        assert!(blank_label_cell(&rows[3][2], 2, from));
        assert!(!blank_label_cell(&cell("", 1, 1), 3, from));
        assert!(!blank_label_cell(&rows[3][0], 0, from));
    }
}
