//! Lines of text rebuilt from glyphs on one baseline, and page numbers.

use crate::import::emphasis;
use std::sync::LazyLock;

use regex::Regex;

use super::{G, Line, SAME_LINE};

/// The text of a cell set sideways: its glyphs in their own reading direction.
pub(super) fn sideways(mut glyphs: Vec<&G>) -> String {
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
pub(super) fn lines(mut glyphs: Vec<&G>) -> Vec<Line> {
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
pub(super) fn line(mut glyphs: Vec<&G>) -> Option<Line> {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut text = String::new();
    // The same text with its bold runs marked.
    let mut marked = String::new();
    let mut bold = false;
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
            marked.push(' ');
        }
        if g.text.trim().is_empty() {
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
                marked.push(' ');
            }
        } else {
            if g.bold != bold {
                bold = g.bold;
                marked.push(if bold {
                    emphasis::OPEN
                } else {
                    emphasis::CLOSE
                });
            }
            text.push_str(&g.text);
            marked.push_str(&g.text);
        }
        end = Some(end.map_or(g.x + g.width, |e: f32| e.max(g.x + g.width)));
        last = Some(g);
    }
    let text = text.trim().to_string();
    if text.is_empty() {
        return None;
    }
    if bold {
        marked.push(emphasis::CLOSE);
    }
    let inked: Vec<&&G> = glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty())
        .collect();
    Some(Line {
        text,
        marked: marked.trim().to_string(),
        x0: inked.first().map_or(0.0, |g| g.x),
        x1: inked.iter().map(|g| g.x + g.width).fold(0.0, f32::max),
        base: glyphs.iter().map(|g| g.base).sum::<f32>() / glyphs.len() as f32,
        size,
    })
}

/// A Chinese character or full-width punctuation.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Wrapped lines of one cell or paragraph joined: no separator between CJK
/// text, a space between Latin words or numbers.
pub(super) fn join_lines<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for l in lines {
        if needs_space(&out, l) {
            out.push(' ');
        }
        out.push_str(l);
    }
    out
}

/// How a text sets Chinese characters beside Latin letters or digits: pairs
/// set apart by one space (「2023 年」) and pairs run together (「2023年」).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Spacing {
    spaced: usize,
    joined: usize,
}

impl Spacing {
    pub(super) fn of(text: &str) -> Spacing {
        let chars: Vec<char> = text.chars().collect();
        Spacing {
            spaced: chars
                .windows(3)
                .filter(|w| w[1] == ' ' && mixed(w[0], w[2]))
                .count(),
            joined: chars.windows(2).filter(|w| mixed(w[0], w[1])).count(),
        }
    }

    pub(super) fn add(self, other: Spacing) -> Spacing {
        Spacing {
            spaced: self.spaced + other.spaced,
            joined: self.joined + other.joined,
        }
    }

    /// Whether a line break between `a` and `b` hid a space: at a boundary of
    /// Chinese characters and Latin letters or digits, when the paragraph's
    /// own text (this spacing) sets them apart more than twice as often as it
    /// runs them together. A space at a line's end is not printed, so the
    /// paragraph's habit is the only witness.
    pub(super) fn hides_space(self, a: char, b: char) -> bool {
        mixed(a, b) && self.spaced >= 2 && self.spaced > 2 * self.joined
    }
}

/// A Chinese character beside a Latin letter or digit, either way round.
fn mixed(x: char, y: char) -> bool {
    is_ideograph(x) && y.is_ascii_alphanumeric() || x.is_ascii_alphanumeric() && is_ideograph(y)
}

/// A Chinese character proper (not punctuation).
fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

pub(super) fn needs_space(before: &str, after: &str) -> bool {
    let (Some(a), Some(b)) = (before.chars().last(), after.chars().next()) else {
        return false;
    };
    space_between(a, b)
}

/// Latin words and numbers broken over two lines are two words.
pub(super) fn space_between(a: char, b: char) -> bool {
    a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
        || matches!(a, ',' | ';' | ':' | '.') && b.is_ascii_alphanumeric()
}

/// A printed page number: "3", "-3-", "— 3 —", "第3页", "3/12", "第3页 共12页".
/// Decorated forms are dropped anywhere; a bare number only in the top or
/// bottom margin.
pub(super) fn is_page_number(line: &Line, page_height: f32) -> bool {
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
