//! A one-sheet XLSX workbook (SpreadsheetML, ECMA-376 Part 1 §18) written
//! directly: inline strings, numbers as their exact decimal text, a bold style,
//! column widths and frozen panes. Packed by crate::ooxml like the DOCX, so the
//! bytes are the same on every platform and from every run.

use crate::ooxml::{Meta, core_xml, escape, zip_parts};

const NS_MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PACKAGE_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// One cell's value.
pub enum Value<'a> {
    Text(&'a str),
    /// A number as plain decimal text (`12`, `0.30`).
    Number(String),
}

/// The sheet to write.
pub struct Sheet<'a> {
    pub name: &'a str,
    /// Width of each column in characters.
    pub widths: Vec<u32>,
    /// Rows of cells; a row is drawn bold when its flag is true.
    pub rows: Vec<(bool, Vec<Value<'a>>)>,
    /// Rows and columns kept in view while scrolling (top, left).
    pub frozen: (u32, u32),
}

/// The workbook's bytes.
pub fn workbook(sheet: &Sheet, meta: &Meta) -> Result<Vec<u8>, String> {
    let parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", content_types().into_bytes()),
        ("_rels/.rels", package_rels().into_bytes()),
        ("docProps/core.xml", core_xml(meta).into_bytes()),
        ("docProps/app.xml", app_xml().into_bytes()),
        ("xl/workbook.xml", workbook_xml(sheet.name).into_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels().into_bytes()),
        ("xl/styles.xml", styles_xml().into_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml(sheet).into_bytes()),
    ];
    zip_parts(&parts).map_err(|e| format!("无法写入 XLSX 包：{e}"))
}

fn content_types() -> String {
    let main = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    format!(
        concat!(
            "{head}",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
            r#"<Default Extension="xml" ContentType="application/xml"/>"#,
            r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
            r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
            r#"<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>"#,
            r#"<Override PartName="/xl/styles.xml" ContentType="{main}.styles+xml"/>"#,
            r#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{main}.worksheet+xml"/>"#,
            r#"</Types>"#
        ),
        head = XML_HEAD,
        main = main
    )
}

/// The package's relationships: the workbook and the document properties.
fn package_rels() -> String {
    let core = format!("{NS_PACKAGE_REL}/metadata/core-properties");
    relationships(&[
        (
            "rId1",
            &format!("{NS_REL}/officeDocument"),
            "xl/workbook.xml",
        ),
        ("rId2", &core, "docProps/core.xml"),
        (
            "rId3",
            &format!("{NS_REL}/extended-properties"),
            "docProps/app.xml",
        ),
    ])
}

/// A relationships part: each relationship's id, type and target.
fn relationships(rels: &[(&str, &str, &str)]) -> String {
    let mut xml = format!(r#"{XML_HEAD}<Relationships xmlns="{NS_PACKAGE_REL}">"#);
    for (id, kind, target) in rels {
        xml.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{kind}" Target="{target}"/>"#
        ));
    }
    xml.push_str("</Relationships>");
    xml
}

fn app_xml() -> String {
    format!(
        concat!(
            "{head}",
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#,
            r#"<Application>nianbao</Application></Properties>"#
        ),
        head = XML_HEAD
    )
}

fn workbook_xml(name: &str) -> String {
    format!(
        concat!(
            "{head}",
            r#"<workbook xmlns="{ns}" xmlns:r="{rel}">"#,
            r#"<bookViews><workbookView/></bookViews>"#,
            r#"<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>"#,
            r#"</workbook>"#
        ),
        head = XML_HEAD,
        ns = NS_MAIN,
        rel = NS_REL,
        name = escape(name)
    )
}

/// The workbook's relationships: its one sheet and its styles.
fn workbook_rels() -> String {
    relationships(&[
        (
            "rId1",
            &format!("{NS_REL}/worksheet"),
            "worksheets/sheet1.xml",
        ),
        ("rId2", &format!("{NS_REL}/styles"), "styles.xml"),
    ])
}

