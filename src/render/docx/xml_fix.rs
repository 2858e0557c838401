//! Schema-order repair for the WordprocessingML docx-rs writes.
//!
//! docx-rs writes some property children out of the order the schema's
//! sequences require (e.g. `w:jc` after `w:rPr` in `w:pPr`, `w:gridSpan`
//! after `w:tcBorders`), which Word reports as a damaged file. This module
//! parses a part into a small tree, sorts the children of the property
//! elements into schema order (stable, so repeated elements keep their order),
//! can mark table header rows, and writes the tree back unchanged otherwise.

use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};

/// Child order of the property elements (ISO/IEC 29500-4 wml.xsd: CT_PPr,
/// CT_RPr / CT_ParaRPr, CT_TcPr, CT_TblPr, CT_SectPr, CT_Style, CT_Font).
const ORDERS: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:headers",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
    ),
    (
        "w:sectPr",
        &[
            // EG_HdrFtrReferences: header and footer references in any order.
            "w:headerReference|w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
    (
        "w:style",
        &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
    ),
    (
        "w:settings",
        &[
            "w:writeProtection",
            "w:view",
            "w:zoom",
            "w:removePersonalInformation",
            "w:removeDateAndTime",
            "w:doNotDisplayPageBoundaries",
            "w:displayBackgroundShape",
            "w:printPostScriptOverText",
            "w:printFractionalCharacterWidth",
            "w:printFormsData",
            "w:embedTrueTypeFonts",
            "w:embedSystemFonts",
            "w:saveSubsetFonts",
            "w:saveFormsData",
            "w:mirrorMargins",
            "w:alignBordersAndEdges",
            "w:bordersDoNotSurroundHeader",
            "w:bordersDoNotSurroundFooter",
            "w:gutterAtTop",
            "w:hideSpellingErrors",
            "w:hideGrammaticalErrors",
            "w:activeWritingStyle",
            "w:proofState",
            "w:formsDesign",
            "w:attachedTemplate",
            "w:linkStyles",
            "w:stylePaneFormatFilter",
            "w:stylePaneSortMethod",
            "w:documentType",
            "w:mailMerge",
            "w:revisionView",
            "w:trackRevisions",
            "w:doNotTrackMoves",
            "w:doNotTrackFormatting",
            "w:documentProtection",
            "w:autoFormatOverride",
            "w:styleLockTheme",
            "w:styleLockQFSet",
            "w:defaultTabStop",
            "w:autoHyphenation",
            "w:consecutiveHyphenLimit",
            "w:hyphenationZone",
            "w:doNotHyphenateCaps",
            "w:showEnvelope",
            "w:summaryLength",
            "w:clickAndTypeStyle",
            "w:defaultTableStyle",
            "w:evenAndOddHeaders",
            "w:bookFoldRevPrinting",
            "w:bookFoldPrinting",
            "w:bookFoldPrintingSheets",
            "w:drawingGridHorizontalSpacing",
            "w:drawingGridVerticalSpacing",
            "w:displayHorizontalDrawingGridEvery",
            "w:displayVerticalDrawingGridEvery",
            "w:doNotUseMarginsForDrawingGridOrigin",
            "w:drawingGridHorizontalOrigin",
            "w:drawingGridVerticalOrigin",
            "w:doNotShadeFormData",
            "w:noPunctuationKerning",
            "w:characterSpacingControl",
            "w:printTwoOnOne",
            "w:strictFirstAndLastChars",
            "w:noLineBreaksAfter",
            "w:noLineBreaksBefore",
            "w:savePreviewPicture",
            "w:doNotValidateAgainstSchema",
            "w:saveInvalidXml",
            "w:ignoreMixedContent",
            "w:alwaysShowPlaceholderText",
            "w:doNotDemarcateInvalidXml",
            "w:saveXmlDataOnly",
            "w:useXSLTWhenSaving",
            "w:saveThroughXslt",
            "w:showXMLTags",
            "w:alwaysMergeEmptyNamespace",
            "w:updateFields",
            "w:hdrShapeDefaults",
            "w:footnotePr",
            "w:endnotePr",
            "w:compat",
            "w:docVars",
            "w:rsids",
            "m:mathPr",
            "w:attachedSchema",
            "w:themeFontLang",
            "w:clrSchemeMapping",
            "w:doNotIncludeSubdocsInStats",
            "w:doNotAutoCompressPictures",
            "w:forceUpgrade",
            "w:captions",
            "w:readModeInkLockDown",
            "w:smartTagType",
            "sl:schemaLibrary",
            "w:shapeDefaults",
            "w:doNotEmbedSmartTags",
            "w:decimalSymbol",
            "w:listSeparator",
        ],
    ),
];

/// An XML node: an element with its children, or any other event kept as is.
#[derive(Debug)]
enum Node {
    Element {
        start: BytesStart<'static>,
        children: Vec<Node>,
    },
    Other(Event<'static>),
}

impl Node {
    fn name(&self) -> Option<&[u8]> {
        match self {
            Node::Element { start, .. } => Some(start.name().into_inner()),
            Node::Other(_) => None,
        }
    }
}

/// Which package part is being fixed; some repairs apply to one part only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// word/document.xml: header rows, `w:gridCol` without `w:type`.
    Document,
    /// word/styles.xml: no `w:rPr` in a style's `w:pPr` (CT_PPrGeneral), one
    /// style per id (docx-rs always writes an empty Normal first), Normal is
    /// the default paragraph style, and the text is Simplified Chinese
    /// (`w:lang w:eastAsia="zh-CN"`, which docx-rs cannot write) so that
    /// Word, WPS and LibreOffice pick Chinese glyphs and fonts.
    Styles,
    /// word/numbering.xml: no `w:rPr` in a level's `w:pPr`.
    Numbering,
    /// Any other part: schema order only.
    Other,
}

/// What to change besides the schema order.
#[derive(Clone, Debug, Default)]
pub struct Fixes {
    /// For each `w:tbl` in document order, how many leading rows repeat as
    /// header rows (`w:tblHeader`).
    pub header_rows: Vec<usize>,
}

/// Rewrites one XML part: schema order everywhere, plus `fixes`.
pub fn fix_part(xml: &[u8], part: Part, fixes: &Fixes) -> Result<Vec<u8>, String> {
    let mut nodes = parse(xml)?;
    match part {
        Part::Document => {
            let mut tables = fixes.header_rows.iter();
            for node in &mut nodes {
                mark_headers(node, &mut tables);
                drop_attribute(node, b"w:gridCol", b"w:type");
            }
        }
        Part::Styles => {
            for node in &mut nodes {
                drop_run_props_in_para_props(node);
                if let Node::Element { start, children } = node
                    && start.name().into_inner() == b"w:styles"
                {
                    dedupe_styles(children);
                    set_default_language(children);
                    set_default_paragraph(children);
                }
            }
        }
        Part::Numbering => {
            for node in &mut nodes {
                drop_run_props_in_para_props(node);
            }
        }
        Part::Other => {}
    }
    for node in &mut nodes {
        reorder(node);
    }
    write(&nodes)
}

fn attribute(start: &BytesStart, key: &[u8]) -> Option<Vec<u8>> {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.into_inner() == key)
        .map(|a| a.value.into_owned())
}

