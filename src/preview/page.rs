//! The page `preview` and the editor show: the rendered report with `check`'s
//! warnings above it, or the page of findings when it cannot be rendered.

use std::path::Path;

use crate::document::document_with_appendix;
use crate::load::load;
use crate::render::html::{self, DiagnosticView, DiagnosticsPage};
use crate::render::{RenderError, RenderOptions};
use crate::serve::escape;

/// The report as HTML, or the page of findings when it cannot be rendered.
pub fn render_page(file: &Path, options: &RenderOptions) -> String {
    let shown = file.display().to_string();
    let failed = |message: String| DiagnosticsPage {
        file: shown.clone(),
        summary: "无法生成".into(),
        message: Some(message),
        diagnostics: Vec::new(),
    };
    let page = match load(file, None) {
        Err(message) => failed(message),
        Ok(loaded) => match &loaded.report {
            Some(report) if !loaded.has_errors(false) => {
                let previous = loaded.named_previous.as_ref();
                match html::render(&document_with_appendix(report, previous, false), options) {
                    Ok(bytes) => {
                        let html = String::from_utf8_lossy(&bytes);
                        return with_warnings(&html, &loaded);
                    }
                    Err(RenderError::Failed(m) | RenderError::Unusable(m)) => failed(m),
                }
            }
            _ => {
                let (errors, warnings) = loaded.counts();
                DiagnosticsPage {
                    file: shown.clone(),
                    summary: format!("未通过，{errors} 个错误，{warnings} 个警告"),
                    message: None,
                    diagnostics: loaded
                        .diagnostics
                        .iter()
                        .map(|d| DiagnosticView {
                            severity: if d.is_error() { "error" } else { "warning" },
                            text: d.render(&loaded.file),
                        })
                        .collect(),
                }
            }
        },
    };
    match html::render_diagnostics(&page, options) {
        Ok(text) => text,
        Err(e) => plain_page(&page, &e),
    }
}

/// The rendered report with the warnings `check` gives listed above it (preview
/// only: the panel is not printed and never reaches `build`'s output).
fn with_warnings(html: &str, loaded: &crate::load::Loaded) -> String {
    if loaded.diagnostics.is_empty() {
        return html.to_string();
    }
    let mut panel = format!(
        "<aside class=\"nianbao-preview-findings\" style=\"margin:1em;padding:0.5em 1em;border:2px solid #b58900;background:#fffbea;font:14px/1.5 monospace\">\n<p><strong>检查：{} 个警告（不影响生成，建议处理）</strong></p>\n",
        loaded.diagnostics.len()
    );
    for d in &loaded.diagnostics {
        panel.push_str("<div style=\"white-space:pre-wrap;margin:0.5em 0\">");
        panel.push_str(&escape(&d.render(&loaded.file)));
        panel.push_str("</div>\n");
    }
    panel.push_str(
        "</aside>\n<style>@media print { .nianbao-preview-findings { display: none } }</style>\n",
    );
    match html
        .find("<body")
        .and_then(|at| html[at..].find('>').map(|end| at + end + 1))
    {
        Some(at) => format!("{}{panel}{}", &html[..at], &html[at..]),
        None => format!("{panel}{html}"),
    }
}

/// Last resort when the user's diagnostics template itself is broken.
fn plain_page(page: &DiagnosticsPage, error: &RenderError) -> String {
    let mut text = format!("{}：{}\n\n", page.file, page.summary);
    let (RenderError::Failed(m) | RenderError::Unusable(m)) = error;
    text.push_str(m);
    text.push_str("\n\n");
    for line in page
        .message
        .iter()
        .chain(page.diagnostics.iter().map(|d| &d.text))
    {
        text.push_str(line);
        text.push('\n');
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>报告有错误</title></head><body><pre>{}</pre></body></html>\n",
        escape(&text)
    )
}
