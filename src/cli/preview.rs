//! `nianbao preview FILE`: serve the rendered report on 127.0.0.1 and reload the
//! open page when the file is saved. While the report has errors the page shows
//! the same findings as `nianbao check`.
//!
//! The server is deliberately tiny: it answers `/` (the report), its own event
//! endpoint and nothing else, and binds to the loopback address only.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;

use clap::Args;

use super::{exit, serving};
use crate::preview::{Preview, handle};
use crate::render::RenderOptions;
use crate::serve::serve;

#[derive(Args, Debug)]
pub struct PreviewArgs {
    /// 报告文件 / Report file (TOML)
    file: PathBuf,
    /// 端口（默认自动选择空闲端口）/ Port on 127.0.0.1 (default: a free one)
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// 自定义模板目录（覆盖同名内置模板）/ Folder of templates overriding the built-in ones
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

pub fn run(args: PreviewArgs) -> u8 {
    let options = RenderOptions {
        template_dir: args.templates.clone(),
        ..RenderOptions::default()
    };
    let (listener, port) = match serving::listen(args.port, "预览") {
        Ok(l) => l,
        Err(message) => {
            crate::errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
    };
    let shared = Arc::new(Preview::new(args.file.clone(), options));
    let stop = serving::ctrl_c("预览");
    {
        let shared = Arc::clone(&shared);
        thread::spawn(move || shared.watch());
    }
    {
        let shared = Arc::clone(&shared);
        thread::spawn(move || {
            serve(listener, move |stream| {
                let _ = handle(stream, port, &shared);
            })
        });
    }
    crate::outln!("预览地址：http://127.0.0.1:{port}/");
    crate::outln!(
        "保存 {} 后页面会自动刷新；按 Ctrl-C 结束预览。",
        args.file.display()
    );
    let _ = std::io::stdout().flush();
    let _ = stop.recv();
    crate::outln!("预览已结束。");
    exit::OK
}
