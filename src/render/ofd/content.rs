//! One page of the paged layout as an OFD page part (`Content.xml`): each run
//! of text a `TextObject` whose `DeltaX` places every glyph where the PDF puts
//! it (the line's character spacing, punctuation compression), the rules one
//! `PathObject`. Millimetres, y down from the page's top left (GB/T 33190-2016,
//! clause 8).

use std::fmt::Write as _;

use crate::format::page;
use crate::ooxml::escape_into;
use crate::render::paged::{self, Item, Paged};

/// Millimetres of a length in points.
pub fn mm(pt: f32) -> f64 {
    f64::from(pt) / f64::from(page::PT_PER_MM)
}

/// A length as written: millimetres to a thousandth, no trailing zeros.
pub fn num(v: f64) -> String {
    let v = (v * 1000.0).round() / 1000.0;
    let text = format!("{v:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "-0" | "" => "0".to_string(),
        t => t.to_string(),
    }
}

/// `DeltaX` with runs of one value written "g count value".
fn deltas(values: &[String]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < values.len() {
        let run = values[i..].iter().take_while(|v| **v == values[i]).count();
        if !out.is_empty() {
            out.push(' ');
        }
        if run > 2 {
            let _ = write!(out, "g {run} {}", values[i]);
        } else {
            out.push_str(&vec![values[i].as_str(); run].join(" "));
        }
        i += run;
    }
    out
}

/// Hands out object identifiers (`ST_ID`), unique in the document.
pub struct Ids(pub u32);

impl Ids {
    pub fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

/// The `Content.xml` of one page; `font_ids[k]` is the resource ID of subset `k`.
pub fn page_xml<P>(laid: &Paged<P>, items: &[Item], font_ids: &[u32], ids: &mut Ids) -> String {
    let (left, top) = (paged::TEXT_LEFT, paged::TEXT_TOP);
    let layer = ids.next();
    let mut objects = String::new();
    let mut rules = String::new();
    for item in items {
        match item {
            Item::Text {
                x,
                baseline,
                size,
                role,
                spacing,
                text,
                squeeze,
                ..
            } => {
                if text.is_empty() {
                    continue;
                }
                let subset = laid.font_of(*role);
                let face = &laid.fonts.faces()[laid.subsets[subset].face];
                // Each glyph advances by its width, the spacing, less its squeeze.
                let advances: Vec<f32> = text
                    .iter()
                    .enumerate()
                    .map(|(k, ch)| {
                        face.advance_em(*ch) * size + spacing
                            - squeeze.get(k).copied().unwrap_or(0.0)
                    })
                    .collect();
                let width: f32 = advances.iter().sum();
                // The boundary holds the run from a size above the baseline to
                // a third of one below; the text is placed from its top left.
                let (bx, by) = (mm(left + x), mm(top + baseline - size));
                let (bw, bh) = (mm(width.max(*size)), mm(size * 1.35));
                let dx: Vec<String> = advances[..advances.len() - 1]
                    .iter()
                    .map(|a| num(mm(*a)))
                    .collect();
                let _ = write!(
                    objects,
                    r#"<ofd:TextObject ID="{}" Boundary="{} {} {} {}" Font="{}" Size="{}"><ofd:TextCode X="0" Y="{}""#,
                    ids.next(),
                    num(bx),
                    num(by),
                    num(bw),
                    num(bh),
                    font_ids[subset],
                    num(mm(*size)),
                    num(mm(*size)),
                );
                if !dx.is_empty() {
                    let _ = write!(objects, r#" DeltaX="{}""#, deltas(&dx));
                }
                objects.push('>');
                let shown: String = text.iter().collect();
                escape_into(&mut objects, &shown);
                objects.push_str("</ofd:TextCode></ofd:TextObject>");
            }
            Item::Rect { x, y, w, h } => {
                let (x0, y0) = (mm(left + x), mm(top + y));
                let (x1, y1) = (mm(left + x + w), mm(top + y + h));
                let _ = write!(
                    rules,
                    "M {a} {b} L {c} {b} L {c} {d} L {a} {d} C ",
                    a = num(x0),
                    b = num(y0),
                    c = num(x1),
                    d = num(y1),
                );
            }
        }
    }
    let mut xml = String::from(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    xml.push_str(r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>"#);
    let _ = write!(xml, r#"<ofd:Layer ID="{layer}" Type="Body">"#);
    if !rules.is_empty() {
        // The rules of the page in one path over the whole page.
        let _ = write!(
            xml,
            r#"<ofd:PathObject ID="{}" Boundary="0 0 {} {}" LineWidth="{}"><ofd:AbbreviatedData>{}</ofd:AbbreviatedData></ofd:PathObject>"#,
            ids.next(),
            num(f64::from(page::PAGE_WIDTH_MM)),
            num(f64::from(page::PAGE_HEIGHT_MM)),
            num(mm(page::RULE_PT)),
            rules.trim_end(),
        );
    }
    xml.push_str(&objects);
    xml.push_str("</ofd:Layer></ofd:Content></ofd:Page>");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(5.644_999), "5.645");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(210.0), "210");
    }

    #[test]
    fn repeated_advances_are_abbreviated() {
        let v: Vec<String> = ["5.6", "5.6", "5.6", "5.6", "2.8", "5.6"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(deltas(&v), "g 4 5.6 2.8 5.6");
    }
}
