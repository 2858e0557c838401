//! The built-in templates (compiled into the binary) and the user's overrides.

use std::path::Path;

use tera::Tera;

use crate::io::io_reason;

/// The page skeleton; renders the whole report.
pub const REPORT: &str = "report.html.tera";
/// The page `nianbao preview` shows while the report has errors.
pub const DIAGNOSTICS: &str = "diagnostics.html.tera";

/// Every built-in template: file name and text.
pub const BUILTIN: &[(&str, &str)] = &[
    (REPORT, include_str!("../../../templates/report.html.tera")),
    (
        "table.html.tera",
        include_str!("../../../templates/table.html.tera"),
    ),
    (
        "style.css.tera",
        include_str!("../../../templates/style.css.tera"),
    ),
    (
        DIAGNOSTICS,
        include_str!("../../../templates/diagnostics.html.tera"),
    ),
];

/// Loads the built-in templates; a file of the same name in `dir` replaces one,
/// and any other `*.tera` file there is added (for the user's own partials).
pub fn load(dir: Option<&Path>) -> Result<Tera, String> {
    let mut sources: Vec<(String, String)> = BUILTIN
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    if let Some(dir) = dir {
        for (name, text) in read_dir(dir)? {
            match sources.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => sources.push((name, text)),
            }
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html.tera", ".html"]);
    tera.add_raw_templates(sources)
        .map_err(|e| format!("模板有错误：{e}"))?;
    Ok(tera)
}

/// The `*.tera` files of a template folder, sorted by name.
fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("无法读取模板目录 {}：{}", dir.display(), io_reason(&e)))?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".tera") || !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| format!("无法读取模板 {}：{}", path.display(), io_reason(&e)))?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let text = String::from_utf8(bytes.to_vec())
            .map_err(|_| format!("模板 {} 不是 UTF-8 编码", path.display()))?;
        files.push((name.to_string(), text));
    }
    files.sort();
    Ok(files)
}
