//! `nianbao check`: run every rule and report every finding.

use std::path::PathBuf;

use clap::Args;

use super::glyphs::add_missing_glyphs;
use super::load::{load, load_previous};
use super::{MessageFormat, exit};
use crate::render::RenderOptions;
use crate::{errln, outln};

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// 报告文件（可多个）/ Report files (TOML)
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 输出格式 / Output format
    #[arg(long, value_enum, default_value_t)]
    format: MessageFormat,
    /// 警告也视为错误 / Treat warnings as errors
    #[arg(long)]
    strict: bool,
    /// 上年报告文件，用于核对结转（R5、R6）/ Last year's report file (rules R5, R6)
    #[arg(long, value_name = "LAST_YEAR.toml")]
    previous: Option<PathBuf>,
}

pub fn run(args: CheckArgs) -> u8 {
    let previous = match args.previous.as_deref().map(load_previous).transpose() {
        Ok(p) => p,
        Err(message) => {
            errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
    };
    let mut code = exit::OK;
    let mut json = Vec::new();
    for path in &args.files {
        let mut loaded = match load(path, previous.as_ref()) {
            Ok(l) => l,
            Err(message) => {
                errln!("错误：{message}");
                code = exit::CANNOT_RUN;
                continue;
            }
        };
        add_missing_glyphs(&mut loaded, &RenderOptions::default());
        if loaded.unreadable {
            code = exit::CANNOT_RUN;
        } else if loaded.has_errors(args.strict) && code == exit::OK {
            code = exit::REPORT_ERRORS;
        }
        match args.format {
            MessageFormat::Json => {
                json.extend(loaded.diagnostics.iter().map(|d| d.to_json(&loaded.file)));
            }
            MessageFormat::Human => {
                for d in &loaded.diagnostics {
                    outln!("{}", d.render(&loaded.file));
                }
                let (errors, warnings) = loaded.counts();
                let verdict = if errors == 0 { "通过" } else { "未通过" };
                outln!(
                    "{}：{verdict}，{errors} 个错误，{warnings} 个警告",
                    path.display()
                );
            }
        }
    }
    if args.format == MessageFormat::Json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&json).expect("diagnostics serialise")
        );
    }
    code
}
