//! `nianbao import`: reading published reports (text, HTML, DOCX, PDF, OFD) into report files.
//!
//! Every reader turns bytes into a [`SourceDoc`]; [`recognise`] finds the parts
//! of a report in it; [`write`] writes the report file. Import notes say what was
//! blank, odd or could not be placed, with the place in the published file.

pub mod cells;
pub(crate) mod emphasis;
pub mod error;
pub mod fill;
mod grid;
mod item;
pub mod narrative;
pub mod notes;
pub mod origin;
mod own_date;
pub mod place;
pub mod recognise;
pub mod source;
pub mod tables;
#[cfg(test)]
mod tests;
pub mod text;
mod title;
pub mod write;
mod xml_tree;

use std::path::Path;

pub use error::{ImportError, MAX_IMPORT_BYTES};
pub use notes::{At, Note};
pub use recognise::Imported;
use source::{SourceDoc, SourceKind};

/// A regular expression compiled once.
fn re(cell: &'static std::sync::OnceLock<regex::Regex>, pattern: &str) -> &'static regex::Regex {
    cell.get_or_init(|| regex::Regex::new(pattern).expect("valid pattern"))
}

/// What a file's bytes look like, judged by content (the extension only breaks ties).
pub fn sniff(path: &Path, bytes: &[u8]) -> SourceKind {
    let head = &bytes[..bytes.len().min(4096)];
    if head.starts_with(b"%PDF") || find(head, b"%PDF-").is_some_and(|i| i < 1024) {
        return SourceKind::Pdf;
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if head.starts_with(b"PK\x03\x04") {
        // Both are zip packages: an OFD has the entry OFD.xml, a DOCX
        // [Content_Types].xml; a package with neither goes by its extension.
        return match ofd::package_kind(bytes) {
            Some(kind) => kind,
            None if ext == "ofd" => SourceKind::Ofd,
            None => SourceKind::Docx,
        };
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
    match ext.as_str() {
        "htm" | "html" | "mht" | "mhtml" => SourceKind::Html,
        _ => SourceKind::Text,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Extensions (lower case, no dot) of published reports: structured documents first,
/// then plain text.
pub const PUBLISHED_EXTENSIONS: [&str; 9] = [
    "docx", "pdf", "html", "htm", "mht", "mhtml", "ofd", "txt", "text",
];

/// The plain-text extensions among [`PUBLISHED_EXTENSIONS`]: a folder's .txt file is
/// as often a list or a note as a report, so folders are not searched for them.
pub const PLAIN_TEXT_EXTENSIONS: [&str; 2] = ["txt", "text"];

/// True when a path names a published report rather than a report file (TOML).
pub fn is_published_report(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    PUBLISHED_EXTENSIONS.contains(&ext.as_str())
}

/// Reads a published report of any kind into a [`SourceDoc`], choosing the reader by content.
pub fn read_source_doc(path: &Path, bytes: &[u8]) -> Result<SourceDoc, ImportError> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(bytes.len() as u64));
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(ImportError::LegacyWord);
    }
    match sniff(path, bytes) {
        SourceKind::Pdf => pdf::read(bytes),
        SourceKind::Docx => docx::read(bytes),
        SourceKind::Ofd => ofd::read(bytes),
        SourceKind::Html => html::read(bytes),
        SourceKind::Text => text::read(bytes),
    }
}

/// A published report imported: the report file's text and what import noted.
pub struct Outcome {
    pub imported: Imported,
    pub toml: String,
    /// Spans of `toml` and the published places they came from.
    pub places: Vec<(std::ops::Range<usize>, crate::diag::Published)>,
    /// The published place of each import note (same order as the notes).
    pub note_places: Vec<Option<crate::diag::Published>>,
}

/// Reads, recognises and writes one published report; `path` names it in the file.
///
/// Every command that takes a published report (`import`, and `check`, `build`,
/// `aggregate`, `new --from` through it) reads it here: a regular file only, and
/// never more than [`MAX_IMPORT_BYTES`].
pub fn import_file(path: &Path) -> Result<Outcome, ImportError> {
    use crate::io::{Unreadable, io_reason, read_regular};
    let bytes = read_regular(path, MAX_IMPORT_BYTES).map_err(|e| match e {
        Unreadable::Os(e) => ImportError::Io(format!("无法读取：{}", io_reason(&e))),
        Unreadable::Folder => ImportError::Io(
            "这是一个文件夹，不是已发布的报告；请指定报告文件（.docx、.pdf、.ofd、.html、.txt）"
                .into(),
        ),
        Unreadable::NotRegular => ImportError::Io(
            "不是普通文件（设备、管道或套接字），不能作为已发布的报告读取；请先把报告保存为文件"
                .into(),
        ),
        Unreadable::TooLarge(size) => ImportError::TooLarge(size),
    })?;
    import_bytes(path, &bytes)
}

/// As [`import_file`], for bytes already read.
pub fn import_bytes(path: &Path, bytes: &[u8]) -> Result<Outcome, ImportError> {
    let mut doc = read_source_doc(path, bytes)?;
    let controls = doc.drop_control_characters();
    let mut imported = recognise::recognise(&doc)?;
    let reader_notes = doc
        .notes
        .iter()
        .map(|(at, message)| Note::new(Some(notes::At::line(*at)), message.clone()));
    imported.notes.splice(0..0, reader_notes);
    if let Some((count, at)) = controls {
        imported.notes.insert(
            0,
            Note::new(
                Some(notes::At::line(at)),
                format!("原文含 {count} 个不可见的控制字符（如 U+0017），已删除；这里是第一处"),
            ),
        );
    }
    if doc.kind == SourceKind::Text && text::is_gbk(bytes) {
        imported
            .notes
            .insert(0, Note::new(None, "文本是 GBK 编码，已按 GBK 读取"));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let toml = write::report_file(&imported, &name);
    let sources = origin::Sources::new(&doc);
    let places = origin::map(&imported, &sources, &toml);
    let note_places = imported
        .notes
        .iter()
        .map(|n| n.at.map(|at| sources.published(at, None)))
        .collect();
    Ok(Outcome {
        imported,
        toml,
        places,
        note_places,
    })
}

// The structured readers (HTML, DOCX, PDF, OFD) and what they share.
pub mod docx;
pub mod html;
mod input;
mod mht;
pub mod ofd;
pub mod pdf;
