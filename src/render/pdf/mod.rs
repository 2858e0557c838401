//! PDF output: the paged layout (render::paged) written with pdf-writer,
//! fonts embedded as CID fonts with ToUnicode maps, streams compressed.

mod deflate;
mod meta;
mod objstm;
mod tagging;
mod writer;
mod xmp;

use super::paged::{self, publication_date};
use super::{RenderError, RenderOptions};
use crate::document::Document;
use crate::format::page;

pub use super::paged::{font_report, missing_glyphs};

/// Renders the document as a PDF.
pub fn render(doc: &Document, options: &RenderOptions) -> Result<Vec<u8>, RenderError> {
    // The font programs are subset and compressed while the pages are laid out.
    let laid = paged::lay_out(doc, options, writer::pack_font)?;
    let meta = meta::Meta {
        title: &doc.title,
        author: &doc.agency,
        subject: page::REPORT_KIND,
        creator: crate::PRODUCER,
        lang: paged::LANGUAGE,
        date: doc.date_iso.as_deref().and_then(publication_date),
    };
    writer::write(&laid, &meta, options.pdf_a).map_err(RenderError::Failed)
}
