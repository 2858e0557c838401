//! The command line: one file per subcommand.

mod aggregate;
mod build;
mod check;
mod edit;
mod fonts;
mod import;
mod new;
pub(crate) mod out;
mod preview;
mod progress;
mod serving;
mod start;
mod templates;
mod usage;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::{errln, out};

/// Exit codes, chosen on purpose.
pub mod exit {
    /// No errors.
    pub const OK: u8 = 0;
    /// The report has errors.
    pub const REPORT_ERRORS: u8 = 1;
    /// The command could not run (bad arguments, unreadable file, unparsable TOML).
    pub const CANNOT_RUN: u8 = 2;

    /// The exit code a file's status calls for.
    pub fn for_status(status: crate::batch::Status) -> u8 {
        use crate::batch::Status;
        match status {
            Status::Passed | Status::Warnings => OK,
            Status::Errors => REPORT_ERRORS,
            Status::Failed => CANNOT_RUN,
        }
    }
}

const AFTER_HELP: &str = "\
退出码 Exit codes:
  0  没有错误 (no errors)
  1  报告有错误 (the report has errors)
  2  命令无法执行：参数错误、文件无法读取、TOML 无法解析、模板或字体目录无法使用、
     已发布的报告无法导入 (the command could not run: bad arguments, unreadable file,
     unparsable TOML, unusable template or font folder, a published report that
     cannot be imported)";

/// nianbao（年报）：检查并生成政府信息公开工作年度报告。
/// Check and render Chinese government information disclosure annual reports
/// (国办公开办函〔2021〕30号 format) to HTML, DOCX and PDF.
#[derive(Parser, Debug)]
#[command(name = "nianbao", version, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 生成报告文件模板 / Write a new report file (every cell 0, every slot explained).
    New(new::NewArgs),
    /// 检查报告 / Check report files against every rule of the format.
    Check(check::CheckArgs),
    /// 生成 HTML、DOCX、PDF / Render report files (checks first; refuses reports with errors).
    Build(build::BuildArgs),
    /// 导入已发布的年度报告 / Import a published report (.txt/.html/.docx/.pdf) into a report file.
    Import(import::ImportArgs),
    /// 在浏览器中填写报告，修改即保存到文件 / Fill in the report in the browser, saved to the file as you go.
    Edit(edit::EditArgs),
    /// 汇总各单位报告 / Sum many units' reports into a 汇总 report, review page and spreadsheet.
    Aggregate(aggregate::AggregateArgs),
    /// 查看 PDF 字体 / Show which font serves each PDF role and why.
    Fonts(fonts::FontsArgs),
    /// 在浏览器中预览，保存后自动刷新 / Serve the rendered report on 127.0.0.1, reloading on save.
    Preview(preview::PreviewArgs),
    /// 导出内置 HTML 模板以便修改 / Copy the built-in HTML templates out for editing.
    Templates(templates::TemplatesArgs),
    /// 打开开始页面（双击 nianbao 即是）/ Open the start page in the browser (what a double-click does).
    Start(start::StartArgs),
}

impl Command {
    /// True when the command's product is files (or a server), its stdout only
    /// saying what was written; false when stdout is the product.
    fn stdout_only_lists(&self) -> bool {
        !matches!(self, Command::Check(_) | Command::Fonts(_))
    }
}

/// Writes a file the user named or that is named for them (`new`, `import`):
/// atomically, never over an existing file unless `force`; on failure says why
/// and gives the exit code.
fn write_named(path: &std::path::Path, bytes: &[u8], force: bool) -> Result<(), u8> {
    crate::io::write_new(path, bytes, force).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            errln!(
                "错误：{} 已存在，未作改动。换一个文件名（-o），或加 --force 覆盖",
                path.display()
            );
        } else {
            errln!(
                "错误：无法写入 {}：{}",
                path.display(),
                crate::io::io_reason(&e)
            );
        }
        exit::CANNOT_RUN
    })
}

/// How findings are printed.
#[derive(Clone, Copy, Debug, Default, ValueEnum, PartialEq, Eq)]
pub enum MessageFormat {
    /// 供人阅读 / for people
    #[default]
    Human,
    /// JSON，供程序读取 / for machines
    Json,
}

/// Parses the command line and runs it; returns the process exit code.
pub fn run() -> ExitCode {
    // A double-click (not a terminal) opens the start page; typed alone, the help.
    if std::env::args_os().len() == 1 && !crate::start::console::from_terminal() {
        return ExitCode::from(start::run(start::StartArgs::double_click()));
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    if cli.command.stdout_only_lists() {
        out::stdout_only_lists();
    }
    let code = match cli.command {
        Command::New(args) => new::run(args),
        Command::Check(args) => check::run(args),
        Command::Build(args) => build::run(args),
        Command::Import(args) => import::run(args),
        Command::Edit(args) => edit::run(args),
        Command::Aggregate(args) => aggregate::run(args),
        Command::Fonts(args) => fonts::run(args),
        Command::Preview(args) => preview::run(args),
        Command::Templates(args) => templates::run(args),
        Command::Start(args) => start::run(args),
    };
    ExitCode::from(code)
}

/// Prints a clap outcome: `--help`/`--version` to stdout (exit 0, the help
/// bilingual); a usage error to stderr entirely in Chinese (exit 2).
fn usage_error(e: &clap::Error) -> ExitCode {
    if !e.use_stderr() {
        out!("{}", e.render());
        return ExitCode::from(exit::OK);
    }
    errln!("{}", usage::message(e, &Cli::command()).trim_end());
    ExitCode::from(exit::CANNOT_RUN)
}
