//! The start page's routes. `/` is the page; `/api/start/…` are its actions
//! (token and own-origin required at the door, as the editor's writes); `/e/N/…` is the
//! editor of the N-th report opened, answered by `edit`'s own routes, plus its
//! build buttons; `/o/N` shows a page this run wrote (the 汇总 review page).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Deserialize;
use serde_json::json;

use super::{actions, folder, open, running};
use crate::edit::server::{Editor, Say, last_year, route};
use crate::render::Output;
use crate::serve::{
    Admission, Replies, Request, Scripts, admit, escape, respond, respond_json, send,
};

const PAGE: &str = include_str!("../../templates/start.html");
const SCRIPT: &str = include_str!("../../templates/start.js");
const STYLE: &str = include_str!("../../templates/start.css");
const TOOLS_SCRIPT: &str = include_str!("../../templates/start-tools.js");
/// The build buttons put into the editor's header.
const TOOLS: &str = include_str!("../../templates/start-tools.html");
/// The header that carries an upload's file name (percent-encoded UTF-8): a
/// name such as 「年报..docx」 in the address would be taken for climbing out.
const NAME_HEADER: &str = "x-nianbao-name";
/// Folders of the working folder that uploads go to, by purpose.
const LAST_YEAR_FOLDER: &str = "去年的报告";
const RECEIVED_FOLDER: &str = "收到的报告";
const UNITS_FOLDER: &str = "上传的单位报告";

/// One run of the start page.
pub struct Start {
    pub dir: PathBuf,
    pub port: u16,
    pub token: String,
    /// Open the browser and folders (false with `--no-open`: only say where).
    pub open: bool,
    editors: Mutex<Vec<(PathBuf, Arc<Editor>)>>,
    /// Told what the editors do to the files.
    say: Say,
    /// Pages written by this run that `/o/N` shows.
    written: Mutex<Vec<PathBuf>>,
}

impl Start {
    /// The start page of `dir` on `port` behind `token`; what its editors do
    /// to the files is told to `say`.
    pub fn new(dir: PathBuf, port: u16, token: String, open: bool, say: Say) -> Start {
        Start {
            dir,
            port,
            token,
            open,
            say,
            editors: Mutex::new(Vec::new()),
            written: Mutex::new(Vec::new()),
        }
    }

    /// The editor address of `file`, its editor made on first use.
    fn editor_url(&self, file: &Path) -> String {
        let mut editors = self.editors.lock().unwrap_or_else(|e| e.into_inner());
        let n = match editors.iter().position(|(f, _)| f == file) {
            Some(n) => n,
            None => {
                let editor = Editor::new(
                    file.to_path_buf(),
                    last_year(),
                    self.port,
                    self.token.clone(),
                    TOOLS.trim_end().to_string(),
                    self.say,
                );
                editors.push((file.to_path_buf(), Arc::new(editor)));
                editors.len() - 1
            }
        };
        format!("/e/{n}/")
    }

    fn editor(&self, n: usize) -> Option<Arc<Editor>> {
        let editors = self.editors.lock().unwrap_or_else(|e| e.into_inner());
        editors.get(n).map(|(_, e)| Arc::clone(e))
    }

    /// True for the `/api/` paths of an editor opened (`/e/N/api/…`); the
    /// paths of an editor never opened are not found whatever they carry.
    fn editor_api(&self, path: &str) -> bool {
        path.strip_prefix("/e/")
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(n, below)| {
                below.starts_with("api/") && n.parse().ok().and_then(|n| self.editor(n)).is_some()
            })
    }

    fn show_later(&self, page: PathBuf) -> String {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        written.push(page);
        format!("/o/{}", written.len() - 1)
    }
}

type Io = std::io::Result<()>;

/// The largest upload: whatever `import` reads (a published PDF with its scanned
/// seal is often larger than a report file).
const MAX_UPLOAD: usize = crate::import::MAX_IMPORT_BYTES as usize;

fn refuse(stream: &mut TcpStream, status: u16, message: &str) -> Io {
    crate::serve::refuse(stream, Replies::Json, status, message, false)
}

