//! Tables: the official grid with merged cells, wrapped and vertically centred
//! text, thin rules, page breaks between row groups with repeated header rows.

use super::fonts::{FontSet, Role};
use super::layout::{self, Line};
use super::pages::Pages;
use super::structure::{Mark, NodeId};
use super::{TEXT_HEIGHT, TEXT_WIDTH};
use crate::document::{CellRole, Table};
use crate::format::{self, page};
use crate::render::columns;
use crate::render::groups::{self, MIN_ROWS_AT_BREAK};

/// Table text size (五号).
const SIZE: f32 = page::TABLE_SIZE.pt();
/// A table that does not fit the rest of the page moves whole only when at
/// most this much blank would be left above it.
const MOVE_WHOLE_MAX_BLANK: f32 = page::keep::MOVE_WHOLE_MAX_BLANK_MM * page::PT_PER_MM;
/// Cell padding, horizontal and vertical (pt).
const PAD_X: f32 = page::TABLE_PAD_X_PT;
const PAD_Y: f32 = page::TABLE_PAD_Y_PT;

/// One cell laid out: its grid place and its lines.
struct CellBox {
    row: usize,
    col: usize,
    rowspan: usize,
    colspan: usize,
    lines: Vec<Line>,
    size: f32,
}

/// A table measured for print.
struct Plan {
    col_x: Vec<f32>,
    cells: Vec<CellBox>,
    heights: Vec<f32>,
    groups: Vec<std::ops::Range<usize>>,
    header_rows: usize,
}

impl Plan {
    fn new(fonts: &FontSet, table: &Table) -> Plan {
        // Columns widened for the widest figure present (render::columns).
        let measure = |text: &str| -> f32 {
            layout::shape(fonts, text, Role::Body, SIZE, 0.0)
                .iter()
                .map(|g| g.advance)
                .sum()
        };
        let widths = columns::fitted_widths(table, TEXT_WIDTH, measure);
        let figure_size =
            columns::figure_size(table, &widths, TEXT_WIDTH, |text| measure(text) / SIZE);
        let col_x: Vec<f32> = std::iter::once(0.0)
            .chain(widths.iter().scan(0.0, |acc, w| {
                *acc += w * TEXT_WIDTH;
                Some(*acc)
            }))
            .collect();
        let cells = layout_cells(fonts, table, &col_x, SIZE, figure_size);
        let all: Vec<usize> = (0..table.grid_rows).collect();
        let heights = fragment_heights(&cells, &all, table.grid_rows);
        let groups = groups::row_groups(table);
        Plan {
            col_x,
            cells,
            groups,
            header_rows: table.header_rows.min(table.grid_rows),
            heights,
        }
    }

    fn total(&self) -> f32 {
        self.heights.iter().sum()
    }

    /// The height that must be free where the table starts: its header rows
    /// and the row groups that hold its first two body rows (a table never
    /// starts at a page foot with its header and one row).
    fn start_height(&self) -> f32 {
        let mut h = 0.0;
        let mut body = 0;
        for group in &self.groups {
            h += group.clone().map(|r| self.heights[r]).sum::<f32>();
            body += group.clone().filter(|r| *r >= self.header_rows).count();
            if body >= MIN_ROWS_AT_BREAK {
                break;
            }
        }
        h
    }
}

/// The rows' heights as set (for comparing the estimate of render::groups).
#[cfg(test)]
pub fn row_heights(fonts: &FontSet, table: &Table) -> Vec<f32> {
    Plan::new(fonts, table).heights
}

/// The height a table needs free where it starts (for keeping a heading with it).
pub fn start_height(fonts: &FontSet, table: &Table) -> f32 {
    Plan::new(fonts, table).start_height()
}

