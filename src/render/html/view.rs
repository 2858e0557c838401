//! The Document as plain data for the templates. Nothing here is retyped:
//! every text comes from the Document, which takes it from the format definition.

use serde::Serialize;

use crate::document::{Block, CellRole, Document, Table};
use crate::format::page;
use crate::render::{columns, groups};

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
    /// The page specification for the print style.
    pub page: PageSpecView,
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
        /// The lines with their right indent (GB/T 9704: the date 4
        /// characters in, the agency centred over it).
        placed: Vec<SignatureLineView>,
    },
    Contact {
        items: Vec<ContactView<'a>>,
    },
}

#[derive(Serialize)]
pub struct SignatureLineView {
    /// A line of the 落款 (a long agency name broken as the PDF breaks it).
    pub text: String,
    /// Right indent in em of the body size.
    pub right_em: String,
}

/// The page specification (format::page) as template variables.
#[derive(Serialize)]
pub struct PageSpecView {
    pub margin_top_mm: f32,
    pub margin_right_mm: f32,
    pub margin_bottom_mm: f32,
    pub margin_left_mm: f32,
    pub width_mm: f32,
    pub height_mm: f32,
    pub body_pt: f32,
    pub title_pt: f32,
    pub table_pt: f32,
    /// Line height of table text, in multiples of its size.
    pub table_line_height: f32,
    pub page_number_pt: f32,
    /// Grid line pitch in pt.
    pub line_pitch_pt: String,
    /// Body character pitch minus the font size (letter-spacing), in pt.
    pub tracking_pt: String,
    pub indent_em: u32,
    /// Distance of the page number below the text block (mm).
    pub page_number_below_mm: f32,
    /// 「— 」 and 「 —」 as CSS strings.
    pub page_number_before: String,
    pub page_number_after: String,
    pub page_number_inset_em: u32,
    pub lines_after_heading: u32,
    /// Width of table rules (pt).
    pub rule_pt: f32,
    pub figure_pad_pt: f32,
    pub signature_lines_before: u32,
    /// CSS font stacks by role.
    pub font_body: String,
    pub font_title: String,
    pub font_hei: String,
    pub font_kai: String,
    pub font_folio: String,
}

impl PageSpecView {
    pub(super) fn new() -> Self {
        use crate::format::page::{self, FontRole};
        let css_string = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        PageSpecView {
            margin_top_mm: page::MARGIN_TOP_MM,
            margin_right_mm: page::MARGIN_RIGHT_MM,
            margin_bottom_mm: page::MARGIN_BOTTOM_MM,
            margin_left_mm: page::MARGIN_LEFT_MM,
            width_mm: page::PAGE_WIDTH_MM,
            height_mm: page::PAGE_HEIGHT_MM,
            body_pt: page::BODY_SIZE.pt(),
            title_pt: page::TITLE_SIZE.pt(),
            table_pt: page::TABLE_SIZE.pt(),
            table_line_height: page::TABLE_LINE_HEIGHT,
            page_number_pt: page::PAGE_NUMBER_SIZE.pt(),
            line_pitch_pt: format!("{:.3}", page::line_pitch_pt()),
            tracking_pt: format!("{:.3}", page::char_pitch_pt() - page::BODY_SIZE.pt()),
            indent_em: page::FIRST_LINE_INDENT_CHARS,
            page_number_below_mm: page::PAGE_NUMBER_BELOW_MM,
            page_number_before: css_string(page::PAGE_NUMBER_BEFORE),
            page_number_after: css_string(page::PAGE_NUMBER_AFTER),
            page_number_inset_em: page::PAGE_NUMBER_INSET_CHARS,
            lines_after_heading: page::keep::LINES_AFTER_HEADING,
            rule_pt: page::RULE_PT,
            figure_pad_pt: page::TABLE_FIGURE_PAD_X_PT,
            signature_lines_before: page::SIGNATURE_LINES_BEFORE,
            font_body: FontRole::Body.css_stack(),
            font_title: FontRole::Title.css_stack(),
            font_hei: FontRole::Hei.css_stack(),
            font_kai: FontRole::Kai.css_stack(),
            font_folio: FontRole::Folio.css_stack(),
        }
    }
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
    /// `table2`, `table3`, `table4`; a table shown again (the 附表 comparing
    /// it with last year's) adds `-2`, so that every id is unique.
    pub id: String,
    pub caption: &'a str,
    /// Narrowest sensible width in em; below it the table scrolls sideways.
    pub min_width_em: u32,
    /// Column widths as CSS percentages.
    pub columns: Vec<String>,
    /// Header rows (repeated on every printed page); empty for table 二.
    pub head: Vec<RowView<'a>>,
    pub body: Vec<RowView<'a>>,
    /// The body rows by the row groups of render::groups: one `tbody` each.
    pub groups: Vec<GroupView<'a>>,
}

