//! `nianbao templates [DIR]`: copy the built-in HTML templates out for editing.

use std::path::PathBuf;

use clap::Args;

use super::exit;
use crate::io::{io_reason, write_atomic};
use crate::render::html::templates::BUILTIN;
use crate::{errln, outln};

#[derive(Args, Debug)]
pub struct TemplatesArgs {
    /// 目标目录（默认 templates）/ Folder to write the templates into
    #[arg(default_value = "templates")]
    dir: PathBuf,
    /// 覆盖已有的同名文件 / Overwrite existing files
    #[arg(long)]
    force: bool,
}

pub fn run(args: TemplatesArgs) -> u8 {
    if let Err(e) = std::fs::create_dir_all(&args.dir) {
        errln!(
            "错误：无法创建目录 {}：{}",
            args.dir.display(),
            io_reason(&e)
        );
        return exit::CANNOT_RUN;
    }
    let existing: Vec<PathBuf> = BUILTIN
        .iter()
        .map(|(name, _)| args.dir.join(name))
        .filter(|p| p.exists())
        .collect();
    if !existing.is_empty() && !args.force {
        for p in &existing {
            errln!("错误：{} 已存在", p.display());
        }
        errln!("未写入任何文件。要覆盖这些文件，请加 --force。");
        return exit::CANNOT_RUN;
    }
    for (name, text) in BUILTIN {
        let path = args.dir.join(name);
        if let Err(e) = write_atomic(&path, text.as_bytes()) {
            errln!("错误：无法写入 {}：{}", path.display(), io_reason(&e));
            return exit::CANNOT_RUN;
        }
        outln!("已写出 {}", path.display());
    }
    outln!(
        "修改后用 nianbao build 报告.toml --templates {} 生成（只需保留改过的文件，其余用内置模板）。",
        args.dir.display()
    );
    exit::OK
}
