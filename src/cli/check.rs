//! `nianbao check`: run every rule on every file given (folders searched) and report
//! every finding; with more than one file, a summary table worst first.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use super::progress::Progress;
use super::{MessageFormat, exit};
use crate::batch::{self, FileResult, STRICT_NOTE, Status};
use crate::check::{
    PROFILE_RULE, Profile, YearOnYear, find_profile, summarise_import_notes, year_on_year,
};
use crate::diag::{JsonDiagnostic, display_path};
use crate::load::{add_missing_glyphs, load, load_previous};
use crate::render::RenderOptions;
use crate::report::Report;
use crate::{errln, outln};

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// 报告文件或文件夹（可多个，文件夹内逐层查找）/ Report files or folders (searched recursively)
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 输出格式 / Output format
    #[arg(long, value_enum, default_value_t)]
    format: MessageFormat,
    /// 警告也视为错误 / Treat warnings as errors
    #[arg(long)]
    strict: bool,
    /// 上年报告文件：核对结转，逐项比较两年数字，复核“较上年”的说法（R5、R6、R12–R14）/ Last year's report: carry-over, the year-on-year table, change sentences (R5, R6, R12–R14)
    #[arg(long, value_name = "LAST_YEAR.toml")]
    previous: Option<PathBuf>,
    /// 另按地区要求检查：内置名称（如 甘肃武威）或地区要求文件 / Also check a regional profile: a built-in name or a profile file
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// 原报告（txt、html、docx、pdf）的导入说明逐条列出，不按类汇总 / List a published report's import notes one by one
    #[arg(short, long)]
    verbose: bool,
    /// 不显示进度条 / No progress bar
    #[arg(short, long)]
    quiet: bool,
}

/// One file's result in `--format json` when several files are checked.
#[derive(Serialize)]
struct JsonFile {
    #[serde(flatten)]
    result: FileResult,
    findings: Vec<JsonDiagnostic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year_on_year: Option<YearOnYear>,
}

/// One file's findings in `--format json` with `--previous`: the comparison beside them.
#[derive(Serialize)]
struct JsonCompared {
    findings: Vec<JsonDiagnostic>,
    year_on_year: Option<YearOnYear>,
}

/// What checking one file gives: its summary line, its printed findings, its JSON.
struct Checked {
    result: FileResult,
    text: String,
    error: Option<String>,
    findings: Vec<JsonDiagnostic>,
    /// With `--previous`: the comparison with last year.
    year_on_year: Option<YearOnYear>,
}

pub fn run(args: CheckArgs) -> u8 {
    let previous = match args.previous.as_deref().map(load_previous).transpose() {
        Ok(p) => p,
        Err(message) => {
            errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
    };
    let profile = match args
        .profile
        .as_deref()
        .map(|n| find_profile(n, Path::new("")))
    {
        Some(Err(message)) => {
            errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
        given => given.and_then(Result::ok),
    };
    let (inputs, problems) = batch::collect(&args.files);
    let mut code = exit::OK;
    for p in &problems {
        errln!("错误：{p}");
        code = exit::CANNOT_RUN;
    }
    let single = args.files.len() == 1 && inputs.len() == 1 && !args.files[0].is_dir();
    let paired = if previous.is_none() && inputs.len() > 1 {
        last_years(&inputs)
    } else {
        HashMap::new()
    };
    let progress = Progress::new(inputs.len(), args.quiet);
    let mut results = Vec::new();
    let mut json_files = Vec::new();
    let mut json_flat = Vec::new();
    let mut json_compared = None;
    batch::for_each(
        &inputs,
        |input| {
            let last = previous.as_ref().or_else(|| paired.get(&input.path));
            check_one(input, last, profile.as_ref(), &args)
        },
        |i, checked| {
            let name = display_path(&inputs[i].path);
            let checked = checked.unwrap_or_else(|panic| failed(&name, panic));
            progress.advance(&name);
            progress.print(|| {
                if let Some(e) = &checked.error {
                    errln!("错误：{e}");
                }
                if !checked.text.is_empty() {
                    crate::out!("{}", checked.text);
                }
            });
            code = code.max(exit::for_status(checked.result.status));
            if args.format == MessageFormat::Json {
                if single {
                    json_flat.extend(checked.findings);
                    json_compared = checked.year_on_year;
                } else {
                    json_files.push(JsonFile {
                        result: checked.result.clone(),
                        findings: checked.findings,
                        year_on_year: checked.year_on_year,
                    });
                }
            }
            results.push(checked.result);
        },
    );
    progress.finish();
    batch::sort_worst_first(&mut results);
    match args.format {
        // Compared with last year (--previous or the file's `previous` key), the
        // findings come with the comparison; otherwise a plain list.
        MessageFormat::Json if single && (previous.is_some() || json_compared.is_some()) => outln!(
            "{}",
            to_json(&JsonCompared {
                findings: json_flat,
                year_on_year: json_compared,
            })
        ),
        MessageFormat::Json if single => outln!("{}", to_json(&json_flat)),
        MessageFormat::Json => {
            json_files.sort_by(|a, b| a.result.file.cmp(&b.result.file));
            let totals = batch::Totals::of(&results);
            outln!(
                "{}",
                to_json(&serde_json::json!({ "files": json_files, "totals": totals }))
            );
        }
        MessageFormat::Human if results.len() > 1 => {
            outln!();
            crate::out!("{}", batch::summary::table(&results, false, args.strict));
        }
        MessageFormat::Human => {}
    }
    if inputs.is_empty() && code == exit::OK {
        code = exit::CANNOT_RUN;
    }
    code
}

/// Without `--previous`: each report file's last year's among the files checked
/// (the same agency, the year before), so that checking a folder holding both
/// years compares them.
fn last_years(inputs: &[batch::Input]) -> HashMap<PathBuf, Report> {
    let parsed: Vec<(&Path, Report)> = inputs
        .iter()
        .filter(|i| i.path.extension().is_some_and(|e| e == "toml"))
        .filter_map(|i| {
            let file = crate::io::read_source(&i.path).ok()?;
            Some((i.path.as_path(), crate::report::parse_report(&file).report?))
        })
        .collect();
    let by_year: HashMap<(&str, i64), &Report> = parsed
        .iter()
        .map(|(_, r)| ((r.meta.agency.value.as_str(), r.meta.year.value), r))
        .collect();
    parsed
        .iter()
        .filter_map(|(path, r)| {
            let agency = r.meta.agency.value.as_str();
            let last = by_year.get(&(agency, r.meta.year.value - 1))?;
            Some((path.to_path_buf(), (*last).clone()))
        })
        .collect()
}

fn to_json(v: &impl Serialize) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| "[]".to_string())
}

