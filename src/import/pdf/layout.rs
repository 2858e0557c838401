//! Rebuilds tables, lines and paragraphs from positioned glyphs and rules.
//!
//! Coordinates here are "top-down": x from the left, y from the top of the
//! page, after turning a page whose text runs sideways upright.

use std::sync::LazyLock;

use regex::Regex;

use super::glyphs::{Glyph, Page};
use crate::import::source::{Block, Place, SourceCell};

/// A glyph in top-down page coordinates.
#[derive(Clone, Debug)]
struct G {
    text: String,
    x: f32,
    /// Baseline, from the top of the page.
    base: f32,
    width: f32,
    size: f32,
    /// Direction relative to the page's text, degrees (0 for ordinary text;
    /// 90 or 270 for a header set sideways in a narrow column).
    turn: f32,
}

impl G {
    fn upright(&self) -> bool {
        let d = self.turn.rem_euclid(360.0);
        !(10.0..=350.0).contains(&d)
    }

    fn cx(&self) -> f32 {
        self.x + self.width / 2.0
    }
    fn cy(&self) -> f32 {
        self.base - self.size * 0.35
    }
}

/// A horizontal rule.
#[derive(Clone, Copy, Debug)]
struct H {
    y: f32,
    x0: f32,
    x1: f32,
}

/// A vertical rule.
#[derive(Clone, Copy, Debug)]
struct V {
    x: f32,
    y0: f32,
    y1: f32,
}

/// One rebuilt line of text.
#[derive(Clone, Debug)]
struct Line {
    text: String,
    x0: f32,
    x1: f32,
    base: f32,
    size: f32,
}

/// A cell of a rebuilt table, on the table's grid.
#[derive(Clone, Debug)]
struct Cell {
    r0: usize,
    c0: usize,
    rows: usize,
    cols: usize,
    text: String,
}

#[derive(Clone, Debug)]
struct Table {
    /// Column boundaries (left to right).
    xs: Vec<f32>,
    /// Number of grid rows.
    rows: usize,
    cells: Vec<Cell>,
    /// Baseline of the first text inside (for the place).
    first_base: f32,
}

enum Item {
    Line(Line),
    Table(Table),
}

/// A page's content in reading order.
struct PageItems {
    number: usize,
    width: f32,
    height: f32,
    items: Vec<Item>,
    /// Baselines of every line on the page, to number lines.
    line_bases: Vec<f32>,
}

/// Same line: baselines closer than this share of the font size.
const SAME_LINE: f32 = 0.4;
/// More distinct rules than this on one page is a drawing, not tables.
const MAX_RULES: usize = 3000;
/// Grid positions closer than this (points) are the same boundary.
const SNAP: f32 = 3.0;

/// Turns the pages into blocks.
pub fn blocks(pages: Vec<Page>) -> Vec<Block> {
    let mut pages: Vec<PageItems> = pages
        .into_iter()
        .enumerate()
        .map(|(i, p)| page_items(i + 1, p))
        .collect();
    drop_running_lines(&mut pages);
    assemble(pages)
}

/// Running headers and footers: a line in the top or bottom margin whose text
/// (numbers aside) recurs on at least half of the pages, and on two or more.
fn drop_running_lines(pages: &mut [PageItems]) {
    let key = |l: &Line| -> String {
        l.text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let in_margin = |l: &Line, height: f32| l.base < height * 0.1 || l.base > height * 0.9;
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for p in pages.iter() {
        let mut keys: Vec<String> = p
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Line(l) if in_margin(l, p.height) => Some(key(l)),
                _ => None,
            })
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let enough = (pages.len() / 2).max(2);
    for p in pages.iter_mut() {
        let height = p.height;
        p.items.retain(|i| match i {
            Item::Line(l) => {
                !(in_margin(l, height) && seen.get(&key(l)).is_some_and(|&n| n >= enough))
            }
            Item::Table(_) => true,
        });
    }
}

