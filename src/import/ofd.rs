//! Reads a report saved as OFD (GB/T 33190-2016: 数科、福昕、WPS "另存为 OFD",
//! nianbao itself).
//!
//! `OFD.xml` names the document (`DocRoot`), the document lists its pages, and
//! each page's `Content` holds text objects (characters placed by X, Y and
//! `DeltaX`) and path objects (the table rules). [`content`] turns a page into
//! the positioned glyphs and rules the PDF reader makes, and the PDF reader's
//! layout rebuilds lines, paragraphs and tables from them, so an OFD and a PDF
//! of the same pages import alike. The place of a block is its page and line.
//! Template pages (running headers, backgrounds) are not read.

mod content;
mod package;

use content::{Fonts, MAX_MARKS, PageReader, page_box};
use package::{El, Package, resolve};

use super::emphasis;
use super::error::ImportError;
use super::input::check_size;
use super::own_date;
use super::pdf::layout;
use super::source::{Place, SourceDoc, SourceKind};

/// Fewer characters than this in the whole text layer is no report's text:
/// the pages are images.
const MIN_TEXT_CHARS: usize = 30;
/// More pages than this is no annual report.
const MAX_PAGES: usize = 2000;
/// A page with no size of its own nor the document's: A4.
const A4: [f64; 4] = [0.0, 0.0, 210.0, 297.0];

/// An OFD whose content cannot be read.
fn unreadable(reason: String) -> ImportError {
    ImportError::Corrupt {
        kind: "OFD",
        reason,
    }
}

/// What a zip package is by its entries: an OFD has the main entry `OFD.xml`,
/// a DOCX `[Content_Types].xml`; None when it has neither (or is no zip).
pub fn package_kind(bytes: &[u8]) -> Option<SourceKind> {
    let package = Package::open(bytes).ok()?;
    if package.has("OFD.xml") {
        Some(SourceKind::Ofd)
    } else if package.has("[Content_Types].xml") {
        Some(SourceKind::Docx)
    } else {
        None
    }
}

/// Reads an OFD into blocks.
pub fn read(bytes: &[u8]) -> Result<SourceDoc, ImportError> {
    check_size(bytes)?;
    let mut package = Package::open(bytes)?;
    let Some(main) = package.xml("OFD.xml")? else {
        return Err(ImportError::NotAReport(
            "压缩包里没有 OFD.xml，不是 OFD 文档".into(),
        ));
    };
    if main.name != "OFD" {
        return Err(unreadable(format!(
            "OFD.xml 的根元素是 {}，不是 OFD",
            main.name
        )));
    }
    // GM/T 0099 encrypts the parts and lists them in Encryptions.xml.
    if package.has("Encryptions.xml") {
        return Err(ImportError::Encrypted);
    }
    let Some(root) = main
        .child("DocBody")
        .and_then(|b| b.child_text("DocRoot"))
        .filter(|r| !r.is_empty())
    else {
        return Err(unreadable(
            "OFD.xml 没有 DocBody/DocRoot，找不到文档".into(),
        ));
    };
    // nianbao's own OFD keeps the publication date as its creation date;
    // another creator's date is when the file was made, and is not read.
    let published = main
        .child("DocBody")
        .and_then(|b| b.child("DocInfo"))
        .filter(|info| info.child_text("Creator").as_deref() == Some(crate::PRODUCER))
        .and_then(|info| own_date::leading_date(&info.child_text("CreationDate")?));
    let doc_path = resolve("OFD.xml", &root);
    let Some(document) = package.xml(&doc_path)? else {
        return Err(unreadable(format!("OFD.xml 指向的文档 {doc_path} 不存在")));
    };
    let default_box = document
        .child("CommonData")
        .and_then(|c| c.child("PageArea"))
        .and_then(|a| a.child_text("PhysicalBox"))
        .and_then(|b| page_box(&b))
        .unwrap_or(A4);
    let page_refs: Vec<String> = document
        .child("Pages")
        .map(|p| {
            p.kids()
                .filter(|k| k.name == "Page")
                .filter_map(|k| k.attr("BaseLoc").map(|loc| resolve(&doc_path, loc)))
                .collect()
        })
        .unwrap_or_default();
    if page_refs.is_empty() {
        return Err(unreadable(format!("{doc_path} 没有列出任何页面")));
    }
    if page_refs.len() > MAX_PAGES {
        return Err(unreadable(format!(
            "文档有 {} 页，超过 {MAX_PAGES} 页，不像是一份年度报告",
            page_refs.len()
        )));
    }
    let fonts = fonts(&mut package, &document, &doc_path)?;
    let mut pages = Vec::with_capacity(page_refs.len());
    let mut notes = Vec::new();
    let mut marks = MAX_MARKS;
    for (i, path) in page_refs.iter().enumerate() {
        let at = Place {
            page: Some(i + 1),
            line: None,
            paragraph: false,
        };
        let Some(page) = package.xml(path)? else {
            notes.push((at, format!("页面文件 {path} 不存在，这一页没有读到")));
            pages.push(Default::default());
            continue;
        };
        let physical = page
            .child("Area")
            .and_then(|a| a.child_text("PhysicalBox"))
            .and_then(|b| page_box(&b))
            .unwrap_or(default_box);
        pages.push(PageReader::new(physical, &fonts, &mut marks).read(&page));
    }
    if marks == 0 {
        return Err(unreadable(format!(
            "页面上的文字和线条超过 {MAX_MARKS} 个，不像是一份年度报告"
        )));
    }
    let blocks = layout::blocks(pages);
    let chars = layout::visible_chars(&blocks);
    if chars < MIN_TEXT_CHARS {
        return Err(unreadable(
            "页面上几乎没有文字（是扫描或图片页面），需要先做文字识别（OCR）才能导入".into(),
        ));
    }
    Ok(SourceDoc {
        kind: SourceKind::Ofd,
        blocks,
        notes,
        published,
        report: None,
    })
}

/// The embedded fonts of the document's resources (`PublicRes`,
/// `DocumentRes`): font ID → font file. A resource or font file that is not
/// there is skipped (glyph advances are then estimated).
fn fonts(package: &mut Package, document: &El, doc_path: &str) -> Result<Fonts, ImportError> {
    let mut fonts = Fonts::default();
    let Some(common) = document.child("CommonData") else {
        return Ok(fonts);
    };
    let locs: Vec<String> = common
        .kids()
        .filter(|k| k.name == "PublicRes" || k.name == "DocumentRes")
        .map(|k| resolve(doc_path, &k.text()))
        .collect();
    for res_path in locs {
        let Some(res) = package.xml(&res_path)? else {
            continue;
        };
        // Files are found in the resource's BaseLoc folder.
        let folder = resolve(&res_path, res.attr("BaseLoc").unwrap_or("."));
        for font in res
            .kids()
            .filter(|k| k.name == "Fonts")
            .flat_map(|f| f.kids())
            .filter(|f| f.name == "Font")
        {
            let Some(id) = font.attr("ID").map(str::trim) else {
                continue;
            };
            if font.attr("Bold") == Some("true")
                || font.attr("FontName").is_some_and(emphasis::bold_font_name)
            {
                fonts.bold.insert(id.to_string());
            }
            let Some(file) = font.child_text("FontFile") else {
                continue;
            };
            let path = resolve(&format!("{folder}/font"), &file);
            if let Some(bytes) = package.part(&path)? {
                fonts.files.insert(id.to_string(), bytes);
            }
        }
    }
    Ok(fonts)
}