fn check_one(
    input: &batch::Input,
    previous: Option<&Report>,
    profile: Option<&Profile>,
    args: &CheckArgs,
) -> Checked {
    let (strict, verbose, format) = (args.strict, args.verbose, args.format);
    let name = display_path(&input.path);
    let mut loaded = match load(&input.path, previous) {
        Ok(l) => l,
        Err(message) => return failed(&name, message),
    };
    // --profile in place of the one the file names.
    if let (Some(profile), Some(report)) = (profile, &loaded.report) {
        loaded.diagnostics.retain(|d| d.rule != PROFILE_RULE);
        loaded.diagnostics.extend(profile.check(report));
        loaded
            .diagnostics
            .sort_by_key(|d| (d.severity, d.span.as_ref().map_or(usize::MAX, |s| s.start)));
    }
    add_missing_glyphs(&mut loaded, &RenderOptions::default());
    if loaded.file.origin.is_some() {
        let found = std::mem::take(&mut loaded.diagnostics);
        loaded.diagnostics = summarise_import_notes(found, verbose);
    }
    let (errors, warnings) = loaded.counts();
    let status = if loaded.unreadable {
        Status::Failed
    } else {
        Status::from_counts(errors, warnings, strict)
    };
    // Compared only with the report of the year before (otherwise the check says so).
    let year_on_year = previous
        .or(loaded.named_previous.as_ref())
        .zip(loaded.report.as_ref())
        .filter(|(p, r)| p.meta.year.value == r.meta.year.value - 1)
        .map(|(p, r)| year_on_year(r, p));
    let mut text = String::new();
    let mut findings = Vec::new();
    match format {
        MessageFormat::Json => {
            findings = loaded
                .diagnostics
                .iter()
                .map(|d| d.to_json(&loaded.file))
                .collect();
        }
        MessageFormat::Human => {
            for d in &loaded.diagnostics {
                text.push_str(&d.render(&loaded.file));
                text.push('\n');
            }
            if let Some(y) = &year_on_year {
                text.push_str(&y.render());
            }
            let verdict = if loaded.has_errors(strict) {
                "未通过"
            } else {
                "通过"
            };
            text.push_str(&format!(
                "{name}：{verdict}，{errors} 个错误，{warnings} 个警告{}\n",
                if strict && warnings > 0 {
                    STRICT_NOTE
                } else {
                    ""
                }
            ));
        }
    }
    Checked {
        result: FileResult {
            file: name,
            status,
            errors,
            warnings,
            outputs: 0,
            reason: None,
        },
        text,
        error: None,
        findings,
        year_on_year,
    }
}

/// A file that could not be checked at all.
fn failed(name: &str, reason: String) -> Checked {
    Checked {
        result: FileResult {
            file: name.to_string(),
            status: Status::Failed,
            errors: 0,
            warnings: 0,
            outputs: 0,
            reason: Some(reason.clone()),
        },
        text: String::new(),
        error: Some(reason),
        findings: Vec::new(),
        year_on_year: None,
    }
}