/// Draws a table at the current position. A table that does not fit the rest
/// of the page breaks between row groups and repeats its header rows; it
/// moves whole to the next page only when little blank is left (or its start
/// does not fit). `nodes` are the structure nodes of the origin cells, in the
/// order of `table.rows` flattened: a cell's text is its node's content where it
/// first appears, a repetition (header rows, a merged label) on a later page.
pub fn draw(pages: &mut Pages, fonts: &FontSet, table: &Table, nodes: &[NodeId]) {
    let plan = Plan::new(fonts, table);
    if !pages.at_top()
        && !pages.fits(plan.total())
        && (pages.remaining() <= MOVE_WHOLE_MAX_BLANK || !pages.fits(plan.start_height()))
    {
        pages.new_page();
    }
    let Plan {
        col_x,
        cells,
        heights,
        groups,
        header_rows,
        ..
    } = plan;
    let header_height: f32 = heights[..header_rows].iter().sum();
    // A group taller than a page under the header is split at its inner groups.
    let room = TEXT_HEIGHT - header_height;
    let groups = groups::split_tall(groups, &groups::spans(table), &heights, room);
    let group_height = |g: &std::ops::Range<usize>| -> f32 { g.clone().map(|r| heights[r]).sum() };
    // Header rows never stay alone at the foot of a page.
    if let Some(first) = groups.first()
        && !pages.fits(group_height(first))
        && !pages.at_top()
    {
        pages.new_page();
    }
    let spans = groups::spans(table);
    let mut groups = groups;
    let parts = loop {
        let body_rows: Vec<usize> = groups
            .iter()
            .map(|g| g.clone().filter(|r| *r >= header_rows).count())
            .collect();
        // A part's height as set: the rows of a merged cell cut by a page
        // break grow when its repeated label needs more than they have.
        let part_height = |part: std::ops::Range<usize>| -> f32 {
            let rows: Vec<usize> = groups[part].iter().flat_map(|g| g.clone()).collect();
            fragment_heights(&cells, &rows, heights.len()).iter().sum()
        };
        let first_room = pages.remaining();
        let parts = page_parts(&body_rows, part_height, first_room, room);
        // A part that leaves more than the move-whole blank because the next
        // group is too tall for the rest of its page (「（三）不予公开」 at a
        // page foot) splits that group at its inner groups; its merged label
        // is repeated on the next page.
        let split = parts.iter().enumerate().find_map(|(k, part)| {
            let next = groups.get(part.end)?;
            let limit = if k == 0 { first_room } else { room };
            let blank = limit - part_height(part.clone());
            if blank <= MOVE_WHOLE_MAX_BLANK {
                return None;
            }
            let pieces = groups::split_tall(vec![next.clone()], &spans, &heights, blank);
            (pieces.len() > 1).then_some((part.end, pieces))
        });
        match split {
            Some((at, pieces)) => {
                groups.splice(at..at + 1, pieces);
            }
            None => break parts,
        }
    };
    let mut marks: Vec<Mark> = nodes.iter().map(|n| Mark::Node(*n)).collect();
    for (i, part) in parts.iter().enumerate() {
        let mut fragment: Vec<usize> = Vec::new();
        if i > 0 {
            pages.new_page();
            fragment.extend(0..header_rows);
        }
        fragment.extend(groups[part.clone()].iter().flat_map(|g| g.clone()));
        flush(pages, &cells, &col_x, &fragment, heights.len(), &mut marks);
    }
}

/// Splits row groups, given by their body rows and the height of a run of
/// them set together, into the parts that go on successive pages:
/// `first_room` free on the first page, `room` under the repeated header on
/// the others. Each part holds what fits (at least one group); a part left
/// with fewer than two body rows takes groups from the end of the part
/// before while that keeps two there and all still fits.
fn page_parts(
    body_rows: &[usize],
    height: impl Fn(std::ops::Range<usize>) -> f32,
    first_room: f32,
    room: f32,
) -> Vec<std::ops::Range<usize>> {
    let eps = page::keep::EPSILON_PT;
    let n = body_rows.len();
    let mut parts: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    for i in 0..n {
        let limit = if parts.is_empty() { first_room } else { room };
        if i > start && height(start..i + 1) > limit + eps {
            parts.push(start..i);
            start = i;
        }
    }
    if start < n {
        parts.push(start..n);
    }
    let rows = |r: &std::ops::Range<usize>| body_rows[r.clone()].iter().sum::<usize>();
    for k in 1..parts.len() {
        while rows(&parts[k]) < MIN_ROWS_AT_BREAK && parts[k - 1].len() > 1 {
            let moved = parts[k - 1].end - 1;
            let before = parts[k - 1].start..moved;
            let after = moved..parts[k].end;
            if rows(&before) < MIN_ROWS_AT_BREAK || height(after.clone()) > room + eps {
                break;
            }
            parts[k - 1] = before;
            parts[k] = after;
        }
    }
    parts
}