/// Answers one connection.
pub fn handle(mut stream: TcpStream, start: &Start) -> Io {
    let guarded = |path: &str| path.starts_with("/api/") || start.editor_api(path);
    let door = Admission::guarded(start.port, &start.token, &guarded, Replies::Json)
        .with_max_body(MAX_UPLOAD);
    let Some(req) = admit(&mut stream, &door)? else {
        return Ok(());
    };
    let stream = &mut stream;
    let head = req.method == "HEAD";
    let get = req.method == "GET" || head;
    let path = req.path().to_string();
    if let Some(rest) = path.strip_prefix("/e/") {
        return editor(stream, &req, rest, start);
    }
    if path.starts_with("/api/") {
        return api(stream, &req, &path, start);
    }
    match (get, path.as_str()) {
        (true, "/" | "/index.html") => {
            let page = PAGE
                .replace("{{token}}", &escape(&start.token))
                .replace("{{max_upload}}", &MAX_UPLOAD.to_string())
                .replace(
                    "{{accept}}",
                    &folder::extension_text(&folder::upload_extensions(false), ","),
                )
                .replace(
                    "{{accept_units}}",
                    &folder::extension_text(&folder::upload_extensions(true), ","),
                )
                .replace("{{folder}}", &escape(&start.dir.display().to_string()));
            send(
                stream,
                200,
                "text/html; charset=utf-8",
                page.as_bytes(),
                head,
            )
        }
        (true, "/start.js") => send(stream, 200, JS, SCRIPT.as_bytes(), head),
        (true, "/start-tools.js") => send(stream, 200, JS, TOOLS_SCRIPT.as_bytes(), head),
        (true, "/start.css") => send(
            stream,
            200,
            "text/css; charset=utf-8",
            STYLE.as_bytes(),
            head,
        ),
        (true, "/favicon.ico") => send(stream, 204, "text/plain", b"", head),
        (true, p) if p.starts_with("/o/") => written_page(stream, &p[3..], start, head),
        (false, _) => send(stream, 405, "text/plain", b"method not allowed", false),
        _ => send(
            stream,
            404,
            "text/plain; charset=utf-8",
            "未找到".as_bytes(),
            head,
        ),
    }
}

const JS: &str = "text/javascript; charset=utf-8";

/// A page this run wrote (its styles inline, no scripts).
fn written_page(stream: &mut TcpStream, n: &str, start: &Start, head: bool) -> Io {
    let page = n.parse::<usize>().ok().and_then(|n| {
        let written = start.written.lock().unwrap_or_else(|e| e.into_inner());
        written.get(n).cloned()
    });
    match page.and_then(|p| std::fs::read(p).ok()) {
        Some(bytes) => respond(
            stream,
            200,
            "text/html; charset=utf-8",
            &bytes,
            head,
            Scripts::Inline,
        ),
        None => send(
            stream,
            404,
            "text/plain; charset=utf-8",
            "未找到".as_bytes(),
            head,
        ),
    }
}

/// `/e/N/…`: the editor's own routes, and the build buttons.
fn editor(stream: &mut TcpStream, req: &Request, rest: &str, start: &Start) -> Io {
    let (n, below) = rest.split_once('/').unwrap_or((rest, ""));
    let Some(editor) = n.parse::<usize>().ok().and_then(|n| start.editor(n)) else {
        return send(
            stream,
            404,
            "text/plain; charset=utf-8",
            "未找到（请从开始页面重新打开报告）".as_bytes(),
            false,
        );
    };
    // The file edited now (a UTF-8 copy once the page made one).
    let file = editor.file();
    let below = format!("/{below}");
    match below.as_str() {
        "/api/tools/build" | "/api/tools/folder" => {
            if req.method != "POST" {
                return send(stream, 405, "text/plain", b"method not allowed", false);
            }
            if below == "/api/tools/folder" {
                let dir = file.parent().unwrap_or(&start.dir).to_path_buf();
                return show_folder(stream, start, &dir);
            }
            let output = match req.query("what") {
                Some("docx") => Output::Docx,
                Some("pdf") => Output::Pdf,
                Some("html") => Output::Html,
                _ => return send(stream, 400, "text/plain", b"bad request", false),
            };
            let built = actions::build(&file, output);
            let status = if built.ok { 200 } else { 422 };
            respond_json(stream, status, &json!(built))
        }
        _ => route(stream, req, &below, &editor),
    }
}

/// Opens `dir` in the file manager (with `--no-open`, only names it).
fn show_folder(stream: &mut TcpStream, start: &Start, dir: &Path) -> Io {
    let opened = start.open && open::folder(dir).is_ok();
    respond_json(
        stream,
        200,
        &json!({ "opened": opened, "folder": dir.display().to_string() }),
    )
}

#[derive(Deserialize)]
struct NewReport {
    agency: String,
    year: i64,
}

#[derive(Deserialize)]
struct OpenReport {
    name: String,
}

#[derive(Deserialize)]
struct SumUnits {
    folder: String,
    agency: String,
    year: i64,
}

fn body<'a, T: Deserialize<'a>>(req: &'a Request) -> Option<T> {
    serde_json::from_slice(&req.body).ok()
}

