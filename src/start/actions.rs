//! What the start page's buttons do, as library calls: each returns what the
//! page shows, in Chinese, and writes only new files in the working folder
//! (a report's outputs go beside it, as `nianbao build` writes them).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::folder::write_unique;
use crate::aggregate::{Sources, report_name};
use crate::batch::{Input, Status};
use crate::build::{BuildRequest, build_report};
use crate::format::{FIRST_YEAR, FormatVersion, LAST_YEAR};
use crate::load::{add_missing_glyphs, load, load_previous_noted};
use crate::render::{Output, RenderOptions};
use crate::report::report_file_name;
use crate::template::{new_report, roll_forward};

/// 新建本年度报告: `new`'s file for `agency` and `year` in `dir`.
pub fn create(dir: &Path, agency: &str, year: i64) -> Result<PathBuf, String> {
    let agency = agency.trim();
    if agency.is_empty() {
        return Err("请填写机关名称（例如「某某市某某局」）".into());
    }
    if FormatVersion::for_year(year).is_none() {
        return Err(format!(
            "报告年度 {year} 不在支持的范围内（{FIRST_YEAR}–{LAST_YEAR} 年）"
        ));
    }
    write_unique(
        dir,
        &report_file_name(agency, year),
        new_report(agency, year).as_bytes(),
    )
}

/// A new report rolled forward from last year's, with the import notes.
#[derive(Debug, Serialize)]
pub struct Started {
    pub file: PathBuf,
    pub notes: Vec<String>,
}

/// 从去年的报告开始: `new --from last` in `dir`.
pub fn roll(dir: &Path, last: &Path) -> Result<Started, String> {
    let (report, notes) = load_previous_noted(last)?;
    let year = report.meta.year.value + 1;
    let agency = report.meta.agency.value.clone();
    if FormatVersion::for_year(year).is_none() {
        return Err(format!(
            "去年的报告是 {} 年度的，{year} 年度不在支持的范围内（{FIRST_YEAR}–{LAST_YEAR} 年）",
            year - 1
        ));
    }
    // Last year's file is remembered, so check and build compare the two years.
    let from = crate::load::relative_path(last, dir);
    let file = write_unique(
        dir,
        &report_file_name(&agency, year),
        roll_forward(&report, from.as_deref()).as_bytes(),
    )?;
    Ok(Started { file, notes })
}

/// One file checked, as `nianbao check` prints it.
#[derive(Debug, Serialize)]
pub struct Checked {
    pub name: String,
    /// 通过 / 有警告 / 有错误 / 无法处理.
    pub status: &'static str,
    pub errors: usize,
    pub warnings: usize,
    /// The findings as `check` prints them, and its verdict line.
    pub text: String,
}

/// 检查收到的报告: every rule on one file.
pub fn check(path: &Path) -> Checked {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut loaded = match load(path, None) {
        Ok(l) => l,
        Err(message) => {
            return Checked {
                name,
                status: Status::Failed.label(),
                errors: 0,
                warnings: 0,
                text: format!("错误：{message}"),
            };
        }
    };
    add_missing_glyphs(&mut loaded, &RenderOptions::default());
    let (errors, warnings) = loaded.counts();
    let status = if loaded.unreadable {
        Status::Failed
    } else {
        Status::from_counts(errors, warnings, false)
    };
    let mut text = String::new();
    for d in &loaded.diagnostics {
        text.push_str(&d.render(&loaded.file));
        text.push('\n');
    }
    let verdict = if loaded.has_errors(false) {
        "未通过"
    } else {
        "通过"
    };
    text.push_str(&format!(
        "{name}：{verdict}，{errors} 个错误，{warnings} 个警告"
    ));
    Checked {
        name,
        status: status.label(),
        errors,
        warnings,
        text,
    }
}
/// What a build from the editor did.
#[derive(Debug, Serialize)]
pub struct BuiltFiles {
    pub ok: bool,
    /// The files written.
    pub files: Vec<PathBuf>,
    /// Why nothing was written, with the findings when the report has errors.
    pub message: String,
    /// The warnings the check found (written anyway, as `build` does).
    pub warnings: usize,
}

