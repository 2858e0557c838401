//! `nianbao edit`'s engine: the page's view of a report file ([`state`]),
//! format-preserving writes ([`mod@write`]), and the rules of a save — against
//! the version the page saw, refusing values the file cannot hold; and the
//! server that answers the page ([`server`]), which the start page serves too.

pub mod encoding;
pub mod merge;
pub mod server;
pub mod state;
pub mod totals;
pub mod typed;
pub mod wording;
pub mod write;

use std::path::Path;

use serde::Serialize;
use toml_edit::DocumentMut;

use crate::diag::{Diagnostic, SourceFile};
use crate::io::{MAX_REPORT_BYTES, ReadError, io_reason, read_source, replace_file};
use crate::report::parse_report;
pub use merge::{Change, Conflict};
use write::Edit;

/// Parse findings that mean a value the file cannot hold (as opposed to a rule
/// the report breaks, which is saved and shown beside its cell).
const REFUSED_RULES: [&str; 5] = ["toml", "type", "range", "shape", "unknown-key"];

/// Why a save did not happen.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refusal {
    /// The file is not the version the page edited.
    Conflict { message: String },
    /// An edit gives a value the file cannot hold; `check`'s own message.
    Invalid {
        message: String,
        hint: Option<String>,
        /// The fields whose typed value is no number of their kind.
        keys: Vec<String>,
    },
    /// The file could not be read or written.
    Failed { message: String },
}

/// Why the page cannot edit the file.
#[derive(Debug)]
pub enum Unreadable {
    /// The OS refused, or it is no report file (a folder, a device, too large).
    Io(String),
    /// Not UTF-8: `check`'s finding, and the encoding it was saved in when known
    /// (then a UTF-8 copy can be offered).
    Encoding {
        file: SourceFile,
        finding: Box<Diagnostic>,
        foreign: Option<&'static str>,
    },
}

impl Unreadable {
    /// The reason in one line, for a refused save.
    pub fn message(&self) -> String {
        match self {
            Unreadable::Io(m) => m.clone(),
            Unreadable::Encoding { finding, .. } => finding.message.clone(),
        }
    }
}

/// The file's bytes and text, exactly as `check` reads them; a file `check`
/// cannot read as UTF-8 is never given to the page to edit.
pub fn read(path: &Path) -> Result<(Vec<u8>, SourceFile), Unreadable> {
    let bytes = std::fs::read(path)
        .map_err(|e| Unreadable::Io(format!("无法读取 {}：{}", path.display(), io_reason(&e))))?;
    match read_source(path) {
        Ok(file) => Ok((bytes, file)),
        Err(ReadError::Io(m)) => Err(Unreadable::Io(m)),
        Err(ReadError::Encoding(boxed)) => {
            let (file, finding) = *boxed;
            Err(Unreadable::Encoding {
                file,
                finding: Box::new(finding),
                foreign: encoding::decode_foreign(&bytes).map(|(name, _)| name),
            })
        }
    }
}

/// The format of the file's year, when it gives a known one.
fn report_year(file: &SourceFile) -> Option<crate::format::FormatVersion> {
    let doc: DocumentMut = file.text.parse().ok()?;
    doc.get("report")?
        .get("year")?
        .as_integer()
        .and_then(crate::format::FormatVersion::for_year)
}

/// What a save did: the bytes now in the file, and the edits not applied
/// because the same place changed on disk since the page showed it.
#[derive(Debug)]
pub struct Saved {
    pub bytes: Vec<u8>,
    pub conflicts: Vec<Conflict>,
    /// Figures typed in another form, by field: 「已按 1700 保存」.
    pub notes: Vec<Note>,
}

/// A short word for the page beside one field.
#[derive(Debug, Serialize)]
pub struct Note {
    pub key: String,
    pub text: String,
}

/// The notes on figures typed in another form, and the fields whose typed
/// value is no number at all.
fn typed_notes(file: &SourceFile, edits: &[Edit]) -> (Vec<Note>, Vec<String>) {
    let Ok(doc) = file.text.parse::<DocumentMut>() else {
        return (Vec::new(), Vec::new());
    };
    let (mut notes, mut unread) = (Vec::new(), Vec::new());
    for edit in edits {
        let (Some(typed), Some(key)) = (write::typed_of(&doc, edit), merge::key_of(edit)) else {
            continue;
        };
        if !typed.number {
            unread.push(key);
        } else if let Some(text) = typed.note {
            notes.push(Note { key, text });
        }
    }
    (notes, unread)
}