#[derive(Serialize)]
pub struct GroupView<'a> {
    /// The group is one that readers keep on a page (render::groups::kept_groups)
    /// and is printed unbroken.
    pub whole: bool,
    pub rows: Vec<RowView<'a>>,
}

#[derive(Serialize)]
pub struct RowView<'a> {
    /// Only headings (a block heading inside table 二).
    pub heading: bool,
    /// Printed on the page of the next row (render::groups::keep_with_next).
    pub keep: bool,
    /// `heading`, `keep`, both or empty.
    pub class: String,
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
    /// The text in the pieces that stay on one line (format::label_pieces:
    /// labels break between words only); a figure is one piece.
    pub pieces: Vec<String>,
    /// For the figures of a table whose widest figure is too wide for its
    /// column at the table size: the share of the table size they are all
    /// printed at (CSS `--fit`), as in the PDF and the DOCX.
    pub fit: Option<String>,
}

impl<'a> PageView<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let mut section = 0;
        let mut tables = Vec::new();
        let blocks = doc
            .blocks
            .iter()
            .map(|block| match block {
                // A "heading" longer than the format allows is body text, as
                // in the PDF and the DOCX (format::page::fits_as_heading).
                Block::Heading(h) if h.level > 1 && !page::fits_as_heading(&h.full()) => {
                    BlockView::Paragraph {
                        runs: vec![
                            RunView {
                                text: &h.number,
                                bold: false,
                            },
                            RunView {
                                text: &h.text,
                                bold: false,
                            },
                        ],
                    }
                }
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
                Block::Table(t) => {
                    let mut view = TableView::new(t);
                    let seen = tables.iter().filter(|&&id| id == t.id).count();
                    if seen > 0 {
                        view.id = format!("{}-{}", view.id, seen + 1);
                    }
                    tables.push(t.id);
                    BlockView::Table(view)
                }
                Block::Signature(s) => {
                    let lines = page::signature_lines(&s.lines);
                    let widths: Vec<f32> = lines.iter().map(|l| page::estimated_chars(l)).collect();
                    let placed = lines
                        .into_iter()
                        .zip(page::signature_right_indents(&widths))
                        .map(|(text, right)| SignatureLineView {
                            text,
                            right_em: format!("{right:.2}"),
                        })
                        .collect();
                    BlockView::Signature {
                        closing: s.closing.as_deref(),
                        lines: &s.lines,
                        placed,
                    }
                }
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
            page: PageSpecView::new(),
        }
    }
}

impl<'a> TableView<'a> {
    fn new(t: &'a Table) -> Self {
        // Kept together as the DOCX keeps them: a group of up to a third of a
        // page, so that a group moved to the next page leaves at most that
        // blank (with page-sized groups Chromium left 55 mm at the foot of
        // haiyan-2021 p4).
        let unbroken = groups::kept_groups(t);
        let keep = groups::keep_with_next(t, &unbroken);
        // Widened for the widest figure present, as in the PDF (render::columns).
        let widths = columns::fitted_widths(t, page::text_width_pt(), |text| {
            columns::estimated_width(text, page::TABLE_SIZE.pt())
        });
        let fits = figure_fits(t, &widths);
        let view = |r: usize| row_view(&t.rows[r], &fits[r], keep.get(r).copied().unwrap_or(false));
        let rows: Vec<RowView> = (0..t.rows.len()).map(view).collect();
        let split = t.header_rows.min(rows.len());
        let groups = groups::row_groups(t)
            .into_iter()
            .filter(|g| g.end > split)
            .map(|g| GroupView {
                whole: unbroken.contains(&g),
                rows: (g.start.max(split)..g.end.min(t.rows.len()))
                    .map(view)
                    .collect(),
            })
            .collect();
        let mut rows = rows;
        let body = rows.split_off(split);
        TableView {
            id: t.id.key().to_string(),
            caption: &t.caption,
            min_width_em: (t.grid_columns as u32 * 3).max(24),
            columns: widths
                .iter()
                .map(|w| format!("{:.2}%", w * 100.0))
                .collect(),
            head: rows,
            body,
            groups,
        }
    }
}