/// Draws the rows of one page (of `grid_rows`) and moves the cursor below
/// them. `marks` says what each cell's text is; a cell drawn becomes a
/// repetition for the pages after.
fn flush(
    pages: &mut Pages,
    cells: &[CellBox],
    col_x: &[f32],
    rows: &[usize],
    grid_rows: usize,
    marks: &mut [Mark],
) {
    if rows.is_empty() {
        return;
    }
    let set = fragment_heights(cells, rows, grid_rows);
    let mut heights = vec![0.0; grid_rows];
    let mut row_top = vec![None; grid_rows];
    let mut y = pages.y();
    for (r, h) in rows.iter().zip(&set) {
        row_top[*r] = Some(y);
        heights[*r] = *h;
        y += h;
    }
    let used = y - pages.y();
    for (cell, mark) in cells.iter().zip(marks.iter_mut()) {
        // The rows of this page the cell covers: all of them, or the part of
        // a merged cell that a split group carries over.
        let covered: Vec<usize> = (cell.row..cell.row + cell.rowspan)
            .filter(|r| row_top.get(*r).copied().flatten().is_some())
            .collect();
        let Some(first) = covered.first() else {
            continue;
        };
        let Some(cell_top) = row_top[*first] else {
            continue;
        };
        let height: f32 = covered.iter().map(|r| heights[*r]).sum();
        let last = col_x.len() - 1;
        let x0 = col_x[cell.col.min(last)];
        let x1 = col_x[(cell.col + cell.colspan).min(last)];
        pages.rect(x0, cell_top, x1 - x0, height);
        // The label of a merged cell cut by a page break is repeated on
        // every page, set within the rows there (fragment_heights).
        let line_h = cell.size * page::TABLE_LINE_HEIGHT;
        let text_h = line_h * cell.lines.len() as f32;
        let mut baseline = cell_top + (height - text_h) / 2.0 + line_h / 2.0 + cell.size * 0.35;
        pages.mark(*mark);
        if let Mark::Node(node) = *mark {
            *mark = Mark::Repeated(node);
        }
        for line in &cell.lines {
            // Centred on the ink: the blank half of a bracket at either end is left out.
            let (lead, trail) = line.blank_ends();
            let x = x0 + (x1 - x0 - (line.width() - lead - trail)) / 2.0 - lead;
            pages.line_at(x, baseline, cell.size, line);
            baseline += line_h;
        }
    }
    pages.advance(used);
}

/// The cells laid out: labels at `base`, figures at `figure_size`
/// (render::columns::figure_size, one size for the table).
fn layout_cells(
    fonts: &FontSet,
    table: &Table,
    col_x: &[f32],
    base: f32,
    figure_size: f32,
) -> Vec<CellBox> {
    let mut out = Vec::new();
    for cell in table.rows.iter().flatten() {
        let end = (cell.col + cell.colspan).min(col_x.len() - 1);
        let start = cell.col.min(end);
        let width = col_x[end] - col_x[start] - 2.0 * PAD_X;
        let (size, lines) = if cell.role == CellRole::Figure {
            let room = col_x[end] - col_x[start] - 2.0 * page::TABLE_FIGURE_PAD_X_PT;
            figure_lines(fonts, &cell.text, figure_size, room)
        } else {
            let glyphs = layout::shape(fonts, &cell.text, Role::Body, base, 0.0);
            // Labels break between their words (format::tables::label_breaks).
            let text: String = glyphs.iter().map(|g| g.ch).collect();
            let breaks = format::label_breaks(&text);
            // Cell lines are not justified: wide gaps in narrow cells read as spaces.
            (base, layout::layout_cell(&glyphs, width, &breaks))
        };
        out.push(CellBox {
            row: cell.row,
            col: cell.col,
            rowspan: cell.rowspan.max(1),
            colspan: cell.colspan.max(1),
            lines,
            size,
        });
    }
    out
}

