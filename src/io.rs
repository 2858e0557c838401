//! Reading report files and writing outputs safely.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, SourceFile};

/// The largest report file read: a whole report is far below 1 MB.
pub const MAX_REPORT_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file could not be read.
pub enum ReadError {
    /// The OS refused (missing file, no permission).
    Io(String),
    /// The bytes are not UTF-8; the finding points at the first bad byte.
    Encoding(Box<(SourceFile, Diagnostic)>),
}

/// Reads a report file as UTF-8 (a leading BOM, as Windows Notepad writes, is dropped).
pub fn read_source(path: &Path) -> Result<SourceFile, ReadError> {
    if let Ok(meta) = fs::metadata(path)
        && meta.len() > MAX_REPORT_BYTES
    {
        return Err(ReadError::Io(format!(
            "{} 太大（{:.1} MB）：报告文件通常不到 1 MB，上限为 {} MB；请确认选择的是报告的 TOML 文件",
            path.display(),
            meta.len() as f64 / 1_048_576.0,
            MAX_REPORT_BYTES / 1_048_576
        )));
    }
    let bytes = fs::read(path)
        .map_err(|e| ReadError::Io(format!("无法读取 {}：{}", path.display(), io_reason(&e))))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text.to_string())),
        Err(e) => {
            let good = e.valid_up_to();
            // Show the file up to the bad byte so the place can be pointed at.
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let offset = String::from_utf8_lossy(&bytes[..good]).len();
            let file = SourceFile::new(path, lossy);
            let d = Diagnostic::error(
                "encoding",
                format!("文件不是 UTF-8 编码（第 {} 个字节起无法识别）", good + 1),
            )
            .at(offset..offset + char::REPLACEMENT_CHARACTER.len_utf8())
            .hint(
                "很可能是用 GBK/GB2312 保存的：请在记事本或 WPS 中“另存为”，编码选择 UTF-8，再运行",
            );
            Err(ReadError::Encoding(Box::new((file, d))))
        }
    }
}

/// A short Chinese reason for an IO error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件不存在".into(),
        PermissionDenied => "没有访问权限".into(),
        AlreadyExists => "文件已存在".into(),
        _ => e.to_string(),
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename,
/// so a failed run never leaves a half-written output.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// True when both paths name one existing file (so an output never replaces its input).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
