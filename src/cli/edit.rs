//! `nianbao edit FILE`: fill in the report in the browser. Serves an editing page
//! on 127.0.0.1; every change is written back to the TOML file at once, in place,
//! keeping everything else in the file as it was.
//!
//! Routes: `/` (the page), its own script and styles, `/preview` (the rendered
//! report), `/api/state` and `/api/fingerprint` (reads) and `/api/edit` (writes).
//! Every `/api/` request must carry the run's secret token.

use std::fs::OpenOptions;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use clap::Args;
use serde::Deserialize;

use super::exit;
use super::preview::render_page;
use crate::edit::{self, Change, Refusal, state};
use crate::format::{FIRST_YEAR, FormatVersion, LAST_YEAR};
use crate::io::io_reason;
use crate::render::RenderOptions;
use crate::serve::{
    Admission, Guard, Replies, Request, Scripts, admit, escape, new_token, respond, respond_json,
    serve,
};
use crate::template::new_report;
use crate::{errln, outln};

const PAGE: &str = include_str!("../../templates/edit.html");
const SCRIPT: &str = include_str!("../../templates/edit.js");
const STYLE: &str = include_str!("../../templates/edit.css");

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

pub(crate) struct Editor {
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
}

impl Editor {
    /// An editor of `file` served on `port` behind `token`, with `tools` (HTML)
    /// in the page's header; `default_year` is proposed when the file is missing.
    pub(crate) fn new(
        file: PathBuf,
        default_year: i64,
        port: u16,
        token: String,
        tools: String,
    ) -> Editor {
        Editor {
            default_year,
            file: Mutex::new(file),
            port,
            token,
            saving: Mutex::new(()),
            tools,
        }
    }
}

impl Editor {
    pub(crate) fn file(&self) -> PathBuf {
        self.file.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
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
    let listener = match TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => {
            errln!("错误：无法在 127.0.0.1:{} 上启动编辑页面：{e}", args.port);
            return exit::CANNOT_RUN;
        }
    };
    let port = match listener.local_addr() {
        Ok(a) => a.port(),
        Err(e) => {
            errln!("错误：无法启动编辑页面：{e}");
            return exit::CANNOT_RUN;
        }
    };
    let editor = Arc::new(Editor::new(
        file.clone(),
        default_year,
        port,
        new_token(),
        String::new(),
    ));
    let (stop_tx, stop_rx) = mpsc::channel();
    if ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .is_err()
    {
        errln!("警告：无法捕获 Ctrl-C，请直接关闭窗口结束编辑");
    }
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
    let _ = stop_rx.recv();
    outln!("编辑已结束。");
    exit::OK
}

/// Last year: the year a report is usually written for.
pub(crate) fn last_year() -> i64 {
    use chrono::Datelike;
    i64::from(chrono::Local::now().year()) - 1
}

fn check_year(year: i64) -> Result<(), String> {
    match FormatVersion::for_year(year) {
        Some(_) => Ok(()),
        None => Err(format!(
            "报告年度 {year} 不在支持的范围内（{FIRST_YEAR}–{LAST_YEAR} 年）"
        )),
    }
}

/// Writes `new`'s content to a missing file (never replacing one).
fn create(path: &Path, agency: &str, year: i64) -> Result<(), String> {
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

fn open_browser(url: &str) {
    if crate::start::open::url(url).is_err() {
        errln!("提示：无法自动打开浏览器，请手动打开 {url}");
    }
}

fn send(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    respond(stream, status, kind, body, head, Scripts::SelfOnly)
}

fn handle(mut stream: TcpStream, editor: &Editor) -> std::io::Result<()> {
    let api = |path: &str| path.starts_with("/api/");
    let door = Admission {
        port: editor.port,
        read_only: false,
        guard: Some(Guard {
            token: &editor.token,
            guards: &api,
        }),
        replies: Replies::Text,
    };
    let Some(req) = admit(&mut stream, &door)? else {
        return Ok(());
    };
    route(&mut stream, &req, req.path(), editor)
}

/// Answers one admitted request; `path` is the request's path below the page's
/// own folder (the start page serves an editor under `/e/N/`). Its `/api/`
/// paths are guarded by the run's token at the door (see [`admit`]).
pub(crate) fn route(
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
        ("POST", "/api/create") => {
            #[derive(Deserialize)]
            struct NewFile {
                agency: String,
                year: String,
            }
            let Some(asked) = serde_json::from_slice::<NewFile>(&req.body).ok() else {
                return send(stream, 400, "text/plain", b"bad request", false);
            };
            let year = edit::typed::year(&asked.year);
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
                outln!(
                    "已新建 {}（内容与 nianbao new 相同）",
                    editor.file().display()
                );
            }
            let state = current_state(&editor.file()).ok();
            respond_json(
                stream,
                if outcome.is_ok() { 200 } else { 422 },
                &serde_json::json!({
                    "refusal": outcome.err().map(|message| Refusal::Failed { message }),
                    "state": state,
                }),
            )
        }
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
        ("POST", "/api/convert") => {
            let outcome = {
                let mut file = editor.file.lock().unwrap_or_else(|e| e.into_inner());
                edit::encoding::convert(&file).inspect(|copy| *file = copy.clone())
            };
            let status = if outcome.is_ok() { 200 } else { 500 };
            if let Ok(copy) = &outcome {
                outln!(
                    "已另存 UTF-8 副本 {}，原文件未改动；下面编辑副本。",
                    copy.display()
                );
            }
            let state = current_state(&editor.file()).ok();
            respond_json(
                stream,
                status,
                &serde_json::json!({
                    "refusal": outcome.err().map(|message| Refusal::Failed { message }),
                    "state": state,
                }),
            )
        }
        ("POST", "/api/edit") => {
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
                edit::save(&file, &request.base, &request.edits)
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
        _ => send(stream, 404, "text/plain", b"not found", false),
    }
}

fn current_state(file: &Path) -> Result<state::State, String> {
    match edit::read(file) {
        Ok((bytes, source)) => Ok(state::build(&source, &bytes)),
        Err(why @ edit::Unreadable::Encoding { .. }) => {
            let bytes = std::fs::read(file).unwrap_or_default();
            Ok(state::unreadable(file, &bytes, &why))
        }
        Err(edit::Unreadable::Io(message)) => Err(message),
    }
}
