//! Renderers: each turns a [`Document`] into one output format.

pub(crate) mod columns;
pub(crate) mod docx;
pub(crate) mod groups;
pub(crate) mod html;
pub(crate) mod ofd;
pub(crate) mod paged;
pub(crate) mod pdf;
pub(crate) mod xml_chars;

use crate::document::Document;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Html,
    Docx,
    Pdf,
    Ofd,
}

impl Output {
    pub const ALL: [Output; 4] = [Output::Html, Output::Docx, Output::Pdf, Output::Ofd];
    /// What `build` writes when no format is asked for.
    pub const DEFAULT: [Output; 3] = [Output::Html, Output::Docx, Output::Pdf];

    pub fn extension(self) -> &'static str {
        match self {
            Output::Html => "html",
            Output::Docx => "docx",
            Output::Pdf => "pdf",
            Output::Ofd => "ofd",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Output::Html => "HTML",
            Output::Docx => "DOCX",
            Output::Pdf => "PDF",
            Output::Ofd => "OFD",
        }
    }
}

/// Why an output could not be made.
#[derive(Debug)]
pub enum RenderError {
    /// The report cannot be rendered (e.g. a character no font has); the message
    /// is for the user (Chinese).
    Failed(String),
    /// The renderer cannot work with what it was given around the report (a
    /// template or font folder that is missing or broken): the command cannot run.
    Unusable(String),
}

/// Options shared by the renderers.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Folder whose templates override the built-in ones (HTML).
    pub template_dir: Option<std::path::PathBuf>,
    /// Extra folders searched for fonts (PDF).
    pub font_dirs: Vec<std::path::PathBuf>,
    /// Write the PDF as PDF/A-2a (docs/pdf.md).
    pub pdf_a: bool,
}

/// Renders a document to one output format.
pub fn render(
    output: Output,
    doc: &Document,
    options: &RenderOptions,
) -> Result<Vec<u8>, RenderError> {
    match output {
        Output::Html => html::render(doc, options).map(xml_chars::xml_safe),
        Output::Docx => docx::render(doc).map_err(RenderError::Failed),
        Output::Pdf => pdf::render(doc, options),
        Output::Ofd => ofd::render(doc, options),
    }
}
