//! Any readable report through the document to PDF: never a panic; a failure is
//! a located message for the user, never a half-made file.
#![no_main]

mod common;

use nianbao::document::build_document;
use nianbao::render::{Output, RenderOptions, render};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(report) = common::parse_and_check(data) else {
        return;
    };
    let doc = build_document(&report);
    if let Ok(pdf) = render(Output::Pdf, &doc, &RenderOptions::default()) {
        assert!(pdf.starts_with(b"%PDF-"), "a PDF starts with its header");
    }
});