/// A copy of `start` without the attribute `key`, with `add` appended.
fn with_attributes(
    start: &BytesStart,
    drop: &[u8],
    add: Option<(&str, &str)>,
) -> BytesStart<'static> {
    let name = String::from_utf8_lossy(start.name().into_inner()).into_owned();
    let mut out = BytesStart::new(name);
    for a in start.attributes().flatten() {
        if a.key.into_inner() != drop {
            out.push_attribute(a);
        }
    }
    if let Some(pair) = add {
        out.push_attribute(pair);
    }
    out
}

fn drop_attribute(node: &mut Node, element: &[u8], key: &[u8]) {
    let Node::Element { start, children } = node else {
        return;
    };
    if start.name().into_inner() == element && attribute(start, key).is_some() {
        *start = with_attributes(start, key, None);
    }
    for child in children {
        drop_attribute(child, element, key);
    }
}

fn drop_run_props_in_para_props(node: &mut Node) {
    let Node::Element { start, children } = node else {
        return;
    };
    if start.name().into_inner() == b"w:pPr" {
        children.retain(|c| c.name() != Some(b"w:rPr".as_slice()));
    }
    for child in children {
        drop_run_props_in_para_props(child);
    }
}

/// Adds `w:lang` to `w:docDefaults/w:rPrDefault/w:rPr` when it has none.
fn set_default_language(children: &mut [Node]) {
    let path: [&[u8]; 3] = [b"w:docDefaults", b"w:rPrDefault", b"w:rPr"];
    let mut level = children;
    let mut found = None;
    for (depth, name) in path.iter().enumerate() {
        let Some(Node::Element { children, .. }) =
            level.iter_mut().find(|c| c.name() == Some(*name))
        else {
            return;
        };
        if depth == path.len() - 1 {
            found = Some(children);
            break;
        }
        level = children.as_mut_slice();
    }
    let Some(props) = found else {
        return;
    };
    if props.iter().all(|p| p.name() != Some(b"w:lang".as_slice())) {
        let mut lang = BytesStart::new("w:lang");
        lang.push_attribute(("w:val", "en-US"));
        lang.push_attribute(("w:eastAsia", "zh-CN"));
        props.push(Node::Element {
            start: lang,
            children: Vec::new(),
        });
    }
}

