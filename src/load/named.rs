//! What the report file names beside itself: last year's report (`previous =
//! "…"`), read relative to the file, so that `check` and `build` compare the
//! two years without `--previous`; and the regional profile (`profile = "…"`).

use std::path::{Component, Path};

use crate::check::find_profile;
use crate::diag::Diagnostic;
use crate::report::Report;
use crate::report::schema::{COMPARE_PREVIOUS, PREVIOUS, PROFILE};

/// Last year's report the file at `path` names, or `None` (with a warning
/// at the key when it cannot be read: the report is then checked alone).
pub(super) fn read(path: &Path, report: &Report, out: &mut Vec<Diagnostic>) -> Option<Report> {
    let named = report.meta.previous.as_ref()?;
    let target = path
        .parent()
        .unwrap_or(Path::new(""))
        .join(named.value.trim());
    match read_cached(&target) {
        Ok(previous) => Some(previous),
        Err(why) => {
            out.push(
                Diagnostic::warning(
                    "previous",
                    format!(
                        "{} {} 无法读取，本次不与上年比较：{}",
                        PREVIOUS.label,
                        named.value.trim(),
                        why.trim_end()
                    ),
                )
                .at(named.span.clone())
                .hint(format!(
                    "{} 写上年报告文件相对本文件的路径，例如 {} = \"../2023/某某局2023年度报告.toml\"；不比较时删去这一行",
                    PREVIOUS.name, PREVIOUS.name
                )),
            );
            None
        }
    }
}

/// Last year's report at `target`, read again only when the file changed: the
/// editor checks the report after every save, and last year's may be a
/// published PDF that takes a while to import.
fn read_cached(target: &Path) -> Result<Report, String> {
    type Stamp = (std::path::PathBuf, u64, Option<std::time::SystemTime>);
    static CACHE: std::sync::Mutex<Vec<(Stamp, Report)>> = std::sync::Mutex::new(Vec::new());
    const KEPT: usize = 4;
    let stamp = std::fs::metadata(target)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| (target.to_path_buf(), m.len(), m.modified().ok()));
    let lock = || {
        CACHE
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    if let Some(stamp) = &stamp
        && let Some((_, report)) = lock().iter().find(|(s, _)| s == stamp)
    {
        return Ok(report.clone());
    }
    let report = super::load_previous(target)?;
    if let Some(stamp) = stamp {
        let mut cache = lock();
        cache.retain(|(s, _)| s.0 != stamp.0);
        if cache.len() >= KEPT {
            cache.remove(0);
        }
        cache.push((stamp, report.clone()));
    }
    Ok(report)
}

/// `compare_previous = true` with no last year's report to compare with: an
/// error, since the built report would lack the 附表 the file asks for.
pub(super) fn wanted_but_missing(
    report: &Report,
    previous: Option<&Report>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(wanted) = report.meta.compare_previous.as_ref().filter(|w| w.value) else {
        return;
    };
    if previous.is_some() {
        return;
    }
    out.push(
        Diagnostic::error(
            "previous",
            format!(
                "{} = true 要在报告末尾附上与上年比较的附表，但没有可用的上年报告",
                COMPARE_PREVIOUS.name
            ),
        )
        .at(wanted.span.clone())
        .hint(format!(
            "在 [report] 中写 {} = \"上年报告文件\"（相对本文件的路径），或生成时加 --compare-previous 上年.toml；不要附表时删去这一行",
            PREVIOUS.name
        )),
    );
}

/// The findings of the regional profile the file names (`profile`), built-in
/// or a file relative to the report; an error at the key when there is none.
pub(super) fn profile(base: &Path, report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(named) = report.meta.profile.as_ref() else {
        return;
    };
    match find_profile(&named.value, base) {
        Ok(profile) => out.extend(profile.check(report)),
        Err(why) => out.push(
            Diagnostic::error(crate::check::PROFILE_RULE, why)
                .at(named.span.clone())
                .hint(format!(
                    "{} 写内置地区要求的名称，或地区要求文件相对本文件的路径；不按地区要求检查时删去这一行",
                    PROFILE.name
                )),
        ),
    }
}

/// `target` as a path relative to the folder `dir` (both as they stand on
/// disk), with `/` between parts, which every system reads; `None` when there
/// is no such path (another drive), and the key is then left out.
pub fn relative_path(target: &Path, dir: &Path) -> Option<String> {
    let absolute = |p: &Path| {
        let p = if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        };
        p.canonicalize().or_else(|_| std::path::absolute(p)).ok()
    };
    let (target, dir) = (absolute(target)?, absolute(dir)?);
    let (t, d): (Vec<Component>, Vec<Component>) =
        (target.components().collect(), dir.components().collect());
    if t.first() != d.first() {
        return None;
    }
    let common = t.iter().zip(&d).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); d.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_years_file_relative_to_the_new_one() {
        let tmp = std::env::temp_dir().join(format!("nianbao-new-rel-{}", std::process::id()));
        std::fs::create_dir_all(tmp.join("2023")).unwrap();
        std::fs::create_dir_all(tmp.join("2024")).unwrap();
        let last = tmp.join("2023").join("局2023.toml");
        std::fs::write(&last, "").unwrap();
        assert_eq!(
            relative_path(&last, &tmp.join("2024")).as_deref(),
            Some("../2023/局2023.toml")
        );
        assert_eq!(
            relative_path(&last, &tmp.join("2023")).as_deref(),
            Some("局2023.toml")
        );
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
