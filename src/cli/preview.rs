//! `nianbao preview FILE`: serve the rendered report on 127.0.0.1 and reload the
//! open page when the file is saved. While the report has errors the page shows
//! the same findings as `nianbao check`.
//!
//! The server is deliberately tiny: it answers `/` (the report), its own event
//! endpoint and nothing else, and binds to the loopback address only.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::thread;
use std::time::{Duration, SystemTime};

use clap::Args;

use super::exit;
use crate::document::build_document;
use crate::load::load;
use crate::render::html::{self, DiagnosticView, DiagnosticsPage};
use crate::render::{RenderError, RenderOptions};
use crate::serve::{Admission, Replies, Scripts, admit, escape, serve};

/// Preview's page carries its inline reload script.
fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    crate::serve::respond(
        stream,
        status,
        content_type,
        body,
        head_only,
        Scripts::Inline,
    )
}

/// How often the report file is looked at.
const POLL: Duration = Duration::from_millis(200);
/// How long an event request waits for a change before answering anyway.
const LONG_POLL: Duration = Duration::from_secs(25);
/// The endpoint the page asks for changes.
const EVENTS: &str = "/__nianbao/events";

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

/// The page being served and its version (bumped on every change).
struct Page {
    version: u64,
    html: String,
}

struct Shared {
    page: Mutex<Page>,
    changed: Condvar,
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
    // Fingerprint before the first render, so that a save racing the start-up is
    // still seen as a change.
    let seen = fingerprint(&args.file, options.template_dir.as_deref());
    let shared = Arc::new(Shared {
        page: Mutex::new(Page {
            version: 1,
            html: render_page(&args.file, &options),
        }),
        changed: Condvar::new(),
    });
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
        let file = args.file.clone();
        thread::spawn(move || watch(&file, &options, &shared, seen));
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

/// Re-renders whenever the report file (or a template) changes.
fn watch(file: &Path, options: &RenderOptions, shared: &Shared, mut seen: Fingerprint) {
    loop {
        thread::sleep(POLL);
        let now = fingerprint(file, options.template_dir.as_deref());
        if now == seen {
            continue;
        }
        seen = now;
        let html = render_page(file, options);
        let mut page = shared.page.lock().unwrap_or_else(|e| e.into_inner());
        if page.html != html {
            page.html = html;
            page.version += 1;
            shared.changed.notify_all();
        }
    }
}

type Fingerprint = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

/// Modification time and length of the report file and of every template file.
fn fingerprint(file: &Path, template_dir: Option<&Path>) -> Fingerprint {
    let stamp = |p: &Path| {
        std::fs::metadata(p)
            .ok()
            .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()))
    };
    let mut out = vec![(file.to_path_buf(), stamp(file))];
    if let Some(dir) = template_dir
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        out.extend(paths.into_iter().map(|p| {
            let s = stamp(&p);
            (p, s)
        }));
    }
    out
}

/// The report as HTML, or the page of findings when it cannot be rendered.
pub(super) fn render_page(file: &Path, options: &RenderOptions) -> String {
    let shown = file.display().to_string();
    let failed = |message: String| DiagnosticsPage {
        file: shown.clone(),
        summary: "无法生成".into(),
        message: Some(message),
        diagnostics: Vec::new(),
    };
    let page = match load(file, None) {
        Err(message) => failed(message),
        Ok(loaded) => match &loaded.report {
            Some(report) if !loaded.has_errors(false) => {
                match html::render(&build_document(report), options) {
                    Ok(bytes) => {
                        let html = String::from_utf8_lossy(&bytes);
                        return with_warnings(&html, &loaded);
                    }
                    Err(RenderError::Failed(m) | RenderError::Unusable(m)) => failed(m),
                }
            }
            _ => {
                let (errors, warnings) = loaded.counts();
                DiagnosticsPage {
                    file: shown.clone(),
                    summary: format!("未通过，{errors} 个错误，{warnings} 个警告"),
                    message: None,
                    diagnostics: loaded
                        .diagnostics
                        .iter()
                        .map(|d| DiagnosticView {
                            severity: if d.is_error() { "error" } else { "warning" },
                            text: d.render(&loaded.file),
                        })
                        .collect(),
                }
            }
        },
    };
    match html::render_diagnostics(&page, options) {
        Ok(text) => text,
        Err(e) => plain_page(&page, &e),
    }
}

