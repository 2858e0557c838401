//! The document's headings as OFD outlines (`Outlines` in Document.xml,
//! GB/T 33190-2016 clause 7.5): a reader's navigation pane lists 「一、」 and
//! 「（一）」 headings, nested by level, each going to where it is printed.

use std::fmt::Write as _;

use super::content::{mm, num};
use crate::ooxml::escape;
use crate::render::paged::structure::{Kind, Mark};
use crate::render::paged::{self, Item, Paged};

/// One heading: its level, text, page (index) and top left corner (mm).
struct Heading {
    level: u8,
    title: String,
    page: usize,
    left: f64,
    top: f64,
}

/// The headings in reading order; a heading set on two lines is one.
fn headings<P>(laid: &Paged<P>) -> Vec<Heading> {
    let mut out: Vec<(usize, Heading)> = Vec::new();
    for (page, items) in laid.pages.iter().enumerate() {
        for item in items {
            let Item::Text {
                x,
                baseline,
                size,
                text,
                mark: Mark::Node(node),
                ..
            } = item
            else {
                continue;
            };
            let Some(Kind::Heading(level)) = laid.structure.nodes.get(*node).map(|n| &n.kind)
            else {
                continue;
            };
            match out.iter_mut().find(|(n, _)| n == node) {
                Some((_, h)) => h.title.extend(text.iter()),
                None => out.push((
                    *node,
                    Heading {
                        level: *level,
                        title: text.iter().collect(),
                        page,
                        left: mm(paged::TEXT_LEFT + x),
                        top: mm(paged::TEXT_TOP + baseline - size),
                    },
                )),
            }
        }
    }
    out.into_iter().map(|(_, h)| h).collect()
}

/// The `Outlines` element, or nothing when the document has no heading;
/// `page_ids[i]` is the ID of page `i`.
pub fn outlines_xml<P>(laid: &Paged<P>, page_ids: &[u32]) -> String {
    let headings = headings(laid);
    if headings.is_empty() {
        return String::new();
    }
    let mut xml = String::from("<ofd:Outlines>");
    // Levels of the elements still open.
    let mut open: Vec<u8> = Vec::new();
    for h in &headings {
        while open.last().is_some_and(|l| *l >= h.level) {
            open.pop();
            xml.push_str("</ofd:OutlineElem>");
        }
        let _ = write!(
            xml,
            concat!(
                r#"<ofd:OutlineElem Title="{}"><ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto>"#,
                r#"<ofd:Dest Type="XYZ" PageID="{}" Left="{}" Top="{}"/>"#,
                r#"</ofd:Goto></ofd:Action></ofd:Actions>"#
            ),
            escape(h.title.trim()),
            page_ids[h.page],
            num(h.left),
            num(h.top),
        );
        open.push(h.level);
    }
    for _ in open {
        xml.push_str("</ofd:OutlineElem>");
    }
    xml.push_str("</ofd:Outlines>");
    xml
}
