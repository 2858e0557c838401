//! A published .ofd through `nianbao import` and `check` (see `import`).
//!
//! Input starting with a zip signature is the whole file (the zip reader is
//! fuzzed); any other input is the package's XML: `OFD.xml`,
//! `Doc_0/Document.xml` and the first page's `Content.xml`, separated by NUL
//! bytes (which XML cannot hold), wrapped in an uncompressed zip so that
//! mutations reach the page reader instead of breaking the compression.
#![no_main]

mod common;
mod import;

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK\x03\x04") {
        import::import_and_check("fuzz.ofd", data);
    } else {
        import::import_and_check("fuzz.ofd", &package(data));
    }
});

/// An OFD package holding the NUL-separated parts of `data`.
fn package(data: &[u8]) -> Vec<u8> {
    let names = [
        "OFD.xml",
        "Doc_0/Document.xml",
        "Doc_0/Pages/Page_0/Content.xml",
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, part) in names.iter().zip(data.splitn(names.len(), |&b| b == 0)) {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(part).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}