/// Two cell formats: 0 regular, 1 bold (font 1).
fn styles_xml() -> String {
    format!(
        concat!(
            "{head}",
            r#"<styleSheet xmlns="{ns}">"#,
            r#"<fonts count="2"><font><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font>"#,
            r#"<font><b/><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font></fonts>"#,
            r#"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#,
            r#"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#,
            r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
            r#"<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#,
            r#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>"#,
            r#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#,
            r#"</styleSheet>"#
        ),
        head = XML_HEAD,
        ns = NS_MAIN
    )
}

fn sheet_xml(sheet: &Sheet) -> String {
    let mut xml = format!(r#"{XML_HEAD}<worksheet xmlns="{NS_MAIN}">"#);
    let (top, left) = sheet.frozen;
    xml.push_str(r#"<sheetViews><sheetView workbookViewId="0">"#);
    if top > 0 || left > 0 {
        let corner = format!("{}{}", column_name(left), top + 1);
        let pane = match (top > 0, left > 0) {
            (true, true) => "bottomRight",
            (true, false) => "bottomLeft",
            _ => "topRight",
        };
        xml.push_str("<pane");
        if left > 0 {
            xml.push_str(&format!(r#" xSplit="{left}""#));
        }
        if top > 0 {
            xml.push_str(&format!(r#" ySplit="{top}""#));
        }
        xml.push_str(&format!(
            r#" topLeftCell="{corner}" activePane="{pane}" state="frozen"/><selection pane="{pane}" activeCell="{corner}" sqref="{corner}"/>"#
        ));
    }
    xml.push_str("</sheetView></sheetViews>");
    xml.push_str(r#"<sheetFormatPr defaultRowHeight="15"/>"#);
    if !sheet.widths.is_empty() {
        xml.push_str("<cols>");
        for (i, width) in sheet.widths.iter().enumerate() {
            let n = i + 1;
            xml.push_str(&format!(
                r#"<col min="{n}" max="{n}" width="{width}" customWidth="1"/>"#
            ));
        }
        xml.push_str("</cols>");
    }
    xml.push_str("<sheetData>");
    for (r, (bold, cells)) in sheet.rows.iter().enumerate() {
        let row = r + 1;
        xml.push_str(&format!(r#"<row r="{row}">"#));
        let style = if *bold { r#" s="1""# } else { "" };
        for (c, value) in cells.iter().enumerate() {
            let at = format!("{}{row}", column_name(c as u32));
            match value {
                Value::Text("") => {
                    if *bold {
                        xml.push_str(&format!(r#"<c r="{at}"{style}/>"#));
                    }
                }
                Value::Text(t) => xml.push_str(&format!(
                    r#"<c r="{at}"{style} t="inlineStr"><is><t>{}</t></is></c>"#,
                    escape(t)
                )),
                Value::Number(n) => {
                    xml.push_str(&format!(r#"<c r="{at}"{style}><v>{}</v></c>"#, escape(n)))
                }
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

/// `A`, `B`, … `Z`, `AA`, … for the zero-based column `n`.
fn column_name(mut n: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(names, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn text_is_escaped_and_numbers_keep_their_digits() {
        let sheet = Sheet {
            name: "表<1>",
            widths: vec![10, 20],
            rows: vec![
                (true, vec![Value::Text("A&B"), Value::Text("=1+1\u{1}")]),
                (false, vec![Value::Number("0.30".into()), Value::Text("")]),
            ],
            frozen: (1, 1),
        };
        let xml = sheet_xml(&sheet);
        assert!(xml.contains(r#"<c r="A1" s="1" t="inlineStr"><is><t>A&amp;B</t>"#));
        assert!(xml.contains(">=1+1</t>"), "{xml}");
        assert!(xml.contains(r#"<c r="A2"><v>0.30</v></c>"#));
        assert!(!xml.contains(r#"r="B2""#));
        assert!(xml.contains(r#"xSplit="1" ySplit="1" topLeftCell="B2""#));
        assert!(workbook_xml(sheet.name).contains(r#"name="表&lt;1&gt;""#));
    }

    #[test]
    fn the_workbook_is_deterministic() {
        let make = || {
            let sheet = Sheet {
                name: "各单位情况",
                widths: vec![12],
                rows: vec![(false, vec![Value::Number("1".into())])],
                frozen: (0, 0),
            };
            workbook(&sheet, &Meta::default()).unwrap()
        };
        assert_eq!(make(), make());
    }
}