/// A figure in a cell `width` wide at `size`: on one line, or when even the
/// table's smallest figure size is too wide, in two or three equal pieces,
/// set smaller only when three are still too wide.
fn figure_lines(fonts: &FontSet, text: &str, size: f32, width: f32) -> (f32, Vec<Line>) {
    let chars: Vec<char> = text.chars().collect();
    let advance = |c: &[char]| -> f32 {
        let t: String = c.iter().collect();
        layout::shape(fonts, &t, Role::Body, 1.0, 0.0)
            .iter()
            .map(|g| g.advance)
            .sum()
    };
    let mut pieces = 1;
    let mut widest = advance(&chars);
    while widest * size > width && pieces < 3.min(chars.len()) {
        pieces += 1;
        let per = chars.len().div_ceil(pieces);
        widest = chars.chunks(per).map(advance).fold(0.0, f32::max);
    }
    let size = if widest * size > width && widest > 0.0 {
        width / widest
    } else {
        size
    };
    let per = chars.len().div_ceil(pieces).max(1);
    let lines = chars
        .chunks(per)
        .map(|c| Line {
            glyphs: layout::shape(fonts, &c.iter().collect::<String>(), Role::Body, size, 0.0),
            indent: 0.0,
            spacing: 0.0,
        })
        .collect();
    (size, lines)
}