fn api(stream: &mut TcpStream, req: &Request, path: &str, start: &Start) -> Io {
    match (req.method.as_str(), path) {
        ("GET", running::PING_PATH) => send(
            stream,
            200,
            "text/plain",
            running::PING_REPLY.as_bytes(),
            false,
        ),
        ("GET", "/api/start/list") => respond_json(
            stream,
            200,
            &json!({
                "folder": start.dir.display().to_string(),
                "reports": folder::reports(&start.dir),
                "folders": folder::unit_folders(&start.dir),
            }),
        ),
        ("POST", "/api/start/new") => {
            let Some(NewReport { agency, year }) = body(req) else {
                return refuse(stream, 400, "请求不完整");
            };
            match actions::create(&start.dir, &agency, year) {
                Ok(file) => opened(stream, start, &file, &[]),
                Err(message) => refuse(stream, 422, &message),
            }
        }
        ("POST", "/api/start/open") => {
            let Some(OpenReport { name }) = body(req) else {
                return refuse(stream, 400, "请求不完整");
            };
            match folder::resolve_below(&start.dir, &name).filter(|p| p.is_file()) {
                Some(file) => opened(stream, start, &file, &[]),
                None => refuse(stream, 404, &format!("工作文件夹中没有 {name}")),
            }
        }
        ("POST", "/api/start/upload") => upload(stream, req, start),
        ("POST", "/api/start/units-folder") => {
            match actions::new_folder(&start.dir, UNITS_FOLDER) {
                Ok(dir) => respond_json(stream, 200, &json!({ "folder": file_name(&dir) })),
                Err(message) => refuse(stream, 500, &message),
            }
        }
        ("POST", "/api/start/sum") => {
            let Some(SumUnits {
                folder,
                agency,
                year,
            }) = body(req)
            else {
                return refuse(stream, 400, "请求不完整");
            };
            let Some(units) = folder::resolve(&start.dir, &folder).filter(|p| p.is_dir()) else {
                return refuse(stream, 404, &format!("工作文件夹中没有文件夹 {folder}"));
            };
            let summed = actions::sum(&units, &agency, year);
            let review = summed.review.clone().map(|p| start.show_later(p));
            let report = summed
                .report
                .as_deref()
                .and_then(|p| folder::relative(&start.dir, p));
            let status = if summed.ok { 200 } else { 422 };
            respond_json(
                stream,
                status,
                &json!({ "summed": summed, "review": review, "report": report }),
            )
        }
        ("POST", "/api/start/folder") => show_folder(stream, start, &start.dir),
        _ => send(stream, 404, "text/plain", b"not found", false),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// A report made or chosen: the address of its editor.
fn opened(stream: &mut TcpStream, start: &Start, file: &Path, notes: &[String]) -> Io {
    let url = start.editor_url(file);
    respond_json(
        stream,
        200,
        &json!({ "url": url, "file": file_name(file), "notes": notes }),
    )
}

/// `POST /api/start/upload?purpose=last|check|units[&folder=…]`, the file's
/// name in `X-Nianbao-Name` and its bytes as the body: saved under a new
/// name, then used.
fn upload(stream: &mut TcpStream, req: &Request, start: &Start) -> Io {
    let Some(name) = req
        .header(NAME_HEADER)
        .and_then(decode_component)
        .and_then(|n| folder::safe_name(&n))
    else {
        return refuse(stream, 400, "文件名无法使用");
    };
    let purpose = req.query("purpose").unwrap_or("");
    let extensions = folder::upload_extensions(purpose == "units");
    if !folder::has_extension(&name, &extensions) {
        return refuse(
            stream,
            422,
            &format!(
                "{name} 不是报告文件：请选择 {} 文件",
                folder::extension_text(&extensions, "、")
            ),
        );
    }
    let sub = match purpose {
        "last" => LAST_YEAR_FOLDER.to_string(),
        "check" => RECEIVED_FOLDER.to_string(),
        "units" => match req
            .query("folder")
            .and_then(decode_component)
            .filter(|f| folder::resolve(&start.dir, f).is_some())
        {
            Some(f) => f,
            None => return refuse(stream, 400, "缺少文件夹"),
        },
        _ => return refuse(stream, 400, "请求不完整"),
    };
    let dir = start.dir.join(&sub);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return refuse(
            stream,
            500,
            &format!("无法创建 {}：{}", dir.display(), crate::io::io_reason(&e)),
        );
    }
    let saved = match folder::write_unique(&dir, &name, &req.body) {
        Ok(p) => p,
        Err(message) => return refuse(stream, 500, &message),
    };
    let saved_as = format!("{sub}/{}", file_name(&saved));
    match purpose {
        "last" => match actions::roll(&start.dir, &saved) {
            Ok(started) => {
                let url = start.editor_url(&started.file);
                respond_json(
                    stream,
                    200,
                    &json!({
                        "url": url,
                        "file": file_name(&started.file),
                        "notes": started.notes,
                        "saved": saved_as,
                    }),
                )
            }
            Err(message) => respond_json(
                stream,
                422,
                &json!({ "message": message, "saved": saved_as }),
            ),
        },
        "check" => respond_json(
            stream,
            200,
            &json!({ "checked": actions::check(&saved), "saved": saved_as }),
        ),
        _ => respond_json(stream, 200, &json!({ "saved": saved_as })),
    }
}

/// Decodes `encodeURIComponent`'s %XX escapes (UTF-8); `None` when malformed.
pub fn decode_component(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::decode_component;

    #[test]
    fn percent_escapes_decode_as_utf8() {
        assert_eq!(
            decode_component("%E5%B9%B4%E6%8A%A5%20a.docx").as_deref(),
            Some("年报 a.docx")
        );
        assert_eq!(decode_component("%E5%B9"), None);
        assert_eq!(decode_component("%zz"), None);
    }
}