fn page_items(number: usize, page: Page) -> PageItems {
    let (glyphs, hs, vs, width, height) = upright(page);
    let tables = grids(&hs, &vs);
    let mut in_cells: Vec<Vec<Vec<&G>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.cells.len()])
        .collect();
    let mut free: Vec<&G> = Vec::new();
    'glyph: for g in &glyphs {
        for (ti, t) in tables.iter().enumerate() {
            if let Some(ci) = t.cell_at(g.cx(), g.cy()) {
                in_cells[ti][ci].push(g);
                continue 'glyph;
            }
        }
        // Text turned outside a table is a stamp or watermark.
        if g.upright() {
            free.push(g);
        }
    }
    let mut items: Vec<(f32, Item)> = Vec::new();
    for (t, cells) in tables.into_iter().zip(in_cells) {
        let top = t.ys[0];
        let mut table = Table {
            xs: t.xs,
            rows: t.ys.len() - 1,
            cells: Vec::new(),
            first_base: f32::MAX,
        };
        for (rect, glyphs) in t.cells.into_iter().zip(cells) {
            let turned = glyphs.iter().filter(|g| !g.upright()).count();
            let text = if turned * 2 > glyphs.len() {
                sideways(glyphs)
            } else {
                let lines = lines(glyphs.into_iter().filter(|g| g.upright()).collect());
                if let Some(l) = lines.first() {
                    table.first_base = table.first_base.min(l.base);
                }
                join_lines(lines.iter().map(|l| l.text.as_str()))
            };
            table.cells.push(Cell { text, ..rect });
        }
        if table.first_base == f32::MAX {
            table.first_base = top;
        }
        items.push((top, Item::Table(table)));
    }
    for line in lines(free) {
        if is_page_number(&line, height) {
            continue;
        }
        items.push((line.base - line.size, Item::Line(line)));
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut line_bases: Vec<f32> = lines(glyphs.iter().filter(|g| g.upright()).collect())
        .iter()
        .map(|l| l.base)
        .collect();
    line_bases.sort_by(f32::total_cmp);
    PageItems {
        number,
        width,
        height,
        items: items.into_iter().map(|(_, i)| i).collect(),
        line_bases,
    }
}

/// The page's glyphs and rules in top-down coordinates, turned so that the
/// page's main text direction runs left to right; glyphs running in other
/// directions (stamps, watermarks) are dropped. Also the page's width and height.
fn upright(page: Page) -> (Vec<G>, Vec<H>, Vec<V>, f32, f32) {
    let mut votes = [0usize; 4];
    for g in &page.glyphs {
        votes[quarter(g.angle)] += 1;
    }
    let turn = (0..4).max_by_key(|&q| votes[q]).unwrap_or(0);
    let rot = |x: f32, y: f32| -> (f32, f32) {
        match turn {
            1 => (y, -x),
            2 => (-x, -y),
            3 => (-y, x),
            _ => (x, y),
        }
    };
    let [l, b, r, t] = page.bbox;
    let corners = [rot(l, b), rot(r, t)];
    let (left, right) = (
        corners[0].0.min(corners[1].0),
        corners[0].0.max(corners[1].0),
    );
    let (bottom, top) = (
        corners[0].1.min(corners[1].1),
        corners[0].1.max(corners[1].1),
    );
    let main = turn as f32 * 90.0;
    let glyphs = page
        .glyphs
        .into_iter()
        .map(|g: Glyph| {
            let (x, y) = rot(g.x, g.y);
            G {
                text: g.text,
                x: x - left,
                base: top - y,
                width: g.width,
                size: g.size,
                turn: g.angle - main,
            }
        })
        .collect();
    let mut hs = Vec::new();
    let mut vs = Vec::new();
    for s in page.segments {
        let (x1, y1) = rot(s.x1, s.y1);
        let (x2, y2) = rot(s.x2, s.y2);
        let (x1, x2, y1, y2) = (x1 - left, x2 - left, top - y1, top - y2);
        if (y1 - y2).abs() < 1.0 && (x1 - x2).abs() >= SNAP {
            hs.push(H {
                y: (y1 + y2) / 2.0,
                x0: x1.min(x2),
                x1: x1.max(x2),
            });
        } else if (x1 - x2).abs() < 1.0 && (y1 - y2).abs() >= SNAP {
            vs.push(V {
                x: (x1 + x2) / 2.0,
                y0: y1.min(y2),
                y1: y1.max(y2),
            });
        }
    }
    (glyphs, hs, vs, right - left, top - bottom)
}

