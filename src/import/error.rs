//! Why a published report could not be imported at all (exit code 2).
//!
//! Findings about single cells or sections are not errors: they are import
//! notes (see `crate::import::notes`) and the import goes on.

use std::fmt;

use crate::diag::escape_controls;

/// The largest published report read: 50 MB.
pub const MAX_IMPORT_BYTES: u64 = 50 * 1024 * 1024;

/// A published report that cannot be imported; every variant renders as one Chinese sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The file could not be read (missing, no permission).
    Io(String),
    /// The file is larger than [`MAX_IMPORT_BYTES`]; carries its size in bytes.
    TooLarge(u64),
    /// A PDF without a text layer (scanned pages).
    NeedsOcr,
    /// A PDF (or DOCX) protected with a password.
    Encrypted,
    /// A DOCX (or other zip) whose archive cannot be opened; carries the reason.
    CorruptZip(String),
    /// A file of a known kind whose content cannot be read; carries what went wrong.
    Corrupt { kind: &'static str, reason: String },
    /// The text is in an encoding that could not be recognised.
    Encoding(String),
    /// Readable, but nothing in it looks like a 政府信息公开工作年度报告; carries why.
    NotAReport(String),
    /// An old binary Word or WPS document (.doc, .wps), which no reader takes.
    LegacyWord,
}

impl fmt::Display for ImportError {
    /// Text from the file (a reader's error quoting a broken tag, a path) is
    /// shown with its control characters escaped, never raw to the terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let safe = |text: &str| escape_controls(text, false).into_owned();
        match self {
            Self::Io(m) => write!(f, "{}", safe(m)),
            Self::TooLarge(size) => write!(
                f,
                "文件太大（{:.1} MB），超过导入上限 {} MB；请确认选择的是年度报告本身",
                *size as f64 / 1_048_576.0,
                MAX_IMPORT_BYTES / 1_048_576
            ),
            Self::NeedsOcr => write!(
                f,
                "该 PDF 没有文字层（是扫描或图片页面），需要先做文字识别（OCR）才能导入"
            ),
            Self::Encrypted => write!(f, "文件已加密（有打开密码），请先取消加密再导入"),
            Self::CorruptZip(reason) => write!(
                f,
                "文件已损坏：DOCX 压缩包无法打开（{}）；请用 Word 或 WPS 打开后重新保存",
                safe(reason)
            ),
            Self::Corrupt { kind, reason } => write!(f, "{kind} 文件无法读取：{}", safe(reason)),
            Self::Encoding(m) => write!(f, "无法识别文件的文字编码：{}", safe(m)),
            Self::NotAReport(why) => write!(f, "不是政府信息公开工作年度报告：{}", safe(why)),
            Self::LegacyWord => write!(
                f,
                "这是旧版 Word/WPS 文档（.doc/.wps），无法直接读取；请在 Word 或 WPS 中另存为 .docx 后再导入"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader's error quotes the broken bytes (here a tag with a BEL in its
    /// name, found by fuzzing); the message shows it escaped.
    #[test]
    fn text_from_the_file_is_shown_without_raw_controls() {
        let e = ImportError::Corrupt {
            kind: "DOCX",
            reason: "expected `</w:trPr>`, but `</w:trP\u{7}>` was found".into(),
        };
        let shown = e.to_string();
        assert!(!shown.contains('\u{7}'), "{shown}");
        assert!(shown.contains("</w:trP\\u{7}>"), "{shown}");
    }
}
