//! One OFD page's content (GB/T 33190-2016, clauses 9–11) as positioned glyphs
//! and ruling lines, in the PDF reader's terms (points, y upwards), so that the
//! PDF importer's layout rebuilds its lines and tables.
//!
//! A text object places each character of a `TextCode` at X, Y, advancing by
//! the `DeltaX`/`DeltaY` lists (with their "g count value" shorthand), inside
//! its `Boundary` after its `CTM`; a path object's `AbbreviatedData` gives the
//! straight strokes that are table rules.

use super::package::El;
use crate::import::pdf::glyphs::{Glyph, Page, Segment};

/// Points per millimetre (OFD measures in millimetres, the PDF layout in points).
const PT: f64 = 72.0 / 25.4;
/// Glyphs and ruling segments a document may show, as for a PDF: a 100-page
/// report shows about 200,000 glyphs.
pub const MAX_MARKS: usize = 1_000_000;
/// Most ruling segments taken from one page.
const MAX_SEGMENTS: usize = 20_000;
/// Deepest nesting of page blocks followed.
const MAX_BLOCK_DEPTH: usize = 32;
/// Text larger than this (mm) is no report's text.
const MAX_SIZE: f64 = 1000.0;
/// Ruling thinner than this (points) is a line, not a shaded area.
const HAIRLINE: f64 = 2.5;

/// An affine map [a b c d e f]: (x, y) → (a x + c y + e, b x + d y + f).
#[derive(Clone, Copy, Debug)]
struct Affine([f64; 6]);

