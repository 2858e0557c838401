//! `nianbao preview FILE`: serve the rendered report on 127.0.0.1 and reload the
//! open page when the file is saved. While the report has errors the page shows
//! the same findings as `nianbao check`.
//!
//! The server is deliberately tiny: it answers `/` (the report), its own event
//! endpoint and nothing else, and binds to the loopback address only.

use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::thread;

use clap::Args;

use super::exit;
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
    let listener = match TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => {
            crate::errln!("错误：无法在 127.0.0.1:{} 上启动预览：{e}", args.port);
            return exit::CANNOT_RUN;
        }
    };
    let port = match listener.local_addr() {
        Ok(a) => a.port(),
        Err(e) => {
            crate::errln!("错误：无法启动预览：{e}");
            return exit::CANNOT_RUN;
        }
    };
    let shared = Arc::new(Preview::new(args.file.clone(), options));
    let (stop_tx, stop_rx) = mpsc::channel();
    if ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .is_err()
    {
        crate::errln!("警告：无法捕获 Ctrl-C，请直接关闭窗口结束预览");
    }
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
    let _ = stop_rx.recv();
    crate::outln!("预览已结束。");
    exit::OK
}
