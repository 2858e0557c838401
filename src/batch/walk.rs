//! Turning the command line's files and folders into the list of report files.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// File extensions a folder is searched for (lower case, without the dot): report
/// files and the published reports `load()` imports, except plain text (a folder's
/// .txt is as often a list of units or a note; name such a report on the command line).
pub fn accepted_extensions() -> &'static [&'static str] {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        std::iter::once("toml")
            .chain(
                crate::import::PUBLISHED_EXTENSIONS
                    .into_iter()
                    .filter(|e| !crate::import::PLAIN_TEXT_EXTENSIONS.contains(e)),
            )
            .collect()
    })
}

/// True when a file found in a folder is a report file by its extension.
pub fn is_report_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| accepted_extensions().contains(&e.to_ascii_lowercase().as_str()))
}

/// One report file to work on.
#[derive(Clone, Debug)]
pub struct Input {
    /// The path as found (joined to the folder given on the command line).
    pub path: PathBuf,
    /// Where its outputs go under `-o DIR`: its place relative to the folder given,
    /// or its file name; made unique among all inputs.
    pub rel: PathBuf,
}

/// All report files named on the command line or found (recursively) in its folders,
/// each once, in a stable order; and a message for every argument that gave none.
pub fn collect(args: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for arg in args {
        let meta = match std::fs::metadata(arg) {
            Ok(m) => m,
            Err(e) => {
                problems.push(format!(
                    "无法读取 {}：{}",
                    arg.display(),
                    crate::io::io_reason(&e)
                ));
                continue;
            }
        };
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(arg, &mut found, &mut problems);
            found.sort();
            drop_rendered_outputs(&mut found);
            if found.is_empty() {
                problems.push(format!(
                    "文件夹 {} 中没有报告文件（{}）",
                    arg.display(),
                    extension_list()
                ));
            }
            for path in found {
                let rel = path.strip_prefix(arg).unwrap_or(&path).to_path_buf();
                push(&mut inputs, &mut seen, path, rel);
            }
        } else {
            let rel = PathBuf::from(arg.file_name().unwrap_or(arg.as_os_str()));
            push(&mut inputs, &mut seen, arg.clone(), rel);
        }
    }
    make_unique(&mut inputs);
    (inputs, problems)
}

/// 「.toml」, or 「.toml、.docx」 and so on.
pub fn extension_list() -> String {
    accepted_extensions()
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join("、")
}

fn push(inputs: &mut Vec<Input>, seen: &mut HashSet<PathBuf>, path: PathBuf, rel: PathBuf) {
    let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
    if seen.insert(key) {
        inputs.push(Input { path, rel });
    }
}

/// Drops the files `nianbao build` wrote beside a report file: in a folder, a
/// published report (.html, .docx, .pdf …) with the same name as a `.toml` there is
/// that report's output, not another unit. `found` is sorted.
fn drop_rendered_outputs(found: &mut Vec<PathBuf>) {
    let sources: HashSet<PathBuf> = found
        .iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        })
        .map(|p| p.with_extension(""))
        .collect();
    found.retain(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
            || !sources.contains(&p.with_extension(""))
    });
}

/// Report files under `dir`; hidden entries (`.git`, editor files) are skipped.
fn walk(dir: &Path, found: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(format!(
                "无法读取文件夹 {}：{}",
                dir.display(),
                crate::io::io_reason(&e)
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, found, problems),
            Ok(_) if is_report_file(&path) => found.push(path),
            _ => {}
        }
    }
}

/// Two inputs with the same output place (`甲/报告.toml` and `乙/报告.toml` given as
/// files) are told apart by their folders.
fn make_unique(inputs: &mut [Input]) {
    let key = |p: &Path| p.to_string_lossy().to_lowercase();
    let mut counts = std::collections::HashMap::new();
    for i in inputs.iter() {
        *counts.entry(key(&i.rel)).or_insert(0) += 1;
    }
    let mut taken = HashSet::new();
    for i in inputs.iter_mut() {
        if counts[&key(&i.rel)] > 1 {
            let folders: PathBuf = i
                .path
                .parent()
                .into_iter()
                .flat_map(Path::components)
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s),
                    _ => None,
                })
                .collect();
            i.rel = folders.join(&i.rel);
        }
        // Still taken (the same folder names under different roots): number it.
        let mut n = 1;
        let base = i.rel.clone();
        while !taken.insert(key(&i.rel)) {
            n += 1;
            i.rel = base.with_file_name(format!(
                "{}-{n}.{}",
                base.file_stem().unwrap_or_default().to_string_lossy(),
                base.extension().unwrap_or_default().to_string_lossy()
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_beside_a_report_file_are_not_units() {
        let mut found: Vec<PathBuf> = [
            "甲/报告.docx",
            "甲/报告.html",
            "甲/报告.pdf",
            "甲/报告.toml",
            "乙/收到的年报.pdf",
        ]
        .into_iter()
        .map(PathBuf::from)
        .collect();
        drop_rendered_outputs(&mut found);
        assert_eq!(
            found,
            [
                PathBuf::from("甲/报告.toml"),
                PathBuf::from("乙/收到的年报.pdf")
            ]
        );
    }

    #[test]
    fn same_names_in_different_folders_stay_apart() {
        let mut v = vec![
            Input {
                path: "甲/报告.toml".into(),
                rel: "报告.toml".into(),
            },
            Input {
                path: "乙/报告.toml".into(),
                rel: "报告.toml".into(),
            },
            Input {
                path: "其他.toml".into(),
                rel: "其他.toml".into(),
            },
        ];
        make_unique(&mut v);
        assert_eq!(v[0].rel, PathBuf::from("甲/报告.toml"));
        assert_eq!(v[1].rel, PathBuf::from("乙/报告.toml"));
        assert_eq!(v[2].rel, PathBuf::from("其他.toml"));
    }

    #[test]
    fn only_report_extensions_count() {
        assert!(is_report_file(Path::new("a/b.TOML")));
        assert!(!is_report_file(Path::new("a/说明.md")));
        assert!(!is_report_file(Path::new("a/noext")));
    }
}