/// 0..=3: the quarter turn nearest to an angle.
fn quarter(angle: f32) -> usize {
    ((angle.rem_euclid(360.0) + 45.0) / 90.0) as usize % 4
}

/// A table grid found in the rules: its boundaries and merged cells.
struct GridTable {
    xs: Vec<f32>,
    ys: Vec<f32>,
    cells: Vec<Cell>,
    /// Grid position → index in `cells`.
    owner: Vec<Vec<usize>>,
}

impl GridTable {
    fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        let c = self.xs.windows(2).position(|w| x >= w[0] && x < w[1])?;
        let r = self.ys.windows(2).position(|w| y >= w[0] && y < w[1])?;
        Some(self.owner[r][c])
    }
}

/// Finds ruled tables: groups of crossing rules, their boundaries, and which
/// neighbouring grid cells are merged (no rule between them).
fn grids(hs: &[H], vs: &[V]) -> Vec<GridTable> {
    let hs = merge_h(hs);
    let vs = merge_v(vs);
    // A drawing (a chart, a hatched area), not a table.
    if hs.len() > MAX_RULES || vs.len() > MAX_RULES {
        return Vec::new();
    }
    // Union-find over rules: index < hs.len() is a horizontal rule.
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if v.x >= h.x0 - SNAP && v.x <= h.x1 + SNAP && h.y >= v.y0 - SNAP && h.y <= v.y1 + SNAP
            {
                let (a, b) = (find(&mut parent, i), find(&mut parent, hs.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<H>, Vec<V>)> = Default::default();
    for i in 0..n {
        let root = find(&mut parent, i);
        let entry = groups.entry(root).or_default();
        if i < hs.len() {
            entry.0.push(hs[i]);
        } else {
            entry.1.push(vs[i - hs.len()]);
        }
    }
    groups
        .into_values()
        .filter(|(h, v)| h.len() >= 2 && v.len() >= 2)
        .filter_map(|(h, v)| grid(&h, &v))
        .collect()
}

fn grid(hs: &[H], vs: &[V]) -> Option<GridTable> {
    let mut xs: Vec<f32> = vs.iter().map(|v| v.x).collect();
    let mut ys: Vec<f32> = hs.iter().map(|h| h.y).collect();
    // Open sides (no outer rule) end where the crossing rules end.
    xs.push(hs.iter().map(|h| h.x0).fold(f32::MAX, f32::min));
    xs.push(hs.iter().map(|h| h.x1).fold(f32::MIN, f32::max));
    ys.push(vs.iter().map(|v| v.y0).fold(f32::MAX, f32::min));
    ys.push(vs.iter().map(|v| v.y1).fold(f32::MIN, f32::max));
    let xs = cluster(xs);
    let ys = cluster(ys);
    if xs.len() < 2 || ys.len() < 2 || xs.len() > 200 || ys.len() > 2000 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    let v_rule = |x: f32, y: f32| {
        vs.iter()
            .any(|v| (v.x - x).abs() < SNAP && y >= v.y0 - 1.0 && y <= v.y1 + 1.0)
    };
    let h_rule = |y: f32, x: f32| {
        hs.iter()
            .any(|h| (h.y - y).abs() < SNAP && x >= h.x0 - 1.0 && x <= h.x1 + 1.0)
    };
    let idx = |r: usize, c: usize| r * cols + c;
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for r in 0..rows {
        let ym = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..cols {
            let xm = (xs[c] + xs[c + 1]) / 2.0;
            if c + 1 < cols && !v_rule(xs[c + 1], ym) {
                let (a, b) = (
                    find(&mut parent, idx(r, c)),
                    find(&mut parent, idx(r, c + 1)),
                );
                parent[a] = b;
            }
            if r + 1 < rows && !h_rule(ys[r + 1], xm) {
                let (a, b) = (
                    find(&mut parent, idx(r, c)),
                    find(&mut parent, idx(r + 1, c)),
                );
                parent[a] = b;
            }
        }
    }
    // Each merged group becomes one cell spanning its bounding box.
    let mut bounds: std::collections::HashMap<usize, (usize, usize, usize, usize)> =
        Default::default();
    for r in 0..rows {
        for c in 0..cols {
            let root = find(&mut parent, idx(r, c));
            let e = bounds.entry(root).or_insert((r, c, r, c));
            e.0 = e.0.min(r);
            e.1 = e.1.min(c);
            e.2 = e.2.max(r);
            e.3 = e.3.max(c);
        }
    }
    if bounds.len() < 2 {
        return None;
    }
    let mut rects: Vec<(usize, usize, usize, usize)> = bounds.into_values().collect();
    rects.sort();
    let mut owner = vec![vec![0usize; cols]; rows];
    let mut cells = Vec::with_capacity(rects.len());
    for (i, &(r0, c0, r1, c1)) in rects.iter().enumerate() {
        for row in owner.iter_mut().take(r1 + 1).skip(r0) {
            for o in row.iter_mut().take(c1 + 1).skip(c0) {
                *o = i;
            }
        }
        cells.push(Cell {
            r0,
            c0,
            rows: r1 - r0 + 1,
            cols: c1 - c0 + 1,
            text: String::new(),
        });
    }
    Some(GridTable {
        xs,
        ys,
        cells,
        owner,
    })
}

/// Sorted positions with near-equal ones merged (their mean kept).
fn cluster(mut v: Vec<f32>) -> Vec<f32> {
    v.retain(|x| x.is_finite());
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((m, n)) if x - *m / *n as f32 <= SNAP => {
                *m += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f32).collect()
}

/// Joins pieces of the same horizontal rule (Word draws one per cell, nianbao
/// one rectangle per cell, so every inner rule comes as two pieces).
fn merge_h(hs: &[H]) -> Vec<H> {
    merge_pieces(hs.iter().map(|h| (h.y, h.x0, h.x1)))
        .into_iter()
        .map(|(y, x0, x1)| H { y, x0, x1 })
        .collect()
}

fn merge_v(vs: &[V]) -> Vec<V> {
    merge_pieces(vs.iter().map(|v| (v.x, v.y0, v.y1)))
        .into_iter()
        .map(|(x, y0, y1)| V { x, y0, y1 })
        .collect()
}

/// Rule pieces `(position, from, to)` on the same line (positions within
/// rounding of each other) whose extents touch or overlap become one rule.
/// The pieces of a line are merged in order of their extents, whatever the
/// rounding of their positions.
fn merge_pieces(pieces: impl Iterator<Item = (f32, f32, f32)>) -> Vec<(f32, f32, f32)> {
    let mut v: Vec<(f32, f32, f32)> = pieces.collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        // One line: positions chained within rounding.
        let mut j = i + 1;
        while j < v.len() && v[j].0 - v[j - 1].0 < 1.5 {
            j += 1;
        }
        let line = &mut v[i..j];
        let at = line.iter().map(|p| p.0).sum::<f32>() / line.len() as f32;
        line.sort_by(|a, b| a.1.total_cmp(&b.1));
        let mut open: Option<(f32, f32)> = None;
        for &(_, from, to) in line.iter() {
            match open.as_mut() {
                Some((_, end)) if from <= *end + 2.0 => *end = end.max(to),
                _ => {
                    if let Some((a, b)) = open.take() {
                        out.push((at, a, b));
                    }
                    open = Some((from, to));
                }
            }
        }
        if let Some((a, b)) = open {
            out.push((at, a, b));
        }
        i = j;
    }
    out
}

/// The text of a cell set sideways: its glyphs in their own reading direction.
fn sideways(mut glyphs: Vec<&G>) -> String {
    glyphs.retain(|g| !g.upright());
    let along = |g: &G| {
        let (sin, cos) = g.turn.to_radians().sin_cos();
        g.x * cos - g.base * sin
    };
    glyphs.sort_by(|a, b| along(a).total_cmp(&along(b)));
    glyphs
        .iter()
        .map(|g| g.text.as_str())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Groups glyphs into lines (top to bottom), each read left to right.
fn lines(mut glyphs: Vec<&G>) -> Vec<Line> {
    glyphs.sort_by(|a, b| a.base.total_cmp(&b.base));
    let mut groups: Vec<Vec<&G>> = Vec::new();
    for g in glyphs {
        match groups.last_mut() {
            Some(line) if (g.base - line[0].base).abs() <= SAME_LINE * g.size.max(line[0].size) => {
                line.push(g)
            }
            _ => groups.push(vec![g]),
        }
    }
    groups.into_iter().filter_map(line).collect()
}

/// One line's text: glyphs left to right, a space where the gap is wide, the
/// second copy of an overprinted glyph (fake bold) dropped.
fn line(mut glyphs: Vec<&G>) -> Option<Line> {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut text = String::new();
    let mut end: Option<f32> = None;
    let mut last: Option<&G> = None;
    let size = glyphs.iter().map(|g| g.size).fold(0.0, f32::max);
    for g in &glyphs {
        if let Some(p) = last
            && p.text == g.text
            && (g.x - p.x).abs() < 0.15 * g.size
        {
            continue;
        }
        // Between Chinese characters (and Latin beside them) only a wide gap
        // is a space: producers add spacing around digits and justify lines.
        let wide = match text.chars().last() {
            Some(c) if is_cjk(c) || g.text.chars().next().is_some_and(is_cjk) => 0.3,
            _ => 0.2,
        };
        if let Some(e) = end
            && g.x - e > wide * g.size
            && !text.ends_with(' ')
        {
            text.push(' ');
        }
        if g.text.trim().is_empty() {
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
        } else {
            text.push_str(&g.text);
        }
        end = Some(end.map_or(g.x + g.width, |e: f32| e.max(g.x + g.width)));
        last = Some(g);
    }
    let text = text.trim().to_string();
    if text.is_empty() {
        return None;
    }
    let inked: Vec<&&G> = glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty())
        .collect();
    Some(Line {
        text,
        x0: inked.first().map_or(0.0, |g| g.x),
        x1: inked.iter().map(|g| g.x + g.width).fold(0.0, f32::max),
        base: glyphs.iter().map(|g| g.base).sum::<f32>() / glyphs.len() as f32,
        size,
    })
}

/// A Chinese character or full-width punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Wrapped lines of one cell or paragraph joined: no separator between CJK
/// text, a space between Latin words or numbers.
fn join_lines<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for l in lines {
        if needs_space(&out, l) {
            out.push(' ');
        }
        out.push_str(l);
    }
    out
}

