//! The editor's server: the page, its script and styles, the rendered report
//! at `/preview`, `/api/state` and `/api/fingerprint` (reads) and `/api/edit`
//! (writes), the `/api/` paths guarded by the run's token at the door. `nianbao
//! edit` serves one editor; the start page serves one per report under `/e/N/`.

use std::fs::OpenOptions;
use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Deserialize;

use super::{Change, Refusal, state};
use crate::format::{FIRST_YEAR, FormatVersion, LAST_YEAR};
use crate::io::io_reason;
use crate::preview::render_page;
use crate::render::RenderOptions;
use crate::serve::{
    Admission, Replies, Request, Scripts, admit, escape, respond, respond_json, send,
};
use crate::template::new_report;

const PAGE: &str = include_str!("../../templates/edit.html");
const SCRIPT: &str = include_str!("../../templates/edit.js");
const STYLE: &str = include_str!("../../templates/edit.css");

/// Says what the page did to the files (a file made, a copy saved), for the
/// console the server was started from.
pub type Say = fn(&str);

pub struct Editor {
    /// The year proposed for a new file.
    default_year: i64,
    /// The file edited: the one given, or its UTF-8 copy once the page made one.
    file: Mutex<PathBuf>,
    port: u16,
    token: String,
    /// Held through read-compare-write, so two saves cannot interleave.
    saving: Mutex<()>,
    /// Extra controls in the page's header (the start page's build buttons).
    tools: String,
    say: Say,
}

impl Editor {
    /// An editor of `file` served on `port` behind `token`, with `tools` (HTML)
    /// in the page's header; `default_year` is proposed when the file is missing;
    /// what the page does to the files is told to `say`.
    pub fn new(
        file: PathBuf,
        default_year: i64,
        port: u16,
        token: String,
        tools: String,
        say: Say,
    ) -> Editor {
        Editor {
            default_year,
            file: Mutex::new(file),
            port,
            token,
            saving: Mutex::new(()),
            tools,
            say,
        }
    }
}

