//! Column widths of a table as printed: the format's relative widths, widened
//! where a figure actually present (a six- to eight-digit count) would not fit
//! its column at the table size inside the padding, the room taken from
//! columns whose widest unbreakable piece leaves them some. Shared by every
//! output, each measuring text its own way (the PDF with the font's advances,
//! DOCX and the print CSS by estimate).

use crate::document::{CellRole, Table};
use crate::format::{self, page};

/// The relative widths (summing to the format's total) of `table`'s columns
/// over `total` pt. `measure` gives the width in pt of a text set on one
/// line at the table size. A column is never narrower than the format gives
/// it unless it has room to spare; when the spare room of all columns is not
/// enough, the widened columns share what there is (figures then shrink).
pub fn fitted_widths(table: &Table, total: f32, measure: impl Fn(&str) -> f32) -> Vec<f32> {
    let given = &table.column_widths;
    let sum: f32 = given.iter().sum();
    if given.is_empty() || sum <= 0.0 || total <= 0.0 {
        return given.clone();
    }
    let pad = 2.0 * page::TABLE_PAD_X_PT;
    let figure_pad = 2.0 * page::TABLE_FIGURE_PAD_X_PT;
    // What each column needs (relative): its widest figure, its widest label piece.
    let mut need_figure = vec![0.0f32; given.len()];
    let mut need_label = vec![0.0f32; given.len()];
    for cell in table.rows.iter().flatten() {
        if cell.colspan.max(1) != 1 || cell.col >= given.len() {
            continue;
        }
        let share = |w: f32| (w + pad) / total * sum;
        if cell.role == CellRole::Figure {
            let w = (measure(&cell.text) + figure_pad) / total * sum;
            need_figure[cell.col] = need_figure[cell.col].max(w);
        } else {
            let widest = format::label_pieces(&cell.text)
                .iter()
                .map(|p| measure(p))
                .fold(0.0, f32::max);
            need_label[cell.col] = need_label[cell.col].max(share(widest));
        }
    }
    let deficit: Vec<f32> = given
        .iter()
        .zip(&need_figure)
        .map(|(w, f)| (f - w).max(0.0))
        .collect();
    let wanted: f32 = deficit.iter().sum();
    if wanted <= 0.0 {
        return given.clone();
    }
    let slack: Vec<f32> = given
        .iter()
        .enumerate()
        .map(|(c, w)| {
            if deficit[c] > 0.0 {
                0.0
            } else {
                (w - need_label[c].max(need_figure[c])).max(0.0)
            }
        })
        .collect();
    let spare: f32 = slack.iter().sum();
    if spare <= 0.0 {
        return given.clone();
    }
    // Take no more than there is; each gives in proportion to its slack,
    // each widened column gets in proportion to its deficit.
    let moved = wanted.min(spare);
    given
        .iter()
        .enumerate()
        .map(|(c, w)| w - slack[c] / spare * moved + deficit[c] / wanted * moved)
        .collect()
}

/// The one size (pt) at which every figure of `table` is set: the table size,
/// or when the widest figure for its column cannot fit that even with the
/// columns widened (`widths`, relative, over `total` pt), the largest of
/// `format::page::TABLE_FIGURE_SIZES` at which all fit, so that a row never
/// mixes sizes and the outputs step down alike. `measure` gives the width in
/// pt of a text at 1 pt.
pub fn figure_size(
    table: &Table,
    widths: &[f32],
    total: f32,
    measure: impl Fn(&str) -> f32,
) -> f32 {
    let sum: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
    // The largest size each figure allows in its column.
    let allowed = table
        .rows
        .iter()
        .flatten()
        .filter(|c| c.role == CellRole::Figure && c.col < widths.len())
        .map(|c| {
            let end = (c.col + c.colspan.max(1)).min(widths.len());
            let room = widths[c.col..end].iter().sum::<f32>() / sum * total
                - 2.0 * page::TABLE_FIGURE_PAD_X_PT;
            let wide = measure(&c.text);
            if wide > 0.0 {
                room / wide
            } else {
                f32::INFINITY
            }
        })
        .fold(f32::INFINITY, f32::min);
    let sizes = page::TABLE_FIGURE_SIZES.map(|h| h.pt());
    sizes
        .iter()
        .copied()
        .find(|s| *s <= allowed + page::keep::EPSILON_PT / 10.0)
        .unwrap_or(sizes[sizes.len() - 1])
}

