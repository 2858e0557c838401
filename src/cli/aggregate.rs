//! `nianbao aggregate`: sum the units' reports into the 汇总 report, with the
//! per-unit appendix, the review page and the spreadsheet.

use std::path::PathBuf;

use clap::Args;

use super::exit;
use super::progress::Progress;
use crate::aggregate::{Aggregate, Sources, WriteError, read_expected, report_name};
use crate::diag::display_path;
use crate::format::{FIRST_YEAR, FormatVersion, LAST_YEAR};
use crate::io::io_reason;
use crate::{errln, outln};

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
    /// 上年各单位的报告文件或文件夹：与上年比较（各单位文件夹中的上年报告也会自动识别）/ Last year's units' reports, to compare with (found among the units too)
    #[arg(long, value_name = "DIR")]
    previous: Vec<PathBuf>,
}

pub fn run(args: AggregateArgs) -> u8 {
    let (agency, expected) = match prepare(&args) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let sources = Sources::find(
        &args.files,
        &args.previous,
        &args.out_dir,
        agency,
        args.year,
    );
    let mut code = exit::OK;
    for p in &sources.problems {
        errln!("错误：{p}");
        code = exit::CANNOT_RUN;
    }
    if sources.no_units() {
        errln!("错误：没有找到任何单位的报告文件");
        return exit::CANNOT_RUN;
    }
    let progress = Progress::new(sources.files(), args.quiet);
    let advance = |input: &crate::batch::Input| progress.advance(&display_path(&input.path));
    let agg = sources.read(agency, args.year, expected.as_deref(), advance);
    progress.finish();
    let Some(agg) = agg else {
        return year_out_of_range(args.year);
    };
    let refused = refuses(&agg, args.skip_errors);
    if refused {
        code = code.max(exit::REPORT_ERRORS);
    }
    for m in &agg.missing {
        errln!("未报送：{m}");
    }
    match agg.write_review(&args.out_dir, refused || code != exit::OK) {
        Ok(path) => outln!("已生成 {}", path.display()),
        Err(e) => {
            errln!("错误：{e}");
            code = exit::CANNOT_RUN;
        }
    }
    if refused || code != exit::OK {
        return code;
    }
    write_summed(&agg, &args).max(code)
}

/// Checks the arguments, reads the list of expected units and makes the output
/// folder: the agency and the list, or the exit code.
fn prepare(args: &AggregateArgs) -> Result<(&str, Option<Vec<String>>), u8> {
    let agency = args.agency.trim();
    if agency.is_empty() {
        errln!("错误：机关名称不能为空（--agency \"某某县人民政府\"）");
        return Err(exit::CANNOT_RUN);
    }
    if FormatVersion::for_year(args.year).is_none() {
        return Err(year_out_of_range(args.year));
    }
    let expected = args
        .expect
        .as_deref()
        .map(read_expected)
        .transpose()
        .map_err(|message| {
            errln!("错误：{message}");
            exit::CANNOT_RUN
        })?;
    if let Err(e) = std::fs::create_dir_all(&args.out_dir) {
        errln!(
            "错误：无法创建输出目录 {}：{}",
            args.out_dir.display(),
            io_reason(&e)
        );
        return Err(exit::CANNOT_RUN);
    }
    Ok((agency, expected))
}

fn year_out_of_range(year: i64) -> u8 {
    errln!("错误：报告年度 {year} 不在支持的范围内（{FIRST_YEAR}–{LAST_YEAR} 年）");
    exit::CANNOT_RUN
}

/// Names every unit that cannot be summed, and says whether the 汇总 is refused:
/// such units without `--skip-errors`, or no unit left to sum.
fn refuses(agg: &Aggregate, skip_errors: bool) -> bool {
    let blocked = agg.blocked();
    for u in &blocked {
        let why = u
            .problem
            .clone()
            .unwrap_or_else(|| format!("{} 个错误（nianbao check {} 查看详情）", u.errors, u.file));
        errln!("{}（{}）：{why}", u.file, u.agency);
    }
    if !blocked.is_empty() && !skip_errors {
        errln!(
            "错误：{} 个单位的报告有错误或不能汇总（见上），未生成汇总报告。改正后重新汇总，或加 --skip-errors 不计入这些单位。",
            blocked.len()
        );
        return true;
    }
    if agg.included.is_empty() {
        errln!(
            "错误：{} 个单位的报告都有错误或不能汇总（见上），没有可计入的单位，未生成汇总报告。",
            blocked.len()
        );
        return true;
    }
    false
}

/// Writes the 汇总 report, the CSV and the spreadsheet, then says what was summed.
fn write_summed(agg: &Aggregate, args: &AggregateArgs) -> u8 {
    match agg.write_summed(&args.out_dir, args.force) {
        Ok(paths) => {
            for path in &paths {
                outln!("已生成 {}", path.display());
            }
        }
        Err(e @ WriteError::ReportExists(_)) => {
            errln!("错误：{e}");
            return exit::CANNOT_RUN;
        }
        Err(e) => {
            errln!("错误：{e}；汇总报告未写入。");
            return exit::CANNOT_RUN;
        }
    }
    outln!(
        "已汇总 {} 个单位（共 {} 份报告，{} 份未计入）。下一步：填写 {} 中的正文，运行 nianbao check 和 nianbao build。",
        agg.included.len(),
        agg.units.len(),
        agg.units.len() - agg.included.len(),
        args.out_dir
            .join(report_name(&agg.agency, agg.year))
            .display()
    );
    exit::OK
}
