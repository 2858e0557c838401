//! A small WordprocessingML writer. Elements are written in the order the
//! schema's sequences require: the property sets are structs whose fields are
//! written in schema order (ISO/IEC 29500-1, wml.xsd: CT_PPrBase, CT_RPr), so
//! no part needs sorting afterwards. Text is escaped as it is written, and a
//! character XML cannot carry is left out there.

use std::fmt::Display;

use crate::ooxml::escape_into;

/// The namespace of WordprocessingML.
pub const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The namespace of relationship ids.
pub const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// One XML part being written.
pub struct Xml(String);

impl Xml {
    /// A part starting with the XML declaration.
    pub fn new() -> Xml {
        Xml(String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        ))
    }

    /// `<name attr="value" …>`.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &dyn Display)]) -> &mut Xml {
        self.start(name, attributes);
        self.0.push('>');
        self
    }

    /// `<name attr="value" …/>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &dyn Display)]) -> &mut Xml {
        self.start(name, attributes);
        self.0.push_str("/>");
        self
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) -> &mut Xml {
        self.0.push_str("</");
        self.0.push_str(name);
        self.0.push('>');
        self
    }

    /// Character data, escaped.
    pub fn text(&mut self, text: &str) -> &mut Xml {
        escape_into(&mut self.0, text);
        self
    }

    /// The part's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.0.into_bytes()
    }

    fn start(&mut self, name: &str, attributes: &[(&str, &dyn Display)]) {
        self.0.push('<');
        self.0.push_str(name);
        for (key, value) in attributes {
            self.0.push(' ');
            self.0.push_str(key);
            self.0.push_str("=\"");
            let value = value.to_string();
            escape_into(&mut self.0, &value);
            self.0.push('"');
        }
    }
}

/// One face for Chinese text and `latin` for Latin letters and digits.
#[derive(Clone, Copy, Debug)]
pub struct Fonts<'a> {
    pub east_asia: &'a str,
    pub latin: &'a str,
}

/// Line spacing in twips: exact or auto (240 = single).
#[derive(Clone, Copy, Debug)]
pub enum Spacing {
    Exact(i32),
    Auto(i32),
}

/// Indents in twips.
#[derive(Clone, Copy, Debug, Default)]
pub struct Indent {
    pub left: i32,
    pub right: i32,
    pub first_line: i32,
}

/// Paragraph properties (`w:pPr`), the ones the report uses, in schema order.
#[derive(Clone, Copy, Debug, Default)]
pub struct ParaProps<'a> {
    pub style: Option<&'a str>,
    pub keep_next: bool,
    /// The body's line rules: `w:overflowPunct` on and no automatic space
    /// between Chinese and Latin letters or digits (`w:autoSpaceDE/DN` off).
    /// `w:overflowPunct` on is what LibreOffice reads as *no* hanging
    /// punctuation (its import inverts the value); Word and WPS read it as
    /// their default, a closing mark may hang (docs/docx.md).
    pub line_rules: bool,
    pub off_grid: bool,
    pub spacing: Option<Spacing>,
    pub indent: Option<Indent>,
    pub align: Option<&'a str>,
    pub outline_level: Option<u8>,
}

impl ParaProps<'_> {
    pub fn write(&self, x: &mut Xml) {
        if self.is_empty() {
            return;
        }
        x.open("w:pPr", &[]);
        if let Some(style) = self.style {
            x.empty("w:pStyle", &[("w:val", &style)]);
        }
        if self.keep_next {
            x.empty("w:keepNext", &[]);
        }
        if self.line_rules {
            x.empty("w:overflowPunct", &[("w:val", &1)]);
            for name in ["w:autoSpaceDE", "w:autoSpaceDN"] {
                x.empty(name, &[("w:val", &0)]);
            }
        }
        if self.off_grid {
            x.empty("w:snapToGrid", &[("w:val", &0)]);
        }
        match self.spacing {
            Some(Spacing::Exact(line)) => x.empty(
                "w:spacing",
                &[
                    ("w:before", &0),
                    ("w:after", &0),
                    ("w:line", &line),
                    ("w:lineRule", &"exact"),
                ],
            ),
            Some(Spacing::Auto(line)) => x.empty(
                "w:spacing",
                &[
                    ("w:before", &0),
                    ("w:after", &0),
                    ("w:line", &line),
                    ("w:lineRule", &"auto"),
                ],
            ),
            None => x,
        };
        if let Some(i) = self.indent {
            x.empty(
                "w:ind",
                &[
                    ("w:left", &i.left),
                    ("w:right", &i.right),
                    ("w:firstLine", &i.first_line),
                ],
            );
        }
        if let Some(align) = self.align {
            x.empty("w:jc", &[("w:val", &align)]);
        }
        if let Some(level) = self.outline_level {
            x.empty("w:outlineLvl", &[("w:val", &level)]);
        }
        x.close("w:pPr");
    }

    fn is_empty(&self) -> bool {
        self.style.is_none()
            && !self.keep_next
            && !self.line_rules
            && !self.off_grid
            && self.spacing.is_none()
            && self.indent.is_none()
            && self.align.is_none()
            && self.outline_level.is_none()
    }
}