fn needs_space(before: &str, after: &str) -> bool {
    let (Some(a), Some(b)) = (before.chars().last(), after.chars().next()) else {
        return false;
    };
    a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
        || matches!(a, ',' | ';' | ':' | '.') && b.is_ascii_alphanumeric()
}

/// A printed page number: "3", "-3-", "— 3 —", "第3页", "3/12", "第3页 共12页".
/// Decorated forms are dropped anywhere; a bare number only in the top or
/// bottom margin.
fn is_page_number(line: &Line, page_height: f32) -> bool {
    static DECORATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:[-—–－―~·•]+\d{1,4}[-—–－―~·•]+|第\d{1,4}页(?:共\d{1,4}页)?|\d{1,4}/\d{1,4})$",
        )
        .expect("valid regex")
    });
    let compact: String = line.text.chars().filter(|c| !c.is_whitespace()).collect();
    if DECORATED.is_match(&compact) {
        return true;
    }
    let margin = page_height * 0.1;
    compact.len() <= 4
        && compact.chars().all(|c| c.is_ascii_digit())
        && (line.base < margin || line.base > page_height - margin)
}

/// Reading order across pages: tables continued on the next page are joined,
/// lines become paragraphs.
fn assemble(pages: Vec<PageItems>) -> Vec<Block> {
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
    // The open paragraph: text, place, its last line, the page width.
    let mut para: Option<(String, Place, Line, f32)> = None;
    // The last table, still open for a continuation on the next page.
    let mut table: Option<(Table, Place, usize)> = None;
    let flush_para = |para: &mut Option<(String, Place, Line, f32)>, out: &mut Vec<Block>| {
        if let Some((text, at, _, _)) = para.take() {
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
                    };
                    table = Some((t.clone(), at, page.number));
                }
                Item::Line(l) => {
                    flush_table(&mut table, &mut out);
                    let new_page = i == 0;
                    let joins = para.as_ref().is_some_and(|(_, _, prev, width)| {
                        continues(prev, l, new_page, &metrics, *width)
                    });
                    if joins && let Some((text, _, prev, width)) = para.as_mut() {
                        if needs_space(text, &l.text) {
                            text.push(' ');
                        }
                        text.push_str(&l.text);
                        *prev = l.clone();
                        *width = page.width;
                        continue;
                    }
                    flush_para(&mut para, &mut out);
                    let at = Place {
                        page: Some(page.number),
                        line: Some(line_no(l.base)),
                    };
                    para = Some((l.text.clone(), at, l.clone(), page.width));
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
struct Metrics {
    left: f32,
    right: f32,
    size: f32,
    leading: f32,
}

impl Metrics {
    fn of(lines: &[&Line]) -> Metrics {
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

/// Whether `next` continues the paragraph whose last line is `prev`.
fn continues(prev: &Line, next: &Line, new_page: bool, m: &Metrics, width: f32) -> bool {
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
    next.x0 < m.left + 0.8 * size && prev.x1 > m.right - 3.0 * size
}

/// Whether a table at the top of the next page may continue `prev`: the same
/// outer edges (inner boundaries may differ: a page only shows the rules its
/// rows need).
fn same_columns(prev: &Table, next: &Table) -> bool {
    let (a, b) = (&prev.xs, &next.xs);
    match (a.first(), b.first(), a.last(), b.last()) {
        (Some(a0), Some(b0), Some(a1), Some(b1)) => {
            (a0 - b0).abs() < SNAP * 2.0 && (a1 - b1).abs() < SNAP * 2.0
        }
        _ => false,
    }
}

/// Puts a table's cells on column boundaries `xs` (a superset of its own).
fn regrid(t: &mut Table, xs: &[f32]) {
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
fn enumerated(text: &str) -> bool {
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
fn append_rows(prev: &mut Table, next: &Table) {
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
fn repeated_label(open: &Cell, next: &Cell) -> bool {
    let text = open.text.trim();
    let ideographs = text
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .count();
    text == next.text.trim() && ideographs >= 2
}

/// The table as rows of origin cells.
fn source_rows(t: &Table) -> Vec<Vec<SourceCell>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, base: f32) -> Line {
        Line {
            text: text.into(),
            x0: 100.0,
            x1: 120.0,
            base,
            size: 12.0,
        }
    }

    #[test]
    fn running_headers_and_footers_dropped() {
        let mut pages: Vec<PageItems> = (1..=3)
            .map(|n| PageItems {
                number: n,
                width: 595.0,
                height: 842.0,
                items: vec![
                    Item::Line(line("某某局2023年政府信息公开工作年度报告", 40.0)),
                    Item::Line(line("正文", 400.0)),
                    Item::Line(line(&format!("第 {n} 页"), 820.0)),
                    Item::Line(line(&format!("共 {n} 件"), 815.0)),
                ],
                line_bases: Vec::new(),
            })
            .collect();
        pages[0]
            .items
            .insert(0, Item::Line(line("标题只在第一页", 30.0)));
        drop_running_lines(&mut pages);
        let texts: Vec<Vec<&str>> = pages
            .iter()
            .map(|p| {
                p.items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Line(l) => Some(l.text.as_str()),
                        Item::Table(_) => None,
                    })
                    .collect()
            })
            .collect();
        assert_eq!(texts[0], ["标题只在第一页", "正文"]);
        assert_eq!(texts[2], ["正文"]);
    }

    fn glyph(text: &str, x: f32) -> G {
        G {
            text: text.into(),
            x,
            base: 100.0,
            width: if text.is_ascii() { 6.0 } else { 12.0 },
            size: 12.0,
            turn: 0.0,
        }
    }

    #[test]
    fn a_figure_apart_from_its_label_stays_apart() {
        // 「文件」 then 「9」 in the next (unruled) column 5 pt away; justified
        // text has only a point or so between characters.
        let glyphs = [
            glyph("文", 0.0),
            glyph("件", 12.5),
            glyph("9", 29.5),
            glyph("1", 36.0),
        ];
        assert_eq!(
            super::line(glyphs.iter().collect()).unwrap().text,
            "文件 91"
        );
        let tight = [
            glyph("共", 0.0),
            glyph("2", 12.5),
            glyph("6", 18.5),
            glyph("件", 25.0),
        ];
        assert_eq!(super::line(tight.iter().collect()).unwrap().text, "共26件");
    }

    #[test]
    fn page_numbers() {
        for t in [
            "-3-",
            "— 3 —",
            "- 12 -",
            "第3页",
            "第 3 页 共 12 页",
            "3/12",
        ] {
            assert!(is_page_number(&line(t, 400.0), 842.0), "{t}");
        }
        assert!(is_page_number(&line("3", 820.0), 842.0));
        assert!(!is_page_number(&line("3", 400.0), 842.0));
        assert!(!is_page_number(&line("2023年", 820.0), 842.0));
    }

    #[test]
    fn wrapped_lines_join_without_space_in_chinese() {
        assert_eq!(
            join_lines(["本机关不掌握相关", "政府信息"].into_iter()),
            "本机关不掌握相关政府信息"
        );
        assert_eq!(join_lines(["see RFC", "42"].into_iter()), "see RFC 42");
    }

    #[test]
    fn rule_pieces_join_whatever_the_rounding_of_their_position() {
        // One cell's rectangle draws the rule at 304.8945, its neighbours'
        // at 304.89447: the pieces still make one rule, from the top down.
        let vs = [
            V {
                x: 304.894_47,
                y0: 190.0,
                y1: 210.0,
            },
            V {
                x: 304.894_47,
                y0: 210.0,
                y1: 640.0,
            },
            V {
                x: 304.8945,
                y0: 105.0,
                y1: 125.0,
            },
            V {
                x: 304.8945,
                y0: 125.0,
                y1: 190.0,
            },
            V {
                x: 335.8,
                y0: 105.0,
                y1: 190.0,
            },
        ];
        let merged = merge_v(&vs);
        assert_eq!(merged.len(), 2, "{merged:?}");
        assert_eq!((merged[0].y0, merged[0].y1), (105.0, 640.0));
        // A gap in the rule is kept: two rules on one line.
        let hs = [
            H {
                y: 50.0,
                x0: 0.0,
                x1: 10.0,
            },
            H {
                y: 50.2,
                x0: 30.0,
                x1: 40.0,
            },
        ];
        assert_eq!(merge_h(&hs).len(), 2);
    }

    #[test]
    fn a_repeated_merged_label_is_one_cell_but_a_repeated_figure_is_not() {
        let cell = |text: &str| Cell {
            r0: 0,
            c0: 0,
            rows: 2,
            cols: 1,
            text: text.into(),
        };
        assert!(repeated_label(
            &cell("三、本年度办理结果"),
            &cell("三、本年度办理结果")
        ));
        assert!(!repeated_label(
            &cell("（五）不予处理"),
            &cell("（六）其他处理")
        ));
        assert!(!repeated_label(&cell("0"), &cell("0")));
        assert!(!repeated_label(&cell("无"), &cell("无")));
    }
}
