//! HTML output: one self-contained page rendered from the Document through Tera
//! templates. Every text is escaped by the templates; the only markup that comes
//! from the report is bold (runs), headings and paragraphs, all from the Document.

pub mod templates;
mod view;

use serde::Serialize;
use tera::Context;

use super::{RenderError, RenderOptions};
use crate::document::Document;
use view::PageView;

/// Renders the whole report as one HTML page.
pub fn render(doc: &Document, options: &RenderOptions) -> Result<Vec<u8>, RenderError> {
    let tera = templates::load(options.template_dir.as_deref()).map_err(RenderError::Unusable)?;
    let context = Context::from_serialize(&PageView::new(doc))
        .map_err(|e| RenderError::Failed(format!("内部错误：{e}")))?;
    tera.render(templates::REPORT, &context)
        .map(String::into_bytes)
        .map_err(|e| RenderError::Unusable(format!("模板 {} 出错：{e}", templates::REPORT)))
}

/// The report's style sheet on its own, as the page embeds it (the editing page
/// draws its tables with it).
pub fn style_sheet() -> Result<String, RenderError> {
    let tera = templates::load(None).map_err(RenderError::Unusable)?;
    let mut context = Context::new();
    context.insert("page", &view::PageSpecView::new());
    tera.render("style.css.tera", &context)
        .map_err(|e| RenderError::Unusable(format!("模板 style.css.tera 出错：{e}")))
}

/// What the preview shows while the report cannot be rendered.
#[derive(Serialize)]
pub struct DiagnosticsPage {
    /// The report file as the user named it.
    pub file: String,
    /// One line: verdict and counts.
    pub summary: String,
    /// Why the file could not be read at all, if so.
    pub message: Option<String>,
    pub diagnostics: Vec<DiagnosticView>,
}

#[derive(Serialize)]
pub struct DiagnosticView {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The same text `nianbao check` prints.
    pub text: String,
}

/// Renders the diagnostics page (built-in template unless overridden).
pub fn render_diagnostics(
    page: &DiagnosticsPage,
    options: &RenderOptions,
) -> Result<String, RenderError> {
    let tera = templates::load(options.template_dir.as_deref()).map_err(RenderError::Unusable)?;
    let context =
        Context::from_serialize(page).map_err(|e| RenderError::Failed(format!("内部错误：{e}")))?;
    tera.render(templates::DIAGNOSTICS, &context)
        .map_err(|e| RenderError::Unusable(format!("模板 {} 出错：{e}", templates::DIAGNOSTICS)))
}
