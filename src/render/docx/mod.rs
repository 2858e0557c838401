//! DOCX output: the report as an official document (docs/format.md, Typesetting), written
//! as WordprocessingML in schema order (wml.rs) and packed deterministically.

mod package;
mod styles;
mod table;
mod wml;

use crate::document::{Block, Document};
use crate::format::page;
use styles::*;
use wml::{Indent, NS_R, NS_W, ParaProps, Xml};

/// Renders the document as DOCX bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, String> {
    let meta = package::Meta {
        title: doc.title.clone(),
        creator: doc.agency.clone(),
        date: match &doc.date_iso {
            Some(d) => format!("{d}T00:00:00Z"),
            // No publication date: the end of the report year.
            None => format!("{}-12-31T00:00:00Z", doc.year),
        },
    };
    package::package(
        document_xml(doc),
        styles_xml(),
        [page_number_footer(false), page_number_footer(true)],
        &meta,
    )
}

/// word/document.xml: the title, the blocks, the section's page setup.
fn document_xml(doc: &Document) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:document", &[("xmlns:w", &NS_W), ("xmlns:r", &NS_R)])
        .open("w:body", &[]);
    let styled = |style| ParaProps {
        style: Some(style),
        ..ParaProps::default()
    };
    for line in &doc.title_lines {
        wml::paragraph(&mut x, &styled(STYLE_TITLE), &[(line, false)]);
    }
    // One blank line between title and body.
    wml::paragraph(&mut x, &ParaProps::default(), &[]);

    for block in &doc.blocks {
        match block {
            Block::Heading(h) => {
                let style = if h.level <= 1 {
                    STYLE_HEADING1
                } else {
                    STYLE_HEADING2
                };
                let props = ParaProps {
                    keep_next: true,
                    ..styled(style)
                };
                wml::paragraph(&mut x, &props, &[(&h.full(), false)]);
            }
            Block::Paragraph(p) => {
                let runs: Vec<(&str, bool)> =
                    p.runs.iter().map(|r| (r.text.as_str(), r.bold)).collect();
                wml::paragraph(&mut x, &ParaProps::default(), &runs);
            }
            Block::Table(t) => table::write(&mut x, t),
            Block::Signature(s) => {
                // The closing, the empty line and the signature stay on one page.
                let keep = ParaProps {
                    keep_next: true,
                    ..ParaProps::default()
                };
                if let Some(closing) = &s.closing {
                    wml::paragraph(&mut x, &keep, &[(closing, false)]);
                }
                for _ in 0..page::SIGNATURE_LINES_BEFORE {
                    wml::paragraph(&mut x, &keep, &[]);
                }
                let widths: Vec<f32> = s.lines.iter().map(|l| page::estimated_chars(l)).collect();
                let indents = page::signature_right_indents(&widths);
                for (k, (line, right)) in s.lines.iter().zip(indents).enumerate() {
                    let props = ParaProps {
                        keep_next: k + 1 < s.lines.len(),
                        indent: Some(Indent {
                            right: (right * ONE_CHAR as f32).round() as i32,
                            ..Indent::default()
                        }),
                        ..styled(STYLE_SIGNATURE)
                    };
                    wml::paragraph(&mut x, &props, &[(line, false)]);
                }
            }
            Block::Contact(items) => {
                for item in items {
                    let line = format!("{}：{}", item.label, item.value);
                    wml::paragraph(&mut x, &ParaProps::default(), &[(&line, false)]);
                }
            }
        }
    }
    section(&mut x);
    x.close("w:body").close("w:document");
    x.finish()
}

/// The page setup: A4, the margins, the footers, the line grid.
fn section(x: &mut Xml) {
    x.open("w:sectPr", &[]);
    for ((id, _), kind) in package::FOOTERS.iter().zip(["default", "even"]) {
        x.empty("w:footerReference", &[("w:type", &kind), ("r:id", id)]);
    }
    x.empty("w:pgSz", &[("w:w", &PAGE_WIDTH), ("w:h", &PAGE_HEIGHT)]);
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &MARGIN_TOP),
            ("w:right", &MARGIN_RIGHT),
            ("w:bottom", &MARGIN_BOTTOM),
            ("w:left", &MARGIN_LEFT),
            ("w:header", &MARGIN_HEADER),
            ("w:footer", &MARGIN_FOOTER),
            ("w:gutter", &0),
        ],
    );
    x.empty("w:cols", &[("w:space", &425)]);
    x.empty(
        "w:docGrid",
        &[("w:type", &"lines"), ("w:linePitch", &LINE_PITCH)],
    );
    x.close("w:sectPr");
}

/// 「— 1 —」 in 4号 宋体: odd pages right-aligned, even pages left-aligned,
/// one character in from the margin.
fn page_number_footer(even: bool) -> Vec<u8> {
    let (align, left, right) = if even {
        ("left", ONE_CHAR, 0)
    } else {
        ("right", 0, ONE_CHAR)
    };
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", &NS_W), ("xmlns:r", &NS_R)])
        .open("w:p", &[]);
    ParaProps {
        style: Some(STYLE_FOOTER),
        indent: Some(Indent {
            left,
            right,
            first_line: 0,
        }),
        align: Some(align),
        ..ParaProps::default()
    }
    .write(&mut x);
    wml::run(&mut x, page::PAGE_NUMBER_BEFORE, false);
    wml::page_field(&mut x);
    wml::run(&mut x, page::PAGE_NUMBER_AFTER, false);
    x.close("w:p").close("w:ftr");
    x.finish()
}