/// Applies `changes` to the file: each is merged against what the file has now
/// ([`merge::check`]), and the ones whose place changed on both sides since the
/// page showed it come back as conflicts. A change that says nothing of what
/// the page showed applies only if the file is still at `base`. A value the file cannot hold refuses the whole
/// save. The file is replaced atomically, keeping its mode and owner.
pub fn save(path: &Path, base: &str, changes: &[Change]) -> Result<Saved, Refusal> {
    // An outside write between our read and our rename is caught by reading
    // again just before the rename; then the merge is done again.
    for _ in 0..4 {
        let (bytes, file) = read(path).map_err(|u| Refusal::Failed {
            message: format!("{}；文件没有改动，修改没有保存", u.message()),
        })?;
        // Each change is merged against the file as it is now: even when the file is
        // still the version the page last drew, a draft may be older than that.
        let fresh = state::fingerprint(&bytes) == base;
        let (edits, conflicts) = merge_onto(&file, changes, fresh)?;
        let (notes, unread) = typed_notes(&file, &edits);
        let text = apply_text(&file, &edits).map_err(|r| match r {
            // Said to the page in its own words.
            Refusal::Invalid { message, hint, .. } => {
                let names = wording::Names::new(report_year(&file));
                Refusal::Invalid {
                    message: wording::for_page(&message, &names),
                    hint: hint.and_then(|h| wording::hint_for_page(&h, &names)),
                    keys: unread.clone(),
                }
            }
            other => other,
        })?;
        let bom = bytes.starts_with(b"\xEF\xBB\xBF");
        let mut out = Vec::with_capacity(text.len() + 3);
        if bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        out.extend_from_slice(text.as_bytes());
        if out.len() as u64 > MAX_REPORT_BYTES {
            return Err(Refusal::Invalid {
                message: format!(
                    "保存后文件将超过 {} MB，nianbao 将无法再读取它；这次修改没有保存",
                    MAX_REPORT_BYTES / 1_048_576
                ),
                hint: Some("报告文件通常不到 1 MB，请检查是否粘贴了过长的文字".into()),
                keys: Vec::new(),
            });
        }
        if out == bytes {
            return Ok(Saved {
                bytes: out,
                conflicts,
                notes,
            });
        }
        let unchanged = || std::fs::read(path).is_ok_and(|now| now == bytes);
        match replace_file(path, &out, unchanged) {
            Ok(true) => {
                return Ok(Saved {
                    bytes: out,
                    conflicts,
                    notes,
                });
            }
            Ok(false) => continue,
            Err(e) => {
                return Err(Refusal::Failed {
                    message: format!("无法写入 {}：{}", path.display(), io_reason(&e)),
                });
            }
        }
    }
    Err(Refusal::Conflict {
        message: "文件正在被别的程序不断改写，本次修改没有保存；请稍后再试".into(),
    })
}

/// The edits that apply to the file as it is now, and the conflicts. A change
/// without `was` applies only to the version the page drew (`fresh`).
fn merge_onto(
    file: &SourceFile,
    changes: &[Change],
    fresh: bool,
) -> Result<(Vec<Edit>, Vec<Conflict>), Refusal> {
    let stale = || {
        Refusal::Conflict {
        message: "文件已在别处被修改（另一个编辑器或另一个页面），本次修改没有保存；页面已重新载入文件的最新内容，请再改一次".into(),
    }
    };
    let mut doc: DocumentMut = file.text.parse().map_err(|_| stale())?;
    let mut edits = Vec::new();
    let mut conflicts = Vec::new();
    for change in changes {
        match merge::check(&doc, change) {
            Ok(()) => {}
            Err(Some(conflict)) => {
                conflicts.push(conflict);
                continue;
            }
            Err(None) if fresh => {}
            Err(None) => return Err(stale()),
        }
        // Later changes are checked against the file with this one applied.
        write::apply(&mut doc, std::slice::from_ref(&change.edit)).map_err(|message| {
            Refusal::Invalid {
                message,
                hint: None,
                keys: Vec::new(),
            }
        })?;
        edits.push(change.edit.clone());
    }
    Ok((edits, conflicts))
}

/// The file's new text after `edits`, or why it cannot take them.
pub fn apply_text(file: &SourceFile, edits: &[Edit]) -> Result<String, Refusal> {
    let mut doc: DocumentMut = file.text.parse().map_err(|_| Refusal::Failed {
        message: "文件不是有效的 TOML，请先在文本编辑器中改正（nianbao check 会指出位置）".into(),
    })?;
    write::apply(&mut doc, edits).map_err(|message| Refusal::Invalid {
        message,
        hint: None,
        keys: Vec::new(),
    })?;
    let mut text = doc.to_string();
    // A file saved with Windows line ends keeps them in what the edit adds.
    if file.text.contains("\r\n") && !file.text.replace("\r\n", "").contains('\n') {
        text = text.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    let before = refused_findings(file);
    let after = refused_findings(&SourceFile::new(file.path.clone(), text.clone()));
    if let Some((message, hint)) = after.into_iter().find(|f| !before.contains(f)) {
        return Err(Refusal::Invalid {
            message,
            hint,
            keys: Vec::new(),
        });
    }
    Ok(text)
}

fn refused_findings(file: &SourceFile) -> Vec<(String, Option<String>)> {
    parse_report(file)
        .diagnostics
        .into_iter()
        .filter(|d| d.is_error() && REFUSED_RULES.contains(&d.rule))
        .map(|d| (d.message, d.hint))
        .collect()
}

/// One of the editor's own constant patterns, compiled on first use.
#[allow(
    clippy::expect_used,
    reason = "the editor's own constant patterns, each compiled by its unit tests; a bad one fails the tests, never a clerk's save"
)]
pub(crate) fn pattern(source: &str) -> regex::Regex {
    regex::Regex::new(source).expect("the editor's own pattern")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_line_ends_stay_windows_line_ends() {
        let text = "[report]\r\nagency = \"某局\"  # 机关\r\nyear = 2024\r\n\r\n[problems]\r\ntext = \"\"\"\r\n\"\"\"\r\n";
        let file = SourceFile::new("a.toml", text.to_string());
        let edits = [
            Edit::Text {
                section: "problems".into(),
                part: None,
                value: "一段。\r\n二段。".into(),
            },
            Edit::AddPart {
                section: "problems".into(),
            },
        ];
        let out = apply_text(&file, &edits).expect("applies");
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        assert!(out.starts_with("[report]\r\nagency = \"某局\"  # 机关\r\n"));
        assert!(
            out.contains("text = \"\"\"\r\n一段。\r\n二段。\r\n\"\"\""),
            "{out:?}"
        );
    }
}
