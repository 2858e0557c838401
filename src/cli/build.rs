//! `nianbao build`: check, then render every requested format, for every file given
//! (folders searched) on all cores; with more than one file, a summary table.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;

use super::exit;
use super::load::load_alongside;
use crate::batch::{self, FileResult, Input, Progress, STRICT_NOTE, Status};
use crate::diag::display_path;
use crate::document::build_document;
use crate::io::{io_reason, same_file, write_all_or_none};
use crate::render::{Output, RenderError, RenderOptions, render};
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
}

pub fn run(args: BuildArgs) -> u8 {
    let mut outputs: Vec<Output> = Output::ALL
        .into_iter()
        .filter(|o| match o {
            Output::Html => args.html,
            Output::Docx => args.docx,
            Output::Pdf => args.pdf,
        })
        .collect();
    if outputs.is_empty() {
        outputs = Output::ALL.to_vec();
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
    let options = RenderOptions {
        template_dir: args.templates.clone(),
        font_dirs: args.font_dirs.clone(),
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
        |input| build_one(input, &outputs, &args, &options),
        |i, built| {
            let name = display_path(&inputs[i].path);
            let built = built.unwrap_or_else(|panic| Built {
                result: failed_result(&name),
                out: String::new(),
                err: format!("错误：{name}：生成时出现内部错误（{panic}），未生成其余文件\n"),
            });
            progress.advance(&name);
            progress.print(|| {
                crate::cli::out::stderr(format_args!("{}", built.err));
                out!("{}", built.out);
            });
            code = code.max(built.result.status.exit_code());
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
struct Built {
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

fn build_one(
    input: &Input,
    outputs: &[Output],
    args: &BuildArgs,
    options: &RenderOptions,
) -> Built {
    let path = input.path.as_path();
    let name = display_path(path);
    let mut built = Built {
        result: failed_result(&name),
        out: String::new(),
        err: String::new(),
    };
    // The outputs are rendered while the rules are checked, and written only if
    // the check lets the report through.
    let render_all = |report: &crate::report::Report| {
        let doc = build_document(report);
        render_in_parallel(&doc, outputs, options)
    };
    let (loaded, rendered) = match load_alongside(path, None, Some(render_all)) {
        Ok(l) => l,
        Err(message) => {
            let _ = writeln!(built.err, "错误：{message}");
            built.result.reason = Some(message);
            return built;
        }
    };
    let (errors, warnings) = loaded.counts();
    built.result.errors = errors;
    built.result.warnings = warnings;
    built.result.status = if loaded.unreadable {
        Status::Failed
    } else {
        Status::from_counts(errors, warnings, args.strict)
    };
    let blocking = loaded.has_errors(args.strict);
    for d in &loaded.diagnostics {
        if d.is_error() || blocking {
            let _ = writeln!(built.err, "{}", d.render(&loaded.file));
        }
    }
    let rendered = match (rendered, blocking) {
        (Some(r), false) => r,
        _ => {
            let why = if errors == 0 && args.strict {
                format!("{errors} 个错误，{warnings} 个警告{STRICT_NOTE}")
            } else {
                "报告有错误".to_string()
            };
            let _ = writeln!(
                built.err,
                "{name}：{why}，未生成任何文件。请先改正上面的错误（nianbao check 可查看全部问题）。"
            );
            return built;
        }
    };
    if warnings > 0 {
        let _ = writeln!(
            built.err,
            "{name}：有 {warnings} 个警告（nianbao check {name} 查看详情）"
        );
    }
    // All requested outputs or none: every format is rendered in memory first, and
    // the files are written only when all succeeded (staged, then renamed together).
    let mut files = Vec::with_capacity(outputs.len());
    for (&output, result) in outputs.iter().zip(rendered) {
        let target = output_path(input, args.out_dir.as_deref(), output);
        if same_file(path, &target) {
            let _ = writeln!(
                built.err,
                "错误：输出文件 {} 与报告文件相同",
                target.display()
            );
            return nothing_written(built, Status::Failed);
        }
        match result {
            Ok(bytes) => files.push((target, bytes)),
            Err(RenderError::Failed(message)) => {
                let _ = writeln!(built.err, "错误：生成 {} 失败：{message}", target.display());
                return nothing_written(built, Status::Errors);
            }
            Err(RenderError::Unusable(message)) => {
                let _ = writeln!(built.err, "错误：无法生成 {}：{message}", target.display());
                return nothing_written(built, Status::Failed);
            }
        }
    }
    for (target, _) in &files {
        if let Some(parent) = target.parent()
            && !parent.as_os_str().is_empty()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            let _ = writeln!(
                built.err,
                "错误：无法创建输出目录 {}：{}",
                parent.display(),
                io_reason(&e)
            );
            return nothing_written(built, Status::Failed);
        }
    }
    match write_all_or_none(&files) {
        Ok(()) => {
            for (target, _) in &files {
                built.result.outputs += 1;
                let _ = writeln!(built.out, "已生成 {}", target.display());
            }
        }
        Err((target, e)) => {
            let _ = writeln!(
                built.err,
                "错误：无法写入 {}：{}",
                target.display(),
                io_reason(&e)
            );
            return nothing_written(built, Status::Failed);
        }
    }
    built
}

/// Says that no output was written for this file, and marks it at least `status`.
/// Every requested format of `doc`, each rendered on its own thread, in `outputs` order.
fn render_in_parallel(
    doc: &crate::document::Document,
    outputs: &[Output],
    options: &RenderOptions,
) -> Vec<Result<Vec<u8>, RenderError>> {
    std::thread::scope(|scope| {
        let workers: Vec<_> = outputs
            .iter()
            .map(|&output| scope.spawn(move || render(output, doc, options)))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

fn nothing_written(mut built: Built, status: Status) -> Built {
    let _ = writeln!(
        built.err,
        "{}：未生成任何文件（所要求的各种格式要么全部生成，要么都不生成）。",
        built.result.file
    );
    built.result.status = built.result.status.max(status);
    built
}

/// `DIR/<place of the input>.ext` (sub-folders kept, so same-named files in
/// different folders stay apart), or beside the input.
fn output_path(input: &Input, out_dir: Option<&Path>, output: Output) -> PathBuf {
    let base = match out_dir {
        Some(dir) => dir.join(&input.rel),
        None => input.path.clone(),
    };
    let stem = base
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_else(|| "report".into());
    let mut name = stem;
    name.push(".");
    name.push(output.extension());
    base.with_file_name(name)
}
