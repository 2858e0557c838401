//! The DOCX package around the document: content types, relationships,
//! settings, core properties and font table, packed by crate::ooxml.

use super::styles::{FANGSONG, HEITI, KAITI, LATIN, SONGTI, XIAOBIAOSONG};
use super::wml::NS_W;
pub use crate::ooxml::Meta;
use crate::ooxml::{core_xml, escape, zip_parts};

/// The footer parts, by relationship id: odd pages, even pages.
pub const FOOTERS: [(&str, &str); 2] =
    [("rIdFooter1", "footer1.xml"), ("rIdFooter2", "footer2.xml")];

const MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The package of `document` (word/document.xml), `styles` and the footers.
pub fn package(
    document: Vec<u8>,
    styles: Vec<u8>,
    footers: [Vec<u8>; 2],
    meta: &Meta,
) -> Result<Vec<u8>, String> {
    let [odd, even] = footers;
    let parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", content_types().into_bytes()),
        ("_rels/.rels", package_rels().into_bytes()),
        ("docProps/core.xml", core_xml(meta).into_bytes()),
        ("docProps/app.xml", app_xml().into_bytes()),
        ("word/_rels/document.xml.rels", document_rels().into_bytes()),
        ("word/document.xml", document),
        ("word/styles.xml", styles),
        ("word/settings.xml", settings_xml().into_bytes()),
        ("word/fontTable.xml", font_table_xml().into_bytes()),
        ("word/footer1.xml", odd),
        ("word/footer2.xml", even),
    ];
    zip_parts(&parts).map_err(|e| format!("无法写入 DOCX 包：{e}"))
}

fn content_types() -> String {
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
        r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
    ));
    for (part, kind) in [
        ("document", "document.main"),
        ("styles", "styles"),
        ("settings", "settings"),
        ("fontTable", "fontTable"),
    ]
    .into_iter()
    .chain(
        FOOTERS
            .iter()
            .map(|(_, file)| (file.trim_end_matches(".xml"), "footer")),
    ) {
        xml.push_str(&format!(
            r#"<Override PartName="/word/{part}.xml" ContentType="{MAIN}.{kind}+xml"/>"#
        ));
    }
    xml.push_str("</Types>");
    xml
}

fn package_rels() -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            r#"<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>"#,
            r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
            r#"<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>"#,
            r#"</Relationships>"#
        ),
        REL = REL
    )
}

fn document_rels() -> String {
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    ));
    for (id, kind, target) in [
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdFonts", "fontTable", "fontTable.xml"),
    ]
    .into_iter()
    .chain(FOOTERS.iter().map(|(id, file)| (*id, "footer", *file)))
    {
        xml.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{target}"/>"#
        ));
    }
    xml.push_str("</Relationships>");
    xml
}

fn app_xml() -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#,
            r#"<Application>{}</Application></Properties>"#
        ),
        crate::PRODUCER
    )
}

/// Different odd and even footers; adjacent full-width punctuation
/// compressed (「》，」 in one em and a half, as the PDF sets it: Word's and
/// WPS's 「只压缩标点符号」); East Asian layout rules (Word's compatibility
/// settings for a current document).
fn settings_xml() -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:settings xmlns:w="{NS_W}">"#,
            r#"<w:zoom w:percent="100"/><w:defaultTabStop w:val="840"/><w:evenAndOddHeaders/>"#,
            r#"<w:characterSpacingControl w:val="compressPunctuation"/>"#,
            r#"<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>"#,
            r#"<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:useFELayout/>"#,
            r#"<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>"#,
            r#"<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>"#,
            r#"<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>"#,
            r#"<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>"#,
            r#"<w:compatSetting w:name="differentiateMultirowTableHeaders" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>"#,
            r#"</w:compat></w:settings>"#
        ),
        NS_W = NS_W
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
        r#"<w:fonts xmlns:w=""#,
    ));
    xml.push_str(NS_W);
    xml.push_str(r#"">"#);
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
    use std::io::Cursor;

    use super::*;

    #[test]
    fn the_package_is_deterministic_and_starts_with_its_content_types() {
        let meta = Meta::default();
        let make = || package(b"<a/>".to_vec(), b"<b/>".to_vec(), [vec![], vec![]], &meta);
        let a = make().unwrap();
        assert_eq!(a, make().unwrap());
        let mut archive = zip::ZipArchive::new(Cursor::new(&a)).unwrap();
        assert_eq!(
            archive.by_index(0).unwrap().name().unwrap(),
            "[Content_Types].xml"
        );
    }
}
