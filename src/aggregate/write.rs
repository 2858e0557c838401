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

/// The 汇总 report file's name, as every report file is named.
pub fn report_name(agency: &str, year: i64) -> String {
    crate::report::report_file_name(agency, year)
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

    /// Writes the 汇总 report, the CSV and the spreadsheet into `out_dir`. The
    /// report file, where the narrative gets written, is never replaced unless
    /// `force`. All three are made and staged before any is placed, and the report
    /// is placed last: a failure leaves no new 汇总 report beside an old table.
    pub fn write_summed(&self, out_dir: &Path, force: bool) -> Result<Vec<PathBuf>, WriteError> {
        let report = out_dir.join(report_name(&self.agency, self.year));
        if !force && std::fs::symlink_metadata(&report).is_ok() {
            return Err(WriteError::ReportExists(report));
        }
        let xlsx = self
            .xlsx()
            .map_err(|e| WriteError::Make(format!("无法生成 {SHEET}：{e}")))?;
        let stage = |path: PathBuf, bytes: &[u8]| match Staged::new(&path, bytes) {
            Ok(staged) => Ok((path, staged)),
            Err(e) => Err(WriteError::Io(path, e)),
        };
        let tables = [
            stage(out_dir.join(CSV), self.csv().as_bytes())?,
            stage(out_dir.join(SHEET), &xlsx)?,
        ];
        // Last year's 汇总, which this year's names as `previous`: written when
        // not there (an existing one, perhaps last year's published 汇总, is kept).
        let last_year = match (&self.last_year, self.last_year_path(out_dir)) {
            (Some(last), Some(path)) if std::fs::symlink_metadata(&path).is_err() => {
                Some(stage(path, last.report_toml().as_bytes())?)
            }
            _ => None,
        };
        let (report, staged_report) = stage(report, self.report_toml().as_bytes())?;
        let mut written = Vec::with_capacity(4);
        for (path, staged) in tables {
            staged
                .commit()
                .map_err(|e| WriteError::Io(path.clone(), e))?;
            written.push(path);
        }
        if let Some((path, staged)) = last_year {
            staged
                .commit_new()
                .map_err(|e| WriteError::Io(path.clone(), e))?;
            written.push(path);
        }
        let placed = if force {
            staged_report.commit()
        } else {
            staged_report.commit_new()
        };
        placed.map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => WriteError::ReportExists(report.clone()),
            _ => WriteError::Io(report.clone(), e),
        })?;
        written.insert(0, report);
        Ok(written)
    }
}
