//! Writing the aggregate's files into the output folder.

use std::fmt;
use std::path::{Path, PathBuf};

use super::Aggregate;
use crate::io::{Staged, io_reason, write_atomic};

/// The review page, written whether or not the 汇总 is.
pub const REVIEW: &str = "审核.html";
/// The per-unit table as a spreadsheet.
pub const SHEET: &str = "各单位情况.xlsx";
/// The per-unit table as CSV.
pub const CSV: &str = "各单位情况.csv";
/// The files with fixed names the aggregate writes (the 汇总 report is named for its agency).
pub const OUTPUT_NAMES: [&str; 3] = [REVIEW, SHEET, CSV];

/// The 汇总 report's file name.
pub fn report_name(agency: &str, year: i64) -> String {
    format!("{agency}{year}年报.toml")
}

/// Why an output was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The review page or the spreadsheet could not be made.
    Make(String),
    /// The 汇总 report file is there already and `force` was not given.
    ReportExists(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Make(message) => f.write_str(message),
            WriteError::ReportExists(path) => write!(
                f,
                "{} 已存在（其中可能已写了正文），未作改动。加 --force 覆盖，或换一个输出目录",
                path.display()
            ),
            WriteError::Io(path, e) => write!(f, "无法写入 {}：{}", path.display(), io_reason(e)),
        }
    }
}

impl Aggregate {
    /// Writes the review page into `out_dir`; `refused` says on it that the 汇总 was not written.
    pub fn write_review(&self, out_dir: &Path, refused: bool) -> Result<PathBuf, WriteError> {
        let html = self.review_html(refused).map_err(WriteError::Make)?;
        let path = out_dir.join(REVIEW);
        write_atomic(&path, html.as_bytes()).map_err(|e| WriteError::Io(path.clone(), e))?;
        Ok(path)
    }

    /// Writes the 汇总 report, the CSV and the spreadsheet into `out_dir`: all
    /// three or none. The report file, where the narrative gets written, is never
    /// replaced unless `force`.
    pub fn write_summed(&self, out_dir: &Path, force: bool) -> Result<Vec<PathBuf>, WriteError> {
        let xlsx = self
            .xlsx()
            .map_err(|e| WriteError::Make(format!("无法生成 {SHEET}：{e}")))?;
        let files = [
            (
                out_dir.join(report_name(&self.agency, self.year)),
                self.report_toml().into_bytes(),
            ),
            (out_dir.join(CSV), self.csv().into_bytes()),
            (out_dir.join(SHEET), xlsx),
        ];
        let mut staged = Vec::with_capacity(files.len());
        for (path, bytes) in &files {
            staged.push(Staged::new(path, bytes).map_err(|e| WriteError::Io(path.clone(), e))?);
        }
        let mut staged = staged.into_iter();
        let report = &files[0].0;
        if let Some(first) = staged.next() {
            let placed = if force {
                first.commit()
            } else {
                first.commit_new()
            };
            placed.map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => WriteError::ReportExists(report.clone()),
                _ => WriteError::Io(report.clone(), e),
            })?;
        }
        for (s, (path, _)) in staged.zip(&files[1..]) {
            s.commit().map_err(|e| WriteError::Io(path.clone(), e))?;
        }
        Ok(files.into_iter().map(|(path, _)| path).collect())
    }
}