/// The rendered report with the warnings `check` gives listed above it (preview
/// only: the panel is not printed and never reaches `build`'s output).
fn with_warnings(html: &str, loaded: &crate::load::Loaded) -> String {
    if loaded.diagnostics.is_empty() {
        return html.to_string();
    }
    let mut panel = format!(
        "<aside class=\"nianbao-preview-findings\" style=\"margin:1em;padding:0.5em 1em;border:2px solid #b58900;background:#fffbea;font:14px/1.5 monospace\">\n<p><strong>检查：{} 个警告（不影响生成，建议处理）</strong></p>\n",
        loaded.diagnostics.len()
    );
    for d in &loaded.diagnostics {
        panel.push_str("<div style=\"white-space:pre-wrap;margin:0.5em 0\">");
        panel.push_str(&escape(&d.render(&loaded.file)));
        panel.push_str("</div>\n");
    }
    panel.push_str(
        "</aside>\n<style>@media print { .nianbao-preview-findings { display: none } }</style>\n",
    );
    match html
        .find("<body")
        .and_then(|at| html[at..].find('>').map(|end| at + end + 1))
    {
        Some(at) => format!("{}{panel}{}", &html[..at], &html[at..]),
        None => format!("{panel}{html}"),
    }
}

/// Last resort when the user's diagnostics template itself is broken.
fn plain_page(page: &DiagnosticsPage, error: &RenderError) -> String {
    let mut text = format!("{}：{}\n\n", page.file, page.summary);
    let (RenderError::Failed(m) | RenderError::Unusable(m)) = error;
    text.push_str(m);
    text.push_str("\n\n");
    for line in page
        .message
        .iter()
        .chain(page.diagnostics.iter().map(|d| &d.text))
    {
        text.push_str(line);
        text.push('\n');
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>报告有错误</title></head><body><pre>{}</pre></body></html>\n",
        escape(&text)
    )
}

/// The script that reloads the page when the server has a newer version, keeping
/// the reader's place on the page.
fn reload_script(version: u64) -> String {
    format!(
        r#"<script>
(function () {{
  var version = {version}, key = "nianbao-scroll";
  var y = sessionStorage.getItem(key);
  if (y !== null) {{ sessionStorage.removeItem(key); window.scrollTo(0, Number(y)); }}
  function reload() {{ sessionStorage.setItem(key, String(window.scrollY)); location.reload(); }}
  function poll() {{
    fetch("{EVENTS}?since=" + version, {{ cache: "no-store" }})
      .then(function (r) {{ return r.text(); }})
      .then(function (t) {{ if (t.trim() !== String(version)) {{ reload(); }} else {{ poll(); }} }})
      .catch(function () {{ setTimeout(poll, 1000); }});
  }}
  poll();
}})();
</script>
"#
    )
}

/// The page with the reload script inserted before `</body>`.
fn with_reload(html: &str, version: u64) -> String {
    let script = reload_script(version);
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
        None => format!("{html}{script}"),
    }
}

fn handle(mut stream: TcpStream, port: u16, shared: &Shared) -> std::io::Result<()> {
    let door = Admission {
        port,
        read_only: true,
        guard: None,
        replies: Replies::Text,
    };
    let Some(req) = admit(&mut stream, &door)? else {
        return Ok(());
    };
    let head = req.method == "HEAD";
    match req.path() {
        "/" | "/index.html" => {
            let body = {
                let page = shared.page.lock().unwrap_or_else(|e| e.into_inner());
                with_reload(&page.html, page.version)
            };
            respond(
                &mut stream,
                200,
                "text/html; charset=utf-8",
                body.as_bytes(),
                head,
            )
        }
        EVENTS => {
            let since = req
                .query("since")
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
            let page = shared.page.lock().unwrap_or_else(|e| e.into_inner());
            let (page, _) = shared
                .changed
                .wait_timeout_while(page, LONG_POLL, |p| p.version == since)
                .unwrap_or_else(|e| e.into_inner());
            let body = page.version.to_string();
            drop(page);
            respond(
                &mut stream,
                200,
                "text/plain; charset=utf-8",
                body.as_bytes(),
                head,
            )
        }
        "/favicon.ico" => respond(&mut stream, 204, "text/plain", b"", head),
        _ => respond(
            &mut stream,
            404,
            "text/plain; charset=utf-8",
            "未找到".as_bytes(),
            head,
        ),
    }
}
