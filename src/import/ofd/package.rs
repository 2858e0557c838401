//! The OFD container (GB/T 33190-2016, clause 6): a zip whose parts are XML
//! files that name each other by path. Every part is read bounded (entry
//! count, decompressed size of one part and of all parts together) and parsed
//! into a small element tree (bounded depth and element count, no entity
//! expansion beyond the five predefined ones and character references).

use std::io::{Cursor, Read};

use super::unreadable;
use crate::import::error::ImportError;
use crate::import::input::MAX_INPUT_BYTES;
use crate::import::xml_tree::{self, Limits, Names};

/// More entries than this is no document's package.
const MAX_ENTRIES: usize = 20_000;
/// All parts read, decompressed, stop here (a decompression bomb).
const MAX_UNPACKED: u64 = MAX_INPUT_BYTES as u64 * 4;
/// Deepest XML nesting accepted (real packages stay below 20).
const MAX_DEPTH: usize = 128;
/// Most elements in one part.
const MAX_ELEMENTS: usize = 2_000_000;

/// An opened package and what its reads have unpacked so far.
pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    unpacked: u64,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Self, ImportError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            unreadable(format!(
                "压缩包无法打开（{e}）；请用 OFD 阅读器打开后重新保存"
            ))
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(unreadable(format!(
                "压缩包有 {} 个文件，超过 {MAX_ENTRIES} 个，不像是一份年度报告",
                zip.len()
            )));
        }
        Ok(Self { zip, unpacked: 0 })
    }

    /// True when the package has a part of this name (letter case ignored).
    pub fn has(&self, name: &str) -> bool {
        self.zip.file_names_raw().any(|n| same_name(n, name))
    }

    /// One part, decompressed and parsed; None when the package lacks it.
    pub fn xml(&mut self, name: &str) -> Result<Option<El>, ImportError> {
        let Some(bytes) = self.part(name)? else {
            return Ok(None);
        };
        parse(&bytes, name).map(Some)
    }

    /// One part's bytes; the name is matched exactly, then ignoring letter case
    /// (writers disagree on `Doc_0` and `doc_0`).
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let wanted = name.trim_start_matches('/');
        let Some(index) = self
            .zip
            .index_for_name_raw(wanted.as_bytes())
            .or_else(|| self.zip.file_names_raw().position(|n| same_name(n, wanted)))
        else {
            return Ok(None);
        };
        let mut file = match self.zip.by_index(index) {
            Ok(f) => f,
            Err(zip::result::ZipError::UnsupportedArchive(
                zip::result::ZipError::PASSWORD_REQUIRED,
            )) => return Err(ImportError::Encrypted),
            Err(e) => return Err(unreadable(format!("{wanted}：{e}"))),
        };
        let room = MAX_UNPACKED - self.unpacked;
        let mut out = Vec::new();
        (&mut file)
            .take(room + 1)
            .read_to_end(&mut out)
            .map_err(|e| unreadable(format!("{wanted} 已损坏，无法解压：{e}")))?;
        if out.len() as u64 > room {
            return Err(unreadable(format!(
                "解压后超过 {} MB，不像是一份年度报告",
                MAX_UNPACKED / (1024 * 1024)
            )));
        }
        self.unpacked += out.len() as u64;
        Ok(Some(out))
    }
}

/// An entry's raw name equals a part name, leading '/' and letter case aside.
fn same_name(raw: &[u8], name: &str) -> bool {
    let raw = raw.strip_prefix(b"/").unwrap_or(raw);
    raw.eq_ignore_ascii_case(name.as_bytes())
}

/// Resolves a path written in a part (`ST_Loc`) against the folder of that
/// part: absolute when it starts with '/', else relative; "." and ".." are
/// followed, never above the package root.
pub fn resolve(base_part: &str, loc: &str) -> String {
    let loc = loc.trim().replace('\\', "/");
    let mut parts: Vec<&str> = if loc.starts_with('/') {
        Vec::new()
    } else {
        let mut folder: Vec<&str> = base_part.split('/').filter(|s| !s.is_empty()).collect();
        folder.pop();
        folder
    };
    for piece in loc.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

pub(crate) use crate::import::xml_tree::El;

/// Parses one part into its root element.
pub fn parse(xml: &[u8], part: &str) -> Result<El, ImportError> {
    let limits = Limits {
        depth: MAX_DEPTH,
        elements: MAX_ELEMENTS,
    };
    xml_tree::parse(xml, Names::Local, limits, |e| {
        unreadable(format!("{part} 不是有效的 XML：{e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_against_the_part_folder() {
        assert_eq!(
            resolve("Doc_0/Document.xml", "Pages/Page_0/Content.xml"),
            "Doc_0/Pages/Page_0/Content.xml"
        );
        assert_eq!(
            resolve("Doc_0/Document.xml", "/Doc_0/PublicRes.xml"),
            "Doc_0/PublicRes.xml"
        );
        assert_eq!(
            resolve("OFD.xml", "./Doc_0/Document.xml"),
            "Doc_0/Document.xml"
        );
        assert_eq!(resolve("a/b.xml", "../../../x.xml"), "x.xml");
    }

    #[test]
    fn declared_entities_are_not_expanded() {
        let xml = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016">&lol2;</ofd:OFD>"#;
        assert!(parse(xml, "OFD.xml").is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let xml = format!("{}{}", "<a>".repeat(1000), "</a>".repeat(1000));
        let e = parse(xml.as_bytes(), "x.xml").unwrap_err();
        assert!(e.to_string().contains("嵌套过深"), "{e}");
    }

    #[test]
    fn prefixes_are_dropped_and_references_read() {
        let el = parse(
            br#"<ofd:Page xmlns:ofd="x"><ofd:TextCode X="1">A&amp;&#x4E00;</ofd:TextCode></ofd:Page>"#,
            "p.xml",
        )
        .unwrap();
        assert_eq!(el.name, "Page");
        let code = el.child("TextCode").unwrap();
        assert_eq!(code.attr("X"), Some("1"));
        assert_eq!(code.text(), "A&一");
    }
}
