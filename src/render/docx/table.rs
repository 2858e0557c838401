//! One statistical table as a Word table: real gridSpan / vMerge merges,
//! fixed column widths across the 156 mm text block.

use super::styles::{STYLE_TABLE, TEXT_WIDTH};
use super::wml::{self, ParaProps, Xml};
use crate::document::{CellRole, Slot, Table};
use crate::format::page;
use crate::render::{columns, groups};

/// Column widths in twips, summing to the text block width: the format's,
/// widened for the widest figure present (render::columns).
pub fn column_twips(table: &Table) -> Vec<usize> {
    let n = table.grid_columns.max(1);
    let fitted = columns::fitted_widths(table, page::text_width_pt(), |text| {
        columns::estimated_width(text, page::TABLE_SIZE.pt())
    });
    let total: f32 = fitted.iter().sum();
    let mut widths: Vec<usize> = (0..n)
        .map(|c| {
            let share = match fitted.get(c) {
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
const ROW_HEIGHT: usize = 360;

/// Writes the Word table. Rows never split; the first `header_rows` rows
/// repeat on every page the table continues on.
pub fn write(x: &mut Xml, table: &Table) {
    let widths = column_twips(table);
    let slots = table.slots();
    // Keep-with-next on every row but the last of its group (render::groups):
    // header rows stay with the first body rows, a block of table 二 or a
    // merged group of table 三 stays on one page when it fits one.
    let mut keep = groups::keep_with_next(table, &groups::kept_groups(table));
    let top = top_labels(table, &widths, &mut keep);
    // One size for the table's figures, as in the PDF (render::columns).
    let figure_size = columns::figure_size(
        table,
        &widths.iter().map(|w| *w as f32).collect::<Vec<_>>(),
        page::text_width_pt(),
        |text| columns::estimated_width(text, 1.0),
    );
    let figure_half_points = (figure_size * 2.0).round() as usize;
    x.open("w:tbl", &[]);
    properties(x);
    x.open("w:tblGrid", &[]);
    for w in &widths {
        x.empty("w:gridCol", &[("w:w", w)]);
    }
    x.close("w:tblGrid");
    for (r, row_slots) in slots.iter().enumerate() {
        x.open("w:tr", &[])
            .open("w:trPr", &[])
            .empty("w:cantSplit", &[]);
        x.empty(
            "w:trHeight",
            &[("w:val", &ROW_HEIGHT), ("w:hRule", &"atLeast")],
        );
        if r < table.header_rows {
            x.empty("w:tblHeader", &[]);
        }
        x.close("w:trPr");
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
            x.open("w:tc", &[]).open("w:tcPr", &[]);
            x.empty("w:tcW", &[("w:w", &width), ("w:type", &"dxa")]);
            if span > 1 {
                x.empty("w:gridSpan", &[("w:val", &span)]);
            }
            if !origin {
                x.empty("w:vMerge", &[("w:val", &"continue")]);
            } else if cell.rowspan > 1 {
                x.empty("w:vMerge", &[("w:val", &"restart")]);
            }
            if cell.role == CellRole::Figure {
                // A figure takes the narrower figure padding the widths were fitted with.
                figure_margins(x);
            }
            let align = if origin && top[slot_row][index] {
                "top"
            } else {
                "center"
            };
            x.empty("w:vAlign", &[("w:val", &align)]).close("w:tcPr");
            // Centred like the official form and the PDF.
            let props = ParaProps {
                style: Some(STYLE_TABLE),
                keep_next: keep[r],
                ..ParaProps::default()
            };
            let inner = inner_width(width);
            let (lines, size) = match (origin, cell.role) {
                (false, _) => (Vec::new(), None),
                // At the table's one figure size (smaller only when the
                // widened columns cannot hold its figures), as in the PDF.
                (true, CellRole::Figure) => (
                    vec![cell.text.clone()],
                    (figure_half_points != page::TABLE_SIZE.half_points())
                        .then_some(figure_half_points),
                ),
                // Labels on the lines the PDF would set, with explicit
                // breaks so that no reader breaks inside a word.
                (true, _) => (label_lines(&cell.text, inner), None),
            };
            let lines: Vec<String> = lines.into_iter().filter(|l| !l.is_empty()).collect();
            wml::lines_paragraph(x, &props, &lines, size);
            x.close("w:tc");
            c += span;
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
}

/// The room (pt) inside a cell `twips` wide, between its paddings.
fn inner_width(twips: usize) -> f32 {
    twips as f32 / 20.0 - 2.0 * page::TABLE_PAD_X_PT
}

/// The figure padding (format::page::TABLE_FIGURE_PAD_X_PT) left and right of a cell.
fn figure_margins(x: &mut Xml) {
    let pad = (page::TABLE_FIGURE_PAD_X_PT * 20.0) as usize;
    x.open("w:tcMar", &[]);
    for side in ["w:left", "w:right"] {
        x.empty(side, &[("w:w", &pad), ("w:type", &"dxa")]);
    }
    x.close("w:tcMar");
}

/// A label on the lines the PDF would set it, explicit breaks between them.
fn label_lines(text: &str, inner: f32) -> Vec<String> {
    columns::label_lines(text, inner, page::TABLE_SIZE.pt())
}

/// Which merged labels (by row and index in `table.rows`) are set at the top
/// of their rows: those whose rows a reader may break between (`keep` false
/// inside the span). Centred, such a label is cut by the page break wherever
/// its middle falls (「三、本年度 / 办理结果」 on two pages); at the top, with
/// the rows its lines need kept together (`keep` set for them), it is set
/// whole where its group starts. Row heights are estimated
/// (groups::estimated_heights).
fn top_labels(table: &Table, widths: &[usize], keep: &mut [bool]) -> Vec<Vec<bool>> {
    let heights = groups::estimated_heights(table);
    let line = page::TABLE_SIZE.pt() * page::TABLE_LINE_HEIGHT;
    table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| {
                    let last = (cell.row + cell.rowspan.max(1)).min(keep.len());
                    let cut = cell.role != CellRole::Figure
                        && (cell.row..last.saturating_sub(1)).any(|r| !keep[r]);
                    if !cut {
                        return false;
                    }
                    let end = (cell.col + cell.colspan.max(1)).min(widths.len());
                    let inner = inner_width(widths[cell.col.min(end)..end].iter().sum());
                    let lines = label_lines(&cell.text, inner).len().max(1) as f32;
                    let need = lines * line + 2.0 * page::TABLE_PAD_Y_PT;
                    let mut have = 0.0;
                    for r in cell.row..last {
                        have += heights[r];
                        if have + page::keep::EPSILON_PT >= need {
                            break;
                        }
                        keep[r] = true;
                    }
                    true
                })
                .collect()
        })
        .collect()
}

/// Fixed layout over the text block, 0.5 pt rules (as in the PDF), the cell
/// padding of the page specification.
fn properties(x: &mut Xml) {
    x.open("w:tblPr", &[]);
    x.empty("w:tblW", &[("w:w", &TEXT_WIDTH), ("w:type", &"dxa")]);
    x.empty("w:jc", &[("w:val", &"left")]);
    x.open("w:tblBorders", &[]);
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        x.empty(
            side,
            &[
                ("w:val", &"single"),
                ("w:sz", &RULE_EIGHTHS),
                ("w:space", &0),
                ("w:color", &"000000"),
            ],
        );
    }
    x.close("w:tblBorders");
    x.empty("w:tblLayout", &[("w:type", &"fixed")]);
    let pad_x = (page::TABLE_PAD_X_PT * 20.0) as usize;
    let pad_y = (page::TABLE_PAD_Y_PT * 20.0) as usize;
    x.open("w:tblCellMar", &[]);
    for (side, w) in [
        ("w:top", pad_y),
        ("w:left", pad_x),
        ("w:bottom", pad_y),
        ("w:right", pad_x),
    ] {
        x.empty(side, &[("w:w", &w), ("w:type", &"dxa")]);
    }
    x.close("w:tblCellMar").close("w:tblPr");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_three() -> Table {
        crate::document::fixture_table(crate::format::TableId::Three)
    }

    /// 「三、本年度办理结果」 spans groups a reader may break between: it is set
    /// at the top, the rows its lines need kept together; a label inside one
    /// kept group stays centred.
    #[test]
    fn a_label_a_break_may_cut_is_set_at_the_top_of_the_rows_it_needs() {
        let table = table_three();
        let widths = column_twips(&table);
        let groups = groups::kept_groups(&table);
        let mut keep = groups::keep_with_next(&table, &groups);
        let before = keep.clone();
        let top = top_labels(&table, &widths, &mut keep);
        let results = table
            .rows
            .iter()
            .flatten()
            .find(|c| c.text.contains("本年度办理结果"))
            .expect("the results label");
        let index = table.rows[results.row]
            .iter()
            .position(|c| std::ptr::eq(c, results))
            .unwrap();
        assert!(
            top[results.row][index],
            "the results label is not at the top"
        );
        assert!(
            (results.row..results.row + results.rowspan - 1).any(|r| !before[r]),
            "the results are one kept group"
        );
        // Its two lines need the rows of 「（一）」 and 「（二）」 together.
        let lines = label_lines(&results.text, inner_width(widths[results.col])).len();
        assert!(lines >= 2, "{lines} lines");
        assert!(
            keep[results.row],
            "the first result row does not keep with the next"
        );
        // Only rows under a label set at the top are tied, and no label
        // inside one kept group moved.
        for (r, (a, b)) in before.iter().zip(&keep).enumerate() {
            let under_top = table.rows.iter().enumerate().any(|(k, row)| {
                row.iter()
                    .enumerate()
                    .any(|(i, c)| top[k][i] && (c.row..c.row + c.rowspan).contains(&r))
            });
            assert!(a == b || under_top, "row {r} changed");
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (i, cell) in row.iter().enumerate() {
                let inside = groups
                    .iter()
                    .any(|g| g.contains(&cell.row) && g.end >= cell.row + cell.rowspan);
                if inside {
                    assert!(!top[r][i], "「{}」 set at the top", cell.text);
                }
            }
        }
    }
}