/// 生成 Word / PDF / 网页: exactly what `nianbao build FILE --OUTPUT` writes.
pub fn build(path: &Path, output: Output) -> BuiltFiles {
    let input = Input {
        path: path.to_path_buf(),
        rel: path.file_name().map(PathBuf::from).unwrap_or_default(),
    };
    let request = BuildRequest {
        outputs: vec![output],
        ..BuildRequest::default()
    };
    let built = build_report(&input, &request);
    let warnings = built.loaded.as_ref().map_or(0, |l| l.counts().1);
    match built.result {
        Ok(files) => BuiltFiles {
            ok: true,
            files,
            message: String::new(),
            warnings,
        },
        Err(e) => {
            let mut message = format!("没有生成：{e}。");
            if let Some(loaded) = &built.loaded {
                let (errors, warnings) = loaded.counts();
                message.push_str(&format!(
                    "请先改正下面的 {errors} 个错误（另有 {warnings} 个警告）。\n\n"
                ));
                for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
                    message.push_str(&d.render(&loaded.file));
                    message.push('\n');
                }
            }
            BuiltFiles {
                ok: false,
                files: Vec::new(),
                message: message.trim_end().to_string(),
                warnings,
            }
        }
    }
}

/// What 汇总 did: `aggregate`'s messages, the files written and the review page.
#[derive(Debug, Default, Serialize)]
pub struct Summed {
    pub ok: bool,
    pub messages: Vec<String>,
    pub files: Vec<PathBuf>,
    pub review: Option<PathBuf>,
    /// The 汇总 report file written, to fill in next.
    pub report: Option<PathBuf>,
}

/// 汇总: `nianbao aggregate UNITS --agency --year -o UNITS/汇总` (a new 汇总
/// folder each time, 「汇总（2）」 when one is there, so nothing is replaced).
pub fn sum(units: &Path, agency: &str, year: i64) -> Summed {
    let mut out = Summed::default();
    let agency = agency.trim();
    if agency.is_empty() {
        out.messages
            .push("请填写汇总机关的名称（例如「某某县人民政府」）".into());
        return out;
    }
    if FormatVersion::for_year(year).is_none() {
        out.messages.push(format!(
            "报告年度 {year} 不在支持的范围内（{FIRST_YEAR}–{LAST_YEAR} 年）"
        ));
        return out;
    }
    let out_dir = match new_folder(units, "汇总") {
        Ok(d) => d,
        Err(message) => {
            out.messages.push(message);
            return out;
        }
    };
    let name = report_name(agency, year);
    // Last year's reports in the folder are compared with, as `aggregate` does.
    let sources = Sources::find(&[units.to_path_buf()], &[], &out_dir, agency, year);
    out.messages.extend(sources.problems.iter().cloned());
    if sources.no_units() {
        out.messages
            .push(format!("{} 中没有找到任何单位的报告文件", units.display()));
        let _ = std::fs::remove_dir(&out_dir);
        return out;
    }
    let Some(agg) = sources.read(agency, year, None, |_| {}) else {
        return out;
    };
    let blocked = agg.blocked();
    for u in &blocked {
        let why = u
            .problem
            .clone()
            .unwrap_or_else(|| format!("{} 个错误（在「检查收到的报告」中查看详情）", u.errors));
        out.messages
            .push(format!("{}（{}）：{why}", u.file, u.agency));
    }
    let refused = !blocked.is_empty();
    if refused {
        out.messages.push(format!(
            "{} 个单位的报告有错误或不能汇总（见上），未生成汇总报告。请各单位改正后重新汇总。",
            blocked.len()
        ));
    }
    match agg.write_review(&out_dir, refused) {
        Ok(path) => {
            out.files.push(path.clone());
            out.review = Some(path);
        }
        Err(e) => out.messages.push(format!("错误：{e}")),
    }
    if refused {
        return out;
    }
    match agg.write_summed(&out_dir, false) {
        Ok(paths) => {
            out.files.extend(paths);
            out.report = Some(out_dir.join(&name));
            out.ok = true;
            out.messages.push(format!(
                "已汇总 {} 个单位（共 {} 份报告）。下一步：打开汇总报告，填写正文后生成。",
                agg.included.len(),
                agg.units.len()
            ));
        }
        Err(e) => out.messages.push(format!("错误：{e}；汇总报告未写入。")),
    }
    out
}

/// A new folder `name` in `dir`, or 「name（2）」… when that one is there.
pub fn new_folder(dir: &Path, name: &str) -> Result<PathBuf, String> {
    for n in 1..=999 {
        let candidate = if n == 1 {
            dir.join(name)
        } else {
            dir.join(format!("{name}（{n}）"))
        };
        match std::fs::create_dir(&candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(format!(
                    "无法创建文件夹 {}：{}",
                    candidate.display(),
                    crate::io::io_reason(&e)
                ));
            }
        }
    }
    Err(format!("{} 中同名文件夹太多，请先整理", dir.display()))
}