/// Estimated width (pt) of `text` at `size` pt for outputs that do not know
/// the reader's font (DOCX, the print CSS): any other than ASCII one em (a
/// Chinese face sets 「“」 full width too), an ASCII character 0.64 em, the
/// digit width of the widest usual fallback (DejaVu Sans), so a figure that
/// fits here fits in any reader.
pub fn estimated_width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.64 } else { 1.0 })
        .sum::<f32>()
        * size
}

/// The lines of a label in a cell `width` pt wide at `size` pt, for outputs
/// whose reader breaks lines itself (DOCX): filled piece by piece
/// (format::label_pieces), so every break is one the PDF may take too and the
/// reader, given explicit breaks, has no reason to cut a word. Widths are
/// estimated (`estimated_width`); a piece wider than the cell
/// stays whole on a line of its own.
pub fn label_lines(text: &str, width: f32, size: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut used = 0.0;
    for piece in format::label_pieces(text) {
        let w = estimated_width(&piece, size);
        match lines.last_mut() {
            Some(line) if used + w <= width + page::keep::EPSILON_PT => {
                line.push_str(&piece);
                used += w;
            }
            _ => {
                lines.push(piece);
                used = w;
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Cell, CellRole};
    use crate::format::TableId;

    fn cell(row: usize, col: usize, text: &str, role: CellRole) -> Cell {
        Cell {
            row,
            col,
            rowspan: 1,
            colspan: 1,
            text: text.to_string(),
            role,
        }
    }

    fn table(figure: &str) -> Table {
        Table {
            rows: vec![
                vec![
                    cell(0, 0, "项目", CellRole::Header),
                    cell(0, 1, "总计", CellRole::Header),
                ],
                vec![
                    cell(1, 0, "本年新收政府信息公开申请数量", CellRole::Label),
                    cell(1, 1, figure, CellRole::Figure),
                ],
            ],
            column_widths: vec![0.8, 0.2],
            grid_rows: 2,
            grid_columns: 2,
            header_rows: 1,
            id: TableId::Three,
            caption: String::new(),
        }
    }

    /// Half an em per digit at 10 pt, one em per Chinese character.
    fn measure(text: &str) -> f32 {
        page::estimated_chars(text) * 10.0
    }

    #[test]
    fn labels_break_between_their_words() {
        let lines = label_lines("三、本年度办理结果", 60.0, 10.0);
        assert_eq!(lines, ["三、本年度", "办理结果"]);
        let lines = label_lines(
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            150.0,
            10.0,
        );
        assert_eq!(
            lines.concat(),
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        );
        for line in &lines {
            assert!(page::estimated_chars(line) * 10.0 <= 150.0, "{lines:?}");
        }
    }

    #[test]
    fn small_figures_keep_the_format_widths() {
        assert_eq!(fitted_widths(&table("12"), 100.0, measure), vec![0.8, 0.2]);
    }

    #[test]
    fn figures_step_down_together_only_when_widening_is_not_enough() {
        let at_one = |t: &str| measure(t) / 10.0;
        // 「12」 and 「12345678」 fit at the table size once widened.
        for figure in ["12", "12345678"] {
            let t = table(figure);
            let w = fitted_widths(&t, 100.0, |x| at_one(x) * page::TABLE_SIZE.pt());
            assert_eq!(figure_size(&t, &w, 100.0, at_one), page::TABLE_SIZE.pt());
        }
        // Twenty digits (10 em) in 16 pt of room fit no step: the smallest.
        let t = table("12345678901234567890");
        let sizes = page::TABLE_FIGURE_SIZES.map(|h| h.pt());
        assert_eq!(figure_size(&t, &[0.8, 0.2], 100.0, at_one), sizes[2]);
        // Three em in 24 pt of room: 小五 (27 pt) is too wide, 六号 (22.5 pt)
        // is not; in 29 pt, 小五.
        let t = table("123456");
        assert_eq!(figure_size(&t, &[0.72, 0.28], 100.0, at_one), sizes[2]);
        assert_eq!(figure_size(&t, &[0.67, 0.33], 100.0, at_one), sizes[1]);
    }

    #[test]
    fn a_wide_figure_widens_its_column() {
        // 「12345678」: 40 pt + 4 pt padding of 100 pt.
        let w = fitted_widths(&table("12345678"), 100.0, measure);
        assert!((w[1] - 0.44).abs() < 1e-4, "{w:?}");
        assert!((w.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        // The label column keeps room for its widest word.
        assert!(w[0] * 100.0 >= measure("政府信息") + 8.0, "{w:?}");
    }
}
