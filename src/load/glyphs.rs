//! Characters the PDF cannot show, found by `check` at their place in the file,
//! with the fonts `build` would choose (so `build` never fails late on them).

use super::Loaded;
use crate::diag::Diagnostic;
use crate::document::build_document;
use crate::render::RenderOptions;
use crate::render::pdf::missing_glyphs;

/// Adds one located error per character no chosen PDF font has.
pub fn add_missing_glyphs(loaded: &mut Loaded, options: &RenderOptions) {
    let Some(report) = &loaded.report else {
        return;
    };
    // A font folder that cannot be used is `build`'s to report.
    let Ok(missing) = missing_glyphs(&build_document(report), options) else {
        return;
    };
    let text = &loaded.file.text;
    for (ch, font) in missing {
        let span = text.find(ch).map(|i| i..i + ch.len_utf8());
        loaded.diagnostics.push(
            Diagnostic::error(
                "glyph",
                format!(
                    "PDF 字体「{font}」中没有字符「{ch}」（U+{:04X}），无法生成 PDF",
                    ch as u32
                ),
            )
            .at_opt(span)
            .hint("改用常用字（表情符号、生僻字请改写成文字），或在 build 时用 --font-dir 指定含有该字的字体"),
        );
    }
    // Errors first; otherwise the order `load` chose (file order, or the published file's).
    loaded.diagnostics.sort_by_key(|d| d.severity);
}
