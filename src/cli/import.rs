//! `nianbao import`: a published report (text, HTML, DOCX, PDF, OFD) into a report file.

use std::path::PathBuf;

use clap::Args;

use super::exit;
use crate::import::import_file;
use crate::io::same_file;
use crate::report::report_file_name;
use crate::{errln, outln};

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// 已发布的年度报告（.txt、.html、.docx、.pdf、.ofd，按内容识别）/ A published report
    #[arg(value_name = "FILE")]
    input: PathBuf,
    /// 输出的报告文件或文件夹（默认：当前文件夹中的 机关名称+年度年报.toml）/ Output report file or folder
    #[arg(short, long, value_name = "OUT.toml")]
    output: Option<PathBuf>,
    /// 覆盖已存在的文件（不会覆盖输入文件）/ Overwrite an existing file (never the input)
    #[arg(long)]
    force: bool,
}

pub fn run(args: ImportArgs) -> u8 {
    let outcome = match import_file(&args.input) {
        Ok(o) => o,
        Err(e) => {
            errln!("错误：{}：{e}", args.input.display());
            return exit::CANNOT_RUN;
        }
    };
    let imp = &outcome.imported;
    // The default name comes from the document's text: one plain file name, in
    // the current folder or the folder `-o` names.
    let default_name = || PathBuf::from(report_file_name(&imp.agency, imp.year));
    let path = match args.output.clone() {
        None => default_name(),
        Some(dir) if dir.is_dir() => dir.join(default_name()),
        Some(file) => file,
    };
    if same_file(&args.input, &path) {
        errln!("错误：输出文件不能是输入文件本身（{}）", path.display());
        return exit::CANNOT_RUN;
    }
    if let Err(code) = super::write_named(&path, outcome.toml.as_bytes(), args.force) {
        return code;
    }
    for note in &imp.notes {
        errln!("导入说明：{note}");
    }
    outln!(
        "已导入 {} → {}（{}{}年度，导入说明 {} 条）。请核对后运行：nianbao check {}",
        args.input.display(),
        path.display(),
        imp.agency,
        imp.year,
        imp.notes.len(),
        path.display()
    );
    if imp.tables.iter().all(Option::is_none) {
        // A page without its tables: the narrative is kept, but the
        // import is not complete (exit 2), as for any unusable input.
        errln!(
            "错误：{} 中没有找到任何统计表（表二、表三、表四）；正文已导入 {}，三张表需要照原报告补上",
            args.input.display(),
            path.display()
        );
        return exit::CANNOT_RUN;
    }
    exit::OK
}
