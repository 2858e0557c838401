//! `nianbao aggregate`: sum the units' reports into the 汇总 report, with the
//! per-unit appendix, the review page and the spreadsheet.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::exit;
use crate::aggregate::Aggregate;
use crate::aggregate::unit::read_unit;
use crate::batch::{self, Progress};
use crate::diag::display_path;
use crate::format::{FIRST_YEAR, FormatVersion, LAST_YEAR};
use crate::io::{io_reason, read_source, write_atomic};
use crate::{errln, outln};

/// Names of the files written into the output folder.
const REVIEW: &str = "审核.html";
const SHEET: &str = "各单位情况.xlsx";
const CSV: &str = "各单位情况.csv";

#[derive(Args, Debug)]
pub struct AggregateArgs {
    /// 各单位的报告文件或文件夹（文件夹内逐层查找）/ The units' report files or folders
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 汇总机关名称 / Agency publishing the 汇总 report
    #[arg(long)]
    agency: String,
    /// 报告年度（各单位报告必须是同一年度）/ Report year (every unit's must match)
    #[arg(long)]
    year: i64,
    /// 输出目录 / Output folder
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    out_dir: PathBuf,
    /// 应报送单位名单（每行一个机关名称）/ Expected units, one agency name a line
    #[arg(long, value_name = "units.txt")]
    expect: Option<PathBuf>,
    /// 不计入有错误的单位（默认拒绝汇总）/ Leave out units with errors instead of refusing
    #[arg(long)]
    skip_errors: bool,
    /// 覆盖已有的汇总报告文件 / Overwrite an existing 汇总 report file
    #[arg(long)]
    force: bool,
    /// 不显示进度条 / No progress bar
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(args: AggregateArgs) -> u8 {
    let agency = args.agency.trim();
    if agency.is_empty() {
        errln!("错误：机关名称不能为空（--agency \"某某县人民政府\"）");
        return exit::CANNOT_RUN;
    }
    if FormatVersion::for_year(args.year).is_none() {
        errln!(
            "错误：报告年度 {} 不在支持的范围内（{FIRST_YEAR}–{LAST_YEAR} 年）",
            args.year
        );
        return exit::CANNOT_RUN;
    }
    let expected = match args.expect.as_deref().map(read_expected).transpose() {
        Ok(e) => e,
        Err(message) => {
            errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&args.out_dir) {
        errln!(
            "错误：无法创建输出目录 {}：{}",
            args.out_dir.display(),
            io_reason(&e)
        );
        return exit::CANNOT_RUN;
    }
    let report_path = args.out_dir.join(format!("{agency}{}年报.toml", args.year));
    let (mut inputs, problems) = batch::collect(&args.files);
    // The output folder may lie inside the units' folder: its files are no unit.
    if let Ok(out) = std::fs::canonicalize(&args.out_dir) {
        inputs.retain(|i| std::fs::canonicalize(&i.path).map_or(true, |p| !p.starts_with(&out)));
    }
    let mut code = exit::OK;
    for p in &problems {
        errln!("错误：{p}");
        code = exit::CANNOT_RUN;
    }
    if inputs.is_empty() {
        errln!("错误：没有找到任何单位的报告文件");
        return exit::CANNOT_RUN;
    }
    let progress = Progress::new(inputs.len(), args.quiet);
    let mut units = Vec::with_capacity(inputs.len());
    batch::for_each(
        &inputs,
        |input| read_unit(input, args.year),
        |i, unit| {
            progress.advance(&display_path(&inputs[i].path));
            match unit {
                Ok(u) => units.push(u),
                Err(panic) => progress.print(|| {
                    errln!(
                        "错误：{}：读取时出现内部错误（{panic}）",
                        inputs[i].path.display()
                    )
                }),
            }
        },
    );
    progress.finish();
    let agg = Aggregate::new(agency, args.year, units, expected.as_deref());
    let blocked = agg.blocked();
    for u in &blocked {
        let why = u
            .problem
            .clone()
            .unwrap_or_else(|| format!("{} 个错误（nianbao check {} 查看详情）", u.errors, u.file));
        errln!("{}（{}）：{why}", u.file, u.agency);
    }
    let refused = (!blocked.is_empty() && !args.skip_errors) || code != exit::OK;
    if !blocked.is_empty() && !args.skip_errors {
        errln!(
            "错误：{} 个单位的报告有错误或不能汇总（见上），未生成汇总报告。改正后重新汇总，或加 --skip-errors 不计入这些单位。",
            blocked.len()
        );
        code = code.max(exit::REPORT_ERRORS);
    }
    for m in &agg.missing {
        errln!("未报送：{m}");
    }
    let review = match agg.review_html(refused) {
        Ok(html) => html,
        Err(message) => {
            errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
    };
    code = code.max(write(&args.out_dir.join(REVIEW), review.as_bytes()));
    if refused {
        return code;
    }
    let toml = agg.report_toml();
    code = code.max(write_report(&report_path, &toml, args.force));
    code = code.max(write(&args.out_dir.join(CSV), agg.csv().as_bytes()));
    match agg.xlsx() {
        Ok(bytes) => code = code.max(write(&args.out_dir.join(SHEET), &bytes)),
        Err(e) => {
            errln!("错误：无法生成 {SHEET}：{e}");
            code = exit::CANNOT_RUN;
        }
    }
    outln!(
        "已汇总 {} 个单位（共 {} 份报告，{} 份未计入）。下一步：填写 {} 中的正文，运行 nianbao check 和 nianbao build。",
        agg.included.len(),
        agg.units.len(),
        agg.units.len() - agg.included.len(),
        report_path.display()
    );
    code
}

/// One agency name a line; blank lines and 「#」 comments are skipped.
fn read_expected(path: &Path) -> Result<Vec<String>, String> {
    let file =
        read_source(path).map_err(|_| format!("应报送单位名单 {} 无法读取", path.display()))?;
    Ok(file
        .text
        .lines()
        .map(|l| l.trim().trim_start_matches('\u{feff}').trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect())
}

fn write(path: &Path, bytes: &[u8]) -> u8 {
    match write_atomic(path, bytes) {
        Ok(()) => {
            outln!("已生成 {}", path.display());
            exit::OK
        }
        Err(e) => {
            errln!("错误：无法写入 {}：{}", path.display(), io_reason(&e));
            exit::CANNOT_RUN
        }
    }
}

/// The 汇总 report file is where the narrative gets written: never replaced without --force.
fn write_report(path: &Path, text: &str, force: bool) -> u8 {
    if force {
        return write(path, text.as_bytes());
    }
    let created = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    match created {
        Ok(()) => {
            outln!("已生成 {}", path.display());
            exit::OK
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            errln!(
                "错误：{} 已存在（其中可能已写了正文），未作改动。加 --force 覆盖，或换一个输出目录",
                path.display()
            );
            exit::CANNOT_RUN
        }
        Err(e) => {
            errln!("错误：无法写入 {}：{}", path.display(), io_reason(&e));
            exit::CANNOT_RUN
        }
    }
}
