//! What the DOCX and the XLSX packages share (Open Packaging Conventions): XML
//! text escaping, core properties dated from the report, and a deterministic
//! zip (parts in the given order, 1980-01-01 times, "made by Unix", fixed
//! permissions), so the same report gives the same bytes on every platform.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use crate::render::xml_chars::is_xml_char;

/// Core properties: the document's title, its author (the agency) and a date.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub title: String,
    pub creator: String,
    /// W3CDTF timestamp (e.g. 2025-01-20T00:00:00Z).
    pub date: String,
}

/// `text` escaped for character data and attribute values, without the
/// characters XML cannot carry (xml_chars::is_xml_char), so no text can make
/// a part Word or Excel refuses to open.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`] appending to `out`.
pub fn escape_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ if is_xml_char(ch) => out.push(ch),
            _ => {}
        }
    }
}

/// Writes the parts in the given order with fixed metadata.
pub fn zip_parts(parts: &[(&str, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT)
        // The zip crate's default is the host's system; Windows builds would
        // write other bytes.
        .system(System::Unix)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(*name, options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Core properties from the report, never from the clock.
pub fn core_xml(meta: &Meta) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_properties_are_escaped_and_dated() {
        let xml = core_xml(&Meta {
            title: "A<B>&\"C\"\u{1}".into(),
            creator: "测试局".into(),
            date: "2025-01-20T00:00:00Z".into(),
        });
        assert!(xml.contains("<dc:title>A&lt;B&gt;&amp;&quot;C&quot;</dc:title>"));
        assert!(xml.contains("<dc:creator>测试局</dc:creator>"));
        assert!(xml.contains(">2025-01-20T00:00:00Z</dcterms:created>"));
    }
}
