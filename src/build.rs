//! Check, then render: one report file to every requested output, all of them
//! or none. `nianbao build` drives this for each file; anything else that builds
//! a report (the editor, a service) calls [`build_report`] the same way.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::batch::{Input, Status};
use crate::document::{Document, document_with_appendix};
use crate::io::{io_reason, same_file, write_all_or_none};
use crate::load::{Loaded, load_alongside};
use crate::render::{Output, RenderError, RenderOptions, render};
use crate::report::Report;

/// What to build and where.
#[derive(Clone, Debug, Default)]
pub struct BuildRequest {
    /// The formats to write, in this order.
    pub outputs: Vec<Output>,
    /// `DIR` for the outputs (sub-folders of the input kept), or beside the input.
    pub out_dir: Option<PathBuf>,
    /// Warnings stop the build as errors do.
    pub strict: bool,
    pub render: RenderOptions,
    /// `--compare-previous`: last year's report, compared with and shown in the
    /// 附表 after the report (otherwise the file's own `previous` and
    /// `compare_previous` keys decide).
    pub compare_previous: Option<Report>,
}

/// One report built, or why not: its findings whenever it could be read.
pub struct Built {
    /// The report as read and checked; `None` when the file could not be read at all.
    pub loaded: Option<Loaded>,
    /// The files written, in `outputs` order; or why none was.
    pub result: Result<Vec<PathBuf>, BuildError>,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum BuildError {
    /// The file could not be read (the message names it).
    Unreadable(String),
    /// The check found errors (or warnings, with `strict`).
    Refused,
    /// An output would replace the report file itself.
    SameAsInput(PathBuf),
    /// The report cannot be rendered to this output (a user-fixable cause).
    Render(PathBuf, String),
    /// The renderer cannot work with its templates or fonts.
    Unusable(PathBuf, String),
    /// The output folder cannot be made.
    CreateDir(PathBuf, std::io::Error),
    /// An output cannot be written.
    Write(PathBuf, std::io::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Unreadable(message) => f.write_str(message),
            BuildError::Refused => f.write_str("报告有错误"),
            BuildError::SameAsInput(target) => {
                write!(f, "输出文件 {} 与报告文件相同", target.display())
            }
            BuildError::Render(target, message) => {
                write!(f, "生成 {} 失败：{message}", target.display())
            }
            BuildError::Unusable(target, message) => {
                write!(f, "无法生成 {}：{message}", target.display())
            }
            BuildError::CreateDir(dir, e) => {
                write!(f, "无法创建输出目录 {}：{}", dir.display(), io_reason(e))
            }
            BuildError::Write(target, e) => {
                write!(f, "无法写入 {}：{}", target.display(), io_reason(e))
            }
        }
    }
}

impl Built {
    /// How the file fared, as the batch summary counts it.
    pub fn status(&self, strict: bool) -> Status {
        let Some(loaded) = &self.loaded else {
            return Status::Failed;
        };
        let (errors, warnings) = loaded.counts();
        let checked = if loaded.unreadable {
            Status::Failed
        } else {
            Status::from_counts(errors, warnings, strict)
        };
        let failed = match &self.result {
            Ok(_) | Err(BuildError::Refused) => Status::Passed,
            Err(BuildError::Render(..)) => Status::Errors,
            Err(_) => Status::Failed,
        };
        checked.max(failed)
    }
}

/// Reads and checks `input`, and when the check lets it through writes every
/// requested output: rendered in memory while the rules run, then all written
/// or none (staged, then renamed together).
pub fn build_report(input: &Input, request: &BuildRequest) -> Built {
    let compare = request.compare_previous.as_ref();
    let render_all = |report: &Report, previous: Option<&Report>| {
        let doc = document_with_appendix(report, previous, compare.is_some());
        render_in_parallel(&doc, &request.outputs, &request.render)
    };
    let (loaded, rendered) = match load_alongside(&input.path, compare, Some(render_all)) {
        Ok(l) => l,
        Err(message) => {
            return Built {
                loaded: None,
                result: Err(BuildError::Unreadable(message)),
            };
        }
    };
    let result = match rendered {
        Some(rendered) if !loaded.has_errors(request.strict) => {
            write_outputs(input, request, rendered)
        }
        _ => Err(BuildError::Refused),
    };
    Built {
        loaded: Some(loaded),
        result,
    }
}

fn write_outputs(
    input: &Input,
    request: &BuildRequest,
    rendered: Vec<Result<Vec<u8>, RenderError>>,
) -> Result<Vec<PathBuf>, BuildError> {
    let mut files = Vec::with_capacity(rendered.len());
    for (&output, result) in request.outputs.iter().zip(rendered) {
        let target = output_path(input, request.out_dir.as_deref(), output);
        if same_file(&input.path, &target) {
            return Err(BuildError::SameAsInput(target));
        }
        match result {
            Ok(bytes) => files.push((target, bytes)),
            Err(RenderError::Failed(message)) => return Err(BuildError::Render(target, message)),
            Err(RenderError::Unusable(message)) => {
                return Err(BuildError::Unusable(target, message));
            }
        }
    }
    for (target, _) in &files {
        if let Some(parent) = target.parent()
            && !parent.as_os_str().is_empty()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            return Err(BuildError::CreateDir(parent.to_path_buf(), e));
        }
    }
    write_all_or_none(&files).map_err(|(target, e)| BuildError::Write(target, e))?;
    Ok(files.into_iter().map(|(target, _)| target).collect())
}

/// Every requested format of `doc`, each rendered on its own thread, in `outputs` order.
fn render_in_parallel(
    doc: &Document,
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

/// `DIR/<place of the input>.ext` (sub-folders kept, so same-named files in
/// different folders stay apart), or beside the input.
pub fn output_path(input: &Input, out_dir: Option<&Path>, output: Output) -> PathBuf {
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
