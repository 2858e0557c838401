//! The pages' items in reading order as blocks: lines joined into paragraphs
//! and tables broken by page breaks joined again.

use std::sync::LazyLock;

use regex::Regex;

use super::grid::cluster;
use super::lines::{Spacing, join_lines, space_between};
use super::{Cell, Item, Line, PageItems, SNAP, Table};
use crate::import::emphasis;
use crate::import::source::{Block, Place, SourceCell};

/// Reading order across pages: tables continued on the next page are joined,
/// lines become paragraphs.
pub(super) fn assemble(pages: Vec<PageItems>) -> Vec<Block> {
    let lines: Vec<&Line> = pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Line(l) => Some(l),
            Item::Table(_) => None,
        })
        .collect();
    let metrics = Metrics::of(&lines);
    let mut out: Vec<Block> = Vec::new();
    // The open paragraph: its text with bold runs marked, place, its last
    // line, the page width, and how its text spaces digits from Chinese.
    let mut para: Option<(String, Place, Line, f32, Spacing)> = None;
    // The last table, still open for a continuation on the next page.
    let mut table: Option<(Table, Place, usize)> = None;
    let flush_para = |para: &mut Option<(String, Place, Line, f32, Spacing)>,
                      out: &mut Vec<Block>| {
        if let Some((marked, at, _, _, _)) = para.take() {
            let text = emphasis::finish(&marked).trim().to_string();
            out.push(Block::Para { text, at });
        }
    };
    let flush_table = |table: &mut Option<(Table, Place, usize)>, out: &mut Vec<Block>| {
        if let Some((t, at, _)) = table.take() {
            out.push(Block::Table {
                rows: source_rows(&t),
                at,
            });
        }
    };
    for page in &pages {
        let line_no = |base: f32| {
            page.line_bases
                .partition_point(|&b| b < base - 1.0)
                .saturating_add(1)
        };
        for (i, item) in page.items.iter().enumerate() {
            match item {
                Item::Table(t) => {
                    flush_para(&mut para, &mut out);
                    let continued = i == 0
                        && table.as_ref().is_some_and(|(prev, _, p)| {
                            *p + 1 == page.number && same_columns(prev, t)
                        });
                    if continued && let Some((prev, _, p)) = table.as_mut() {
                        append_rows(prev, t);
                        *p = page.number;
                        continue;
                    }
                    flush_table(&mut table, &mut out);
                    let at = Place {
                        page: Some(page.number),
                        line: Some(line_no(t.first_base)),
                        paragraph: false,
                    };
                    table = Some((t.clone(), at, page.number));
                }
                Item::Line(l) => {
                    flush_table(&mut table, &mut out);
                    let new_page = i == 0;
                    let joins = para.as_ref().is_some_and(|(_, _, prev, width, _)| {
                        continues(prev, l, new_page, &metrics, *width)
                    });
                    if joins && let Some((marked, _, prev, width, spacing)) = para.as_mut() {
                        let line_spacing = Spacing::of(&l.text);
                        let boundary = (prev.text.chars().last(), l.text.chars().next());
                        if let (Some(a), Some(b)) = boundary
                            && (space_between(a, b) || spacing.add(line_spacing).hides_space(a, b))
                        {
                            marked.push(' ');
                        }
                        marked.push_str(&l.marked);
                        *spacing = spacing.add(line_spacing);
                        *prev = l.clone();
                        *width = page.width;
                        continue;
                    }
                    flush_para(&mut para, &mut out);
                    let at = Place {
                        page: Some(page.number),
                        line: Some(line_no(l.base)),
                        paragraph: false,
                    };
                    para = Some((
                        l.marked.clone(),
                        at,
                        l.clone(),
                        page.width,
                        Spacing::of(&l.text),
                    ));
                }
            }
        }
    }
    flush_para(&mut para, &mut out);
    flush_table(&mut table, &mut out);
    out
}

/// The body text's left and right edges, size and line pitch, from the most
/// common values.
///
/// The edges come from the lines, so they are the measure's only where lines
/// wrap. In a short report whose paragraphs all fit on one line, `left` is the
/// first-line indent and `right` the end of the longest line: see
/// [`Metrics::right_edge`].
pub(super) struct Metrics {
    left: f32,
    right: f32,
    size: f32,
    leading: f32,
}

