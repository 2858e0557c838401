//! `nianbao build`: check, then render every requested format, for every file given
//! (folders searched) on all cores; with more than one file, a summary table.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::exit;
use super::progress::Progress;
use crate::batch::{self, FileResult, STRICT_NOTE, Status};
use crate::build::{BuildError, BuildRequest, Built, build_report};
use crate::diag::display_path;
use crate::io::io_reason;
use crate::load::load_previous;
use crate::render::{Output, RenderOptions};
use crate::{errln, out};

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// 报告文件或文件夹（可多个，文件夹内逐层查找）/ Report files or folders (searched recursively)
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 生成 HTML / Write HTML
    #[arg(long)]
    html: bool,
    /// 生成 DOCX / Write DOCX
    #[arg(long)]
    docx: bool,
    /// 生成 PDF / Write PDF
    #[arg(long)]
    pdf: bool,
    /// 生成 PDF/A-2a 归档格式的 PDF（含 --pdf）/ Write the PDF as PDF/A-2a for archiving (implies --pdf)
    #[arg(long = "pdf-a")]
    pdf_a: bool,
    /// 生成 OFD（GB/T 33190，不在默认格式中）/ Write OFD (GB/T 33190; not among the defaults)
    #[arg(long)]
    ofd: bool,
    /// 输出目录（默认与报告文件同目录）/ Output folder (default: beside each input)
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// 警告也视为错误 / Treat warnings as errors
    #[arg(long)]
    strict: bool,
    /// 自定义模板目录（覆盖同名内置模板）/ Folder of templates overriding the built-in ones
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// 额外的字体目录 / Extra font folders
    #[arg(long = "font-dir", value_name = "DIR")]
    font_dirs: Vec<PathBuf>,
    /// 不显示进度条 / No progress bar
    #[arg(short, long)]
    quiet: bool,
    /// 在报告末尾附上与该上年报告逐项比较的附表（不属于规定格式）/ Append a table comparing every figure with this last year's report
    #[arg(long = "compare-previous", value_name = "LAST_YEAR.toml")]
    compare_previous: Option<PathBuf>,
}

pub fn run(args: BuildArgs) -> u8 {
    let mut outputs: Vec<Output> = Output::ALL
        .into_iter()
        .filter(|o| match o {
            Output::Html => args.html,
            Output::Docx => args.docx,
            Output::Pdf => args.pdf || args.pdf_a,
            Output::Ofd => args.ofd,
        })
        .collect();
    if outputs.is_empty() {
        outputs = Output::DEFAULT.to_vec();
    }
    if let Some(dir) = &args.out_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        errln!(
            "错误：无法创建输出目录 {}：{}",
            dir.display(),
            io_reason(&e)
        );
        return exit::CANNOT_RUN;
    }
    let compare_previous = match args.compare_previous.as_deref().map(load_previous) {
        Some(Err(message)) => {
            errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
        loaded => loaded.and_then(Result::ok),
    };
    let request = BuildRequest {
        outputs,
        out_dir: args.out_dir.clone(),
        strict: args.strict,
        render: RenderOptions {
            template_dir: args.templates.clone(),
            font_dirs: args.font_dirs.clone(),
            pdf_a: args.pdf_a,
        },
        compare_previous,
    };
    let (inputs, problems) = batch::collect(&args.files);
    let mut code = if inputs.is_empty() {
        exit::CANNOT_RUN
    } else {
        exit::OK
    };
    for p in &problems {
        errln!("错误：{p}");
        code = exit::CANNOT_RUN;
    }
    let progress = Progress::new(inputs.len(), args.quiet);
    let mut results = Vec::new();
    batch::for_each(
        &inputs,
        |input| build_report(input, &request),
        |i, built| {
            let name = display_path(&inputs[i].path);
            let built = match built {
                Ok(built) => told(&name, &built, args.strict),
                Err(panic) => Told {
                    result: failed_result(&name),
                    out: String::new(),
                    err: format!("错误：{name}：生成时出现内部错误（{panic}），未生成其余文件\n"),
                },
            };
            progress.advance(&name);
            progress.print(|| {
                crate::cli::out::stderr(format_args!("{}", built.err));
                out!("{}", built.out);
            });
            code = code.max(exit::for_status(built.result.status));
            results.push(built.result);
        },
    );
    progress.finish();
    if results.len() > 1 {
        batch::sort_worst_first(&mut results);
        out!("\n{}", batch::summary::table(&results, true, args.strict));
    }
    code
}

/// What building one file printed and how it fared.
struct Told {
    result: FileResult,
    /// For stdout: the files written.
    out: String,
    /// For stderr: findings and failures.
    err: String,
}

fn failed_result(name: &str) -> FileResult {
    FileResult {
        file: name.to_string(),
        status: Status::Failed,
        errors: 0,
        warnings: 0,
        outputs: 0,
        reason: None,
    }
}

/// The findings, the files written or why none was, for one built file.
fn told(name: &str, built: &Built, strict: bool) -> Told {
    let mut told = Told {
        result: failed_result(name),
        out: String::new(),
        err: String::new(),
    };
    told.result.status = built.status(strict);
    let Some(loaded) = &built.loaded else {
        let message = built.result.as_ref().err().map(ToString::to_string);
        let _ = writeln!(told.err, "错误：{}", message.clone().unwrap_or_default());
        told.result.reason = message;
        return told;
    };
    let (errors, warnings) = loaded.counts();
    told.result.errors = errors;
    told.result.warnings = warnings;
    let blocking = loaded.has_errors(strict);
    for d in &loaded.diagnostics {
        if d.is_error() || blocking {
            let _ = writeln!(told.err, "{}", d.render(&loaded.file));
        }
    }
    match &built.result {
        Err(BuildError::Refused) => {
            let why = if errors == 0 && strict {
                format!("{errors} 个错误，{warnings} 个警告{STRICT_NOTE}")
            } else {
                "报告有错误".to_string()
            };
            let _ = writeln!(
                told.err,
                "{name}：{why}，未生成任何文件。请先改正上面的错误（nianbao check 可查看全部问题）。"
            );
            return told;
        }
        _ if warnings > 0 => {
            let _ = writeln!(
                told.err,
                "{name}：有 {warnings} 个警告（nianbao check {name} 查看详情）"
            );
        }
        _ => {}
    }
    match &built.result {
        Ok(files) => {
            for target in files {
                told.result.outputs += 1;
                let _ = writeln!(told.out, "已生成 {}", target.display());
            }
        }
        Err(e) => {
            let _ = writeln!(told.err, "错误：{e}");
            let _ = writeln!(
                told.err,
                "{name}：未生成任何文件（所要求的各种格式要么全部生成，要么都不生成）。"
            );
        }
    }
    told
}
