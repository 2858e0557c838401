//! `nianbao build`: check, then render every requested format.

use std::path::{Path, PathBuf};

use clap::Args;

use super::exit;
use super::load::load;
use crate::document::build_document;
use crate::io::{io_reason, same_file, write_all_or_none};
use crate::render::{Output, RenderError, RenderOptions, render};
use crate::{errln, outln};

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// 报告文件（可多个）/ Report files (TOML)
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
    let mut code = exit::OK;
    for path in &args.files {
        code = code.max(build_one(path, &outputs, &args, &options));
    }
    code
}

fn build_one(path: &Path, outputs: &[Output], args: &BuildArgs, options: &RenderOptions) -> u8 {
    let loaded = match load(path, None) {
        Ok(l) => l,
        Err(message) => {
            errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
    };
    let blocking = loaded.has_errors(args.strict);
    for d in &loaded.diagnostics {
        if d.is_error() || blocking {
            errln!("{}", d.render(&loaded.file));
        }
    }
    let report = match (&loaded.report, blocking) {
        (Some(r), false) => r,
        _ => {
            errln!(
                "{}：报告有错误，未生成任何文件。请先改正上面的错误（nianbao check 可查看全部问题）。",
                path.display()
            );
            return if loaded.unreadable {
                exit::CANNOT_RUN
            } else {
                exit::REPORT_ERRORS
            };
        }
    };
    let warnings = loaded.diagnostics.len();
    if warnings > 0 {
        errln!(
            "{}：有 {warnings} 个警告（nianbao check {} 查看详情）",
            path.display(),
            path.display()
        );
    }
    let doc = build_document(report);
    // All requested outputs or none: every format is rendered in memory first,
    // and files are written only when all succeeded (then staged and renamed together).
    let mut files = Vec::with_capacity(outputs.len());
    for &output in outputs {
        let target = output_path(path, args.out_dir.as_deref(), output);
        if same_file(path, &target) {
            errln!("错误：输出文件 {} 与报告文件相同", target.display());
            return nothing_written(path, exit::CANNOT_RUN);
        }
        match render(output, &doc, options) {
            Ok(bytes) => files.push((target, bytes)),
            Err(RenderError::Failed(message)) => {
                errln!("错误：生成 {} 失败：{message}", target.display());
                return nothing_written(path, exit::REPORT_ERRORS);
            }
            Err(RenderError::Unusable(message)) => {
                errln!("错误：无法生成 {}：{message}", target.display());
                return nothing_written(path, exit::CANNOT_RUN);
            }
        }
    }
    match write_all_or_none(&files) {
        Ok(()) => {
            for (target, _) in &files {
                outln!("已生成 {}", target.display());
            }
            exit::OK
        }
        Err((target, e)) => {
            errln!("错误：无法写入 {}：{}", target.display(), io_reason(&e));
            exit::CANNOT_RUN
        }
    }
}

/// Says that no output was written for `path`, and returns `code`.
fn nothing_written(path: &Path, code: u8) -> u8 {
    errln!(
        "{}：未生成任何文件（所要求的各种格式要么全部生成，要么都不生成）。",
        path.display()
    );
    code
}

/// `dir/stem.ext`, or beside the input.
fn output_path(input: &Path, out_dir: Option<&Path>, output: Output) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_else(|| "report".into());
    let dir = out_dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| input.parent().map(Path::to_path_buf).unwrap_or_default());
    let mut name = stem;
    name.push(".");
    name.push(output.extension());
    dir.join(name)
}
