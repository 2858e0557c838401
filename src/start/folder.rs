//! The working folder: where new reports, uploads and outputs go. It is the
//! folder the program sits in when that folder can be written and is not a
//! system place; otherwise 文档/年报 in the user's home (Windows:
//! `%USERPROFILE%\Documents\年报`). `--dir` chooses another.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;

use crate::io::{io_reason, write_new};

/// The working folder when `--dir` is not given.
pub fn default_folder() -> PathBuf {
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
        && !is_system_place(&dir)
        && writable(&dir)
    {
        return dir;
    }
    documents().join("年报")
}

/// The user's documents folder (a fresh 文档 folder under home when none is known).
fn documents() -> PathBuf {
    let home = std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let candidates: &[&str] = if cfg!(windows) {
        &["Documents"]
    } else {
        &["文档", "Documents"]
    };
    candidates
        .iter()
        .map(|c| home.join(c))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| home.join(candidates[0]))
}

/// Program folders of the system, where a clerk's files never belong:
/// `C:\Windows`, `Program Files`, `ProgramData` on any drive; `/usr`, `/bin`,
/// `/opt` … on Unix.
fn is_system_place(dir: &Path) -> bool {
    let text = format!(
        "{}/",
        dir.to_string_lossy().to_lowercase().replace('\\', "/")
    );
    let windows = [
        "windows/",
        "program files/",
        "program files (x86)/",
        "programdata/",
    ];
    let unix = [
        "/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/", "/opt/", "/etc/", "/snap/", "/nix/",
    ];
    let under_drive = |place: &str| {
        let after_drive = text.get(3..).unwrap_or("");
        text.as_bytes().get(1..3) == Some(b":/") && after_drive.starts_with(place)
    };
    windows.iter().any(|p| under_drive(p)) || unix.iter().any(|p| text.starts_with(p))
}

/// True when a file can be made in `dir` (tried, then removed).
fn writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".nianbao-probe-{}", std::process::id()));
    let made = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .is_ok();
    if made {
        let _ = std::fs::remove_file(&probe);
    }
    made
}

/// Makes the working folder if needed.
pub fn prepare(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("无法创建工作文件夹 {}：{}", dir.display(), io_reason(&e)))?;
    if !dir.is_dir() {
        return Err(format!("{} 不是文件夹", dir.display()));
    }
    Ok(())
}

/// A file name as a browser sent it, made safe to create in a folder: its last
/// component only, without characters Windows forbids or controls, at most 100
/// characters before the extension; `None` when nothing usable is left.
pub fn safe_name(sent: &str) -> Option<String> {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !"<>:\"|?*".contains(*c))
        .collect();
    let cleaned = cleaned.trim().trim_matches('.').trim().to_string();
    if cleaned.is_empty() {
        return None;
    }
    let (stem, ext) = split_extension(&cleaned);
    let stem: String = stem.chars().take(100).collect();
    let stem = if stem.trim().is_empty() {
        "报告".to_string()
    } else {
        stem
    };
    Some(format!("{stem}{ext}"))
}

/// The extensions a file chosen in the page may have: report files and every
/// kind of published report (for 汇总, only those a folder search finds, as
/// `aggregate` reads a folder).
pub fn upload_extensions(for_folder: bool) -> Vec<&'static str> {
    if for_folder {
        return crate::batch::accepted_extensions().to_vec();
    }
    std::iter::once("toml")
        .chain(crate::import::PUBLISHED_EXTENSIONS)
        .collect()
}

/// `.toml,.docx,…` for a file input's `accept`, or `.toml、.docx…` for a message.
pub fn extension_text(extensions: &[&str], separator: &str) -> String {
    extensions
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(separator)
}

/// True when `name` ends in one of `extensions` (any case).
pub fn has_extension(name: &str, extensions: &[&str]) -> bool {
    let (_, ext) = split_extension(name);
    let ext = ext.trim_start_matches('.').to_lowercase();
    extensions.contains(&ext.as_str())
}

/// `("name", ".ext")`, or `("name", "")` without an extension.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

/// Writes `bytes` as a new file named `name` in `dir`, or 「name（2）.ext」,
/// 「（3）」… when that name is taken: an existing file is never replaced, and
/// the file appears whole or not at all. Returns the path written.
pub fn write_unique(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    let (stem, ext) = split_extension(name);
    for n in 1..=999 {
        let candidate = if n == 1 {
            dir.join(name)
        } else {
            dir.join(format!("{stem}（{n}）{ext}"))
        };
        match write_new(&candidate, bytes, false) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(format!(
                    "无法写入 {}：{}",
                    candidate.display(),
                    io_reason(&e)
                ));
            }
        }
    }
    Err(format!("{} 中同名文件太多，请先整理文件夹", dir.display()))
}

/// One report file of the working folder, as the page lists it.
#[derive(Debug, Serialize)]
pub struct ReportEntry {
    /// The file name (the key the page sends back).
    pub name: String,
    pub agency: Option<String>,
    pub year: Option<i64>,
    /// Last modified, seconds since 1970.
    pub modified: u64,
}

