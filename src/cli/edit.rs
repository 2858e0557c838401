//! `nianbao edit FILE`: fill in the report in the browser. Serves the editor
//! ([`crate::edit::server`]) on 127.0.0.1; every change is written back to the
//! TOML file at once, in place, keeping everything else in the file as it was.
//! This file reads the arguments, makes or converts the file when asked, and
//! runs the server until Ctrl-C.

use std::path::PathBuf;
use std::sync::Arc;
use std::thread;

use clap::Args;

use super::{exit, serving};
use crate::edit;
use crate::edit::server::{Editor, check_year, create, handle, last_year};
use crate::serve::{new_token, serve};
use crate::{errln, outln};

#[derive(Args, Debug)]
pub struct EditArgs {
    /// 报告文件（不存在时按 new 的模板新建）/ Report file (TOML); created like `new` when missing
    file: PathBuf,
    /// 端口（默认自动选择空闲端口）/ Port on 127.0.0.1 (default: a free one)
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// 启动后用默认浏览器打开页面 / Open the page in the default browser
    #[arg(long)]
    open: bool,
    /// 新建文件时的机关名称（不给出时在页面中填写）/ Agency for a new file (asked in the page when not given)
    #[arg(long)]
    agency: Option<String>,
    /// 新建文件时的报告年度（默认上一年）/ Year for a new file (default: last year)
    #[arg(long)]
    year: Option<i64>,
    /// 文件是 GBK 或 UTF-16 编码时，另存 UTF-8 副本（文件名-utf8.toml）并编辑副本，原文件不变
    /// / For a GBK or UTF-16 file: write a UTF-8 copy beside it and edit the copy
    #[arg(long)]
    convert: bool,
}

pub fn run(args: EditArgs) -> u8 {
    let missing = std::fs::symlink_metadata(&args.file).is_err();
    let default_year = args.year.unwrap_or_else(last_year);
    if missing && let Some(agency) = &args.agency {
        match create(&args.file, agency, default_year) {
            Ok(()) => outln!("已新建 {}（内容与 nianbao new 相同）", args.file.display()),
            Err(message) => {
                errln!("错误：{message}");
                return exit::CANNOT_RUN;
            }
        }
    } else if missing {
        if let Err(message) = check_year(default_year) {
            errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
        outln!(
            "{} 还不存在：在页面中填写机关名称和年度后新建。",
            args.file.display()
        );
    }
    let mut file = args.file.clone();
    match edit::read(&file) {
        Ok(_) => {}
        Err(edit::Unreadable::Io(_)) if missing && args.agency.is_none() => {}
        Err(edit::Unreadable::Io(message)) => {
            errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
        Err(edit::Unreadable::Encoding {
            file: source,
            finding,
            foreign,
        }) => {
            errln!("{}", finding.render(&source));
            if foreign.is_none() {
                return exit::CANNOT_RUN;
            }
            if args.convert {
                match edit::encoding::convert(&file) {
                    Ok(copy) => {
                        outln!(
                            "已另存 UTF-8 副本 {}（原文件 {} 未改动），下面编辑副本。",
                            copy.display(),
                            file.display()
                        );
                        file = copy;
                    }
                    Err(message) => {
                        errln!("错误：{message}");
                        return exit::CANNOT_RUN;
                    }
                }
            } else {
                errln!(
                    "这个文件不会被修改。页面中可以另存一份 UTF-8 副本 {} 再编辑；也可以运行 nianbao edit {} --convert",
                    edit::encoding::copy_path(&file).display(),
                    file.display()
                );
            }
        }
    }
    let (listener, port) = match serving::listen(args.port, "编辑页面") {
        Ok(l) => l,
        Err(message) => {
            errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
    };
    let editor = Arc::new(Editor::new(
        file.clone(),
        default_year,
        port,
        new_token(),
        String::new(),
        say,
    ));
    let stop = serving::ctrl_c("编辑");
    thread::spawn(move || {
        serve(listener, move |stream| {
            let _ = handle(stream, &editor);
        })
    });
    let url = format!("http://127.0.0.1:{port}/");
    outln!("编辑地址：{url}");
    outln!(
        "每次修改都会立即保存到 {}；按 Ctrl-C 结束编辑。",
        file.display()
    );
    if args.open {
        open_browser(&url);
    }
    let _ = stop.recv();
    outln!("编辑已结束。");
    exit::OK
}

fn open_browser(url: &str) {
    if crate::start::open::url(url).is_err() {
        errln!("提示：无法自动打开浏览器，请手动打开 {url}");
    }
}

/// Prints what the page did to the files.
pub(super) fn say(line: &str) {
    outln!("{line}");
}
