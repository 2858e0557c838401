//! OFD output (GB/T 33190-2016): the paged layout (render::paged) as an OFD
//! package with the same pages as the PDF.
//!
//! ```text
//! OFD.xml                       DocInfo (title, agency, date from the report)
//! Doc_0/Document.xml            page size, MaxUnitID, the page list, outlines
//! Doc_0/PublicRes.xml           the fonts
//! Doc_0/Res/font_N.ttf|otf      each subset font, with a cmap (font_file.rs)
//! Doc_0/Pages/Page_N/Content.xml  text objects and rules (content.rs)
//! ```
//!
//! The same report gives the same bytes: identifiers counted in order, the
//! document identifier hashed from the content, dates from the report, the
//! zip written as the DOCX's is (ooxml::zip_parts).

mod content;
mod font_file;
mod outline;

use std::fmt::Write as _;

use super::paged::{self, publication_date};
use super::{RenderError, RenderOptions};
use crate::document::Document;
use crate::format::page;
use crate::ooxml::{escape, zip_parts};
use crate::render::paged::fonts::Face;
use crate::render::paged::subset::FontProgram;
use content::{Ids, num, page_xml};

/// What the document information says besides title and author.
const SUBJECT: &str = "政府信息公开工作年度报告";
const NAMESPACE: &str = "http://www.ofdspec.org/2016";

/// Renders the document as an OFD package.
pub fn render(doc: &Document, options: &RenderOptions) -> Result<Vec<u8>, RenderError> {
    let laid = paged::lay_out(doc, options, keep_program)?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut ids = Ids(0);

    let mut res = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NAMESPACE}" BaseLoc="Res"><ofd:Fonts>"#
    );
    let mut font_ids = Vec::new();
    let mut font_files = Vec::new();
    for (k, subset) in laid.subsets.iter().enumerate() {
        let face = &laid.fonts.faces()[subset.face];
        let file = font_file::with_cmap(
            &subset.program.sfnt,
            &subset.unicode,
            face.data.bytes(),
            face.index,
        )
        .map_err(RenderError::Failed)?;
        let name = format!(
            "font_{}.{}",
            k + 1,
            if subset.program.cff { "otf" } else { "ttf" }
        );
        let id = ids.next();
        let _ = write!(
            res,
            r#"<ofd:Font ID="{id}" FontName="{}"><ofd:FontFile>{name}</ofd:FontFile></ofd:Font>"#,
            escape(&face.postscript)
        );
        font_ids.push(id);
        font_files.push((format!("Doc_0/Res/{name}"), file));
    }
    res.push_str("</ofd:Fonts></ofd:Res>");

    let mut pages_xml = String::new();
    let mut page_ids = Vec::new();
    for (i, items) in laid.pages.iter().enumerate() {
        let id = ids.next();
        page_ids.push(id);
        let loc = format!("Pages/Page_{i}/Content.xml");
        let _ = write!(pages_xml, r#"<ofd:Page ID="{id}" BaseLoc="{loc}"/>"#);
        let xml = page_xml(&laid, items, &font_ids, &mut ids);
        parts.push((format!("Doc_0/{loc}"), xml.into_bytes()));
    }

    let document = format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{ns}">"#,
            r#"<ofd:CommonData><ofd:MaxUnitID>{max}</ofd:MaxUnitID>"#,
            r#"<ofd:PageArea><ofd:PhysicalBox>0 0 {w} {h}</ofd:PhysicalBox></ofd:PageArea>"#,
            r#"<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"#,
            r#"<ofd:Pages>{pages}</ofd:Pages>{outlines}</ofd:Document>"#
        ),
        ns = NAMESPACE,
        max = ids.0,
        w = num(f64::from(page::PAGE_WIDTH_MM)),
        h = num(f64::from(page::PAGE_HEIGHT_MM)),
        pages = pages_xml,
        outlines = outline::outlines_xml(&laid, &page_ids),
    );

    let mut hash = Fnv::new();
    for (_, bytes) in parts.iter().chain(&font_files) {
        hash.write(bytes);
    }
    hash.write(doc.title.as_bytes());
    let date = doc.date_iso.as_deref().and_then(publication_date);
    let main = ofd_xml(doc, date, hash.0);

    let mut all: Vec<(String, Vec<u8>)> = vec![
        ("OFD.xml".into(), main.into_bytes()),
        ("Doc_0/Document.xml".into(), document.into_bytes()),
        ("Doc_0/PublicRes.xml".into(), res.into_bytes()),
    ];
    all.extend(font_files);
    all.extend(parts);
    let named: Vec<(&str, Vec<u8>)> = all
        .iter_mut()
        .map(|(name, bytes)| (name.as_str(), std::mem::take(bytes)))
        .collect();
    zip_parts(&named).map_err(|e| RenderError::Failed(format!("OFD 文件无法打包：{e}")))
}

/// The subset program as it comes (the OFD writer adds its cmap later, with
/// the characters the pages show).
fn keep_program(_: &Face, program: FontProgram) -> Result<FontProgram, String> {
    Ok(program)
}

/// The main entry: one document, its information from the report.
fn ofd_xml(doc: &Document, date: Option<(u16, u8, u8)>, hash: u64) -> String {
    let doc_id = format!("{hash:016x}{:016x}", hash.rotate_left(29));
    let mut info = format!("<ofd:DocID>{doc_id}</ofd:DocID>");
    let _ = write!(info, "<ofd:Title>{}</ofd:Title>", escape(&doc.title));
    let _ = write!(info, "<ofd:Author>{}</ofd:Author>", escape(&doc.agency));
    let _ = write!(info, "<ofd:Subject>{SUBJECT}</ofd:Subject>");
    if let Some((y, m, d)) = date {
        let day = format!("{y:04}-{m:02}-{d:02}");
        let _ = write!(
            info,
            "<ofd:CreationDate>{day}</ofd:CreationDate><ofd:ModDate>{day}</ofd:ModDate>"
        );
    }
    let _ = write!(info, "<ofd:Creator>{}</ofd:Creator>", crate::PRODUCER);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<ofd:OFD xmlns:ofd="{ns}" Version="1.0" DocType="OFD"><ofd:DocBody>"#,
            r#"<ofd:DocInfo>{info}</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"#,
            r#"</ofd:DocBody></ofd:OFD>"#
        ),
        ns = NAMESPACE,
        info = info
    )
}

/// FNV-1a, for the document identifier.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
