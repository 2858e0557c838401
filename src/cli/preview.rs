//! `nianbao preview FILE`: serve the rendered report on 127.0.0.1 and reload the
//! open page when the file is saved. While the report has errors the page shows
//! the same findings as `nianbao check`.
//!
//! The server is deliberately tiny: it answers `/` (the report), its own event
//! endpoint and nothing else, and binds to the loopback address only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use clap::Args;

use super::exit;
use super::load::load;
use crate::document::build_document;
use crate::render::html::{self, DiagnosticView, DiagnosticsPage};
use crate::render::{RenderError, RenderOptions};
use crate::{errln, outln};

/// How often the report file is looked at.
const POLL: Duration = Duration::from_millis(200);
/// How long an event request waits for a change before answering anyway.
const LONG_POLL: Duration = Duration::from_secs(25);
/// Connections served at once; more are answered 503 at once and closed.
const MAX_CONNECTIONS: usize = 32;
/// The whole request head must arrive within this time (no slowloris).
const REQUEST_TIME: Duration = Duration::from_secs(10);
/// Writing a response may take at most this long.
const WRITE_TIME: Duration = Duration::from_secs(10);
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
            errln!("错误：无法在 127.0.0.1:{} 上启动预览：{e}", args.port);
            return exit::CANNOT_RUN;
        }
    };
    let port = match listener.local_addr() {
        Ok(a) => a.port(),
        Err(e) => {
            errln!("错误：无法启动预览：{e}");
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
        // The receiver is gone only when the preview is already ending.
        stop_tx.send(()).ok();
    })
    .is_err()
    {
        errln!("警告：无法捕获 Ctrl-C，请直接关闭窗口结束预览");
    }
    {
        let shared = Arc::clone(&shared);
        let file = args.file.clone();
        thread::spawn(move || watch(&file, &options, &shared, seen));
    }
    {
        let shared = Arc::clone(&shared);
        thread::spawn(move || serve(listener, port, &shared));
    }
    outln!("预览地址：http://127.0.0.1:{port}/");
    outln!(
        "保存 {} 后页面会自动刷新；按 Ctrl-C 结束预览。",
        args.file.display()
    );
    // A closed channel means the Ctrl-C handler is gone: end as if pressed.
    stop_rx.recv().ok();
    outln!("预览已结束。");
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
fn render_page(file: &Path, options: &RenderOptions) -> String {
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
                    Ok(bytes) => return String::from_utf8_lossy(&bytes).into_owned(),
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

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
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

fn serve(listener: TcpListener, port: u16, shared: &Arc<Shared>) {
    let active = Arc::new(AtomicUsize::new(0));
    for mut stream in listener.incoming().flatten() {
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            // Too many at once: a short answer, never a thread.
            if stream
                .set_write_timeout(Some(Duration::from_secs(1)))
                .is_ok()
            {
                respond(&mut stream, 503, "text/plain", b"busy", false).ok();
            }
            continue;
        }
        let shared = Arc::clone(shared);
        let active = Arc::clone(&active);
        thread::spawn(move || {
            // A failed connection concerns that client only.
            handle(stream, port, &shared).ok();
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// A parsed request: method, target and Host header.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
    /// More than one Host header: refused, as the one meant cannot be known.
    hosts: usize,
}

/// Reads from a stream until a fixed moment, however slowly the bytes come.
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&mut &*self.stream).read(buf)
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let deadline = Deadline {
        stream,
        until: Instant::now() + REQUEST_TIME,
    };
    let mut reader = BufReader::new(Read::take(deadline, 16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut host = None;
    let mut hosts = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            break;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("host")
        {
            hosts += 1;
            host = Some(value.trim().to_string());
        }
    }
    Some(Request {
        method,
        target,
        host,
        hosts,
    })
}

fn handle(mut stream: TcpStream, port: u16, shared: &Shared) -> std::io::Result<()> {
    stream.set_write_timeout(Some(WRITE_TIME))?;
    let Some(req) = read_request(&stream) else {
        return respond(&mut stream, 400, "text/plain", b"bad request", false);
    };
    if req.hosts > 1 {
        return respond(
            &mut stream,
            400,
            "text/plain",
            b"more than one Host header",
            false,
        );
    }
    let head = req.method == "HEAD";
    if req.method != "GET" && !head {
        return respond(&mut stream, 405, "text/plain", b"method not allowed", false);
    }
    // Only pages addressed to this server by its loopback name (no DNS rebinding).
    let host_ok = req.host.as_deref().is_some_and(|h| {
        let name = match h.strip_suffix(&format!(":{port}")) {
            Some(name) => name,
            // Browsers leave out the default port.
            None if port == 80 => h,
            None => return false,
        };
        name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost")
    });
    if !host_ok {
        return respond(&mut stream, 403, "text/plain", b"forbidden", head);
    }
    let lower = req.target.to_ascii_lowercase();
    if req.target.contains("..") || lower.contains("%2e") || req.target.contains('\\') {
        return respond(&mut stream, 400, "text/plain", b"bad path", head);
    }
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    match path {
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
            let since = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("since="))
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

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\n\
         Content-Type: {content_type}\r\n\
         Content-Length: {}\r\n\
         Cache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\n\
         Referrer-Policy: no-referrer\r\n\
         Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}