/// Paragraph defaults docx-rs cannot write: no punctuation hanging past the
/// margin (`w:overflowPunct` off) and no automatic space between Chinese and
/// Latin letters or digits (`w:autoSpaceDE`, `w:autoSpaceDN` off), in
/// `w:docDefaults/w:pPrDefault/w:pPr`.
fn set_default_paragraph(children: &mut [Node]) {
    let Some(Node::Element {
        children: defaults, ..
    }) = children
        .iter_mut()
        .find(|c| c.name() == Some(b"w:docDefaults".as_slice()))
    else {
        return;
    };
    if defaults
        .iter()
        .all(|c| c.name() != Some(b"w:pPrDefault".as_slice()))
    {
        defaults.push(Node::Element {
            start: BytesStart::new("w:pPrDefault"),
            children: Vec::new(),
        });
    }
    let Some(Node::Element {
        children: ppr_default,
        ..
    }) = defaults
        .iter_mut()
        .find(|c| c.name() == Some(b"w:pPrDefault".as_slice()))
    else {
        return;
    };
    if ppr_default
        .iter()
        .all(|c| c.name() != Some(b"w:pPr".as_slice()))
    {
        ppr_default.push(Node::Element {
            start: BytesStart::new("w:pPr"),
            children: Vec::new(),
        });
    }
    if let Some(Node::Element { children: ppr, .. }) = ppr_default
        .iter_mut()
        .find(|c| c.name() == Some(b"w:pPr".as_slice()))
    {
        switch_off_spacing_and_hanging(ppr);
    }
    // LibreOffice reads them from the Normal style only.
    for style in children.iter_mut() {
        if let Node::Element { start, children } = style
            && start.name().into_inner() == b"w:style"
            && attribute(start, b"w:styleId").as_deref() == Some(b"Normal".as_slice())
            && let Some(Node::Element { children: ppr, .. }) = children
                .iter_mut()
                .find(|c| c.name() == Some(b"w:pPr".as_slice()))
        {
            switch_off_spacing_and_hanging(ppr);
        }
    }
}

fn switch_off_spacing_and_hanging(ppr: &mut Vec<Node>) {
    for name in ["w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN"] {
        ppr.retain(|c| c.name() != Some(name.as_bytes()));
        let mut off = BytesStart::new(name);
        off.push_attribute(("w:val", "0"));
        ppr.push(Node::Element {
            start: off,
            children: Vec::new(),
        });
    }
}

/// Keeps the last `w:style` of each id and marks Normal as the default.
fn dedupe_styles(children: &mut Vec<Node>) {
    let id_of = |n: &Node| match n {
        Node::Element { start, .. } if start.name().into_inner() == b"w:style" => {
            attribute(start, b"w:styleId")
        }
        _ => None,
    };
    let mut seen = std::collections::HashSet::new();
    let mut keep = vec![true; children.len()];
    for (i, child) in children.iter().enumerate().rev() {
        if let Some(id) = id_of(child)
            && !seen.insert(id)
        {
            keep[i] = false;
        }
    }
    let mut flags = keep.into_iter();
    children.retain(|_| flags.next().unwrap_or(true));
    for child in children.iter_mut() {
        if id_of(child).as_deref() == Some(b"Normal".as_slice())
            && let Node::Element { start, .. } = child
        {
            *start = with_attributes(start, b"w:default", Some(("w:default", "1")));
        }
    }
}