impl Metrics {
    pub(super) fn of(lines: &[&Line]) -> Metrics {
        let mode = |values: Vec<f32>| -> f32 {
            let mut counts: std::collections::HashMap<i32, usize> = Default::default();
            for v in values {
                *counts.entry(v.round() as i32).or_default() += 1;
            }
            counts
                .into_iter()
                .max_by_key(|&(v, n)| (n, -v))
                .map_or(0.0, |(v, _)| v as f32)
        };
        let size = mode(lines.iter().map(|l| l.size).collect());
        let body: Vec<&&Line> = lines
            .iter()
            .filter(|l| (l.size - size).abs() < 1.0)
            .collect();
        let left = body.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
        let mut rights: Vec<f32> = body.iter().map(|l| l.x1).collect();
        rights.sort_by(f32::total_cmp);
        let right = rights
            .get(rights.len().saturating_sub(1) * 9 / 10)
            .copied()
            .unwrap_or(0.0);
        let pitches: Vec<f32> = lines
            .windows(2)
            .filter(|w| (w[0].size - size).abs() < 1.0 && (w[1].size - size).abs() < 1.0)
            .map(|w| w[1].base - w[0].base)
            .filter(|d| *d > 0.0 && *d < 3.0 * size)
            .collect();
        let leading = mode(pitches.iter().map(|d| d * 2.0).collect()) / 2.0;
        Metrics {
            left: if left == f32::MAX { 0.0 } else { left },
            right,
            size: size.max(1.0),
            leading: if leading > 0.0 { leading } else { size * 1.5 },
        }
    }
}

impl Metrics {
    /// The right edge of the measure on a page `width` wide: where the lines
    /// end, but never left of the left edge's mirror image (page margins
    /// mirror each other within a few millimetres). Without that floor, a
    /// report whose paragraphs all fit on one line takes its longest line for
    /// the measure, and a heading after a line about as long looks like that
    /// paragraph's continuation.
    fn right_edge(&self, width: f32) -> f32 {
        self.right.max(width - self.left)
    }
}

/// Whether `next` continues the paragraph whose last line is `prev`.
pub(super) fn continues(prev: &Line, next: &Line, new_page: bool, m: &Metrics, width: f32) -> bool {
    let size = next.size.max(1.0);
    if (prev.size - next.size).abs() > 0.15 * size {
        return false;
    }
    let gap = next.base - prev.base;
    // A title set in several centred lines, larger than the body text.
    let centred = |l: &Line| ((l.x0 + l.x1) / 2.0 - width / 2.0).abs() < 2.0 * size;
    if next.size > m.size * 1.15 && centred(prev) && centred(next) && !new_page {
        return gap < 2.0 * size;
    }
    // Paragraph spacing: more than the usual line pitch.
    if !new_page && gap > m.leading * 1.3 + 1.0 {
        return false;
    }
    // A continuation starts at the left edge after a line that filled the measure.
    // (Ragged, unjustified text may end up to a few characters short.)
    next.x0 < m.left + 0.8 * size && prev.x1 > m.right_edge(width) - 3.0 * size
}

/// Whether a table at the top of the next page may continue `prev`: the same
/// outer edges (inner boundaries may differ: a page only shows the rules its
/// rows need).
pub(super) fn same_columns(prev: &Table, next: &Table) -> bool {
    let (a, b) = (&prev.xs, &next.xs);
    match (a.first(), b.first(), a.last(), b.last()) {
        (Some(a0), Some(b0), Some(a1), Some(b1)) => {
            (a0 - b0).abs() < SNAP * 2.0 && (a1 - b1).abs() < SNAP * 2.0
        }
        _ => false,
    }
}

/// Puts a table's cells on column boundaries `xs` (a superset of its own).
pub(super) fn regrid(t: &mut Table, xs: &[f32]) {
    let at = |x: f32| {
        (0..xs.len())
            .min_by(|&i, &j| (xs[i] - x).abs().total_cmp(&(xs[j] - x).abs()))
            .unwrap_or(0)
    };
    for c in &mut t.cells {
        let (Some(&l), Some(&r)) = (t.xs.get(c.c0), t.xs.get(c.c0 + c.cols)) else {
            continue;
        };
        let (l, r) = (at(l), at(r));
        c.c0 = l;
        c.cols = r.max(l + 1) - l;
    }
    t.xs = xs.to_vec();
}