/// The `--fit` of each cell (by row and index): for every figure, the share
/// of the table size at which the table's figures are set
/// (render::columns::figure_size over the printed columns `widths`, widths
/// estimated as for the DOCX); none when that is the table size.
fn figure_fits(t: &Table, widths: &[f32]) -> Vec<Vec<Option<String>>> {
    let size = page::TABLE_SIZE.pt();
    let figures = columns::figure_size(t, widths, page::text_width_pt(), |text| {
        columns::estimated_width(text, 1.0)
    });
    let fit = (figures < size).then(|| format!("{:.3}", figures / size));
    t.rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| (c.role == CellRole::Figure).then(|| fit.clone()).flatten())
                .collect()
        })
        .collect()
}

fn row_view<'a>(
    row: &'a [crate::document::Cell],
    fits: &[Option<String>],
    keep: bool,
) -> RowView<'a> {
    let heading = row.iter().all(|c| c.role == CellRole::Header);
    let class = match (heading, keep) {
        (true, true) => "heading keep",
        (true, false) => "heading",
        (false, true) => "keep",
        (false, false) => "",
    };
    RowView {
        heading,
        keep,
        class: class.to_string(),
        cells: row
            .iter()
            .zip(fits)
            .map(|(c, fit)| cell_view(c, fit.clone()))
            .collect(),
    }
}

fn cell_view(c: &crate::document::Cell, fit: Option<String>) -> CellView<'_> {
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
        pieces: match c.role {
            CellRole::Figure => vec![c.text.clone()],
            CellRole::Header | CellRole::Label => crate::format::label_pieces(&c.text),
        },
        fit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Eight-digit figures in every cell of table 三: all are printed at one
    /// size of the format's steps, the largest at which each fits its
    /// column; the fixture's own figures keep the full size.
    #[test]
    fn figures_too_wide_for_their_column_are_printed_smaller() {
        let mut table = crate::document::fixture_table(crate::format::TableId::Three);
        let widths = |t: &Table| {
            columns::fitted_widths(t, page::text_width_pt(), |s| {
                columns::estimated_width(s, page::TABLE_SIZE.pt())
            })
        };
        let fits = figure_fits(&table, &widths(&table));
        assert!(fits.iter().flatten().all(Option::is_none), "{fits:?}");

        for cell in table.rows.iter_mut().flatten() {
            if cell.role == CellRole::Figure {
                cell.text = "37037000".into();
            }
        }
        let w = widths(&table);
        let fits = figure_fits(&table, &w);
        let total: f32 = w.iter().sum();
        let steps = page::TABLE_FIGURE_SIZES.map(|h| h.pt() / page::TABLE_SIZE.pt());
        let mut seen = std::collections::BTreeSet::new();
        let mut shrunk = 0;
        for (row, fit_row) in table.rows.iter().zip(&fits) {
            for (cell, fit) in row.iter().zip(fit_row) {
                let Some(fit) = fit else { continue };
                let fit: f32 = fit.parse().unwrap();
                assert!(
                    fit < 1.0 && steps.iter().any(|s| (s - fit).abs() < 1e-3),
                    "{fit}"
                );
                seen.insert(fit.to_bits());
                let column =
                    w[cell.col] / total * page::text_width_pt() - 2.0 * page::TABLE_FIGURE_PAD_X_PT;
                let set = columns::estimated_width(&cell.text, page::TABLE_SIZE.pt() * fit);
                assert!(
                    set <= column + 0.01 || (fit - steps[steps.len() - 1]).abs() < 1e-3,
                    "{set} pt in {column} pt"
                );
                shrunk += 1;
            }
        }
        assert!(shrunk > 0, "no eight-digit figure shrunk");
        assert_eq!(seen.len(), 1, "one size for the table's figures");
    }
}