fn parse(xml: &[u8]) -> Result<Vec<Node>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut stack: Vec<(BytesStart<'static>, Vec<Node>)> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("XML 解析失败：{e}"))?
            .into_owned();
        buf.clear();
        let node = match event {
            Event::Eof => break,
            Event::Start(start) => {
                stack.push((start, Vec::new()));
                continue;
            }
            Event::End(_) => {
                let (start, children) = stack.pop().ok_or("XML 结束标签多余")?;
                Node::Element { start, children }
            }
            Event::Empty(start) => Node::Element {
                start,
                children: Vec::new(),
            },
            other => Node::Other(other),
        };
        match stack.last_mut() {
            Some((_, children)) => children.push(node),
            None => top.push(node),
        }
    }
    if !stack.is_empty() {
        return Err("XML 元素未结束".into());
    }
    Ok(top)
}

fn write(nodes: &[Node]) -> Result<Vec<u8>, String> {
    let mut writer = Writer::new(Vec::new());
    for node in nodes {
        write_node(&mut writer, node).map_err(|e| format!("XML 写入失败：{e}"))?;
    }
    Ok(writer.into_inner())
}

fn write_node(writer: &mut Writer<Vec<u8>>, node: &Node) -> std::io::Result<()> {
    match node {
        Node::Other(event) => writer.write_event(event.borrow()),
        Node::Element { start, children } if children.is_empty() => {
            writer.write_event(Event::Empty(start.borrow()))
        }
        Node::Element { start, children } => {
            writer.write_event(Event::Start(start.borrow()))?;
            for child in children {
                write_node(writer, child)?;
            }
            writer.write_event(Event::End(BytesEnd::new(String::from_utf8_lossy(
                start.name().into_inner(),
            ))))
        }
    }
}

fn rank(order: &[&str], name: &[u8]) -> usize {
    order
        .iter()
        .position(|entry| entry.split('|').any(|n| n.as_bytes() == name))
        .unwrap_or(order.len())
}

fn reorder(node: &mut Node) {
    let Node::Element { start, children } = node else {
        return;
    };
    for child in children.iter_mut() {
        reorder(child);
    }
    let name = start.name().into_inner().to_vec();
    if let Some((_, order)) = ORDERS.iter().find(|(n, _)| n.as_bytes() == name) {
        // Non-element nodes (whitespace) travel with the element before them.
        let mut last = 0;
        let mut keyed: Vec<(usize, Node)> = children
            .drain(..)
            .map(|c| {
                if let Some(n) = c.name() {
                    last = rank(order, n);
                }
                (last, c)
            })
            .collect();
        keyed.sort_by_key(|(k, _)| *k);
        children.extend(keyed.into_iter().map(|(_, c)| c));
    }
}

fn mark_headers<'a>(node: &mut Node, tables: &mut impl Iterator<Item = &'a usize>) {
    let Node::Element { start, children } = node else {
        return;
    };
    if start.name().into_inner() == b"w:tbl" {
        let n = tables.next().copied().unwrap_or(0);
        let rows = children
            .iter_mut()
            .filter(|c| c.name() == Some(b"w:tr".as_slice()))
            .take(n);
        for row in rows {
            add_tbl_header(row);
        }
        // Tables nested in cells are not expected; leave them alone.
        return;
    }
    for child in children.iter_mut() {
        mark_headers(child, tables);
    }
}