impl Editor {
    /// The file edited now (its UTF-8 copy once the page made one).
    pub fn file(&self) -> PathBuf {
        self.file.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Last year: the year a report is usually written for.
pub fn last_year() -> i64 {
    use chrono::Datelike;
    i64::from(chrono::Local::now().year()) - 1
}

/// Refuses a year no format covers.
pub fn check_year(year: i64) -> Result<(), String> {
    match FormatVersion::for_year(year) {
        Some(_) => Ok(()),
        None => Err(format!(
            "报告年度 {year} 不在支持的范围内（{FIRST_YEAR}–{LAST_YEAR} 年）"
        )),
    }
}

/// Writes `new`'s content to a missing file (never replacing one).
pub fn create(path: &Path, agency: &str, year: i64) -> Result<(), String> {
    let agency = agency.trim();
    if agency.is_empty() {
        return Err("机关名称不能为空（--agency \"某某市某某局\"）".into());
    }
    check_year(year)?;
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(new_report(agency, year).as_bytes()))
        .map_err(|e| format!("无法新建 {}：{}", path.display(), io_reason(&e)))
}

/// Answers one connection to a server of this editor alone.
pub fn handle(mut stream: TcpStream, editor: &Editor) -> std::io::Result<()> {
    let api = |path: &str| path.starts_with("/api/");
    let door = Admission::guarded(editor.port, &editor.token, &api, Replies::Text);
    let Some(req) = admit(&mut stream, &door)? else {
        return Ok(());
    };
    route(&mut stream, &req, req.path(), editor)
}

/// Answers one admitted request; `path` is the request's path below the page's
/// own folder (the start page serves an editor under `/e/N/`). Its `/api/`
/// paths are guarded by the run's token at the door (`serve::admit`).
pub fn route(
    stream: &mut TcpStream,
    req: &Request,
    path: &str,
    editor: &Editor,
) -> std::io::Result<()> {
    let head = req.method == "HEAD";
    let get = req.method == "GET" || head;
    match (get, req.method.as_str(), path) {
        (true, _, "/" | "/index.html") => {
            let page = PAGE
                .replace("{{tools}}", &editor.tools)
                .replace("{{token}}", &escape(&editor.token))
                .replace("{{file}}", &escape(&editor.file().display().to_string()));
            send(
                stream,
                200,
                "text/html; charset=utf-8",
                page.as_bytes(),
                head,
            )
        }
        (true, _, "/edit.js") => send(
            stream,
            200,
            "text/javascript; charset=utf-8",
            SCRIPT.as_bytes(),
            head,
        ),
        (true, _, "/edit.css") => send(
            stream,
            200,
            "text/css; charset=utf-8",
            STYLE.as_bytes(),
            head,
        ),
        (true, _, "/report.css") => {
            let css = report_css();
            send(stream, 200, "text/css; charset=utf-8", css.as_bytes(), head)
        }
        (true, _, "/preview") => {
            let html = render_page(&editor.file(), &RenderOptions::default());
            // The report page has its styles inline and no scripts.
            respond(
                stream,
                200,
                "text/html; charset=utf-8",
                html.as_bytes(),
                head,
                Scripts::Inline,
            )
        }
        (true, _, "/favicon.ico") => send(stream, 204, "text/plain", b"", head),
        (_, _, path) if path.starts_with("/api/") => api(stream, req, path, editor),
        (false, _, _) => send(stream, 405, "text/plain", b"method not allowed", false),
        _ => send(
            stream,
            404,
            "text/plain; charset=utf-8",
            "未找到".as_bytes(),
            head,
        ),
    }
}

/// The report's own style sheet (the built-in one), so the tables look the same.
fn report_css() -> String {
    crate::render::html::style_sheet().unwrap_or_default()
}

#[derive(Deserialize)]
struct EditRequest {
    base: String,
    edits: Vec<Change>,
}

fn api(stream: &mut TcpStream, req: &Request, path: &str, editor: &Editor) -> std::io::Result<()> {
    match (req.method.as_str(), path) {
        ("GET", "/api/state") if !editor.file().exists() => respond_json(
            stream,
            200,
            &state::to_create(&editor.file(), editor.default_year),
        ),
        ("POST", "/api/create") => create_file(stream, req, editor),
        ("GET", "/api/state") => match current_state(&editor.file()) {
            Ok(s) => respond_json(stream, 200, &s),
            Err(message) => respond_json(stream, 500, &Refusal::Failed { message }),
        },
        ("GET", "/api/fingerprint") => match std::fs::read(editor.file()) {
            Ok(bytes) => {
                let f = state::fingerprint(&bytes);
                send(stream, 200, "text/plain", f.as_bytes(), false)
            }
            Err(e) => respond_json(
                stream,
                500,
                &Refusal::Failed {
                    message: io_reason(&e),
                },
            ),
        },
        ("POST", "/api/convert") => convert_file(stream, editor),
        ("POST", "/api/edit") => save_edits(stream, req, editor),
        _ => send(stream, 404, "text/plain", b"not found", false),
    }
}

/// `POST /api/create`: the missing file made with `new`'s content, for the
/// agency and year the page asked.
fn create_file(stream: &mut TcpStream, req: &Request, editor: &Editor) -> std::io::Result<()> {
    #[derive(Deserialize)]
    struct NewFile {
        agency: String,
        year: String,
    }
    let Some(asked) = serde_json::from_slice::<NewFile>(&req.body).ok() else {
        return send(stream, 400, "text/plain", b"bad request", false);
    };
    let year = super::typed::year(&asked.year);
    let outcome = match year.text.parse::<i64>() {
        Ok(y) if year.number => {
            let _lock = editor.saving.lock().unwrap_or_else(|e| e.into_inner());
            create(&editor.file(), &asked.agency, y)
        }
        _ => Err(format!(
            "报告年度请填写四位数字，如 {}",
            editor.default_year
        )),
    };
    if outcome.is_ok() {
        (editor.say)(&format!(
            "已新建 {}（内容与 nianbao new 相同）",
            editor.file().display()
        ));
    }
    reply_made(stream, editor, outcome, 422)
}

/// `POST /api/convert`: a UTF-8 copy of a GBK or UTF-16 file, edited from now on.
fn convert_file(stream: &mut TcpStream, editor: &Editor) -> std::io::Result<()> {
    let outcome = {
        let mut file = editor.file.lock().unwrap_or_else(|e| e.into_inner());
        super::encoding::convert(&file).map(|copy| *file = copy)
    };
    if outcome.is_ok() {
        (editor.say)(&format!(
            "已另存 UTF-8 副本 {}，原文件未改动；下面编辑副本。",
            editor.file().display()
        ));
    }
    reply_made(stream, editor, outcome, 500)
}

/// The answer to a file made: the refusal when it was not (with
/// `refused_status`), and the page's state of the file edited now.
fn reply_made(
    stream: &mut TcpStream,
    editor: &Editor,
    outcome: Result<(), String>,
    refused_status: u16,
) -> std::io::Result<()> {
    let state = current_state(&editor.file()).ok();
    respond_json(
        stream,
        if outcome.is_ok() { 200 } else { refused_status },
        &serde_json::json!({
            "refusal": outcome.err().map(|message| Refusal::Failed { message }),
            "state": state,
        }),
    )
}

/// `POST /api/edit`: the page's edits saved against the version it saw.
fn save_edits(stream: &mut TcpStream, req: &Request, editor: &Editor) -> std::io::Result<()> {
    let json = req
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/json"));
    let Some(request) = json
        .then(|| serde_json::from_slice::<EditRequest>(&req.body).ok())
        .flatten()
    else {
        return send(stream, 400, "text/plain", b"bad request", false);
    };
    let file = editor.file();
    let outcome = {
        let _lock = editor.saving.lock().unwrap_or_else(|e| e.into_inner());
        super::save(&file, &request.base, &request.edits)
    };
    let status = match &outcome {
        Ok(_) => 200,
        Err(Refusal::Conflict { .. }) => 409,
        Err(Refusal::Invalid { .. }) => 422,
        Err(Refusal::Failed { .. }) => 500,
    };
    let state = current_state(&file).ok();
    let (conflicts, notes, refusal) = match outcome {
        Ok(saved) => (saved.conflicts, saved.notes, None),
        Err(r) => (Vec::new(), Vec::new(), Some(r)),
    };
    respond_json(
        stream,
        status,
        &serde_json::json!({
            "refusal": refusal,
            "conflicts": conflicts,
            "notes": notes,
            "state": state,
        }),
    )
}

fn current_state(file: &Path) -> Result<state::State, String> {
    match super::read(file) {
        Ok((bytes, source)) => Ok(state::build(&source, file, &bytes)),
        Err(why @ super::Unreadable::Encoding { .. }) => {
            let bytes = std::fs::read(file).unwrap_or_default();
            Ok(state::unreadable(file, &bytes, &why))
        }
        Err(super::Unreadable::Io(message)) => Err(message),
    }
}
