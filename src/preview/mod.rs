//! `nianbao preview`'s engine: the report rendered ([`page`]), re-rendered when
//! its file or a template changes, and served on 127.0.0.1 with a script that
//! reloads the open page. The server is deliberately tiny: it answers `/` (the
//! report), its own event endpoint and nothing else.

mod page;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, SystemTime};

use crate::render::RenderOptions;
use crate::serve::{Admission, Scripts, admit};
pub use page::render_page;

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

/// The page being served and its version (bumped on every change).
struct Page {
    version: u64,
    html: String,
}

/// A report served with the version of its page.
pub struct Preview {
    page: Mutex<Page>,
    changed: Condvar,
    file: PathBuf,
    options: RenderOptions,
    /// The files' stamps when last rendered.
    seen: Mutex<Fingerprint>,
}

impl Preview {
    /// The report `file` rendered with `options`, watched from now on.
    pub fn new(file: PathBuf, options: RenderOptions) -> Preview {
        // Fingerprint before the first render, so that a save racing the start-up
        // is still seen as a change.
        let seen = fingerprint(&file, options.template_dir.as_deref());
        let html = render_page(&file, &options);
        Preview {
            page: Mutex::new(Page { version: 1, html }),
            changed: Condvar::new(),
            file,
            options,
            seen: Mutex::new(seen),
        }
    }

    /// Re-renders whenever the report file (or a template) changes; never returns.
    pub fn watch(&self) {
        loop {
            thread::sleep(POLL);
            let now = fingerprint(&self.file, self.options.template_dir.as_deref());
            {
                let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
                if now == *seen {
                    continue;
                }
                *seen = now;
            }
            let html = render_page(&self.file, &self.options);
            let mut page = self.page.lock().unwrap_or_else(|e| e.into_inner());
            if page.html != html {
                page.html = html;
                page.version += 1;
                self.changed.notify_all();
            }
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

/// Answers one connection to the preview served on `port`.
pub fn handle(mut stream: TcpStream, port: u16, shared: &Preview) -> std::io::Result<()> {
    let door = Admission::read_only(port);
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