/// Run properties (`w:rPr`), the ones the report uses, in schema order.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunProps<'a> {
    pub fonts: Option<Fonts<'a>>,
    pub bold: bool,
    /// Character spacing in twentieths of a point.
    pub char_spacing: Option<i32>,
    /// Size in half-points.
    pub size: Option<usize>,
    /// Simplified Chinese, so that Word, WPS and LibreOffice pick Chinese
    /// glyphs and fonts.
    pub chinese: bool,
}

impl RunProps<'_> {
    pub fn write(&self, x: &mut Xml) {
        if !(self.fonts.is_some()
            || self.bold
            || self.char_spacing.is_some()
            || self.size.is_some()
            || self.chinese)
        {
            return;
        }
        x.open("w:rPr", &[]);
        if let Some(f) = self.fonts {
            x.empty(
                "w:rFonts",
                &[
                    ("w:ascii", &f.latin),
                    ("w:hAnsi", &f.latin),
                    ("w:eastAsia", &f.east_asia),
                    ("w:cs", &f.latin),
                ],
            );
        }
        if self.bold {
            x.empty("w:b", &[]).empty("w:bCs", &[]);
        }
        if let Some(spacing) = self.char_spacing {
            x.empty("w:spacing", &[("w:val", &spacing)]);
        }
        if let Some(size) = self.size {
            x.empty("w:sz", &[("w:val", &size)])
                .empty("w:szCs", &[("w:val", &size)]);
        }
        if self.chinese {
            x.empty("w:lang", &[("w:val", &"en-US"), ("w:eastAsia", &"zh-CN")]);
        }
        x.close("w:rPr");
    }
}

/// A paragraph of plain runs: `(text, bold)`.
pub fn paragraph(x: &mut Xml, props: &ParaProps, runs: &[(&str, bool)]) {
    x.open("w:p", &[]);
    props.write(x);
    for (text, bold) in runs {
        run(x, text, *bold);
    }
    x.close("w:p");
}

/// A paragraph of one plain run set on the given lines, with explicit line
/// breaks (`w:br`) between them, at `size` half-points when given.
pub fn lines_paragraph(x: &mut Xml, props: &ParaProps, lines: &[String], size: Option<usize>) {
    x.open("w:p", &[]);
    props.write(x);
    if !lines.is_empty() {
        x.open("w:r", &[]);
        RunProps {
            size,
            ..RunProps::default()
        }
        .write(x);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                x.empty("w:br", &[]);
            }
            x.open("w:t", &[("xml:space", &"preserve")])
                .text(line)
                .close("w:t");
        }
        x.close("w:r");
    }
    x.close("w:p");
}

/// One run of text.
pub fn run(x: &mut Xml, text: &str, bold: bool) {
    x.open("w:r", &[]);
    RunProps {
        bold,
        ..RunProps::default()
    }
    .write(x);
    x.open("w:t", &[("xml:space", &"preserve")])
        .text(text)
        .close("w:t")
        .close("w:r");
}

/// A `PAGE` field showing 1 until the reader updates it.
pub fn page_field(x: &mut Xml) {
    let char = |x: &mut Xml, kind: &str| {
        x.open("w:r", &[])
            .empty("w:fldChar", &[("w:fldCharType", &kind)])
            .close("w:r");
    };
    char(x, "begin");
    x.open("w:r", &[])
        .open("w:instrText", &[("xml:space", &"preserve")])
        .text(" PAGE ")
        .close("w:instrText")
        .close("w:r");
    char(x, "separate");
    run(x, "1", false);
    char(x, "end");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_forbidden_characters_dropped() {
        let mut x = Xml::new();
        x.open("w:t", &[("a", &"<\"&>")])
            .text("A<B>&\"C\"\u{1}")
            .close("w:t");
        let s = String::from_utf8(x.finish()).unwrap();
        assert!(s.ends_with(r#"<w:t a="&lt;&quot;&amp;&gt;">A&lt;B&gt;&amp;&quot;C&quot;</w:t>"#));
    }

    #[test]
    fn paragraph_properties_follow_the_schema_sequence() {
        let mut x = Xml::new();
        ParaProps {
            style: Some("Normal"),
            keep_next: true,
            line_rules: true,
            off_grid: true,
            spacing: Some(Spacing::Exact(579)),
            indent: Some(Indent::default()),
            align: Some("both"),
            outline_level: Some(0),
        }
        .write(&mut x);
        let s = String::from_utf8(x.finish()).unwrap();
        let order = [
            "w:pStyle",
            "w:keepNext",
            "w:overflowPunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:jc",
            "w:outlineLvl",
        ];
        let at: Vec<usize> = order.iter().map(|n| s.find(n).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{s}");
    }

    #[test]
    fn empty_properties_write_nothing() {
        let mut x = Xml::new();
        ParaProps::default().write(&mut x);
        RunProps::default().write(&mut x);
        assert!(!String::from_utf8(x.finish()).unwrap().contains("Pr"));
    }
}