fn add_tbl_header(row: &mut Node) {
    let Node::Element { children, .. } = row else {
        return;
    };
    let header = Node::Element {
        start: BytesStart::new("w:tblHeader"),
        children: Vec::new(),
    };
    let at = children
        .iter()
        .position(|c| c.name() == Some(b"w:trPr".as_slice()));
    match at {
        Some(i) => {
            if let Node::Element {
                children: props, ..
            } = &mut children[i]
                && !props
                    .iter()
                    .any(|p| p.name() == Some(b"w:tblHeader".as_slice()))
            {
                props.push(header);
            }
        }
        None => {
            // w:trPr follows w:tblPrEx (if any) at the start of the row.
            let i =
                usize::from(children.first().and_then(Node::name) == Some(b"w:tblPrEx".as_slice()));
            children.insert(
                i,
                Node::Element {
                    start: BytesStart::new("w:trPr"),
                    children: vec![header],
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(xml: &str) -> String {
        String::from_utf8(fix_part(xml.as_bytes(), Part::Other, &Fixes::default()).unwrap())
            .unwrap()
    }

    #[test]
    fn paragraph_properties_follow_the_schema() {
        assert_eq!(
            fix(
                r#"<w:p><w:pPr><w:rPr><w:b/></w:rPr><w:jc w:val="center"/><w:ind w:left="0"/><w:pStyle w:val="A"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#
            ),
            r#"<w:p><w:pPr><w:pStyle w:val="A"/><w:ind w:left="0"/><w:jc w:val="center"/><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn cell_properties_put_spans_before_borders() {
        assert_eq!(
            fix(
                r#"<w:tcPr><w:tcW w:w="1"/><w:tcBorders><w:top/></w:tcBorders><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/><w:vAlign w:val="center"/></w:tcPr>"#
            ),
            r#"<w:tcPr><w:tcW w:w="1"/><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/><w:tcBorders><w:top/></w:tcBorders><w:vAlign w:val="center"/></w:tcPr>"#
        );
    }

    #[test]
    fn run_properties_and_section_follow_the_schema() {
        assert_eq!(
            fix(r#"<w:rPr><w:sz w:val="32"/><w:b/><w:rFonts w:eastAsia="黑体"/></w:rPr>"#),
            r#"<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="32"/></w:rPr>"#
        );
        assert_eq!(
            fix(
                r#"<w:sectPr><w:pgMar/><w:footerReference w:type="default"/><w:pgSz/><w:headerReference w:type="even"/><w:docGrid/></w:sectPr>"#
            ),
            r#"<w:sectPr><w:footerReference w:type="default"/><w:headerReference w:type="even"/><w:pgSz/><w:pgMar/><w:docGrid/></w:sectPr>"#
        );
    }

    #[test]
    fn text_escapes_and_declaration_survive() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:t xml:space="preserve">A &amp; B &lt;“一”&gt;</w:t>"#;
        assert_eq!(fix(xml), xml);
    }

    #[test]
    fn header_rows_are_marked() {
        let xml = r#"<w:body><w:tbl><w:tblPr/><w:tr><w:trPr><w:cantSplit/></w:trPr></w:tr><w:tr><w:tc/></w:tr><w:tr/></w:tbl><w:tbl><w:tr/></w:tbl></w:body>"#;
        let fixes = Fixes {
            header_rows: vec![2, 0],
        };
        let out =
            String::from_utf8(fix_part(xml.as_bytes(), Part::Document, &fixes).unwrap()).unwrap();
        assert_eq!(
            out,
            r#"<w:body><w:tbl><w:tblPr/><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr></w:tr><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc/></w:tr><w:tr/></w:tbl><w:tbl><w:tr/></w:tbl></w:body>"#
        );
    }

    #[test]
    fn styles_keep_the_last_of_each_id_and_no_run_props_in_para_props() {
        let xml = r#"<w:styles><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:rPr/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Normal"><w:pPr><w:jc w:val="both"/><w:rPr/><w:ind w:firstLine="640"/></w:pPr><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style></w:styles>"#;
        let out =
            String::from_utf8(fix_part(xml.as_bytes(), Part::Styles, &Fixes::default()).unwrap())
                .unwrap();
        assert_eq!(
            out,
            r#"<w:styles><w:style w:type="paragraph" w:styleId="Normal" w:default="1"><w:name w:val="Normal"/><w:pPr><w:ind w:firstLine="640"/><w:jc w:val="both"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style></w:styles>"#
        );
    }

    #[test]
    fn default_run_properties_get_chinese_language() {
        let xml = r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>"#;
        let out =
            String::from_utf8(fix_part(xml.as_bytes(), Part::Styles, &Fixes::default()).unwrap())
                .unwrap();
        assert_eq!(
            out,
            r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/></w:pPr></w:pPrDefault></w:docDefaults></w:styles>"#
        );
    }

    #[test]
    fn grid_columns_lose_the_type_attribute() {
        let xml = r#"<w:tblGrid><w:gridCol w:w="100" w:type="dxa"/></w:tblGrid>"#;
        let out =
            String::from_utf8(fix_part(xml.as_bytes(), Part::Document, &Fixes::default()).unwrap())
                .unwrap();
        assert_eq!(out, r#"<w:tblGrid><w:gridCol w:w="100"/></w:tblGrid>"#);
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        assert!(fix_part(b"<w:p><w:r>", Part::Other, &Fixes::default()).is_err());
        assert!(fix_part(b"</w:p>", Part::Other, &Fixes::default()).is_err());
    }
}