/// A label that opens a new row group: "（四）…", "四、…", "2.…".
pub(super) fn enumerated(text: &str) -> bool {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])",
        )
        .expect("valid regex")
    });
    NUMBERED.is_match(text)
}

/// Appends a continuation's rows. Header rows it repeats are skipped. Its top
/// cells extend the cells that reached the bottom of the previous page when
/// they repeat a merged label, when the page broke a row (one side of a cell
/// empty, the row's label not a new numbered one) or a spanning label (neither
/// side numbered).
pub(super) fn append_rows(prev: &mut Table, next: &Table) {
    let mut xs = prev.xs.clone();
    xs.extend(&next.xs);
    let xs = cluster(xs);
    regrid(prev, &xs);
    let mut next = next.clone();
    regrid(&mut next, &xs);
    let prev_rows = prev.rows;
    let next_rows = next.rows;
    // Repeated header rows: the continuation's first k rows hold exactly the
    // table's first k rows (same cells, spans and text, none reaching below).
    let head = |t: &Table, k: usize| -> Option<Vec<String>> {
        let mut v = Vec::new();
        for c in t.cells.iter().filter(|c| c.r0 < k) {
            if c.r0 + c.rows > k {
                return None;
            }
            v.push(format!(
                "{}:{}:{}:{}:{}",
                c.r0, c.c0, c.rows, c.cols, c.text
            ));
        }
        v.sort();
        Some(v)
    };
    let skip = (1..=next_rows.min(prev_rows).min(6))
        .rev()
        .find(|&k| head(&next, k).is_some_and(|h| !h.is_empty() && Some(h) == head(prev, k)))
        .unwrap_or(0);
    let open = |prev: &Table, c: &Cell| {
        prev.cells
            .iter()
            .position(|p| p.c0 == c.c0 && p.cols == c.cols && p.r0 + p.rows == prev_rows)
    };
    let top: Vec<&Cell> = next.cells.iter().filter(|c| c.r0 == skip).collect();
    let leftmost_new = top
        .iter()
        .filter(|c| !c.text.is_empty())
        .min_by_key(|c| c.c0)
        .is_some_and(|c| enumerated(&c.text));
    let split_row = !leftmost_new
        && top.iter().any(|c| {
            open(prev, c).is_some_and(|i| {
                let p = &prev.cells[i];
                p.rows == 1 && c.rows == 1 && p.text.is_empty() != c.text.is_empty()
            })
        });
    for c in next.cells.iter().filter(|c| c.r0 >= skip) {
        let r0 = c.r0 - skip;
        if r0 == 0
            && let Some(i) = open(prev, c)
        {
            let p = &prev.cells[i];
            if repeated_label(p, c) {
                prev.cells[i].rows += c.rows;
                continue;
            }
            let spanning = (c.rows > 1 || p.rows > 1) && !enumerated(&c.text);
            if split_row || spanning {
                let p = &mut prev.cells[i];
                p.rows += c.rows;
                p.text = join_lines([p.text.as_str(), c.text.as_str()].into_iter());
                continue;
            }
        }
        prev.cells.push(Cell {
            r0: prev_rows + r0,
            ..c.clone()
        });
    }
    prev.rows += next_rows - skip;
}

/// A merged row label that the continuation prints again (a writer that
/// repeats the label of a row group split by the page): the same label text,
/// in the same columns, right below the open cell. A figure or a placeholder
/// such as 「无」 is no label: two rows may well hold the same.
pub(super) fn repeated_label(open: &Cell, next: &Cell) -> bool {
    let text = open.text.trim();
    let ideographs = text
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .count();
    text == next.text.trim() && ideographs >= 2
}

/// The table as rows of origin cells.
pub(super) fn source_rows(t: &Table) -> Vec<Vec<SourceCell>> {
    let mut out: Vec<Vec<SourceCell>> = vec![Vec::new(); t.rows];
    let mut cells: Vec<&Cell> = t.cells.iter().collect();
    cells.sort_by_key(|c| (c.r0, c.c0));
    for c in cells {
        if let Some(row) = out.get_mut(c.r0) {
            row.push(SourceCell {
                text: c.text.clone(),
                rowspan: c.rows,
                colspan: c.cols,
            });
        }
    }
    while out.last().is_some_and(|r| r.is_empty()) {
        out.pop();
    }
    out
}
