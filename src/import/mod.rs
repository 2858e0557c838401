//! `nianbao import`: reading published reports (text, HTML, DOCX, PDF) into report files.

pub mod error;
pub mod source;

pub use error::{ImportError, MAX_IMPORT_BYTES};
use source::{SourceDoc, SourceKind};

/// What a file's bytes look like, judged by content (the extension only breaks ties).
pub fn sniff(path: &std::path::Path, bytes: &[u8]) -> SourceKind {
    let head = &bytes[..bytes.len().min(4096)];
    if head.starts_with(b"%PDF") || find(head, b"%PDF-").is_some_and(|i| i < 1024) {
        return SourceKind::Pdf;
    }
    if head.starts_with(b"PK\x03\x04") {
        return SourceKind::Docx;
    }
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if [
        &b"<html"[..],
        b"<!doctype html",
        b"<table",
        b"<body",
        b"<meta",
    ]
    .iter()
    .any(|tag| find(&lower, tag).is_some())
    {
        return SourceKind::Html;
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "htm" | "html" | "mht" => SourceKind::Html,
        _ => SourceKind::Text,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads a published report of any kind into a [`SourceDoc`], choosing the reader by content.
pub fn read_source_doc(path: &std::path::Path, bytes: &[u8]) -> Result<SourceDoc, ImportError> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(bytes.len() as u64));
    }
    match sniff(path, bytes) {
        // The HTML, DOCX and PDF readers live in html.rs, docx.rs and pdf.rs;
        // until they are part of this build those kinds get a clear error.
        SourceKind::Pdf => Err(ImportError::Unsupported("PDF")),
        SourceKind::Docx => Err(ImportError::Unsupported("DOCX")),
        SourceKind::Html => Err(ImportError::Unsupported("HTML")),
        SourceKind::Text => Err(ImportError::Unsupported("文本")),
    }
}

// The structured readers (HTML, DOCX, PDF) and what they share.
pub mod docx;
pub mod html;
mod input;
pub mod pdf;
