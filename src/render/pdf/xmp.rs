//! The XMP metadata packet: the document information again (title, author,
//! subject, dates, tools) as PDF/A requires it to match the Info dictionary,
//! the language, the PDF/UA-1 identification (every PDF is tagged and claims
//! it, docs/pdf.md) and the PDF/A identification when the file claims it,
//! with the extension schema PDF/A asks for the PDF/UA one.

use crate::ooxml::escape;

use super::meta::Meta;

/// The description of the PDF/UA identification schema, which is not one of
/// the schemas PDF/A predefines (ISO 19005-2 6.6.2.3.3, ISO 14289-1 5).
const PDFUA_EXTENSION_SCHEMA: &str = "<pdfaExtension:schemas><rdf:Bag>\
<rdf:li rdf:parseType=\"Resource\">\
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\
<pdfaProperty:name>part</pdfaProperty:name>\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\
<pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to</pdfaProperty:description>\
</rdf:li></rdf:Seq></pdfaSchema:property>\
</rdf:li></rdf:Bag></pdfaExtension:schemas>\n";

/// The packet, uncompressed (PDF/A forbids filtering it).
pub fn packet(meta: &Meta, pdf_a: bool) -> Vec<u8> {
    let mut x = String::with_capacity(2048);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str("<rdf:Description rdf:about=\"\"");
    x.push_str(" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"");
    x.push_str(" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"");
    x.push_str(" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"");
    x.push_str(" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
    if pdf_a {
        x.push_str(" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
        x.push_str(" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"");
        x.push_str(" xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"");
        x.push_str(" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"");
    }
    x.push_str(">\n");
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    let alt = |x: &mut String, tag: &str, text: &str| {
        x.push_str(&format!(
            "<{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></{tag}>\n",
            escape(text)
        ));
    };
    alt(&mut x, "dc:title", meta.title);
    x.push_str(&format!(
        "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
        escape(meta.author)
    ));
    alt(&mut x, "dc:description", meta.subject);
    x.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        escape(meta.lang)
    ));
    x.push_str(&format!(
        "<xmp:CreatorTool>{}</xmp:CreatorTool>\n",
        escape(meta.creator)
    ));
    if let Some((y, m, d)) = meta.date {
        let date = format!("{y:04}-{m:02}-{d:02}T00:00:00Z");
        x.push_str(&format!("<xmp:CreateDate>{date}</xmp:CreateDate>\n"));
        x.push_str(&format!("<xmp:ModifyDate>{date}</xmp:ModifyDate>\n"));
    }
    x.push_str(&format!(
        "<pdf:Producer>{}</pdf:Producer>\n",
        escape(meta.creator)
    ));
    x.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    if pdf_a {
        x.push_str("<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>\n");
        x.push_str(PDFUA_EXTENSION_SCHEMA);
    }
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
    x.push_str("<?xpacket end=\"w\"?>");
    x.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packet_is_well_formed_xml_with_escaped_text() {
        let meta = Meta {
            title: "A & B <年报>",
            author: "某局\u{1}",
            subject: "政府信息公开工作年度报告",
            creator: crate::PRODUCER,
            lang: "zh-CN",
            date: Some((2024, 1, 15)),
        };
        let bytes = packet(&meta, true);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains("A &amp; B &lt;年报&gt;"));
        assert!(text.contains("<xmp:CreateDate>2024-01-15T00:00:00Z</xmp:CreateDate>"));
        assert!(text.contains("<pdfaid:part>2</pdfaid:part>"));
        let mut reader = quick_xml::Reader::from_reader(&bytes[..]);
        let mut buf = Vec::new();
        let mut depth = 0i32;
        loop {
            match reader.read_event_into(&mut buf).unwrap() {
                quick_xml::events::Event::Start(_) => depth += 1,
                quick_xml::events::Event::End(_) => depth -= 1,
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        assert_eq!(depth, 0);
        assert!(text.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(text.contains("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
        let plain = String::from_utf8(packet(&meta, false)).unwrap();
        assert!(plain.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(!plain.contains("pdfaid") && !plain.contains("pdfaExtension"));
    }
}