/// The report files (`.toml`) directly in `dir`, newest first.
pub fn reports(dir: &Path) -> Vec<ReportEntry> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut list: Vec<ReportEntry> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            if !name.to_ascii_lowercase().ends_with(".toml") || name.starts_with('.') {
                return None;
            }
            let modified = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            let (agency, year) = agency_and_year(&e.path());
            Some(ReportEntry {
                name,
                agency,
                year,
                modified,
            })
        })
        .collect();
    list.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.name.cmp(&b.name)));
    list
}

/// The agency and year a report file names, when it can be read.
fn agency_and_year(path: &Path) -> (Option<String>, Option<i64>) {
    let Ok(file) = crate::io::read_source(path) else {
        return (None, None);
    };
    match crate::report::parse_report(&file).report {
        Some(r) => (Some(r.meta.agency.value), Some(r.meta.year.value)),
        None => (None, None),
    }
}

/// The folders directly in `dir` that hold report files (for 汇总).
pub fn unit_folders(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut list: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let has_reports = std::fs::read_dir(e.path()).is_ok_and(|inner| {
                inner
                    .flatten()
                    .any(|f| crate::batch::walk::is_report_file(&f.path()))
            });
            (!name.starts_with('.') && has_reports).then_some(name)
        })
        .collect();
    list.sort();
    list
}

/// A file name the page sent back, resolved in `dir`: a plain name of a file
/// directly in it, nothing that climbs out.
pub fn resolve(dir: &Path, name: &str) -> Option<PathBuf> {
    let plain = !name.is_empty()
        && !name.contains(['/', '\\', ':'])
        && name != "."
        && name != ".."
        && !name.chars().any(char::is_control);
    plain.then(|| dir.join(name))
}

/// A path below `dir` the page sent back (`各单位/汇总/报告.toml`, `/`-separated):
/// every part a plain name, nothing that climbs out.
pub fn resolve_below(dir: &Path, rel: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in rel.split('/') {
        path = resolve(&path, part)?;
    }
    Some(path)
}

/// `path` as the page names it: `/`-separated, relative to `dir`.
pub fn relative(dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    let parts: Option<Vec<&str>> = rel.iter().map(|p| p.to_str()).collect();
    Some(parts?.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_the_browser_lose_folders_and_forbidden_characters() {
        assert_eq!(
            safe_name("C:\\Users\\x\\报告.docx").as_deref(),
            Some("报告.docx")
        );
        assert_eq!(safe_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(safe_name("a<b>|?.pdf").as_deref(), Some("ab.pdf"));
        assert_eq!(safe_name(".."), None);
        assert_eq!(safe_name("  "), None);
        assert_eq!(safe_name(".toml").as_deref(), Some("toml"));
    }

    #[test]
    fn an_existing_file_is_never_replaced() {
        let dir = std::env::temp_dir().join(format!("nianbao-unique-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let first = write_unique(&dir, "某局2024年报.toml", b"one").unwrap();
        let second = write_unique(&dir, "某局2024年报.toml", b"two").unwrap();
        assert_eq!(first.file_name().unwrap(), "某局2024年报.toml");
        assert_eq!(second.file_name().unwrap(), "某局2024年报（2）.toml");
        assert_eq!(std::fs::read(&first).unwrap(), b"one");
        assert_eq!(std::fs::read(&second).unwrap(), b"two");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn system_places_are_told_from_a_clerks_folders() {
        for system in [
            "C:\\Windows\\System32",
            "c:\\Program Files\\nianbao",
            "D:\\Program Files (x86)\\nianbao",
            "C:\\ProgramData\\x",
            "/usr/local/bin",
            "/opt/nianbao",
            "/bin",
        ] {
            assert!(is_system_place(Path::new(system)), "{system}");
        }
        for own in [
            "D:\\年报",
            "C:\\Users\\科员\\Desktop\\nianbao",
            "D:\\windows资料",
            "/home/kejian/bin",
            "/home/kejian/下载/nianbao",
        ] {
            assert!(!is_system_place(Path::new(own)), "{own}");
        }
    }

    #[test]
    fn only_plain_names_resolve() {
        let dir = Path::new("/w");
        assert!(resolve(dir, "a.toml").is_some());
        assert!(resolve(dir, "../a.toml").is_none());
        assert!(resolve(dir, "..").is_none());
        assert!(resolve(dir, "sub\\a.toml").is_none());
        assert_eq!(
            resolve_below(dir, "各单位/汇总/a.toml"),
            Some(dir.join("各单位/汇总/a.toml"))
        );
        assert!(resolve_below(dir, "各单位/../../a.toml").is_none());
        assert!(resolve_below(dir, "/etc/passwd").is_none());
        assert_eq!(
            relative(dir, &dir.join("a/b.toml")).as_deref(),
            Some("a/b.toml")
        );
    }
}
