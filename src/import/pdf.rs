//! Reads a report saved as PDF with a text layer (WPS/Word "save as PDF",
//! LibreOffice, nianbao itself).
//!
//! Each page's content stream is interpreted ([`glyphs`]) into positioned
//! glyphs with their Unicode text (ToUnicode CMaps, CID fonts, simple fonts)
//! and the ruling lines drawn on it; [`layout`] then finds table grids in the
//! ruling, fills their cells, rebuilds lines and paragraphs from the rest, drops
//! page numbers and joins tables and paragraphs split by page breaks. The place
//! of a block is its page and line on that page.

mod content;
// The OFD reader places glyphs and rules as this reader does and shares its layout.
pub(super) mod glyphs;
pub(super) mod layout;
mod radicals;

use super::error::ImportError;
use super::input::check_size;
use super::source::{Place, SourceDoc, SourceKind};

/// Fewer characters than this in the whole text layer is no report's text:
/// the pages are images.
const MIN_TEXT_CHARS: usize = 30;

/// Reads a PDF into blocks.
pub fn read(bytes: &[u8]) -> Result<SourceDoc, ImportError> {
    check_size(bytes)?;
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(unreadable("文件开头没有 %PDF 标记，不是 PDF 文件".into()));
    }
    // lopdf asserts on some malformed input; such a file is reported as
    // unreadable instead of ending the program.
    let glyphs::Reading {
        pages,
        notes: tree_notes,
        published,
    } = std::panic::catch_unwind(|| glyphs::read_pages(bytes))
        .map_err(|_| unreadable("PDF 结构损坏，无法解析".into()))??;
    let text_glyphs = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .filter(|g| !g.text.trim().is_empty())
        .count();
    if text_glyphs == 0 {
        return Err(ImportError::NeedsOcr);
    }
    let unmapped = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .filter(|g| g.text.contains('\u{FFFD}'))
        .count();
    if unmapped * 2 > text_glyphs {
        return Err(unreadable(
            "PDF 的字体没有文字映射（ToUnicode），文字无法还原；需要按图片做文字识别（OCR）".into(),
        ));
    }
    let blocks = layout::blocks(pages);
    // Scanned pages often carry a scanner app's footer or a page number as
    // their only text: with those dropped, next to nothing is left.
    let chars = layout::visible_chars(&blocks);
    if chars < MIN_TEXT_CHARS {
        return Err(ImportError::NeedsOcr);
    }
    let notes = tree_notes
        .into_iter()
        .map(|(page, message)| {
            let place = Place {
                page: (page > 0).then_some(page),
                line: None,
                paragraph: false,
            };
            (place, message)
        })
        .collect();
    Ok(SourceDoc {
        kind: SourceKind::Pdf,
        blocks,
        notes,
        published,
        report: None,
    })
}

/// A PDF whose content cannot be read.
fn unreadable(reason: String) -> ImportError {
    ImportError::Corrupt {
        kind: "PDF",
        reason,
    }
}
