//! `nianbao start`: the start page a clerk opens with a double-click (and what
//! `nianbao` alone does when it was not started from a terminal).

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;

use clap::Args;

use super::{exit, serving};
use crate::serve::serve;
use crate::start::running::{self, DEFAULT_PORTS, Running};
use crate::start::server::{Start, handle};
use crate::start::{folder, open};
use crate::{errln, outln};

#[derive(Args, Debug, Default)]
pub struct StartArgs {
    /// 端口（默认 47310–47319 中第一个空闲的；0 表示任意空闲端口）/ Port on 127.0.0.1 (default: the first free one of 47310–47319; 0: any)
    #[arg(long)]
    port: Option<u16>,
    /// 不打开浏览器，只显示地址 / Print the address instead of opening the browser
    #[arg(long)]
    no_open: bool,
    /// 工作文件夹（默认：程序所在文件夹，不可写时为 文档/年报）/ Working folder (default: the program's folder, else Documents/年报)
    #[arg(long, value_name = "文件夹")]
    dir: Option<PathBuf>,
    /// Started by a double-click: keep the window open on an error, so it can be read.
    #[arg(skip)]
    double_clicked: bool,
}

impl StartArgs {
    /// What a double-click runs.
    pub fn double_click() -> StartArgs {
        StartArgs {
            double_clicked: true,
            ..StartArgs::default()
        }
    }
}

pub fn run(args: StartArgs) -> u8 {
    let code = serve_until_stopped(&args);
    if code != exit::OK && args.double_clicked {
        // The console window closes with the program: let the clerk read why.
        outln!("按回车键关闭本窗口。");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
    code
}

fn serve_until_stopped(args: &StartArgs) -> u8 {
    let dir = args.dir.clone().unwrap_or_else(folder::default_folder);
    if let Err(message) = folder::prepare(&dir) {
        errln!("错误：{message}");
        return exit::CANNOT_RUN;
    }
    let open_it = !args.no_open;
    if let Some(running) = running::find(&dir) {
        let url = running.url();
        outln!("开始页面已在运行：{url}");
        if open_it {
            show(&url);
        }
        return exit::OK;
    }
    let listener = match bind(args.port) {
        Ok(l) => l,
        Err(message) => {
            errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
    };
    let port = match serving::port_of(&listener, "开始页面") {
        Ok(port) => port,
        Err(message) => {
            errln!("错误：{message}");
            return exit::CANNOT_RUN;
        }
    };
    let token = crate::serve::new_token();
    let me = Running {
        port,
        token: token.clone(),
        pid: std::process::id(),
    };
    if let Err(e) = running::record(&dir, &me) {
        errln!(
            "警告：无法写入 {}（{}），再次双击时会另开一个页面",
            running::state_path(&dir).display(),
            crate::io::io_reason(&e)
        );
    }
    let stop = serving::ctrl_c("");
    let start = Arc::new(Start::new(
        dir.clone(),
        port,
        token,
        open_it,
        super::edit::say,
    ));
    thread::spawn(move || {
        serve(listener, move |stream| {
            let _ = handle(stream, &start);
        })
    });
    let url = me.url();
    outln!("开始页面地址：{url}");
    outln!("工作文件夹：{}", dir.display());
    outln!("使用时请保持本窗口打开；按 Ctrl-C 或关闭本窗口即结束。");
    if open_it {
        show(&url);
    }
    let _ = stop.recv();
    running::forget(&dir, &me);
    outln!("开始页面已结束。");
    exit::OK
}

/// Listens on `port`, or on the first free default port (any free one when all
/// ten are taken).
fn bind(port: Option<u16>) -> Result<TcpListener, String> {
    if let Some(port) = port {
        return TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| format!("无法在 127.0.0.1:{port} 上启动开始页面：{e}"));
    }
    DEFAULT_PORTS
        .filter_map(|p| TcpListener::bind(("127.0.0.1", p)).ok())
        .next()
        .map_or_else(
            || {
                TcpListener::bind(("127.0.0.1", 0))
                    .map_err(|e| format!("无法在 127.0.0.1 上启动开始页面：{e}"))
            },
            Ok,
        )
}

fn show(url: &str) {
    if open::url(url).is_err() {
        errln!("提示：无法自动打开浏览器，请手动打开 {url}");
    }
}
