//! Any readable report through the document to HTML and DOCX: never a panic, and
//! every XML part of the DOCX well-formed with no character XML forbids.
#![no_main]

mod common;

use std::io::{Cursor, Read};

use nianbao::document::build_document;
use nianbao::render::{Output, RenderOptions, render};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(report) = common::parse_and_check(data) else {
        return;
    };
    let doc = build_document(&report);
    let options = RenderOptions::default();
    if let Ok(html) = render(Output::Html, &doc, &options) {
        let html = String::from_utf8(html).expect("HTML is UTF-8");
        assert!(
            !html
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
            "HTML carries a raw control character"
        );
    }
    if let Ok(docx) = render(Output::Docx, &doc, &options) {
        assert_well_formed_docx(&docx);
    }
});

/// Every `.xml`/`.rels` part parses to the end with a strict XML reader.
fn assert_well_formed_docx(docx: &[u8]) {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("DOCX is a zip");
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("zip entry");
        let name = part.name().expect("entry name is UTF-8").to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = String::new();
        part.read_to_string(&mut xml).expect("XML part is UTF-8");
        assert!(
            xml.chars().all(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)),
            "{name} holds a character XML forbids"
        );
        let mut reader = quick_xml::Reader::from_str(&xml);
        reader.config_mut().check_end_names = true;
        let mut depth = 0i64;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                Ok(quick_xml::events::Event::Text(t)) => {
                    // Entity and character references must be resolvable.
                    t.decode().expect("text decodes");
                }
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed XML: {e}"),
            }
        }
        assert_eq!(depth, 0, "{name}: unclosed elements");
    }
}
