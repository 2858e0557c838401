//! Table grids found in the ruling: crossing rules grouped, their boundaries,
//! and which neighbouring cells are merged.

use super::{Cell, H, MAX_RULES, SNAP, V};

/// A table grid found in the rules: its boundaries and merged cells.
pub(super) struct GridTable {
    pub(super) xs: Vec<f32>,
    pub(super) ys: Vec<f32>,
    pub(super) cells: Vec<Cell>,
    /// Grid position → index in `cells`.
    pub(super) owner: Vec<Vec<usize>>,
}

impl GridTable {
    pub(super) fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        let c = self.xs.windows(2).position(|w| x >= w[0] && x < w[1])?;
        let r = self.ys.windows(2).position(|w| y >= w[0] && y < w[1])?;
        Some(self.owner[r][c])
    }
}

/// Finds ruled tables: groups of crossing rules, their boundaries, and which
/// neighbouring grid cells are merged (no rule between them).
pub(super) fn grids(hs: &[H], vs: &[V]) -> Vec<GridTable> {
    let hs = merge_h(hs);
    let vs = merge_v(vs);
    // A drawing (a chart, a hatched area), not a table.
    if hs.len() > MAX_RULES || vs.len() > MAX_RULES {
        return Vec::new();
    }
    // Union-find over rules: index < hs.len() is a horizontal rule.
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    pub(super) fn find(p: &mut [usize], mut i: usize) -> usize {
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

pub(super) fn grid(hs: &[H], vs: &[V]) -> Option<GridTable> {
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
    pub(super) fn find(p: &mut [usize], mut i: usize) -> usize {
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
pub(super) fn cluster(mut v: Vec<f32>) -> Vec<f32> {
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
pub(super) fn merge_h(hs: &[H]) -> Vec<H> {
    merge_pieces(hs.iter().map(|h| (h.y, h.x0, h.x1)))
        .into_iter()
        .map(|(y, x0, x1)| H { y, x0, x1 })
        .collect()
}

pub(super) fn merge_v(vs: &[V]) -> Vec<V> {
    merge_pieces(vs.iter().map(|v| (v.x, v.y0, v.y1)))
        .into_iter()
        .map(|(x, y0, y1)| V { x, y0, y1 })
        .collect()
}

/// Rule pieces `(position, from, to)` on the same line (positions within
/// rounding of each other) whose extents touch or overlap become one rule.
/// The pieces of a line are merged in order of their extents, whatever the
/// rounding of their positions.
pub(super) fn merge_pieces(pieces: impl Iterator<Item = (f32, f32, f32)>) -> Vec<(f32, f32, f32)> {
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