impl Affine {
    const IDENTITY: Affine = Affine([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// `self` first, then `then`.
    fn then(&self, then: &Affine) -> Affine {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = then.0;
        Affine([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    /// How much lengths grow (the square root of the determinant).
    fn scale(&self) -> f64 {
        let [a, b, c, d, ..] = self.0;
        (a * d - b * c).abs().sqrt()
    }
}

/// The numbers of an attribute (`ST_Array`, `ST_Box`, `ST_Pos`); anything not a
/// finite number ends the list.
fn numbers(text: &str) -> Vec<f64> {
    text.split_whitespace()
        .map_while(|t| t.parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect()
}

/// A page box "x y width height" in millimetres.
pub fn page_box(text: &str) -> Option<[f64; 4]> {
    match numbers(text)[..] {
        [x, y, w, h] if w > 0.0 && h > 0.0 && w < 10_000.0 && h < 10_000.0 => Some([x, y, w, h]),
        _ => None,
    }
}

/// The advances of a `DeltaX`/`DeltaY` list, expanded lazily: "g 3 4.5" is
/// three advances of 4.5, however large the count.
struct Deltas<'a> {
    tokens: std::str::SplitWhitespace<'a>,
    repeat: (u64, f64),
}

impl<'a> Deltas<'a> {
    fn new(text: Option<&'a str>) -> Self {
        Self {
            tokens: text.unwrap_or("").split_whitespace(),
            repeat: (0, 0.0),
        }
    }
}

impl Iterator for Deltas<'_> {
    type Item = f64;
    fn next(&mut self) -> Option<f64> {
        if self.repeat.0 > 0 {
            self.repeat.0 -= 1;
            return Some(self.repeat.1);
        }
        let finite = |t: &str| t.parse::<f64>().ok().filter(|v| v.is_finite());
        loop {
            let token = self.tokens.next()?;
            if token != "g" {
                return finite(token);
            }
            let count: u64 = self.tokens.next()?.parse().ok()?;
            let value = finite(self.tokens.next()?)?;
            // "g 0 value" places nothing: on to the next entry.
            if count > 0 {
                self.repeat = (count - 1, value);
                return Some(value);
            }
        }
    }
}

/// The embedded font files of a document by font ID, for the advance of a
/// glyph no `DeltaX` gives (the last of each `TextCode`).
/// The document's fonts by ID: the embedded files, and which are bold faces.
#[derive(Default)]
pub struct Fonts {
    pub files: std::collections::HashMap<String, Vec<u8>>,
    pub bold: std::collections::HashSet<String>,
}

/// Collects one page.
pub struct PageReader<'a> {
    fonts: &'a Fonts,
    /// Page height in millimetres (to turn y upwards).
    height: f64,
    page: Page,
    /// Glyphs and segments left for the whole document.
    marks: &'a mut usize,
}

impl<'a> PageReader<'a> {
    pub fn new(physical: [f64; 4], fonts: &'a Fonts, marks: &'a mut usize) -> Self {
        let [_, _, w, h] = physical;
        Self {
            fonts,
            height: h,
            page: Page {
                bbox: [0.0, 0.0, (w * PT) as f32, (h * PT) as f32],
                ..Page::default()
            },
            marks,
        }
    }

    /// Reads a page part's `Content` (its layers), and returns the page.
    pub fn read(mut self, page: &El) -> Page {
        if let Some(content) = page.child("Content") {
            for layer in content.kids().filter(|k| k.name == "Layer") {
                self.block(layer, 0);
            }
        }
        self.page
    }

    fn block(&mut self, block: &El, depth: usize) {
        if depth > MAX_BLOCK_DEPTH {
            return;
        }
        for object in block.kids() {
            if object.attr("Visible") == Some("false") {
                continue;
            }
            match object.name.as_str() {
                "TextObject" => self.text(object),
                "PathObject" => self.path(object),
                "PageBlock" => self.block(object, depth + 1),
                _ => {}
            }
        }
    }

    /// Object space to page millimetres: the CTM, then the boundary's origin.
    fn placement(object: &El) -> Affine {
        let origin = object.attr("Boundary").map(numbers).unwrap_or_default();
        let (x, y) = match origin[..] {
            [x, y, ..] => (x, y),
            _ => (0.0, 0.0),
        };
        let ctm = match object.attr("CTM").map(numbers).as_deref() {
            Some(&[a, b, c, d, e, f]) => Affine([a, b, c, d, e, f]),
            _ => Affine::IDENTITY,
        };
        ctm.then(&Affine([1.0, 0.0, 0.0, 1.0, x, y]))
    }

    /// Page millimetres (y down) to PDF points (y up).
    fn to_points(&self, (x, y): (f64, f64)) -> (f32, f32) {
        ((x * PT) as f32, ((self.height - y) * PT) as f32)
    }

    fn text(&mut self, object: &El) {
        let Some(size) = object
            .attr("Size")
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0 && *s < MAX_SIZE)
        else {
            return;
        };
        let font_id = object.attr("Font").map(str::trim);
        let face = font_id
            .and_then(|id| self.fonts.files.get(id))
            .and_then(|data| ttf_parser::Face::parse(data, 0).ok());
        // Bold by its font, or by the object's own weight (400 is normal).
        let bold = font_id.is_some_and(|id| self.fonts.bold.contains(id))
            || object
                .attr("Weight")
                .and_then(|w| w.trim().parse::<u32>().ok())
                .is_some_and(|w| w >= 600);
        // A glyph's own advance: from the embedded font, else a full em for
        // Chinese and half of one for Latin letters and digits.
        let own = |c: char| -> f64 {
            face.as_ref()
                .and_then(|f| {
                    let advance = f.glyph_hor_advance(f.glyph_index(c)?)?;
                    Some(f64::from(advance) / f64::from(f.units_per_em().max(1)) * size)
                })
                .unwrap_or(if c.is_ascii() { size / 2.0 } else { size })
        };
        let place = Self::placement(object);
        let drawn_size = (size * place.scale() * PT) as f32;
        let (ux, uy) = {
            let (x0, y0) = place.apply(0.0, 0.0);
            let (x1, y1) = place.apply(1.0, 0.0);
            (x1 - x0, y1 - y0)
        };
        // y runs down on the page and up in points: the angle turns sign.
        let angle = (-uy).atan2(ux).to_degrees() as f32;
        let (mut x, mut y) = (0.0, 0.0);
        for code in object.kids().filter(|k| k.name == "TextCode") {
            if let Some(v) = code.attr("X").and_then(|v| v.trim().parse::<f64>().ok()) {
                x = v;
            }
            if let Some(v) = code.attr("Y").and_then(|v| v.trim().parse::<f64>().ok()) {
                y = v;
            }
            let mut dx = Deltas::new(code.attr("DeltaX"));
            let mut dy = Deltas::new(code.attr("DeltaY"));
            let text = code.text();
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                if *self.marks == 0 {
                    return;
                }
                *self.marks -= 1;
                let last = chars.peek().is_none();
                let step_x = if last { None } else { dx.next() };
                let step_y = if last { None } else { dy.next() };
                let (px, py) = self.to_points(place.apply(x, y));
                let advance = step_x.unwrap_or_else(|| own(c));
                if !(px.is_finite() && py.is_finite() && drawn_size.is_finite()) {
                    // Off any page (a degenerate transform): not text to read.
                    x += advance;
                    continue;
                }
                self.page.glyphs.push(Glyph {
                    text: c.to_string(),
                    x: px,
                    y: py,
                    width: (advance.abs().min(size * 4.0) * place.scale() * PT) as f32,
                    size: drawn_size,
                    angle,
                    bold,
                });
                x += advance;
                y += step_y.unwrap_or(0.0);
            }
        }
    }

    fn path(&mut self, object: &El) {
        let stroked = object.attr("Stroke") != Some("false");
        let filled = object.attr("Fill") == Some("true");
        if !stroked && !filled {
            return;
        }
        let Some(data) = object.child("AbbreviatedData").map(El::text) else {
            return;
        };
        let place = Self::placement(object);
        let mut lines: Vec<((f64, f64), (f64, f64))> = Vec::new();
        let mut tokens = data.split_whitespace();
        let mut current = (0.0, 0.0);
        let mut start = (0.0, 0.0);
        let take = |n: usize, tokens: &mut std::str::SplitWhitespace| -> Option<Vec<f64>> {
            (0..n)
                .map(|_| tokens.next()?.parse::<f64>().ok().filter(|v| v.is_finite()))
                .collect()
        };
        while let Some(op) = tokens.next() {
            if lines.len() >= MAX_SEGMENTS {
                break;
            }
            let to = match op {
                "S" | "M" => {
                    let Some(p) = take(2, &mut tokens) else { break };
                    current = (p[0], p[1]);
                    start = current;
                    continue;
                }
                "L" => take(2, &mut tokens).map(|p| (p[0], p[1])),
                "Q" => take(4, &mut tokens).map(|p| (p[2], p[3])),
                "B" => take(6, &mut tokens).map(|p| (p[4], p[5])),
                "A" => take(7, &mut tokens).map(|p| (p[5], p[6])),
                "C" => {
                    lines.push((current, start));
                    current = start;
                    continue;
                }
                _ => break,
            };
            let Some(to) = to else { break };
            if op == "L" {
                lines.push((current, to));
            }
            current = to;
        }
        let points: Vec<Stroke> = lines
            .into_iter()
            .map(|(a, b)| {
                (
                    self.to_points(place.apply(a.0, a.1)),
                    self.to_points(place.apply(b.0, b.1)),
                )
            })
            .collect();
        if stroked {
            for ((x1, y1), (x2, y2)) in points {
                self.segment(Segment { x1, y1, x2, y2 });
            }
        } else if let Some(s) = hairline(&points) {
            // A thin filled rectangle is a rule too.
            self.segment(s);
        }
    }

    fn segment(&mut self, s: Segment) {
        let finite = [s.x1, s.y1, s.x2, s.y2].iter().all(|v| v.is_finite());
        if finite && self.page.segments.len() < MAX_SEGMENTS && *self.marks > 0 {
            *self.marks -= 1;
            self.page.segments.push(s);
        }
    }
}

/// A straight piece of a path, from one end to the other, in points.
type Stroke = ((f32, f32), (f32, f32));

/// A filled shape thinner than a hairline, as the line along its length.
fn hairline(points: &[Stroke]) -> Option<Segment> {
    let xs = points.iter().flat_map(|(a, b)| [a.0, b.0]);
    let ys = points.iter().flat_map(|(a, b)| [a.1, b.1]);
    let (x0, x1) = xs.fold((f32::MAX, f32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (y0, y1) = ys.fold((f32::MAX, f32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if x0 > x1 {
        return None;
    }
    let (w, h) = ((x1 - x0) as f64, (y1 - y0) as f64);
    if h < HAIRLINE && w > h {
        let y = (y0 + y1) / 2.0;
        Some(Segment {
            x1: x0,
            y1: y,
            x2: x1,
            y2: y,
        })
    } else if w < HAIRLINE && h > w {
        let x = (x0 + x1) / 2.0;
        Some(Segment {
            x1: x,
            y1: y0,
            x2: x,
            y2: y1,
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::package::parse;
    use super::*;

    fn page(content: &str) -> Page {
        let xml = format!(
            r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2">{content}</ofd:Layer></ofd:Content></ofd:Page>"#
        );
        let el = parse(xml.as_bytes(), "Content.xml").unwrap();
        let mut budget = MAX_MARKS;
        PageReader::new([0.0, 0.0, 210.0, 297.0], &Fonts::default(), &mut budget).read(&el)
    }

    #[test]
    fn glyphs_are_placed_by_boundary_and_deltas() {
        let p = page(
            r#"<ofd:TextObject ID="3" Boundary="10 20 100 10" Font="1" Size="5">
                 <ofd:TextCode X="0" Y="4" DeltaX="5 g 2 2.5">一二ab</ofd:TextCode>
               </ofd:TextObject>"#,
        );
        let xs: Vec<f32> = p.glyphs.iter().map(|g| g.x / PT as f32).collect();
        assert_eq!(p.glyphs.len(), 4);
        for (x, want) in xs.iter().zip([10.0, 15.0, 17.5, 20.0]) {
            assert!((x - want).abs() < 0.01, "{xs:?}");
        }
        let y = p.glyphs[0].y as f64 / PT;
        assert!((y - (297.0 - 24.0)).abs() < 0.01, "{y}");
        assert!((p.glyphs[0].size as f64 / PT - 5.0).abs() < 0.01);
        assert_eq!(p.glyphs[0].angle, 0.0);
    }

    #[test]
    fn a_huge_repeat_count_is_not_expanded() {
        let p = page(
            r#"<ofd:TextObject ID="3" Boundary="0 0 10 10" Font="1" Size="5">
                 <ofd:TextCode X="0" Y="4" DeltaX="g 18446744073709551615 1">三个字</ofd:TextCode>
               </ofd:TextObject>"#,
        );
        assert_eq!(p.glyphs.len(), 3);
    }

    #[test]
    fn a_million_empty_repeats_do_not_recurse() {
        let deltas = "g 0 1 ".repeat(1_000_000) + "7";
        let mut d = Deltas::new(Some(&deltas));
        assert_eq!(d.next(), Some(7.0));
        assert_eq!(d.next(), None);
    }

    #[test]
    fn stroked_lines_and_thin_fills_are_rules() {
        let p = page(
            r#"<ofd:PathObject ID="4" Boundary="0 0 210 297" LineWidth="0.25">
                 <ofd:AbbreviatedData>M 20 30 L 190 30 M 20 30 L 20 80</ofd:AbbreviatedData>
               </ofd:PathObject>
               <ofd:PathObject ID="5" Boundary="0 0 210 297" Stroke="false" Fill="true">
                 <ofd:AbbreviatedData>M 20 90 L 190 90 L 190 90.2 L 20 90.2 C</ofd:AbbreviatedData>
               </ofd:PathObject>"#,
        );
        assert_eq!(p.segments.len(), 3);
    }

    #[test]
    fn a_rotated_object_turns_its_glyphs() {
        let p = page(
            r#"<ofd:TextObject ID="3" Boundary="50 50 10 10" CTM="0 1 -1 0 0 0" Font="1" Size="4">
                 <ofd:TextCode X="0" Y="0">竖</ofd:TextCode>
               </ofd:TextObject>"#,
        );
        assert_eq!(p.glyphs[0].angle, -90.0);
    }
}
