//! `nianbao new`: a complete report file to fill in, or last year's rolled forward.

use std::path::{Path, PathBuf};

use clap::Args;

use super::exit;
use crate::format::{FIRST_YEAR, FormatVersion, LAST_YEAR};
use crate::io::same_file;
use crate::load::load_previous_noted;
use crate::report::report_file_name;
use crate::template::{new_report, roll_forward};
use crate::{errln, out, outln};

#[derive(Args, Debug)]
pub struct NewArgs {
    /// 机关名称 / Agency name
    #[arg(long, required_unless_present = "from", conflicts_with = "from")]
    agency: Option<String>,
    /// 报告年度 / Report year
    #[arg(long, required_unless_present = "from", conflicts_with = "from")]
    year: Option<i64>,
    /// 由上年报告文件结转 / Roll last year's report file forward
    #[arg(long, value_name = "LAST_YEAR.toml")]
    from: Option<PathBuf>,
    /// 输出文件（默认：机关名称+年度.toml；- 表示标准输出）/ Output file (- for stdout)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// 覆盖已存在的文件 / Overwrite an existing file
    #[arg(long)]
    force: bool,
}

pub fn run(args: NewArgs) -> u8 {
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    let (text, agency, year) = match &args.from {
        Some(path) => match load_previous_noted(path) {
            Ok((last, notes)) => {
                // What import found odd in a published report, before it is used.
                for note in &notes {
                    crate::errln!("{note}");
                }
                let year = last.meta.year.value + 1;
                let agency = last.meta.agency.value.clone();
                // Remembered for check and build, relative to where the new file goes.
                let target = match (&args.output, to_stdout) {
                    (Some(o), false) => o.clone(),
                    _ => PathBuf::from(report_file_name(&agency, year)),
                };
                let from =
                    crate::load::relative_path(path, target.parent().unwrap_or(Path::new("")));
                (roll_forward(&last, from.as_deref()), agency, year)
            }
            Err(message) => {
                errln!("错误：{message}");
                return exit::CANNOT_RUN;
            }
        },
        None => {
            let agency = args.agency.clone().unwrap_or_default();
            let year = args.year.unwrap_or_default();
            if agency.trim().is_empty() {
                errln!(
                    "错误：机关名称不能为空（--agency \"{}\"）",
                    crate::format::placeholder::AGENCY_EXAMPLE
                );
                return exit::CANNOT_RUN;
            }
            if FormatVersion::for_year(year).is_none() {
                errln!("错误：报告年度 {year} 不在支持的范围内（{FIRST_YEAR}–{LAST_YEAR} 年）");
                return exit::CANNOT_RUN;
            }
            (
                new_report(agency.trim(), year),
                agency.trim().to_string(),
                year,
            )
        }
    };
    if to_stdout {
        super::out::stdout_is_the_product();
        out!("{text}");
        return exit::OK;
    }
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(report_file_name(&agency, year)));
    if let Some(from) = &args.from
        && same_file(from, &path)
    {
        errln!("错误：输出文件不能是上年报告文件本身（{}）", path.display());
        return exit::CANNOT_RUN;
    }
    if let Err(code) = super::write_named(&path, text.as_bytes(), args.force) {
        return code;
    }
    outln!(
        "已生成 {}（{agency}{year}年度）。填写后运行：nianbao check {}",
        path.display(),
        path.display()
    );
    exit::OK
}
