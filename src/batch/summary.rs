//! The table printed after many files: one row per file, worst first, and totals.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// How one file fared, worst last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Passed,
    Warnings,
    Errors,
    /// The file could not be read, parsed or written.
    Failed,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Passed => "通过",
            Status::Warnings => "有警告",
            Status::Errors => "有错误",
            Status::Failed => "无法处理",
        }
    }

    /// Status from counts; with `strict` warnings count as errors.
    pub fn from_counts(errors: usize, warnings: usize, strict: bool) -> Status {
        if errors > 0 || (strict && warnings > 0) {
            Status::Errors
        } else if warnings > 0 {
            Status::Warnings
        } else {
            Status::Passed
        }
    }
}

/// One file's line in the summary (and its object in `--format json`).
#[derive(Clone, Debug, Serialize)]
pub struct FileResult {
    pub file: String,
    pub status: Status,
    pub errors: usize,
    pub warnings: usize,
    /// Output files written (`build` only).
    pub outputs: usize,
    /// Why the file could not be handled, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Totals over all files.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Totals {
    pub files: usize,
    pub passed: usize,
    pub warnings_only: usize,
    pub with_errors: usize,
    pub failed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub outputs: usize,
}

impl Totals {
    pub fn of(results: &[FileResult]) -> Totals {
        let mut t = Totals {
            files: results.len(),
            ..Totals::default()
        };
        for r in results {
            match r.status {
                Status::Passed => t.passed += 1,
                Status::Warnings => t.warnings_only += 1,
                Status::Errors => t.with_errors += 1,
                Status::Failed => t.failed += 1,
            }
            t.errors += r.errors;
            t.warnings += r.warnings;
            t.outputs += r.outputs;
        }
        t
    }
}

/// Worst first, then more errors, more warnings, then by name.
pub fn sort_worst_first(results: &mut [FileResult]) {
    results.sort_by(|a, b| {
        (b.status, b.errors, b.warnings)
            .cmp(&(a.status, a.errors, a.warnings))
            .then_with(|| a.file.cmp(&b.file))
    });
}

/// The summary as text lines; `outputs` adds the column of files written.
pub fn table(results: &[FileResult], outputs: bool, strict: bool) -> String {
    let mut header = vec!["文件", "结果", "错误", "警告"];
    if outputs {
        header.push("生成");
    }
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for r in results {
        let mut row = vec![
            r.file.clone(),
            r.status.label().to_string(),
            r.errors.to_string(),
            r.warnings.to_string(),
        ];
        if outputs {
            row.push(r.outputs.to_string());
        }
        rows.push(row);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, w))| {
                let pad = " ".repeat(w - cell.width());
                if c >= 2 {
                    format!("{pad}{cell}")
                } else {
                    format!("{cell}{pad}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    let t = Totals::of(results);
    out.push_str(&format!(
        "共 {} 个文件：通过 {}，有警告 {}，有错误 {}，无法处理 {}；共 {} 个错误，{} 个警告",
        t.files, t.passed, t.warnings_only, t.with_errors, t.failed, t.errors, t.warnings
    ));
    if outputs {
        out.push_str(&format!("，生成 {} 个文件", t.outputs));
    }
    if strict && t.warnings > 0 {
        out.push_str(STRICT_NOTE);
    }
    out.push('\n');
    out
}

/// Appended to counts when `--strict` turned warnings into errors.
pub const STRICT_NOTE: &str = "（--strict：警告按错误处理）";

#[cfg(test)]
mod tests {
    use super::*;

    fn r(file: &str, status: Status, errors: usize, warnings: usize) -> FileResult {
        FileResult {
            file: file.into(),
            status,
            errors,
            warnings,
            outputs: 0,
            reason: None,
        }
    }

    #[test]
    fn worst_comes_first_and_totals_add_up() {
        let mut v = vec![
            r("a.toml", Status::Passed, 0, 0),
            r("b.toml", Status::Errors, 2, 1),
            r("c.toml", Status::Failed, 1, 0),
            r("d.toml", Status::Errors, 5, 0),
        ];
        sort_worst_first(&mut v);
        let order: Vec<&str> = v.iter().map(|r| r.file.as_str()).collect();
        assert_eq!(order, ["c.toml", "d.toml", "b.toml", "a.toml"]);
        let text = table(&v, false, false);
        assert!(text.contains(
            "共 4 个文件：通过 1，有警告 0，有错误 2，无法处理 1；共 8 个错误，1 个警告"
        ));
    }
}
