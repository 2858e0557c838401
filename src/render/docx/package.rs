//! Finishing the package docx-rs wrote: schema-order repair of the WordprocessingML
//! parts, our own core properties and font table, and a deterministic re-zip
//! (fixed entry order, 1980-01-01 timestamps, fixed permissions).

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::styles::{FANGSONG, HEITI, KAITI, LATIN, SONGTI, XIAOBIAOSONG};
use super::xml_fix::{Fixes, Part, fix_part};
use crate::render::xml_chars::xml_safe;

/// Package-level facts the parts need.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub title: String,
    pub creator: String,
    /// W3CDTF timestamp (e.g. 2025-01-20T00:00:00Z).
    pub date: String,
}

/// Rewrites the archive `docx` as the final, deterministic package.
pub fn finish(docx: &[u8], meta: &Meta, fixes: &Fixes) -> Result<Vec<u8>, String> {
    let mut archive =
        ZipArchive::new(Cursor::new(docx)).map_err(|e| format!("无法读取 DOCX 包：{e}"))?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive
            .by_index(i)
            .map_err(|e| format!("无法读取 DOCX 包：{e}"))?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| format!("无法读取 DOCX 包：{e}"))?;
        parts.push((name, bytes));
    }
    xml_safe_parts(&mut parts);
    for (name, bytes) in &mut parts {
        *bytes = match name.as_str() {
            "docProps/core.xml" => core_xml(meta).into_bytes(),
            "word/fontTable.xml" => font_table_xml().into_bytes(),
            "word/document.xml" => fix_part(bytes, Part::Document, fixes)?,
            "word/styles.xml" => fix_part(bytes, Part::Styles, fixes)?,
            "word/numbering.xml" => fix_part(bytes, Part::Numbering, fixes)?,
            n if n.starts_with("word/") && n.ends_with(".xml") => {
                fix_part(bytes, Part::Other, fixes)?
            }
            _ => continue,
        };
    }
    xml_safe_parts(&mut parts);
    zip_parts(&parts).map_err(|e| format!("无法写入 DOCX 包：{e}"))
}

/// Whatever wrote a part, it is left with no character XML forbids.
fn xml_safe_parts(parts: &mut [(String, Vec<u8>)]) {
    for (name, bytes) in parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            *bytes = xml_safe(std::mem::take(bytes));
        }
    }
}

/// Writes the parts in the given order with fixed metadata.
fn zip_parts(parts: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // [Content_Types].xml first, as readers expect; the rest in docx-rs order.
    let (first, rest): (Vec<_>, Vec<_>) = parts
        .iter()
        .partition(|(name, _)| name == "[Content_Types].xml");
    for (name, bytes) in first.into_iter().chain(rest) {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Core properties from the report, never from the clock.
fn core_xml(meta: &Meta) -> String {
    let title = escape(&meta.title);
    let creator = escape(&meta.creator);
    let date = escape(&meta.date);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>"#,
            r#"<cp:lastModifiedBy>{creator}</cp:lastModifiedBy><cp:revision>1</cp:revision>"#,
            r#"<dc:language>zh-CN</dc:language>"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>"#,
            r#"</cp:coreProperties>"#
        ),
        title = title,
        creator = creator,
        date = date
    )
}

/// The official fonts with the alternative names Word and WPS resolve when the
/// *_GB2312 / 方正 faces are missing (仿宋, 楷体, 宋体 ship with Windows);
/// LibreOffice falls back through its own replacement table.
fn font_table_xml() -> String {
    // (name, altName, panose, family, pitch)
    let fonts: [(&str, Option<&str>, &str, &str); 6] = [
        (LATIN, None, "02020603050405020304", "roman"),
        (FANGSONG, Some("仿宋"), "02010609030101010101", "modern"),
        (KAITI, Some("楷体"), "02010609030101010101", "modern"),
        (HEITI, Some("SimHei"), "02010609060101010101", "modern"),
        (XIAOBIAOSONG, Some("宋体"), "02000000000000000000", "auto"),
        (SONGTI, Some("SimSun"), "02010600030101010101", "auto"),
    ];
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
    ));
    for (name, alt, panose, family) in fonts {
        xml.push_str(&format!(r#"<w:font w:name="{}">"#, escape(name)));
        if let Some(alt) = alt {
            xml.push_str(&format!(r#"<w:altName w:val="{}"/>"#, escape(alt)));
        }
        let charset = if name == LATIN { "00" } else { "86" };
        xml.push_str(&format!(
            r#"<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>"#
        ));
    }
    xml.push_str("</w:fonts>");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_properties_are_escaped_and_dated() {
        let xml = core_xml(&Meta {
            title: "A<B>&\"C\"".into(),
            creator: "测试局".into(),
            date: "2025-01-20T00:00:00Z".into(),
        });
        assert!(xml.contains("<dc:title>A&lt;B&gt;&amp;&quot;C&quot;</dc:title>"));
        assert!(xml.contains("<dc:creator>测试局</dc:creator>"));
        assert!(xml.contains(">2025-01-20T00:00:00Z</dcterms:created>"));
    }

    #[test]
    fn rezipping_is_deterministic_and_puts_content_types_first() {
        let parts = vec![
            ("word/document.xml".to_string(), b"<a/>".to_vec()),
            ("[Content_Types].xml".to_string(), b"<b/>".to_vec()),
        ];
        let a = zip_parts(&parts).unwrap();
        assert_eq!(a, zip_parts(&parts).unwrap());
        let mut archive = ZipArchive::new(Cursor::new(&a)).unwrap();
        assert_eq!(archive.by_index(0).unwrap().name(), "[Content_Types].xml");
    }
}