/// The heights of `rows` (of `grid_rows`) set together, in order: every row
/// fits its single-row cells; a cell spanning rows stretches the last of
/// them here when it needs more than the part of it here has (a merged
/// label cut by a page break is set whole in each part).
fn fragment_heights(cells: &[CellBox], rows: &[usize], grid_rows: usize) -> Vec<f32> {
    let min = SIZE * page::TABLE_LINE_HEIGHT + 2.0 * PAD_Y;
    let need =
        |c: &CellBox| c.lines.len().max(1) as f32 * c.size * page::TABLE_LINE_HEIGHT + 2.0 * PAD_Y;
    let mut at = vec![None; grid_rows];
    for (i, r) in rows.iter().enumerate() {
        at[*r] = Some(i);
    }
    let mut h = vec![min; rows.len()];
    for c in cells.iter().filter(|c| c.rowspan == 1) {
        if let Some(i) = at.get(c.row).copied().flatten() {
            h[i] = h[i].max(need(c));
        }
    }
    for c in cells.iter().filter(|c| c.rowspan > 1) {
        let here: Vec<usize> = (c.row..c.row + c.rowspan)
            .filter_map(|r| at.get(r).copied().flatten())
            .collect();
        let Some(last) = here.last() else { continue };
        let have: f32 = here.iter().map(|i| h[*i]).sum();
        if have < need(c) {
            h[*last] += need(c) - have;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Cell;
    use crate::format::TableId;
    use crate::render::paged::pages::Item;
    use crate::render::paged::structure::Structure;

    fn cell(
        text: &str,
        role: CellRole,
        row: usize,
        col: usize,
        rowspan: usize,
        colspan: usize,
    ) -> Cell {
        Cell {
            text: text.to_string(),
            role,
            row,
            col,
            rowspan,
            colspan,
        }
    }

    /// A long table: one header row, then 40 blocks of a two-row label and figures.
    fn long_table() -> Table {
        let mut rows = vec![vec![
            cell("项目", CellRole::Header, 0, 0, 1, 2),
            cell("数量", CellRole::Header, 0, 2, 1, 1),
        ]];
        for b in 0..40 {
            let r = 1 + 2 * b;
            rows.push(vec![
                cell(&format!("第{b}组"), CellRole::Label, r, 0, 2, 1),
                cell("甲", CellRole::Label, r, 1, 1, 1),
                cell("1", CellRole::Figure, r, 2, 1, 1),
            ]);
            rows.push(vec![
                cell("乙", CellRole::Label, r + 1, 1, 1, 1),
                cell("2", CellRole::Figure, r + 1, 2, 1, 1),
            ]);
        }
        Table {
            id: TableId::Four,
            caption: String::new(),
            grid_rows: 81,
            grid_columns: 3,
            column_widths: vec![0.4, 0.3, 0.3],
            header_rows: 1,
            rows,
        }
    }

    fn texts(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .filter_map(|item| match item {
                Item::Text { text, .. } => Some(text.iter().collect()),
                _ => None,
            })
            .collect()
    }

    /// Table 三 of the valid fixture, every figure replaced by `figure` if given.
    fn table_three_with(figure: Option<&str>) -> Table {
        let mut table = crate::document::fixture_table(TableId::Three);
        for cell in table.rows.iter_mut().flatten() {
            if let (CellRole::Figure, Some(figure)) = (cell.role, figure) {
                cell.text = figure.to_string();
            }
        }
        table
    }

    /// The fixture's figures keep the table size; six or eight digits in
    /// every column do not fit it, and then every figure of the table is set
    /// at one of the format's steps, clear of the rules — never one size per
    /// cell.
    #[test]
    fn the_figures_of_a_table_share_one_size() {
        let steps = page::TABLE_FIGURE_SIZES.map(|h| h.pt());
        for (figure, smaller) in [
            (None, false),
            (Some("925925"), true),
            (Some("37037000"), true),
        ] {
            let table = table_three_with(figure);
            let text: String = table
                .rows
                .iter()
                .flatten()
                .map(|c| c.text.as_str())
                .collect();
            let fonts = FontSet::select(None, &[(Role::Body, text)]).unwrap();
            let plan = Plan::new(&fonts, &table);
            let figures: Vec<&CellBox> = plan
                .cells
                .iter()
                .zip(table.rows.iter().flatten())
                .filter(|(_, cell)| cell.role == CellRole::Figure)
                .map(|(c, _)| c)
                .collect();
            assert!(figures.len() > 100, "{figure:?}: {} figures", figures.len());
            let size = figures[0].size;

            assert!(
                figures.iter().all(|c| c.size == size),
                "{figure:?}: sizes differ"
            );
            assert_eq!(size < SIZE, smaller, "{figure:?} at {size} pt");
            assert!(steps.contains(&size), "{figure:?} at {size} pt");
            for c in figures {
                let room = plan.col_x[c.col + c.colspan] - plan.col_x[c.col];
                let ink = c.lines[0].width();
                assert!(
                    ink + 2.0 * page::TABLE_FIGURE_PAD_X_PT <= room + 0.01,
                    "{figure:?}: {ink} in {room}"
                );
            }
        }
    }

    #[test]
    fn a_long_table_breaks_between_row_groups_and_repeats_its_header() {
        let fonts = FontSet::select(None, &[]).unwrap();
        let mut pages = Pages::new();
        pages.advance(200.0);
        let table = long_table();
        let nodes = Structure::new().add_table(&table);
        draw(&mut pages, &fonts, &table, &nodes);
        let all = pages.finish();
        assert!(all.len() >= 3, "{} pages", all.len());
        for (i, page) in all.iter().enumerate() {
            let t = texts(page);
            assert_eq!(
                t.first().map(String::as_str),
                Some("项目"),
                "page {i} starts with {t:?}"
            );
            // A two-row group never splits: every 甲 has its 乙 on the same page.
            assert_eq!(
                t.iter().filter(|s| *s == "甲").count(),
                t.iter().filter(|s| *s == "乙").count()
            );
        }
    }

    #[test]
    fn a_break_leaves_two_rows_on_each_side() {
        // Ten one-row groups of 10 pt; 95 pt on the first page: nine fit,
        // the tenth would be alone on the next page, so the ninth joins it.
        let parts = |sizes: &[(f32, usize)], first: f32, room: f32| {
            let rows: Vec<usize> = sizes.iter().map(|s| s.1).collect();
            let height = |r: std::ops::Range<usize>| sizes[r].iter().map(|s| s.0).sum::<f32>();
            page_parts(&rows, height, first, room)
        };
        let sizes = vec![(10.0, 1); 10];
        assert_eq!(parts(&sizes, 95.0, 200.0), vec![0..8, 8..10]);
        // A two-row group alone is fine.
        let mut sizes = vec![(10.0, 1); 9];
        sizes.push((20.0, 2));
        assert_eq!(parts(&sizes, 95.0, 200.0), vec![0..9, 9..10]);
        // Rows are not taken where the page before would keep fewer than two.
        let sizes = vec![(10.0, 1), (10.0, 1), (10.0, 1)];
        assert_eq!(parts(&sizes, 25.0, 200.0), vec![0..2, 2..3]);
        // Everything that fits stays on one part.
        assert_eq!(parts(&[(10.0, 1); 3], 95.0, 200.0), vec![0..3]);
    }

    /// A table whose row 2 starts a label merged over 40 rows (taller than
    /// a page), under a header and a tall first row.
    fn merged_table() -> Table {
        let mut rows = vec![
            vec![
                cell("项目", CellRole::Header, 0, 0, 1, 2),
                cell("数量", CellRole::Header, 0, 2, 1, 1),
            ],
            vec![
                cell(
                    &"本年新收政府信息公开申请数量".repeat(6),
                    CellRole::Label,
                    1,
                    0,
                    1,
                    2,
                ),
                cell("1", CellRole::Figure, 1, 2, 1, 1),
            ],
        ];
        for r in 2..42 {
            let mut row = Vec::new();
            if r == 2 {
                row.push(cell("三、本年度办理结果", CellRole::Label, r, 0, 40, 1));
            }
            row.push(cell("予以公开", CellRole::Label, r, 1, 1, 1));
            row.push(cell("0", CellRole::Figure, r, 2, 1, 1));
            rows.push(row);
        }
        Table {
            id: TableId::Three,
            caption: String::new(),
            grid_rows: 42,
            grid_columns: 3,
            column_widths: vec![0.14, 0.5, 0.36],
            header_rows: 1,
            rows,
        }
    }

    /// Every text line lies inside a drawn cell on its page.
    fn assert_text_inside_cells(pages: &[Vec<Item>]) {
        for (p, page) in pages.iter().enumerate() {
            let rects: Vec<(f32, f32, f32, f32)> = page
                .iter()
                .filter_map(|item| match item {
                    Item::Rect { x, y, w, h } => Some((*x, *y, *w, *h)),
                    _ => None,
                })
                .collect();
            for item in page {
                let Item::Text {
                    x,
                    baseline,
                    size,
                    text,
                    ..
                } = item
                else {
                    continue;
                };
                let inside = rects.iter().any(|(rx, ry, rw, rh)| {
                    *x >= *rx
                        && *x <= rx + rw
                        && baseline - 0.8 * size >= *ry
                        && baseline + 0.2 * size <= ry + rh
                });
                let text: String = text.iter().collect();
                assert!(
                    inside,
                    "page {p}: 「{text}」 at {baseline:.1} outside its cell"
                );
            }
        }
    }

    #[test]
    fn a_merged_label_is_set_within_the_rows_of_its_fragment() {
        let fonts = FontSet::select(None, &[]).unwrap();
        let table = merged_table();
        let plan = Plan::new(&fonts, &table);
        // Room for the header, the first row and one row of the merged group.
        let room = plan.heights[..3].iter().sum::<f32>() + 8.0;
        assert!(
            room > MOVE_WHOLE_MAX_BLANK,
            "the table must start on the page"
        );
        let mut pages = Pages::new();
        pages.advance(TEXT_HEIGHT - room);
        let nodes = Structure::new().add_table(&table);
        draw(&mut pages, &fonts, &table, &nodes);
        let all = pages.finish();
        assert!(all.len() >= 3, "{} pages", all.len());
        // The merged label is on every page of the table, inside its cell:
        // its node's content on the first, a repetition of it after.
        let label = table
            .rows
            .iter()
            .flatten()
            .position(|c| c.text == "三、本年度办理结果");
        let label = nodes[label.unwrap()];
        let mut first = None;
        for (p, page) in all.iter().enumerate() {
            let t = texts(page);
            if t.iter().any(|s| s == "予以公开") {
                assert!(t.iter().any(|s| s == "三、本年度"), "{t:?}");
            }
            for item in page {
                if let Item::Text { mark, text, .. } = item
                    && matches!(mark, Mark::Node(n) | Mark::Repeated(n) if *n == label)
                {
                    let want = if *first.get_or_insert(p) == p {
                        Mark::Node(label)
                    } else {
                        Mark::Repeated(label)
                    };
                    assert_eq!(*mark, want, "page {p}: {text:?}");
                }
            }
        }
        assert!(first.is_some_and(|f| f + 1 < all.len()), "{first:?}");
        assert_text_inside_cells(&all);
    }

    #[test]
    fn row_spans_tie_rows_together() {
        let fonts = FontSet::select(None, &[]).unwrap();
        let table = long_table();
        let plan = Plan::new(&fonts, &table);
        assert_eq!(
            plan.groups[0],
            0..3,
            "the header row stays with the first group"
        );
        assert_eq!(plan.groups[1], 3..5);
        assert_eq!(plan.groups.len(), 40);
    }
}
